package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildCLI builds the xacct-lint binary into a temporary folder and returns
// its path; it skips the test when the go command is not available.
func buildCLI(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("skipping: no go command to build the CLI with")
	}
	bin := filepath.Join(t.TempDir(), "xacct-lint")
	cmd := exec.Command(goBin, "build", "-o", bin, "github.com/xacct-lint/xacct-lint/cmd/xacct-lint")
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// cliRun is the outcome of one run of the CLI as a child process.
type cliRun struct {
	code           int
	stdout, stderr string
	maxRSSKiB      int64
}

// runCLI runs bin with args in dir, killing it after timeout, and returns
// its exit code, output and peak RSS. cred, when set, runs it as another
// user.
func runCLI(t *testing.T, bin, dir string, timeout time.Duration, cred *syscall.Credential, env []string, args ...string) cliRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"NO_COLOR=1", "HOME=" + dir, "PATH=/usr/bin:/bin"}, env...)
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("xacct-lint %s: did not finish within %v (hang?)", strings.Join(args, " "), timeout)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("xacct-lint %s: %v", strings.Join(args, " "), err)
	}
	r := cliRun{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSSKiB = ru.Maxrss // KiB on Linux
	}
	return r
}

// jsonFindings returns the findings of a JSON report as
// "RULE file:line:col: message", and the number of files it covers.
func jsonFindings(t *testing.T, out string) ([]string, int) {
	t.Helper()
	var rep struct {
		Findings []struct {
			Rule, Message, File string
			Line, Column        int
		}
		Summary struct{ Files int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%.2000s", err, out)
	}
	var fs []string
	for _, f := range rep.Findings {
		fs = append(fs, fmt.Sprintf("%s %s:%d:%d: %s", f.Rule, f.File, f.Line, f.Column, f.Message))
	}
	return fs, rep.Summary.Files
}

// billionLaughs is the classic exponential alias document: 10^9 strings.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("a0: &a0 lol\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	return b.String()
}

// bigPolicy is a JSON policy of n statements.
func bigPolicy(n int) string {
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/%d"}`, i)
	}
	b.WriteString("]}\n")
	return b.String()
}

// rssLimitKiB is the most memory the CLI may take over any hostile file.
const rssLimitKiB = 256 << 10

