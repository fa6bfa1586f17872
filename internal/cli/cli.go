// Package cli implements the xacct-lint command line: it parses flags with
// the standard flag package and calls pkg/model, pkg/generate and pkg/lint.
// It holds no logic of its own beyond turning results into exit codes and
// output, so that cmd/xacct-lint stays a one-line main and the whole command
// can be tested in-process (see the testscript tests).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// Exit codes, as DESIGN.md fixes them.
const (
	ExitOK       = 0 // nothing at or above --fail-on; generate wrote or found files fresh
	ExitFindings = 1 // findings at or above --fail-on; stale files under generate --check; an invalid model
	ExitUsage    = 2 // usage error, missing path, internal failure
)

// Env is what a run of the command sees of the world.
type Env struct {
	Stdout, Stderr io.Writer
	// Getenv reads an environment variable (NO_COLOR); nil means os.Getenv.
	Getenv func(string) string
	// IsTerminal reports whether Stdout is a terminal (for colour); nil means no.
	IsTerminal func() bool
	// Exit ends the process with a code; nil means os.Exit. It is called
	// only when rules cannot be stopped (lint.WithRunaway).
	Exit func(code int)
}

// runaway returns the handler of rules that cannot be stopped: it says so
// and ends the process with ExitUsage (2, as an internal failure), the only way to end an evaluation
// step that does not look at its context.
func (e Env) runaway(verb string) func(error) {
	return func(err error) {
		fmt.Fprintf(e.Stderr, "xacct-lint %s: %s; exiting\n", verb, withoutPrefix(err, verb))
		if e.Exit != nil {
			e.Exit(ExitUsage)
			return
		}
		os.Exit(ExitUsage)
	}
}

// getenv reads an environment variable through Getenv, or os.Getenv.
func (e Env) getenv(key string) string {
	if e.Getenv == nil {
		return os.Getenv(key)
	}
	return e.Getenv(key)
}

// terminal reports whether Stdout is a terminal.
func (e Env) terminal() bool {
	return e.IsTerminal != nil && e.IsTerminal()
}

// usageError is a bad invocation: printed with a hint, exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitError carries an exit code for a run that already printed its output.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

const topUsage = `xacct-lint checks and generates AWS cross-account CodePipeline setups.

Usage:
  xacct-lint generate -c xacct.yaml [-o DIR] [--check] [--force]
  xacct-lint lint [flags] [PATH ...]
  xacct-lint trace [--format text|json|mermaid] [PATH ...]
  xacct-lint rules [--format text|json] [--policy DIR]
  xacct-lint explain RULE [--policy DIR]
  xacct-lint test-policy DIR ...
  xacct-lint init [-o FILE] [--force]
  xacct-lint version

Run "xacct-lint COMMAND -h" for a command's flags.
`

// Run runs the command with args (without the program name) and returns the
// process exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, topUsage)
		return ExitUsage
	}
	cmds := map[string]func(context.Context, []string, Env) error{
		"generate":    runGenerate,
		"lint":        runLint,
		"rules":       runRules,
		"explain":     runExplain,
		"test-policy": runTestPolicy,
		"init":        runInit,
		"version":     runVersion,
		"trace":       runTrace,
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(env.Stdout, topUsage)
		return ExitOK
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "xacct-lint: unknown command %q\n\n%s", name, topUsage)
		return ExitUsage
	}
	err := cmd(ctx, args[1:], env)
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "xacct-lint %s: %s\n", name, ue.msg)
		return ExitUsage
	default:
		fmt.Fprintf(env.Stderr, "xacct-lint %s: %s\n", name, withoutPrefix(err, name))
		return ExitUsage
	}
}

// withoutPrefix is err's text without a leading "verb: ": the library
// names its operation ("lint: …"), which the command's own prefix
// ("xacct-lint lint: ") already says.
func withoutPrefix(err error, verb string) string {
	return strings.TrimPrefix(err.Error(), verb+": ")
}

// newFlagSet returns a flag set that reports to env.Stderr and does not exit.
func newFlagSet(name, usage string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: xacct-lint %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseInterleaved parses flags that may stand before, between or after the
// positional arguments ("lint examples/ --format json"), and returns the
// positional ones. A lone "--" ends flag parsing.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs.Parse stops at the first positional argument, or consumes "--".
		consumedDashes := len(args) > len(rest) && args[len(args)-len(rest)-1] == "--"
		if consumedDashes {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// listFlag is a repeatable string flag; values may also be comma separated
// where split is true.
type listFlag struct {
	values []string
	split  bool
}

func (l *listFlag) String() string { return strings.Join(l.values, ",") }

func (l *listFlag) Set(v string) error {
	if !l.split {
		l.values = append(l.values, v)
		return nil
	}
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			l.values = append(l.values, p)
		}
	}
	return nil
}

func runVersion(_ context.Context, args []string, env Env) error {
	fs := newFlagSet("version", "version", env)
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "xacct-lint %s\n", Version())
	return nil
}

// Version is the module version the binary was built from ("(devel)" for a
// build inside the repository), with the VCS revision when known.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			if len(s.Value) > 12 {
				rev = s.Value[:12]
			} else {
				rev = s.Value
			}
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if v == "(devel)" && rev != "" {
		return v + " " + rev + dirty
	}
	return v
}
