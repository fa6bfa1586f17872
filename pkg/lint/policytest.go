package lint

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/xacct-lint/xacct-lint/internal/engine"
)

// PolicyTest is the outcome of one Rego unit test of a custom rule folder.
type PolicyTest struct {
	// Package and Name identify the test rule ("acme.rules.r001_test",
	// "test_unknown_account_denied").
	Package string `json:"package"`
	Name    string `json:"name"`
	// File and Line locate it.
	File string `json:"file"`
	Line int    `json:"line"`
	// Outcome is "pass", "fail", "skip" (todo_test_ rules) or "error".
	Outcome string `json:"outcome"`
	// Error says why a test could not be evaluated.
	Error string `json:"error,omitempty"`
	// Output is what the test printed with print().
	Output string `json:"output,omitempty"`
	// Duration is how long the test took.
	Duration time.Duration `json:"duration"`
}

// Test outcomes.
const (
	TestPass  = "pass"
	TestFail  = "fail"
	TestSkip  = "skip"
	TestError = "error"
)

// RunPolicyTests runs the Rego unit tests (*_test.rego, rules named
// test_…) of the custom rule folders dirs, as `xacct-lint test-policy`
// does. The folders' rules are first loaded as New would load them, so a
// rule that New rejects (a METADATA error, an XA ID, a builtin that is not
// available) is an error here too; the tests then run with xacct-lint's
// Rego library (data.xacct.lib…) available, under the same capabilities,
// each bounded by timeout (DefaultEvalTimeout when timeout <= 0).
func RunPolicyTests(ctx context.Context, timeout time.Duration, dirs ...string) ([]PolicyTest, error) {
	if len(dirs) == 0 {
		return nil, fmt.Errorf("test policies: no folder given")
	}
	if timeout <= 0 {
		timeout = DefaultEvalTimeout
	}
	var opts []Option
	var tests []engine.Source
	for _, d := range dirs {
		if _, err := os.Stat(d); err != nil {
			return nil, fmt.Errorf("test policies: %w", err)
		}
		opts = append(opts, WithPolicyDir(d))
		tests = append(tests, engine.Source{FS: os.DirFS(d), Dir: ".", Name: d})
	}
	if _, err := NewContext(ctx, opts...); err != nil {
		return nil, fmt.Errorf("test policies: %w", err)
	}
	res, err := engine.RunTests(ctx, engine.TestOptions{Library: builtinRules(), Tests: tests, Timeout: timeout})
	if err != nil {
		return nil, fmt.Errorf("test policies: %w", err)
	}
	out := make([]PolicyTest, 0, len(res))
	for _, r := range res {
		t := PolicyTest{Package: r.Package, Name: r.Name, File: r.File, Line: r.Line, Output: r.Output, Duration: r.Duration}
		switch {
		case r.Err != nil:
			t.Outcome, t.Error = TestError, r.Err.Error()
		case r.Skip:
			t.Outcome = TestSkip
		case r.Fail:
			t.Outcome = TestFail
		default:
			t.Outcome = TestPass
		}
		out = append(out, t)
	}
	return out, nil
}