// TestHostileInputs runs the built CLI over hostile files, each in its own
// folder: every run must finish (a generous timeout catches a hang), with
// the exact findings or error and exit code, and a peak RSS under 256 MiB.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI and runs it over multi-megabyte files; skipped with -short")
	}
	bin := buildCLI(t)
	const mib = 1 << 20
	policyBad := `{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"}]}` + "\n"
	xa005 := `XA005 %s:%d:%d: Effect "Alow" must be "Allow" or "Deny" (case matters): IAM refuses the whole policy`
	var flatKeys strings.Builder
	flatKeys.WriteString("AWSTemplateFormatVersion: '2010-09-09'\n")
	for i := 0; flatKeys.Len() < mib-40; i++ {
		fmt.Fprintf(&flatKeys, "k%d: v\n", i)
	}
	var manyDocs strings.Builder
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&manyDocs, "---\na: %d\n", i%10)
	}
	files := func(m map[string]string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			for name, data := range m {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	symlinks := func(links [][2]string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			for _, l := range links {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, l[1])), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(l[0], filepath.Join(dir, l[1])); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	fifo := func(name string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
				t.Skipf("skipping: cannot make a named pipe: %v", err)
			}
		}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		args  []string
		// unreadable names a file or folder to chmod 000 (the CLI then runs
		// as nobody when the test runs as root, whom chmod does not stop).
		unreadable string
		code       int
		findings   []string // the JSON report's findings; nil: none
		files      int      // the report's file count
		stderr     string   // exact stderr, for exit code 2
	}{
		{
			name:  "file past the size limit",
			setup: files(map[string]string{"big.json": bigPolicy(30_000)}),
			args:  []string{"big.json"}, code: 1, files: 1,
			findings: []string{"XA001 big.json:0:0: cannot parse the file: file is larger than 1048576 bytes (limit --max-file-size)"},
		},
		{
			name:  "policy with too many statements",
			setup: files(map[string]string{"many.json": bigPolicy(9_000)}),
			args:  []string{"many.json"}, code: 1, files: 1,
			findings: []string{"XA001 many.json:2501:1: cannot parse the file: document has more than 2500 policy statements (limit --max-statements)"},
		},
		{
			name:  "billion laughs",
			setup: files(map[string]string{"laughs.yaml": billionLaughs()}),
			args:  []string{"laughs.yaml"}, code: 1, files: 1,
			findings: []string{"XA001 laughs.yaml:6:45: cannot parse the file: alias *a4 expands past the limit of 100000 values (billion laughs?) (limit --max-nodes)"},
		},
		{
			name:  "deeply nested flow",
			setup: files(map[string]string{"deep.yaml": "a: " + strings.Repeat("[", 500_000)}),
			args:  []string{"deep.yaml"}, code: 1, files: 1,
			findings: []string{"XA001 deep.yaml:1:1004: cannot parse the file: nesting deeper than 200 levels (limit --max-depth)"},
		},
		{
			name:  "deeply nested JSON",
			setup: files(map[string]string{"deep.json": strings.Repeat(`{"a":`, 100_000)}),
			args:  []string{"deep.json"}, code: 1, files: 1,
			findings: []string{"XA001 deep.json:1:1001: cannot parse the file: nesting deeper than 200 levels (limit --max-depth)"},
		},
		{
			name:  "one-line flow list of half a million values",
			setup: files(map[string]string{"flow.yaml": "a: [" + strings.Repeat("1,", mib/2-4) + "1]\n"}),
			args:  []string{"flow.yaml"}, code: 1, files: 1,
			findings: []string{"XA001 flow.yaml:1:300006: cannot parse the file: document has more than 300000 YAML tokens (3 per value allowed) (limit --max-nodes)"},
		},
		{
			name:  "JSON list past the value limit",
			setup: files(map[string]string{"ints.json": "[" + strings.Repeat("1,", mib/2-2) + "1]"}),
			args:  []string{"ints.json"}, code: 1, files: 1,
			findings: []string{"XA001 ints.json:1:200000: cannot parse the file: document has more than 100000 values (limit --max-nodes)"},
		},
		{
			name:  "a megabyte of flat keys",
			setup: files(map[string]string{"flat.yaml": flatKeys.String()}),
			args:  []string{"flat.yaml"}, code: 1, files: 1,
			findings: []string{"XA001 flat.yaml:5001:1: cannot parse the file: more than 5000 keys in one map"},
		},
		{
			name:  "100,000 YAML documents",
			setup: files(map[string]string{"docs.yaml": manyDocs.String()}),
			args:  []string{"docs.yaml"}, code: 1, files: 1,
			findings: []string{"XA001 docs.yaml:150001:1: cannot parse the file: document has more than 300000 YAML tokens (3 per value allowed) (limit --max-nodes)"},
		},
		{
			name:  "big file found by walking that is not a document is skipped",
			setup: files(map[string]string{"d/package-lock.json": `{"packages": {` + strings.Repeat(`"x": 1, `, mib/8) + `"y": 2}}`}),
			args:  []string{"d"}, code: 0, files: 0,
		},
		{
			name:  "big file found by walking that looks like a document is reported",
			setup: files(map[string]string{"d/policy.json": bigPolicy(30_000)}),
			args:  []string{"d"}, code: 1, files: 1,
			findings: []string{"XA001 d/policy.json:0:0: cannot parse the file: file is larger than 1048576 bytes (limit --max-file-size)"},
		},
		{
			name:  "huge single line",
			setup: files(map[string]string{"line.yaml": "a: " + strings.Repeat("x", mib-10) + "\n"}),
			args:  []string{"line.yaml"}, code: 0, files: 1,
		},
		{
			name:  "anchor cycle",
			setup: files(map[string]string{"cycle.yaml": "a: &x [1, *x]\n"}),
			args:  []string{"cycle.yaml"}, code: 1, files: 1,
			findings: []string{"XA001 cycle.yaml:1:11: cannot parse the file: alias *x refers to the node that contains it (cycle)"},
		},
		{
			name:  "duplicate keys",
			setup: files(map[string]string{"dup.yaml": "Resources:\n  A: 1\n  A: 2\n"}),
			args:  []string{"dup.yaml"}, code: 1, files: 1,
			findings: []string{`XA001 dup.yaml:3:3: cannot parse the file: duplicate key "A" (first at 2:3)`},
		},
		{
			name:  "not UTF-8, YAML and JSON alike",
			setup: files(map[string]string{"latin1.yaml": "Statement:\n  - Sid: caf\xe9\n", "latin1.json": "{\"Statement\": [{\"Sid\": \"caf\xe9\"}]}"}),
			args:  []string{"latin1.yaml", "latin1.json"}, code: 1, files: 2,
			findings: []string{
				"XA001 latin1.json:1:28: cannot parse the file: invalid UTF-8 (byte 0xE9)",
				"XA001 latin1.yaml:2:13: cannot parse the file: invalid UTF-8 (byte 0xE9)",
			},
		},
		{
			name:  "UTF-8 BOM keeps columns",
			setup: files(map[string]string{"bom.json": "\xef\xbb\xbf" + policyBad, "plain.json": policyBad}),
			args:  []string{"bom.json", "plain.json"}, code: 1, files: 2,
			findings: []string{fmt.Sprintf(xa005, "bom.json", 1, 42), fmt.Sprintf(xa005, "plain.json", 1, 42)},
		},
		{
			name: "CRLF keeps lines and columns",
			setup: files(map[string]string{
				"crlf.yaml": "Version: \"2012-10-17\"\r\nStatement:\r\n  - Effect: Alow\r\n    Action: s3:GetObject\r\n    Resource: \"*\"\r\n",
			}),
			args: []string{"crlf.yaml"}, code: 1, files: 1,
			findings: []string{fmt.Sprintf(xa005, "crlf.yaml", 3, 5)},
		},
		{
			name:  "binary file named explicitly",
			setup: files(map[string]string{"bin.json": "\x7fELF\x02\x01\x01\x00\x00junk"}),
			args:  []string{"bin.json"}, code: 1, files: 1,
			findings: []string{"XA001 bin.json:1:8: cannot parse the file: binary file (NUL byte), not YAML or JSON"},
		},
		{
			name:  "binary file found by walking is skipped",
			setup: files(map[string]string{"d/bin.json": "\x7fELF\x02\x01\x01\x00\x00Statement"}),
			args:  []string{"d"}, code: 0, files: 0,
		},
		{
			name:  "empty file named explicitly",
			setup: files(map[string]string{"empty.yaml": ""}),
			args:  []string{"empty.yaml"}, code: 0, files: 1,
		},
		{
			name:  "empty file found by walking is skipped",
			setup: files(map[string]string{"d/empty.yaml": "", "d/empty.json": ""}),
			args:  []string{"d"}, code: 0, files: 0,
		},
		{
			name:  "link to itself named explicitly",
			setup: symlinks([][2]string{{"self.yaml", "self.yaml"}}),
			args:  []string{"self.yaml"}, code: 2,
			stderr: "xacct-lint lint: stat self.yaml: too many levels of symbolic links\n",
		},
		{
			name:  "a to b to a named explicitly",
			setup: symlinks([][2]string{{"b.yaml", "a.yaml"}, {"a.yaml", "b.yaml"}}),
			args:  []string{"a.yaml"}, code: 2,
			stderr: "xacct-lint lint: stat a.yaml: too many levels of symbolic links\n",
		},
		{
			name: "link loops and a link to an ancestor found by walking",
			setup: func(t *testing.T, dir string) {
				files(map[string]string{"d/sub/p.json": policyBad})(t, dir)
				symlinks([][2]string{{"self.yaml", "d/self.yaml"}, {"b.yaml", "d/a.yaml"}, {"a.yaml", "d/b.yaml"}, {"..", "d/sub/up"}, {"../..", "d/sub/up2.yaml"}})(t, dir)
			},
			args: []string{"d"}, code: 1, files: 1,
			findings: []string{fmt.Sprintf(xa005, "d/sub/p.json", 1, 42)},
		},
		{
			name:  "named pipe named explicitly",
			setup: fifo("pipe.yaml"),
			args:  []string{"pipe.yaml"}, code: 1, files: 1,
			findings: []string{"XA001 pipe.yaml:0:0: cannot parse the file: cannot read file: not a regular file (named pipe)"},
		},
		{
			name:  "named pipe found by walking is skipped",
			setup: fifo("d/pipe.yaml"),
			args:  []string{"d"}, code: 0, files: 0,
		},
		{
			name:  "device named explicitly",
			setup: func(*testing.T, string) {},
			args:  []string{"/dev/zero"}, code: 1, files: 1,
			findings: []string{"XA001 /dev/zero:0:0: cannot parse the file: cannot read file: not a regular file (character device)"},
		},
		{
			name:       "unreadable file named explicitly",
			setup:      files(map[string]string{"secret.json": policyBad}),
			unreadable: "secret.json",
			args:       []string{"secret.json"}, code: 1, files: 1,
			findings: []string{"XA001 secret.json:0:0: cannot parse the file: cannot read file: permission denied"},
		},
		{
			name:       "unreadable folder found by walking",
			setup:      files(map[string]string{"d/ok/p.json": policyBad, "d/locked/p.json": policyBad}),
			unreadable: "d/locked",
			args:       []string{"d"}, code: 1, files: 2,
			findings: []string{
				"XA001 d/locked:0:0: cannot parse the file: cannot read folder: permission denied; the files under it are not linted",
				fmt.Sprintf(xa005, "d/ok/p.json", 1, 42),
			},
		},
		{
			name:  "more documents than --max-documents",
			setup: files(map[string]string{"a.json": policyBad, "b.json": policyBad, "c.json": policyBad}),
			args:  []string{"--max-documents", "2", "a.json", "b.json", "c.json"}, code: 2,
			stderr: "xacct-lint lint: more than 2 documents to lint (limit --max-documents)\n",
		},
		{
			name:  "limits raised by flags",
			setup: files(map[string]string{"many.json": bigPolicy(3_000)}),
			args:  []string{"--max-statements", "3000", "--max-file-size", "4MiB", "many.json"}, code: 0, files: 1,
		},
		{
			name:  "limits lowered by the configuration",
			setup: files(map[string]string{".xacct-lint.yaml": "limits: {maxDepth: 2}\n", "p.json": policyBad}),
			args:  []string{"p.json"}, code: 1, files: 1,
			findings: []string{"XA001 p.json:1:41: cannot parse the file: nesting deeper than 2 levels (limit --max-depth)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			var cred *syscall.Credential
			if tt.unreadable != "" {
				if err := os.Chmod(filepath.Join(dir, tt.unreadable), 0); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(filepath.Join(dir, tt.unreadable), 0o755) })
				if os.Geteuid() == 0 {
					// chmod does not stop root: run the CLI as nobody, with
					// the binary and the folder open to it.
					cred = &syscall.Credential{Uid: 65534, Gid: 65534}
					for _, p := range []string{dir, filepath.Dir(dir), filepath.Dir(bin), filepath.Dir(filepath.Dir(bin))} {
						if err := os.Chmod(p, 0o755); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			args := append([]string{"lint", "--format", "json"}, tt.args...)
			r := runCLI(t, bin, dir, 60*time.Second, cred, nil, args...)
			if cred != nil && r.code == 2 && strings.Contains(r.stderr, "operation not permitted") {
				t.Skipf("skipping: cannot run the CLI as another user: %s", r.stderr)
			}
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", r.code, tt.code, r.stderr)
			}
			if r.maxRSSKiB <= 0 || r.maxRSSKiB >= rssLimitKiB {
				t.Errorf("peak RSS %d KiB, want under %d KiB", r.maxRSSKiB, rssLimitKiB)
			}
			t.Logf("peak RSS %.1f MiB", float64(r.maxRSSKiB)/1024)
			if tt.code == 2 {
				if r.stderr != tt.stderr {
					t.Errorf("stderr\n got: %q\nwant: %q", r.stderr, tt.stderr)
				}
				return
			}
			got, nfiles := jsonFindings(t, r.stdout)
			if strings.Join(got, "\n") != strings.Join(tt.findings, "\n") {
				t.Errorf("findings\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tt.findings, "\n      "))
			}
			if nfiles != tt.files {
				t.Errorf("report covers %d files, want %d", nfiles, tt.files)
			}
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
		})
	}
}
