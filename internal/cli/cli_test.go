package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintColor checks when the text format is coloured and shows source
// excerpts: on a terminal unless NO_COLOR is set, or when asked.
func TestLintColor(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "trust.json")
	if err := os.WriteFile(file, []byte(`{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "<RoleArn>"}, "Action": "sts:AssumeRole"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name            string
		terminal        bool
		noColor         string
		args            []string
		color, excerpts bool
	}{
		{"terminal", true, "", nil, true, true},
		{"terminal, NO_COLOR", true, "1", nil, false, true},
		{"terminal, empty NO_COLOR", true, "", nil, true, true},
		{"pipe", false, "", nil, false, false},
		{"pipe, --color always", false, "", []string{"--color", "always"}, true, false},
		{"NO_COLOR, --color always", true, "1", []string{"--color=always"}, true, true},
		{"terminal, --color never --excerpts never", true, "", []string{"--color", "never", "--excerpts", "never"}, false, false},
		{"pipe, --excerpts always", false, "", []string{"--excerpts", "always"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := Env{
				Stdout: &stdout, Stderr: &stderr,
				Getenv:     func(k string) string { return map[string]string{"NO_COLOR": tt.noColor}[k] },
				IsTerminal: func() bool { return tt.terminal },
			}
			args := append([]string{"lint", "--config", os.DevNull}, tt.args...)
			code := Run(context.Background(), append(args, file), env)
			if code != ExitFindings {
				t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFindings, stderr.String())
			}
			out := stdout.String()
			if got := strings.Contains(out, "\x1b["); got != tt.color {
				t.Errorf("coloured = %v, want %v:\n%q", got, tt.color, out)
			}
			if got := strings.Contains(out, `"Action": "sts:AssumeRole"}]}`); got != tt.excerpts {
				t.Errorf("excerpt = %v, want %v:\n%s", got, tt.excerpts, out)
			}
		})
	}
}

func TestLintFlagErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", "--color", "sometimes"}, `--color "sometimes": want auto, always or never`},
		{[]string{"lint", "--excerpts", "yes"}, `--excerpts "yes": want auto, always or never`},
		{[]string{"lint", "--timeout", "0s"}, "--timeout 0s: want a positive duration"},
		{[]string{"lint", "--policy", "no-such-folder"}, "--policy no-such-folder: no such folder"},
		{[]string{"test-policy"}, "want at least one folder"},
		{[]string{"rules", "--format", "yaml"}, `unknown --format "yaml"`},
	} {
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), tt.args, Env{Stdout: &stdout, Stderr: &stderr})
		if code != ExitUsage || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr.String(), ExitUsage, tt.want)
		}
	}
}

// TestRunaway: rules that cannot be stopped end the command with exit
// code 2 and say why.
func TestRunaway(t *testing.T) {
	var stderr strings.Builder
	code := -1
	env := Env{Stdout: io.Discard, Stderr: &stderr, Exit: func(c int) { code = c }}
	env.runaway("lint")(errors.New("rules could not be stopped 1s after context deadline exceeded"))
	if code != ExitUsage {
		t.Errorf("exit code %d, want %d", code, ExitUsage)
	}
	const want = "xacct-lint lint: rules could not be stopped 1s after context deadline exceeded; exiting\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}
