package lint_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Hostile custom rules, run through the built CLI as a child process:
// each ends with the exact error (or report) and exit code, and the
// child's peak RSS, read from its rusage, stays under 256 MiB.

const maxRSSKiB = 256 << 10

// buildCLI builds cmd/xacct-lint into dir.
func buildCLI(t *testing.T, dir string) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS from rusage is read in KiB on Linux only")
	}
	bin := filepath.Join(dir, "xacct-lint")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/xacct-lint").CombinedOutput(); err != nil {
		t.Fatalf("build the CLI: %v\n%s", err, out)
	}
	return bin
}

type runResult struct {
	stdout, stderr string
	code           int
	maxRSSKiB      int64
}

// runCLI runs the CLI bin in dir with env added to the environment, and
// reads its peak RSS from its rusage.
//
// Go starts children with vfork, and Linux then counts the parent's peak
// RSS, at the time of exec, in the child's ru_maxrss: run from this test
// process, which may have grown by hundreds of MiB in other tests, every
// child would seem that large. So a fresh, small copy of the test binary
// (TestSandboxRusageHelper) starts the CLI and reports what it saw; the
// figure can then only err upwards, by that copy's own few MiB.
func runCLI(t *testing.T, bin, dir string, env []string, args ...string) runResult {
	t.Helper()
	spec, err := json.Marshal(helperSpec{Bin: bin, Dir: dir, Env: env, Args: args})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSandboxRusageHelper$")
	cmd.Env = append(os.Environ(), helperEnv+"="+string(spec))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rusage helper for %v: %v\n%s", args, err, out)
	}
	var r helperResult
	if err := json.Unmarshal(bytes.TrimSpace(bytes.SplitN(out, []byte("\n"), 2)[0]), &r); err != nil {
		t.Fatalf("rusage helper for %v: %v\n%s", args, err, out)
	}
	if r.Err != "" {
		t.Fatalf("run %v: %s", args, r.Err)
	}
	return runResult{r.Stdout, r.Stderr, r.Code, r.MaxRSSKiB}
}

const helperEnv = "XACCT_LINT_SANDBOX_HELPER"

type helperSpec struct {
	Bin, Dir  string
	Env, Args []string
}

type helperResult struct {
	Stdout, Stderr string
	Code           int
	MaxRSSKiB      int64
	Err            string
}

// TestSandboxRusageHelper is runCLI's helper process; it does nothing in
// an ordinary test run.
func TestSandboxRusageHelper(t *testing.T) {
	raw := os.Getenv(helperEnv)
	if raw == "" {
		t.Skip("only runCLI's helper process runs this")
	}
	var spec helperSpec
	var res helperResult
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		res.Err = err.Error()
	} else {
		cmd := exec.Command(spec.Bin, spec.Args...)
		cmd.Dir = spec.Dir
		cmd.Env = append(os.Environ(), spec.Env...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		switch ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); {
		case err != nil && !errors.As(err, &exit):
			res.Err = err.Error()
		case !ok:
			res.Err = "no rusage"
		default:
			res = helperResult{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode(), ru.Maxrss, ""}
		}
	}
	b, _ := json.Marshal(res)
	fmt.Println(string(b))
}

// hostileRule is a custom rule folder's only module: METADATA on lines
// 1-5, the package on line 6, body from line 8.
func hostileRule(body string) string {
	return "# METADATA\n# title: Hostile\n# custom:\n#   id: ACME001\n#   severity: info\npackage acme.rules.hostile\n\n" + body + "\n"
}

var memoryMiB = regexp.MustCompile(`more than \d+ MiB of memory`)

const bigString = `sprintf("%0999999d", [1])`

// TestSandbox builds the CLI once for its subtests.
func TestSandbox(t *testing.T) {
	article, err := filepath.Abs("../../examples/article-as-published")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(article); err != nil {
		t.Skipf("no example to lint: %v", err)
	}
	bin := buildCLI(t, t.TempDir())
	t.Run("hostile rules", func(t *testing.T) { testHostileRules(t, bin, article) })
	t.Run("nothing leaks", func(t *testing.T) { testNothingLeaks(t, bin, article) })
}

