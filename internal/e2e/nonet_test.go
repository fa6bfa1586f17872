package e2e

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A small custom rule and its test, for test-policy and lint --policy.
const (
	nonetRule = `# METADATA
# title: Pipeline action outside the allow-list
# custom:
#   id: ACME001
#   severity: warning
package acme.rules.allowed

deny contains {"message": "not allowed", "loc": action.loc} if {
	some p in input.pipelines
	some stage in p.stages
	some action in stage.actions
	action.account != ""
	not action.account in {"111111111111"}
}
`
	nonetRuleTest = `package acme.rules.allowed_test

import data.acme.rules.allowed

test_denied if {
	count(allowed.deny) == 1 with input as {"pipelines": [{"stages": [{"actions": [{"account": "2", "loc": {}}]}]}]}
}
`
)

// nonetCommands are the CLI runs that must never dial: every command that
// reads or writes documents, over the repository's examples.
func nonetCommands(t *testing.T, work string) [][]string {
	t.Helper()
	examples, err := filepath.Abs(examplesDir)
	if err != nil {
		t.Fatal(err)
	}
	policy := filepath.Join(work, "policy")
	if err := os.MkdirAll(policy, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"allowed.rego": nonetRule, "allowed_test.rego": nonetRuleTest} {
		if err := os.WriteFile(filepath.Join(policy, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	article := filepath.Join(examples, "article")
	return [][]string{
		{"lint", "--format", "json", "--policy", policy, examples},
		{"lint", "--format", "sarif", filepath.Join(examples, "known-good")},
		{"trace", "--format", "json", article},
		{"generate", "-c", filepath.Join(article, "xacct.yaml"), "-o", filepath.Join(work, "out")},
		{"test-policy", policy},
		{"rules", "--format", "json"},
		{"explain", "XA103"},
		{"version"},
	}
}

// TestNoNetwork runs the CLI's commands with every proxy variable pointing
// to a listener the test owns: a client that honoured them (Go's
// net/http does) would connect there, so zero connections proves that
// nothing tried to reach the network through HTTP. Under strace, where
// available, it checks that no socket is opened at all. Then, where an empty
// network namespace can be made (unshare -rn, or unshare -n as root), it
// runs the same commands with no network at all and checks they succeed
// with the same output.
func TestNoNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI; skipped with -short")
	}
	bin := buildCLI(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			c.Close()
		}
	}()
	proxy := "http://" + ln.Addr().String()
	env := []string{
		"HTTP_PROXY=" + proxy, "HTTPS_PROXY=" + proxy, "ALL_PROXY=" + proxy,
		"http_proxy=" + proxy, "https_proxy=" + proxy, "all_proxy=" + proxy,
		"NO_PROXY=", "no_proxy=",
		// OPA's telemetry and version check, were they ever linked in.
		"OPA_TELEMETRY=true",
	}
	work := t.TempDir()
	outputs := map[int]cliRun{}
	for i, args := range nonetCommands(t, work) {
		r := runCLI(t, bin, work, 60*time.Second, nil, env, args...)
		// lint over examples/ exits 1 (the article's mistakes are there).
		if r.code != 0 && !(r.code == 1 && args[0] == "lint") {
			t.Errorf("xacct-lint %v: exit %d\n%s", args, r.code, r.stderr)
		}
		outputs[i] = r
	}
	// Give a late dial the time to land.
	time.Sleep(100 * time.Millisecond)
	if n := conns.Load(); n != 0 {
		t.Errorf("the proxy listener got %d connections, want 0", n)
	}
	// The listener does count: a control connection.
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
	}
	for deadline := time.Now().Add(5 * time.Second); conns.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("control: the listener counted %d connections, want 1", n)
	}

	// Under strace, where it is installed and permitted: not one socket is
	// even opened (no DNS lookup, no dial on any address).
	if strace, err := exec.LookPath("strace"); err != nil {
		t.Log("no strace: socket check skipped")
	} else {
		for _, args := range nonetCommands(t, work) {
			trace := filepath.Join(t.TempDir(), "strace.txt")
			full := append([]string{"-f", "-qq", "-e", "trace=socket,connect", "-e", "signal=none", "-o", trace, "--", bin}, args...)
			r := runCLI(t, strace, work, 60*time.Second, nil, env, full...)
			out, err := os.ReadFile(trace)
			if err != nil {
				t.Logf("strace not usable here (%v; exit %d %s): socket check skipped", err, r.code, r.stderr)
				break
			}
			// Only socket and connect calls count: under -f strace also
			// writes lines such as "735 ???( <detached ...>" for a thread
			// that ends within a call it was not asked to trace.
			var calls []string
			for _, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, "socket(") || strings.Contains(line, "connect(") {
					calls = append(calls, line)
				}
			}
			if len(calls) > 0 {
				t.Errorf("xacct-lint %v opened sockets:\n%s", args, strings.Join(calls, "\n"))
			}
		}
	}

	// Same commands in an empty network namespace.
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("skipping the network namespace half: no unshare command")
	}
	nsArgs := []string{"-rn"}
	if os.Geteuid() == 0 {
		nsArgs = []string{"-n"}
	}
	if out, err := exec.Command(unshare, append(nsArgs, "true")...).CombinedOutput(); err != nil {
		t.Skipf("skipping the network namespace half: unshare %v not permitted here: %v %s", nsArgs, err, out)
	}
	if err := os.RemoveAll(filepath.Join(work, "out")); err != nil {
		t.Fatal(err)
	}
	for i, args := range nonetCommands(t, work) {
		full := append(append(append([]string{}, nsArgs...), "--", bin), args...)
		r := runCLI(t, unshare, work, 60*time.Second, nil, env, full...)
		want := outputs[i]
		if r.code != want.code || r.stdout != want.stdout || r.stderr != want.stderr {
			t.Errorf("xacct-lint %v in an empty network namespace: exit %d, stdout %d bytes, stderr %q; without it: exit %d, stdout %d bytes, stderr %q",
				args, r.code, len(r.stdout), r.stderr, want.code, len(want.stdout), want.stderr)
		}
	}
}
