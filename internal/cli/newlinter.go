package cli

import (
	"context"
	"os"
	"runtime/debug"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// compileGCPercent is the garbage collector's target while the rules are
// compiled: compiling allocates about 34 MB, most of it garbage by the end,
// and collecting it as it goes was a fifth of the time of lint.New
// (BenchmarkNew, same session: GOGC=100 171–180 ms, GOGC=400 138–153 ms).
const compileGCPercent = 400

// runGCPercent is the garbage collector's target for a lint or trace run.
// Rule evaluation allocates about 200 bytes per byte of input, most of it
// short-lived: at 1,000 setups, GOGC=200 took 15–20 % off the CPU time for
// 60 % more peak memory (150–178 MB → 238–268 MB; conftest takes 459 MB).
const runGCPercent = 200

// withRunGC sets the collector's target for a lint or trace run, unless
// GOGC is set, and returns the function that restores it. The settings are
// the command's, not the library's: a library must not change its caller's
// collector.
func withRunGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(runGCPercent)
	return func() { debug.SetGCPercent(old) }
}

// newLinter is lint.NewContext with the collector held back further while
// the rules compile, unless GOGC is set.
func newLinter(ctx context.Context, opts ...lint.Option) (*lint.Linter, error) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(compileGCPercent))
	}
	return lint.NewContext(ctx, opts...)
}