func testHostileRules(t *testing.T, bin, article string) {
	var nested strings.Builder
	nested.WriteString("deny contains {\"message\": sprintf(\"%v\", [count(a15)])} if {\n\ta0 := [1, 2]\n")
	for i := 1; i <= 15; i++ {
		nested.WriteString(strings.NewReplacer("N", strconv.Itoa(i), "M", strconv.Itoa(i-1)).Replace("\taN := [aM, aM, aM, aM]\n"))
	}
	nested.WriteString("}")
	tests := []struct {
		name, body string
		args       []string
		wantStderr string
	}{
		{"huge range", `deny contains {"message": sprintf("%d", [count(x)])} if {
	x := numbers.range(1, 100000000)
}`, nil, "xacct-lint lint: evaluate rules: rules used more than N MiB of memory and were stopped: memory bound exceeded\n"},
		{"nested loops", `deny contains {"message": sprintf("%d", [n])} if {
	some a in numbers.range(1, 100000)
	some b in numbers.range(1, 100000)
	n := a * b
	n == -1
}`, []string{"--timeout", "2s"}, "xacct-lint lint: rules did not finish within 2s: context deadline exceeded (limit --timeout)\n"},
		{"walk over a growing comprehension", `deny contains {"message": sprintf("%d", [count(x)])} if {
	s := [` + bigString + ` | some _ in numbers.range(1, 10)]
	x := [p | some i in numbers.range(1, 100000000); walk([i, s], [p, _])]
}`, nil,
			"xacct-lint lint: evaluate rules: rules used more than N MiB of memory and were stopped: memory bound exceeded\n"},
		{"replace squared", `deny contains {"message": sprintf("%d", [count(x)])} if {
	a := replace("aaaa", "", "aaaa")
	b := replace(a, "", a)
	c := replace(b, "", b)
	x := replace(c, "", c)
}`, nil, "xacct-lint lint: evaluate rules: rule ACME001 (hostile/r.rego) failed: hostile/r.rego:12: eval_builtin_error: limited.replace: replace would build more than 16 MiB (152587890624 bytes or more) in one call; a builtin call may build at most 16 MiB\n"},
		{"concat of shared strings", `deny contains {"message": sprintf("%d", [count(x)])} if {
	s := ` + bigString + `
	x := concat("", [s | some _ in numbers.range(1, 100)])
}`, nil, "xacct-lint lint: evaluate rules: rule ACME001 (hostile/r.rego) failed: hostile/r.rego:10: eval_builtin_error: limited.concat: concat would build more than 16 MiB (17000036 bytes or more) in one call; a builtin call may build at most 16 MiB\n"},
		{"sprintf of a shared tree", `deny contains {"message": sprintf("%d", [count(x)])} if {
	b := ` + bigString + `
	s := [b | some _ in numbers.range(1, 10)]
	a := [s | some _ in numbers.range(1, 100)]
	x := sprintf("%v", [a])
}`, nil, "xacct-lint lint: evaluate rules: rule ACME001 (hostile/r.rego) failed: hostile/r.rego:12: eval_builtin_error: limited.sprintf: sprintf would build more than 16 MiB (17000047 bytes or more) in one call; a builtin call may build at most 16 MiB\n"},
		{"huge integer", `deny contains {"message": sprintf("%d", [x])} if {
	x := bits.lsh(1, 2000000000)
}`, nil, "xacct-lint lint: evaluate rules: rule ACME001 (hostile/r.rego) failed: hostile/r.rego:9: eval_builtin_error: limited.bits.lsh: bits.lsh would build an integer of 2000000001 bits; rules may build integers of at most 65536 bits\n"},
		{"nested literals", nested.String(), nil,
			"xacct-lint lint: load rules: compile rego: 1 error occurred: hostile/r.rego:17: rego_compile_error: this expression builds a value of more than 65536 nodes out of variables bound to literals (Rego copies them in on use, in one step that cannot be stopped); rules may not build values this way\n"},
		{"recursion", `f(x) := f(x - 1) if x > 0

deny contains {"message": "m"} if f(3)`, nil,
			"xacct-lint lint: load rules: compile rego: 1 error occurred: hostile/r.rego:8: rego_recursion_error: rule data.acme.rules.hostile.f is recursive: data.acme.rules.hostile.f -> data.acme.rules.hostile.f\n"},
		{"exponential paths", `deny contains {"message": sprintf("%d", [count(x)])} if {
	g := {sprintf("%d", [i]): [sprintf("%d", [i + 1]), sprintf("%d", [i + 2])] | some i in numbers.range(0, 200)}
	x := graph.reachable_paths(g, {"0"})
}`, nil, "xacct-lint lint: load rules: compile rego: 1 error occurred: hostile/r.rego:10: rego_type_error: undefined function graph.reachable_paths (rules run in bounded time and memory: graph.reachable_paths can run without bound in one call and is not available to them)\n"},
		{"environment", `deny contains {"message": json.marshal(opa.runtime().env)} if true`, nil,
			"xacct-lint lint: load rules: compile rego: 1 error occurred: hostile/r.rego:8: rego_type_error: undefined function opa.runtime (rules run offline and deterministic: opa.runtime and every other network, host or random builtin is not available to them)\n"},
		{"clock", `deny contains {"message": sprintf("%d", [time.now_ns()])} if true`, nil,
			"xacct-lint lint: load rules: compile rego: 1 error occurred: hostile/r.rego:8: rego_type_error: undefined function time.now_ns (rules run offline and deterministic: time.now_ns and every other network, host or random builtin is not available to them)\n"},
		{"host time zone", `deny contains {"message": sprintf("%v", [time.clock([0, "Local"])])} if true`, nil,
			"xacct-lint lint: evaluate rules: rule ACME001 (hostile/r.rego) failed: hostile/r.rego:8: eval_builtin_error: limited.time.clock: time.clock cannot use time zone \"Local\": it is the host's; name the zone (\"UTC\", \"Europe/Paris\")\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // separate processes: each one's rusage is its own
			dir := t.TempDir()
			writeRule(t, dir, tt.body)
			// A long time bound unless the case is about it: the machine
			// may be slow, and the bounds other than time must be what stops
			// the rule.
			args := append([]string{"lint", "--timeout", "1m", "--policy", "hostile"}, tt.args...)
			r := runCLI(t, bin, dir, nil, append(args, article)...)
			// The memory bound grows with the input: N stands for it.
			stderr := memoryMiB.ReplaceAllString(r.stderr, "more than N MiB of memory")
			if r.code != 2 || stderr != tt.wantStderr || r.stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr\n%s\nwant exit 2, no stdout, stderr\n%s", r.code, r.stdout, r.stderr, tt.wantStderr)
			}
			if r.maxRSSKiB >= maxRSSKiB {
				t.Errorf("peak RSS %d KiB, want under %d KiB", r.maxRSSKiB, maxRSSKiB)
			}
			t.Logf("peak RSS %d KiB", r.maxRSSKiB)
		})
	}
}

