package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/xacct-lint/xacct-lint/docs"
	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/lint/report"
)

// defaultConfig is read when --config is not given and it exists.
const defaultConfig = ".xacct-lint.yaml"

// ruleFlags are the flags that choose the rules: lint, rules and explain
// share them so that custom rules show everywhere.
type ruleFlags struct {
	config   *string
	policies listFlag
}

// folderConfigsUsage is the help of --folder-configs.
const folderConfigsUsage = "apply the .xacct-lint.yaml files in the linted files' folders and the folders above, up to the current folder (their accounts, documents and ignore entries); --folder-configs=false leaves them out"

func addRuleFlags(fset *flag.FlagSet) *ruleFlags {
	rf := &ruleFlags{}
	rf.config = fset.String("config", "", "configuration `file` (default .xacct-lint.yaml in the current folder, if present)")
	fset.Var(&rf.policies, "policy", "load the custom Rego rules of `DIR` too (repeatable)")
	return rf
}

// options loads the configuration and returns the Linter options of the
// flags.
func (rf *ruleFlags) options() ([]lint.Option, error) {
	var opts []lint.Option
	cfg, err := loadConfig(*rf.config)
	if err != nil {
		return nil, err
	}
	if cfg != nil {
		opts = append(opts, lint.WithConfig(cfg))
	}
	for _, p := range rf.policies.values {
		fi, err := os.Stat(p)
		if err != nil || !fi.IsDir() {
			return nil, usagef("--policy %s: no such folder", p)
		}
		opts = append(opts, lint.WithPolicyDir(p))
	}
	return opts, nil
}

