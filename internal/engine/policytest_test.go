package engine

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

const userRule = `# METADATA
# title: Widget is blue
# custom:
#   id: %ID%
#   severity: warning
package %PKG%

import data.xacct.lib.util

deny contains {"message": "blue", "loc": w.loc} if {
	some w in input.widgets
	w.colour == "blue"
	util.loc(w) == w.loc
}
`

func userFS(id, pkg string, extra map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"r.rego": {Data: []byte(strings.NewReplacer("%ID%", id, "%PKG%", pkg).Replace(userRule))}}
	for k, v := range extra {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

func TestReservedForBuiltins(t *testing.T) {
	tests := []struct {
		name, id, pkg, want string
	}{
		{"own prefix and package", "ACME1", "acme.rules.blue", ""},
		{"reserved id", "XA900", "acme.rules.blue", "policy/r.rego:1: rule id XA900: IDs starting with XA belong to xacct-lint's rules"},
		{"reserved id in lower case", "xa900", "acme.rules.blue", "IDs starting with XA"},
		{"reserved package", "ACME1", "xacct.rules.xa103", "policy/r.rego:6: package xacct.rules.xa103: the xacct.* packages belong to xacct-lint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(context.Background(), Options{
				Sources:          []Source{testSource(), {FS: userFS(tt.id, tt.pkg, nil), Dir: ".", Name: "policy"}},
				ReservedIDPrefix: "XA", ReservedPackage: "xacct",
			})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("New error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestForbiddenBuiltins(t *testing.T) {
	for _, call := range []string{
		`http.send({"method": "get", "url": "https://example.com"})`,
		`net.lookup_ip_addr("example.com")`,
		`net.cidr_expand("10.0.0.0/8")`,
		`opa.runtime()`,
		`time.now_ns()`,
	} {
		name := strings.SplitN(call, "(", 2)[0]
		t.Run(name, func(t *testing.T) {
			src := "package acme.evil\n\nx := " + call + "\n"
			_, err := New(context.Background(), Options{Modules: []Module{{Name: "evil.rego", Src: src}}})
			if err == nil {
				t.Fatal("New succeeded")
			}
			for _, want := range []string{"evil.rego:3", "undefined function " + name, "rules run offline"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestRunTests(t *testing.T) {
	tests := map[string]string{
		"r_test.rego": `package acme.rules.blue_test

import data.acme.rules.blue

test_blue if {
	count(blue.deny) == 1 with input as {"widgets": [{"colour": "blue", "loc": {"file": "a.yaml"}}]}
}

test_red_is_fine if {
	print("checking red")
	count(blue.deny) == 1 with input as {"widgets": [{"colour": "red"}]}
}

todo_test_later if {
	false
}
`,
	}
	res, err := RunTests(context.Background(), TestOptions{
		Library: []Source{testSource()},
		Tests:   []Source{{FS: userFS("ACME1", "acme.rules.blue", tests), Dir: ".", Name: "policy"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]TestResult{}
	for _, r := range res {
		got[r.Name] = r
	}
	if len(res) != 3 {
		t.Fatalf("got %d results, want 3 (the library's own tests must not run): %+v", len(res), res)
	}
	if r := got["test_blue"]; !r.Passed() || r.File != "policy/r_test.rego" || r.Line != 5 {
		t.Errorf("test_blue = %+v, want a pass at policy/r_test.rego:5", r)
	}
	if r := got["test_red_is_fine"]; !r.Fail || !strings.Contains(r.Output, "checking red") {
		t.Errorf("test_red_is_fine = %+v, want a failure with its print output", r)
	}
	if r := got["todo_test_later"]; !r.Skip {
		t.Errorf("todo_test_later = %+v, want skipped", r)
	}
}

func TestRunTestsCompileError(t *testing.T) {
	bad := fstest.MapFS{"bad_test.rego": {Data: []byte("package acme.bad_test\n\ntest_net if {\n\thttp.send({})\n}\n")}}
	_, err := RunTests(context.Background(), TestOptions{Tests: []Source{{FS: bad, Dir: ".", Name: "policy"}}})
	if err == nil || !strings.Contains(err.Error(), "http.send") || !strings.Contains(err.Error(), "rules run offline") {
		t.Fatalf("RunTests error = %v, want the http.send hint", err)
	}
}