// testNothingLeaks: what a rule prints, and the environment, appear in no
// report format.
func testNothingLeaks(t *testing.T, bin, article string) {
	const secret = "s3cr3t-value-9f2c"
	dir := t.TempDir()
	writeRule(t, dir, `deny contains {"message": "printed"} if {
	print("PRINT-MARKER", input.files[0].path)
	some f in input.files
	f.kind == "pipeline"
}`)
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			r := runCLI(t, bin, dir, []string{"XACCT_SECRET=" + secret}, "lint", "--format", format, "--policy", "hostile", article)
			if r.code != 0 {
				t.Errorf("exit %d, want 0 (the findings are warnings and info); stderr %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "printed") {
				t.Errorf("the rule's finding is missing from the %s report:\n%s", format, r.stdout)
			}
			for _, leak := range []string{"PRINT-MARKER", secret} {
				if strings.Contains(r.stdout, leak) || strings.Contains(r.stderr, leak) {
					t.Errorf("%s output holds %q:\nstdout %s\nstderr %s", format, leak, r.stdout, r.stderr)
				}
			}
			if r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
		})
	}
}

func writeRule(t *testing.T, dir, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "hostile"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hostile", "r.rego"), []byte(hostileRule(body)), 0o644); err != nil {
		t.Fatal(err)
	}
}
