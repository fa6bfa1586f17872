package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// runTestPolicy runs the Rego unit tests of custom rule folders:
// `xacct-lint test-policy DIR ...`. Exit 0 when every test passes, 1 when
// one fails, 2 when the folders cannot be loaded.
func runTestPolicy(ctx context.Context, args []string, env Env) error {
	fset := newFlagSet("test-policy", "test-policy [flags] DIR ...", env)
	format := fset.String("format", "text", "output `format`: text or json")
	verbose := fset.Bool("v", false, "list every test, not only failures, with what it printed")
	timeout := fset.Duration("timeout", lint.DefaultEvalTimeout, "stop each test after this `duration`")
	dirs, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return usagef("want at least one folder of Rego rules and their _test.rego files")
	}
	if *format != "text" && *format != "json" {
		return usagef("unknown --format %q (want text or json)", *format)
	}
	if *timeout <= 0 {
		return usagef("--timeout %v: want a positive duration, e.g. 30s", *timeout)
	}
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			return usagef("%s: no such folder", d)
		}
	}
	res, err := lint.RunPolicyTests(ctx, *timeout, dirs...)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, r := range res {
		counts[r.Outcome]++
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Version int               `json:"version"`
			Tests   []lint.PolicyTest `json:"tests"`
		}{1, res}); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
	default:
		for _, r := range res {
			if r.Outcome == lint.TestPass && !*verbose {
				continue
			}
			fmt.Fprintf(env.Stdout, "%s:%d: %s %s.%s", r.File, r.Line, strings.ToUpper(r.Outcome), r.Package, r.Name)
			if r.Error != "" {
				fmt.Fprintf(env.Stdout, ": %s", r.Error)
			}
			fmt.Fprintln(env.Stdout)
			if r.Output != "" && (r.Outcome != lint.TestPass || *verbose) {
				for _, line := range strings.Split(strings.TrimRight(r.Output, "\n"), "\n") {
					fmt.Fprintf(env.Stdout, "    %s\n", line)
				}
			}
		}
		fmt.Fprintf(env.Stdout, "%d passed, %d failed, %d errors, %d skipped\n",
			counts[lint.TestPass], counts[lint.TestFail], counts[lint.TestError], counts[lint.TestSkip])
	}
	if len(res) == 0 {
		fmt.Fprintf(env.Stderr, "xacct-lint test-policy: no tests found (test rules are named test_… in *_test.rego files)\n")
		return &exitError{code: ExitFindings}
	}
	if counts[lint.TestFail]+counts[lint.TestError] > 0 {
		return &exitError{code: ExitFindings}
	}
	return nil
}
