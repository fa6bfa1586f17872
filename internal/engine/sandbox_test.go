package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
)

// bodyLine is the line of rule()'s first body line.
const bodyLine = 8

const offlineHint = "rules run offline and deterministic: %s and every other network, host or random builtin is not available to them"

// callOf writes a call of the builtin b with arguments taken from input.
func callOf(b *ast.Builtin) string {
	args := make([]string, len(b.Decl.FuncArgs().Args))
	for i := range args {
		args[i] = fmt.Sprintf("input.a%d", i)
	}
	call := b.Name + "(" + strings.Join(args, ", ") + ")"
	if b.Decl.Result() == nil {
		return call
	}
	return "x := " + call + "\n\tx"
}

// TestForbiddenBuiltins: a rule calling a builtin the sandbox leaves out
// fails to load with the file:line, the builtin and why.
func TestSandboxForbiddenBuiltins(t *testing.T) {
	var names []string
	for name := range forbiddenBuiltins {
		names = append(names, name)
	}
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		if strings.HasPrefix(b.Name, "net.") {
			names = append(names, b.Name)
		}
	}
	slices.Sort(names)
	if len(names) < 20 {
		t.Fatalf("only %d forbidden builtins: %v", len(names), names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			b := ast.BuiltinMap[name]
			if b == nil {
				t.Fatalf("OPA has no builtin %s", name)
			}
			m := rule("ACME001", "info", "acme.rules.r", "deny contains {\"message\": \"m\"} if {\n\t"+callOf(b)+"\n}")
			_, err := New(context.Background(), Options{Modules: []Module{m}})
			hint := fmt.Sprintf(offlineHint, name)
			if forbiddenBuiltins[name] == reasonUnbounded {
				hint = fmt.Sprintf("rules run in bounded time and memory: %s can run without bound in one call and is not available to them", name)
			}
			want := fmt.Sprintf("compile rego: 1 error occurred: acme001.rego:%d: rego_type_error: undefined function %s (%s)", bodyLine+1, name, hint)
			if err == nil || err.Error() != want {
				t.Errorf("New error =\n%v\nwant\n%s", err, want)
			}
		})
	}
}

// TestCapabilitiesAudit: every builtin OPA itself marks non-deterministic
// (network, clock, randomness) is left out, and the pure ones rules need
// stay.
func TestCapabilitiesAudit(t *testing.T) {
	caps := DefaultCapabilities()
	kept := map[string]bool{}
	for _, b := range caps.Builtins {
		kept[b.Name] = true
		if b.Nondeterministic {
			t.Errorf("DefaultCapabilities keeps non-deterministic %s", b.Name)
		}
	}
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		if b.Nondeterministic && kept[b.Name] {
			t.Errorf("%s is non-deterministic and kept", b.Name)
		}
	}
	for _, name := range []string{"time.parse_rfc3339_ns", "time.clock", "time.add_date", "sprintf", "concat", "regex.match", "glob.match", "json.marshal", "walk", "providers.aws.sign_req", "print"} {
		if !kept[name] {
			t.Errorf("DefaultCapabilities leaves out %s, which is pure", name)
		}
	}
	if caps.AllowNet == nil || len(caps.AllowNet) != 0 {
		t.Errorf("AllowNet = %v, want empty", caps.AllowNet)
	}
}

