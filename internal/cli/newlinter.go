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

// newLinter is lint.NewContext with the collector held back while the
// rules compile, unless GOGC is set. The setting is the command's, not the
// library's: a library must not change its caller's collector.
func newLinter(ctx context.Context, opts ...lint.Option) (*lint.Linter, error) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(compileGCPercent))
	}
	return lint.NewContext(ctx, opts...)
}