func runLint(ctx context.Context, args []string, env Env) error {
	defer withRunGC()()
	fset := newFlagSet("lint", "lint [flags] [PATH ...]", env)
	format := fset.String("format", report.FormatText, "output `format`: "+strings.Join(report.Formats(), ", "))
	folders := fset.Bool("folder-configs", true, folderConfigsUsage)
	failOn := fset.String("fail-on", "error", "lowest `severity` that makes the exit code 1: error, warning, info or never")
	rf := addRuleFlags(fset)
	var ignore, accounts listFlag
	ignore.split = true
	fset.Var(&ignore, "ignore", "suppress the findings of these `rules` (comma separated, repeatable); they stay in json and sarif as suppressed")
	fset.Var(&accounts, "account", "name an account: `NAME=123456789012` (repeatable)")
	quiet := fset.Bool("quiet", false, "print errors only: no warnings, info, suppressed findings or summary line (the exit code still follows --fail-on)")
	color := fset.String("color", "auto", "colour the text format: auto (when stdout is a terminal and NO_COLOR is not set), always or never")
	excerpts := fset.String("excerpts", "auto", "show the source line and a caret under each finding in the text format: auto (when stdout is a terminal), always or never")
	lf := addLimitFlags(fset)
	paths, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if !validFormat(*format) {
		return usagef("unknown --format %q (want %s)", *format, strings.Join(report.Formats(), ", "))
	}
	useColor, err := autoFlag("color", *color, func() bool { return env.terminal() && env.getenv("NO_COLOR") == "" })
	if err != nil {
		return err
	}
	useExcerpts, err := autoFlag("excerpts", *excerpts, env.terminal)
	if err != nil {
		return err
	}
	limits, err := lf.limits(fset)
	if err != nil {
		return err
	}
	threshold, err := lint.ParseFailOn(*failOn)
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	accts, err := parseAccounts(accounts.values)
	if err != nil {
		return err
	}
	paths, err = lintPaths(paths)
	if err != nil {
		return err
	}

	opts, err := rf.options()
	if err != nil {
		return err
	}
	opts = append(opts, lint.WithAccounts(accts), lint.WithIgnoredRules(ignore.values...), lint.WithLimits(limits),
		lint.WithRunaway(env.runaway("lint")), lint.WithFolderConfigs(*folders))
	linter, err := newLinter(ctx, opts...)
	if err != nil {
		return err
	}
	rep, err := linter.Lint(ctx, paths...)
	if err != nil {
		return err
	}
	shown := rep
	if *quiet {
		shown = errorsOnly(rep)
	}
	ropts := report.Options{Rules: linter.Rules(), ToolVersion: Version(), Color: useColor, Excerpts: useExcerpts, Quiet: *quiet}
	if err := report.Write(env.Stdout, shown, *format, ropts); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if rep.Exceeds(threshold) {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// limitFlags are the flags that raise or lower the limits on untrusted
// input; lint and trace share them. A flag not given leaves the limit to
// the configuration's limits, else the default.
type limitFlags struct {
	fileSize, memory          string
	nodes, depth, docs, stmts int
	timeout                   time.Duration
}

func addLimitFlags(fset *flag.FlagSet) *limitFlags {
	lf := &limitFlags{}
	d := lint.DefaultLimits()
	fset.StringVar(&lf.fileSize, "max-file-size", "", fmt.Sprintf("largest file read, in bytes or with a unit: 512KiB, 4MiB (default %s, or limits.maxFileSize)", formatSize(d.MaxFileSize)))
	fset.IntVar(&lf.nodes, "max-nodes", 0, fmt.Sprintf("most values in one document, YAML aliases expanded (default %d, or limits.maxNodes)", d.MaxNodes))
	fset.IntVar(&lf.depth, "max-depth", 0, fmt.Sprintf("deepest nesting in one document (default %d, or limits.maxDepth)", d.MaxDepth))
	fset.IntVar(&lf.docs, "max-documents", 0, fmt.Sprintf("most documents in one run (default %d, or limits.maxDocuments)", d.MaxDocuments))
	fset.IntVar(&lf.stmts, "max-statements", 0, fmt.Sprintf("most policy statements in one document (default %d, or limits.maxStatements)", d.MaxStatements))
	fset.StringVar(&lf.memory, "max-memory", "", fmt.Sprintf("heap growth the rules may cause beyond 64 bytes per byte of input (default %s, or limits.maxMemory)", formatSize(d.MaxMemory)))
	fset.DurationVar(&lf.timeout, "timeout", 0, fmt.Sprintf("stop the rules after this `duration` (default %v, or limits.timeout)", d.EvalTimeout))
	return lf
}

// formatSize writes a size in the largest binary unit that divides it.
func formatSize(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limits returns the limits the flags given set, checking their values.
func (lf *limitFlags) limits(fset *flag.FlagSet) (lint.Limits, error) {
	var lim lint.Limits
	var err error
	fset.Visit(func(f *flag.Flag) {
		if err != nil {
			return
		}
		positive := func(v int) int {
			if v <= 0 {
				err = usagef("--%s %d: want a positive number", f.Name, v)
			}
			return v
		}
		switch f.Name {
		case "max-file-size":
			n, perr := lint.ParseSize(lf.fileSize)
			if perr != nil {
				err = usagef("--max-file-size: %v", perr)
			}
			lim.MaxFileSize = n
		case "max-memory":
			n, perr := lint.ParseSize(lf.memory)
			if perr != nil {
				err = usagef("--max-memory: %v", perr)
			}
			lim.MaxMemory = n
		case "max-nodes":
			lim.MaxNodes = positive(lf.nodes)
		case "max-depth":
			lim.MaxDepth = positive(lf.depth)
		case "max-documents":
			lim.MaxDocuments = positive(lf.docs)
		case "max-statements":
			lim.MaxStatements = positive(lf.stmts)
		case "timeout":
			if lf.timeout <= 0 {
				err = usagef("--timeout %v: want a positive duration, e.g. 30s", lf.timeout)
			}
			lim.EvalTimeout = lf.timeout
		}
	})
	return lim, err
}

// errorsOnly returns a copy of rep with only its errors that are not
// suppressed.
func errorsOnly(rep *lint.Report) *lint.Report {
	out := *rep
	out.Findings = []lint.Finding{}
	for _, f := range rep.Findings {
		if f.Suppressed == nil && f.Severity == lint.SeverityError {
			out.Findings = append(out.Findings, f)
		}
	}
	return &out
}

// autoFlag resolves an auto|always|never flag.
func autoFlag(name, v string, auto func() bool) (bool, error) {
	switch v {
	case "auto":
		return auto(), nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, usagef("--%s %q: want auto, always or never", name, v)
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
	fset := newFlagSet("rules", "rules [--format text|json] [--policy DIR] [--config FILE]", env)
	format := fset.String("format", "text", "output `format`: text or json")
	rf := addRuleFlags(fset)
	pos, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *format != "text" && *format != "json" {
		return usagef("unknown --format %q (want text or json)", *format)
	}
	opts, err := rf.options()
	if err != nil {
		return err
	}
	linter, err := newLinter(ctx, opts...)
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
			sev := string(r.DefaultSeverity)
			if r.Severity != r.DefaultSeverity {
				sev = fmt.Sprintf("%s (%s here)", r.DefaultSeverity, r.Severity)
			}
			origin := ""
			if !r.Builtin {
				origin = "\tcustom"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s%s\n", r.ID, sev, r.Title, origin)
		}
		return tw.Flush()
	default:
		return usagef("unknown --format %q (want text or json)", *format)
	}
}

func runExplain(ctx context.Context, args []string, env Env) error {
	fset := newFlagSet("explain", "explain RULE [--policy DIR] [--config FILE]", env)
	rf := addRuleFlags(fset)
	pos, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want exactly one rule ID, e.g. xacct-lint explain XA103")
	}
	id := pos[0]
	if page, err := docs.RulePage(strings.ToUpper(id)); err == nil {
		_, err = env.Stdout.Write(page)
		return err
	}
	// Custom rules have no page: their METADATA is the page.
	opts, err := rf.options()
	if err != nil {
		return err
	}
	linter, err := newLinter(ctx, opts...)
	if err != nil {
		return err
	}
	for _, r := range linter.Rules() {
		if r.ID == id || strings.EqualFold(r.ID, id) {
			return writeRulePage(env.Stdout, r)
		}
	}
	hint := ""
	if len(rf.policies.values) == 0 {
		hint = "; for a custom rule, name its folder with --policy DIR"
	}
	return usagef("no rule %s (see xacct-lint rules%s)", id, hint)
}

// writeRulePage writes a custom rule's page from its METADATA, in the
// shape of the built-in rules' pages.
func writeRulePage(w io.Writer, r lint.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\nSeverity: **%s**", r.ID, r.Title, r.DefaultSeverity)
	if r.Severity != r.DefaultSeverity {
		fmt.Fprintf(&b, " (%s in this configuration)", r.Severity)
	}
	b.WriteString("\n\nA custom rule (--policy).\n")
	if r.Description != "" {
		fmt.Fprintf(&b, "\n## What it finds\n\n%s\n", r.Description)
	}
	if r.Remediation != "" {
		fmt.Fprintf(&b, "\n## How to fix\n\n%s\n", r.Remediation)
	}
	if len(r.Related) > 0 {
		b.WriteString("\n## See also\n\n")
		for _, u := range r.Related {
			fmt.Fprintf(&b, "- %s\n", u)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// lintPaths returns the paths to read ("." when none are given), or a usage
// error naming the first that does not exist.
func lintPaths(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return []string{"."}, nil
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, usagef("%s: no such file or folder", p)
			}
			return nil, usagef("%v", err)
		}
	}
	return paths, nil
}
