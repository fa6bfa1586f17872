package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/xacct-lint/xacct-lint/docs"
	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/lint/report"
)

// defaultConfig is read when --config is not given and it exists.
const defaultConfig = ".xacct-lint.yaml"

func runLint(ctx context.Context, args []string, env Env) error {
	fset := newFlagSet("lint", "lint [flags] [PATH ...]", env)
	format := fset.String("format", report.FormatText, "output `format`: "+strings.Join(report.Formats(), ", "))
	failOn := fset.String("fail-on", "error", "lowest `severity` that makes the exit code 1: error, warning, info or never")
	configPath := fset.String("config", "", "configuration `file` (default .xacct-lint.yaml in the current folder, if present)")
	var ignore, accounts listFlag
	ignore.split = true
	fset.Var(&ignore, "ignore", "do not report these `rules` (comma separated, repeatable)")
	fset.Var(&accounts, "account", "name an account: `NAME=123456789012` (repeatable)")
	paths, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if !validFormat(*format) {
		return usagef("unknown --format %q (want %s)", *format, strings.Join(report.Formats(), ", "))
	}
	threshold, err := lint.ParseFailOn(*failOn)
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	accts, err := parseAccounts(accounts.values)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return usagef("%s: no such file or folder", p)
			}
			return usagef("%v", err)
		}
	}

	opts := []lint.Option{lint.WithAccounts(accts), lint.WithDisabledRules(ignore.values...)}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if cfg != nil {
		opts = append(opts, lint.WithConfig(cfg))
	}
	linter, err := lint.NewContext(ctx, opts...)
	if err != nil {
		return err
	}
	rep, err := linter.Lint(ctx, paths...)
	if err != nil {
		return err
	}
	if err := report.Write(env.Stdout, rep, *format, report.Options{Rules: linter.Rules(), ToolVersion: Version()}); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if rep.Exceeds(threshold) {
		return &exitError{code: ExitFindings}
	}
	return nil
}

func validFormat(f string) bool {
	for _, k := range report.Formats() {
		if f == k {
			return true
		}
	}
	return false
}

// loadConfig reads the configuration named by --config, else
// .xacct-lint.yaml when present; nil when there is none.
func loadConfig(path string) (*lint.Config, error) {
	explicit := path != ""
	if !explicit {
		path = defaultConfig
		if _, err := os.Stat(path); err != nil {
			return nil, nil
		}
	}
	cfg, err := lint.LoadConfig(path)
	if err != nil {
		if explicit && errors.Is(err, fs.ErrNotExist) {
			return nil, usagef("--config %s: no such file", path)
		}
		return nil, err
	}
	return cfg, nil
}

// parseAccounts turns NAME=ID flags into a map.
func parseAccounts(values []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range values {
		name, id, ok := strings.Cut(v, "=")
		if !ok || name == "" || id == "" {
			return nil, usagef("--account %q: want NAME=123456789012", v)
		}
		if !isAccountID(id) {
			return nil, usagef("--account %q: %q is not a 12-digit AWS account ID", v, id)
		}
		if prev, dup := out[name]; dup && prev != id {
			return nil, usagef("--account %q: %s is already %s", v, name, prev)
		}
		out[name] = id
	}
	return out, nil
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func runRules(ctx context.Context, args []string, env Env) error {
	fset := newFlagSet("rules", "rules [--format text|json]", env)
	format := fset.String("format", "text", "output `format`: text or json")
	pos, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	linter, err := lint.NewContext(ctx)
	if err != nil {
		return err
	}
	rules := linter.Rules()
	switch *format {
	case "json":
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Version int         `json:"version"`
			Rules   []lint.Rule `json:"rules"`
		}{1, rules})
	case "text":
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.DefaultSeverity, r.Title)
		}
		return tw.Flush()
	default:
		return usagef("unknown --format %q (want text or json)", *format)
	}
}

func runExplain(_ context.Context, args []string, env Env) error {
	fset := newFlagSet("explain", "explain RULE", env)
	pos, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want exactly one rule ID, e.g. xacct-lint explain XA103")
	}
	id := strings.ToUpper(pos[0])
	page, err := docs.RulePage(id)
	if err != nil {
		return usagef("no rule %s (see xacct-lint rules)", id)
	}
	_, err = env.Stdout.Write(page)
	return err
}