// TestDataHoldsNoHost: the store behind data holds BaseData and nothing of
// the host; a rule reading data.xacct sees only it.
func TestDataHoldsNoHost(t *testing.T) {
	t.Setenv("XACCT_SECRET", "s3cr3t-from-the-environment")
	ctx := context.Background()
	e := newTestEngine(t, Options{Modules: []Module{rule("ACME001", "info", "acme.rules.r",
		`import rego.v1
import future.keywords.in

deny contains {"message": json.marshal(object.keys(data.xacct))} if true`)}})
	txn, err := e.store.NewTransaction(ctx, storage.TransactionParams{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Abort(ctx, txn)
	root, err := e.store.Read(ctx, txn, storage.Path{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(BaseData(), root); diff != "" {
		t.Errorf("store root differs from BaseData (-want +got):\n%s", diff)
	}
	rs, err := e.Eval(ctx, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Rule != "ACME001" || rs[0].Message != `["aws","lib","rules"]` {
		t.Errorf("results = %+v, want one ACME001 with the keys aws, lib and rules", rs)
	}
}

// TestPrintErased: print() in a rule loads, and the compiled rules hold no
// call to it: nothing can reach the output.
func TestPrintErased(t *testing.T) {
	t.Setenv("XACCT_SECRET", "s3cr3t")
	e := newTestEngine(t, Options{Modules: []Module{rule("ACME001", "info", "acme.rules.r",
		`deny contains {"message": "m"} if {
	print("input is", input)
	input.x
}`)}})
	for name, m := range e.compiler.Modules {
		ast.WalkExprs(m, func(x *ast.Expr) bool {
			if x.IsCall() {
				if op := x.Operator().String(); op == "print" || op == "internal.print" {
					t.Errorf("%s: %v still calls %s", name, x, op)
				}
			}
			return false
		})
	}
	rs, err := e.Eval(context.Background(), map[string]any{"x": true})
	if err != nil || len(rs) != 1 || rs[0].Message != "m" {
		t.Errorf("Eval = %+v, %v; want the finding m", rs, err)
	}
}

// TestSandboxCompileErrors: recursion and values that explode on copy are
// rejected when the rules load, with the file and line.
func TestSandboxCompileErrors(t *testing.T) {
	var nested strings.Builder
	nested.WriteString("deny contains {\"message\": sprintf(\"%v\", [count(a8)])} if {\n\ta0 := [input.x, input.y]\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&nested, "\ta%d := [a%d, a%d, a%d, a%d]\n", i, i-1, i-1, i-1, i-1)
	}
	nested.WriteString("}")
	tests := []struct {
		name, body, want string
	}{
		{"recursive function", "f(x) := f(x - 1) if x > 0\n\ndeny contains {\"message\": \"m\"} if f(3)",
			"compile rego: 1 error occurred: acme001.rego:8: rego_recursion_error: rule data.acme.rules.r.f is recursive: data.acme.rules.r.f -> data.acme.rules.r.f"},
		{"recursive rules", "a := b\nb := a\n\ndeny contains {\"message\": \"m\"} if a",
			"compile rego: 2 errors occurred:\nacme001.rego:8: rego_recursion_error: rule data.acme.rules.r.a is recursive: data.acme.rules.r.a -> data.acme.rules.r.b -> data.acme.rules.r.a\nacme001.rego:9: rego_recursion_error: rule data.acme.rules.r.b is recursive: data.acme.rules.r.b -> data.acme.rules.r.a -> data.acme.rules.r.b"},
		{"nested literals", nested.String(),
			fmt.Sprintf("compile rego: 1 error occurred: acme001.rego:16: rego_compile_error: this expression builds a value of more than %d nodes out of variables bound to literals (Rego copies them in on use, in one step that cannot be stopped); rules may not build values this way", maxLiteralNodes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(context.Background(), Options{Modules: []Module{rule("ACME001", "info", "acme.rules.r", tt.body)}})
			if err == nil || err.Error() != tt.want {
				t.Errorf("New error =\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

// bigString is a Rego expression for a string of 10^6 characters.
const bigString = `sprintf("%0999999d", [1])`

// TestLimitedBuiltins: builtins whose one call could build a huge result
// refuse before building it, stopping the run with an error naming the
// rule, its file and line; ordinary calls still work.
func TestLimitedBuiltins(t *testing.T) {
	tooLarge := func(name string, n int64) string {
		return fmt.Sprintf("limited.%s: %s would build more than 16 MiB (%d bytes or more) in one call; a builtin call may build at most 16 MiB", name, name, n)
	}
	tests := []struct {
		name, expr string
		want       string // the error after "acme001.rego:9: eval_builtin_error: "
	}{
		{"replace", `replace(replace(replace("aaaa", "", "aaaa"), "", "aaaaaaaaaaaaaaaaaaaaaaaa"), "", ` + bigString + `)`,
			tooLarge("replace", 624+625*999999)},
		{"strings.replace_n", `strings.replace_n({"a": ` + bigString + `}, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")`,
			tooLarge("strings.replace_n", 42+42*999999)},
		{"regex.replace", `regex.replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "a", ` + bigString + `)`,
			tooLarge("regex.replace", 42+18*999999)},
		{"concat", `concat("", [s | s := ` + bigString + `; some _ in numbers.range(1, 100)])`,
			tooLarge("concat", 2+17*(1+999999+2))},
		{"sprintf", `sprintf("%v", [[s | s := ` + bigString + `; some _ in numbers.range(1, 100)]])`,
			tooLarge("sprintf", 2+2+1+2+17*(1+999999+2))},
		{"json.marshal", `json.marshal([s | s := ` + bigString + `; some _ in numbers.range(1, 100)])`,
			tooLarge("json.marshal", 2+17*(1+999999+2))},
		{"yaml.marshal", `yaml.marshal([s | s := ` + bigString + `; some _ in numbers.range(1, 100)])`,
			tooLarge("yaml.marshal", 2+17*(1+999999+2))},
		{"split", `split(concat("", [s | s := ` + bigString + `; some _ in numbers.range(1, 5)]), "")`,
			tooLarge("split", 64*(5*999999+1))},
		{"bits.lsh", `bits.lsh(1, 2000000000)`,
			"limited.bits.lsh: bits.lsh would build an integer of 2000000001 bits; rules may build integers of at most 65536 bits"},
		{"time zone Local", `time.clock([0, "Local"])`,
			`limited.time.clock: time.clock cannot use time zone "Local": it is the host's; name the zone ("UTC", "Europe/Paris")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := rule("ACME001", "info", "acme.rules.r", "deny contains {\"message\": sprintf(\"%v\", [is_null(x)])} if {\n\tx := "+tt.expr+"\n}")
			e, err := New(context.Background(), Options{Modules: []Module{m}, MemoryLimit: -1})
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.Eval(context.Background(), map[string]any{})
			want := fmt.Sprintf("evaluate rules: rule ACME001 (acme001.rego) failed: acme001.rego:%d: eval_builtin_error: %s", bodyLine+1, tt.want)
			if err == nil || err.Error() != want {
				t.Errorf("Eval error =\n%v\nwant\n%s", err, want)
			}
		})
	}
}

// TestLimitedBuiltinsStillWork: the limited builtins give the same results
// as the real ones on ordinary arguments.
func TestLimitedBuiltinsStillWork(t *testing.T) {
	exprs := []string{
		`replace("a-b-c", "-", "_") == "a_b_c"`,
		`strings.replace_n({"-": "_", "c": "C"}, "a-b-c") == "a_b_C"`,
		`regex.replace("a1b22", "[0-9]+", "#") == "a#b#"`,
		`concat(", ", ["a", "b"]) == "a, b"`,
		`sprintf("%s=%d", ["n", 3]) == "n=3"`,
		`json.marshal({"a": [1]}) == "{\"a\":[1]}"`,
		`json.marshal_with_options({"a": 1}, {"pretty": true}) == "{\n\t\"a\": 1\n}"`,
		`yaml.marshal({"a": 1}) == "a: 1\n"`,
		`split("a:b", ":") == ["a", "b"]`,
		`strings.split_n("a:b:c", ":", 2) == ["a", "b"]`,
		`regex.split(":", "a:b") == ["a", "b"]`,
		`regex.find_n("[0-9]", "a1b2", -1) == ["1", "2"]`,
		`count(regex.find_all_string_submatch_n("([0-9])", "a1b2", -1)) == 2`,
		`bits.lsh(1, 10) == 1024`,
		`time.clock([0, "UTC"]) == [0, 0, 0]`,
		`time.weekday(0) == "Thursday"`,
		`time.format([0, "UTC", "2006"]) == "1970"`,
		`time.date(time.add_date(0, 1, 0, 0)) == [1971, 1, 1]`,
		`time.diff(0, 0) == [0, 0, 0, 0, 0, 0]`,
	}
	var body strings.Builder
	for i, x := range exprs {
		fmt.Fprintf(&body, "deny contains {\"message\": \"%d\"} if not %s\n\n", i, x)
	}
	e := newTestEngine(t, Options{Modules: []Module{rule("ACME001", "info", "acme.rules.r", body.String())}})
	rs, err := e.Eval(context.Background(), map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		var i int
		fmt.Sscan(r.Message, &i)
		t.Errorf("%s is false", exprs[i])
	}
}

// TestMemoryBound: a rule that allocates without bound is stopped by the
// memory watchdog with an error naming the bound.
func TestMemoryBound(t *testing.T) {
	m := rule("ACME001", "info", "acme.rules.r", `deny contains {"message": sprintf("%d", [count(x)])} if {
	x := numbers.range(1, 100000000)
}`)
	e, err := New(context.Background(), Options{Modules: []Module{m}, MemoryLimit: 64 << 20})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = e.Eval(context.Background(), map[string]any{})
	const want = "evaluate rules: rules used more than 64 MiB of memory and were stopped: memory bound exceeded"
	if err == nil || err.Error() != want || !errors.Is(err, ErrMemoryLimit) {
		t.Errorf("Eval error = %v, want %s (wrapping ErrMemoryLimit)", err, want)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("stopped after %v", d)
	}
}

// TestTimeBound: the same rule under a short context deadline (and no
// memory bound) stops with the context's error.
func TestTimeBound(t *testing.T) {
	m := rule("ACME001", "info", "acme.rules.r", `deny contains {"message": sprintf("%d", [n])} if {
	some a in numbers.range(1, 100000)
	some b in numbers.range(1, 100000)
	n := a * b
	n == -1
}`)
	e, err := New(context.Background(), Options{Modules: []Module{m}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = e.Eval(ctx, map[string]any{})
	// The message names the step that was running when the deadline came.
	if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "evaluate rules: ") || !strings.Contains(err.Error(), "context deadline exceeded") {
		t.Errorf("Eval error = %v, want the deadline", err)
	}
}

// TestPanicBecomesError: a builtin that panics fails the run with an error
// naming the rule and its file, not a crash.
func TestPanicBecomesError(t *testing.T) {
	m := rule("ACME001", "info", "acme.rules.r", `deny contains {"message": "m"} if test.boom(input.x)`)
	ok := rule("ACME002", "info", "acme.rules.ok", `deny contains {"message": "m"} if input.x`)
	e, err := New(context.Background(), Options{Modules: []Module{m, ok}, extraFuncs: map[string]func(*ast.Term) (*ast.Term, error){
		"test.boom": func(*ast.Term) (*ast.Term, error) { panic("boom") },
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Eval(context.Background(), map[string]any{"x": 1})
	const want = "evaluate rules: rule ACME001 (acme001.rego) failed: evaluation panicked: boom"
	if err == nil || err.Error() != want {
		t.Errorf("Eval error = %v, want %s", err, want)
	}
}

// TestRunaway: a step that ignores cancellation is reported to
// Options.Runaway a second after the deadline.
func TestRunaway(t *testing.T) {
	m := rule("ACME001", "info", "acme.rules.r", `deny contains {"message": "m"} if test.stall(input.x)`)
	var mu sync.Mutex
	var got []string
	e, err := New(context.Background(), Options{
		Modules: []Module{m},
		Runaway: func(err error) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, err.Error())
		},
		extraFuncs: map[string]func(*ast.Term) (*ast.Term, error){
			"test.stall": func(*ast.Term) (*ast.Term, error) {
				time.Sleep(runawayGrace + 400*time.Millisecond)
				return ast.BooleanTerm(true), nil
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = e.Eval(ctx, map[string]any{"x": 1})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Eval error = %v, want the deadline", err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"rules could not be stopped 1s after context deadline exceeded"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Runaway calls (-want +got):\n%s", diff)
	}
}

// TestRunTestsSandboxed: test-policy runs tests under the same limits and
// keeps print output for the report of the test.
func TestRunTestsSandboxed(t *testing.T) {
	fsys := fstestMap(map[string]string{
		"r_test.rego": `package acme.r_test

test_explodes if {
	x := replace(replace(replace("aaaa", "", "aaaa"), "", "aaaaaaaaaaaaaaaaaaaaaaaa"), "", ` + bigString + `)
	count(x) > 0
}

test_prints if {
	print("looking at", 1)
	false
}
`,
	})
	res, err := RunTests(context.Background(), TestOptions{Tests: []Source{{FS: fsys, Dir: ".", Name: "p"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 {
		t.Fatalf("got %d results, want 2: %+v", len(res), res)
	}
	wantErr := "p/r_test.rego:4: eval_builtin_error: limited.replace: replace would build more than 16 MiB (624999999 bytes or more) in one call; a builtin call may build at most 16 MiB"
	if res[0].Err == nil || res[0].Err.Error() != wantErr {
		t.Errorf("test_explodes error = %v, want %s", res[0].Err, wantErr)
	}
	if !res[1].Fail || res[1].Output != "looking at 1\n" {
		t.Errorf("test_prints = fail %v, output %q; want a failure that printed", res[1].Fail, res[1].Output)
	}
}

func fstestMap(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}
