package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/trace"
)

// runTrace is "xacct-lint trace": every hop of every cross-account action,
// with its verdict; exit code 1 when a hop is denied.
func runTrace(ctx context.Context, args []string, env Env) error {
	defer withRunGC()()
	fset := newFlagSet("trace", "trace [flags] [PATH ...]", env)
	format := fset.String("format", trace.FormatText, "output `format`: "+strings.Join(trace.Formats(), ", "))
	config := fset.String("config", "", "configuration `file` (default .xacct-lint.yaml in the current folder, if present)")
	folders := fset.Bool("folder-configs", true, folderConfigsUsage)
	var accounts listFlag
	fset.Var(&accounts, "account", "name an account: `NAME=123456789012` (repeatable)")
	lf := addLimitFlags(fset)
	paths, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	switch *format {
	case trace.FormatText, trace.FormatJSON, trace.FormatMermaid:
	default:
		return usagef("unknown --format %q (want %s)", *format, strings.Join(trace.Formats(), ", "))
	}
	limits, err := lf.limits(fset)
	if err != nil {
		return err
	}
	accts, err := parseAccounts(accounts.values)
	if err != nil {
		return err
	}
	paths, err = lintPaths(paths)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*config)
	if err != nil {
		return err
	}
	opts := []lint.Option{lint.WithAccounts(accts), lint.WithLimits(limits), lint.WithRunaway(env.runaway("trace")), lint.WithFolderConfigs(*folders)}
	if cfg != nil {
		opts = append(opts, lint.WithConfig(cfg))
	}
	linter, err := newLinter(ctx, opts...)
	if err != nil {
		return err
	}
	rep, err := linter.Trace(ctx, paths...)
	if err != nil {
		return err
	}
	if err := trace.Write(env.Stdout, rep, *format); err != nil {
		return fmt.Errorf("write trace: %w", err)
	}
	if rep.Denied() {
		return &exitError{code: ExitFindings}
	}
	return nil
}
