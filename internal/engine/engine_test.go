package engine

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func testSource() Source {
	return Source{FS: os.DirFS("testdata/rules"), Dir: ".", Name: "testdata", Builtin: true}
}

func newTestEngine(t *testing.T, opts Options) *Engine {
	t.Helper()
	opts.Sources = append([]Source{testSource()}, opts.Sources...)
	e, err := New(context.Background(), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func TestCatalogue(t *testing.T) {
	e := newTestEngine(t, Options{})
	want := []Rule{
		{
			ID: "T001", Title: "Widget has no name", Severity: "error",
			Description: "Every widget needs a name.", Remediation: "Give the widget a name.",
			Related: []string{"https://example.com/widgets"},
			Package: "data.xacct.rules.t001", File: "testdata/rules/t001.rego", Builtin: true,
		},
		{
			ID: "T002", Title: "Widget is too big", Severity: "warning",
			Description: "Widgets over 10 units are unwieldy; over 100 they break.", Remediation: "Make it smaller.",
			Package: "data.xacct.rules.t002", File: "testdata/rules/t002.rego", Builtin: true,
		},
	}
	if diff := cmp.Diff(want, e.Rules()); diff != "" {
		t.Errorf("Rules() mismatch (-want +got):\n%s", diff)
	}
	r, ok := e.Rule("T002")
	if !ok || r.Title != "Widget is too big" {
		t.Errorf("Rule(T002) = %+v, %v", r, ok)
	}
	if _, ok := e.Rule("T999"); ok {
		t.Error("Rule(T999) found")
	}
}

var widgets = map[string]any{
	"limit": map[string]any{"loc": map[string]any{"file": "limits.yaml", "line": 3, "column": 7}},
	"widgets": []any{
		map[string]any{"loc": map[string]any{"file": "b.yaml", "line": 4, "column": 3, "pointer": "/widgets/0"}},
		map[string]any{"name": "big", "size": 200, "loc": map[string]any{"file": "a.yaml", "line": 9, "column": 5, "pointer": "/widgets/1"}},
		map[string]any{"name": "mid", "size": 20, "loc": map[string]any{"file": "a.yaml", "line": 2, "column": 5, "pointer": "/widgets/2"}},
		map[string]any{"name": "ok", "size": 1, "loc": map[string]any{"file": "a.yaml", "line": 12, "column": 5}},
	},
}

func TestEval(t *testing.T) {
	e := newTestEngine(t, Options{})
	got, err := e.Eval(context.Background(), widgets)
	if err != nil {
		t.Fatal(err)
	}
	limit := []Related{{Message: "size limit set here", Loc: Loc{File: "limits.yaml", Line: 3, Column: 7}}}
	want := []Result{
		{Rule: "T001", Message: "widget 0 has no name", Loc: Loc{File: "b.yaml", Line: 4, Column: 3, Pointer: "/widgets/0"}},
		{Rule: "T002", Severity: "warning", Message: "widget mid is 20 units", Loc: Loc{File: "a.yaml", Line: 2, Column: 5, Pointer: "/widgets/2"}, Related: limit},
		{Rule: "T002", Severity: "error", Message: "widget big is 200 units", Loc: Loc{File: "a.yaml", Line: 9, Column: 5, Pointer: "/widgets/1"}, Related: limit},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Eval mismatch (-want +got):\n%s", diff)
	}
}

func TestEvalDisabled(t *testing.T) {
	e := newTestEngine(t, Options{Disabled: []string{"T002"}})
	got, err := e.Eval(context.Background(), widgets)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Rule != "T001" {
		t.Errorf("with T002 disabled got %+v, want only T001", got)
	}
	if len(e.Rules()) != 2 {
		t.Errorf("disabled rules must stay in the catalogue, got %d rules", len(e.Rules()))
	}

	none := newTestEngine(t, Options{Disabled: []string{"T001", "T002"}})
	got, err = none.Eval(context.Background(), widgets)
	if err != nil || len(got) != 0 {
		t.Errorf("all rules disabled: got %v, %v; want nothing", got, err)
	}

	if _, err := New(context.Background(), Options{Sources: []Source{testSource()}, Disabled: []string{"T404"}}); err == nil {
		t.Error("disabling an unknown rule: want error")
	}

	all := newTestEngine(t, Options{})
	without, err := all.Without(context.Background(), "T001")
	if err != nil {
		t.Fatal(err)
	}
	got, err = without.Eval(context.Background(), widgets)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if r.Rule == "T001" {
			t.Errorf("Without(T001) still reports %+v", r)
		}
	}
	if len(got) != 2 {
		t.Errorf("Without(T001): %d results, want T002's 2", len(got))
	}
	if res, _ := all.Eval(context.Background(), widgets); len(res) != 3 {
		t.Errorf("Without changed the original engine: %d results, want 3", len(res))
	}
	if _, err := all.Without(context.Background(), "T404"); err == nil {
		t.Error("Without(unknown): want error")
	}
}

func TestEvalCancelled(t *testing.T) {
	e := newTestEngine(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Eval(ctx, widgets); !errors.Is(err, context.Canceled) {
		t.Errorf("Eval with cancelled context: err = %v, want context.Canceled", err)
	}
}

// TestEvalDeadline checks that a slow rule is stopped by the context deadline.
func TestEvalDeadline(t *testing.T) {
	slow := Module{Name: "slow.rego", Src: `# METADATA
# title: Slow
# custom:
#   id: S001
#   severity: info
package custom.slow

deny contains {"message": sprintf("%d", [n])} if {
	some a in numbers.range(1, 3000)
	some b in numbers.range(1, 3000)
	n := a * b
	n == -1
}
`}
	e := newTestEngine(t, Options{Modules: []Module{slow}})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.Eval(ctx, widgets)
	if err == nil {
		t.Fatal("Eval of a slow rule under a short deadline: want error")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Eval took %v after the deadline", d)
	}
}

func rule(id, sev, pkg, body string) Module {
	return Module{Name: strings.ToLower(id) + ".rego", Src: "# METADATA\n# title: Test rule " + id +
		"\n# custom:\n#   id: " + id + "\n#   severity: " + sev + "\npackage " + pkg + "\n\n" + body + "\n"}
}

const okDeny = `deny contains {"message": "m"} if input.x`

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name    string
		modules []Module
		want    string // substring of the error
	}{
		{"syntax", []Module{{Name: "bad.rego", Src: "package x\n\ndeny contains if {"}}, "bad.rego:3"},
		{"duplicate id", []Module{rule("T001", "error", "custom.dup", okDeny)}, "rule id T001 already used by data."},
		{"bad severity", []Module{rule("C001", "fatal", "custom.c1", okDeny)}, `custom.severity "fatal"`},
		{"no title", []Module{{Name: "c.rego", Src: "# METADATA\n# custom:\n#   id: C001\n#   severity: info\npackage custom.c\n\n" + okDeny}}, "title is missing"},
		{"no deny", []Module{rule("C001", "info", "custom.c1", `allow if input.x`)}, "has no deny rule"},
		{"deny without metadata", []Module{{Name: "c.rego", Src: "package custom.c\n\n" + okDeny}}, "defines deny but has no package METADATA"},
		{"id not a string", []Module{{Name: "c.rego", Src: "# METADATA\n# title: t\n# custom:\n#   id: 7\n#   severity: info\npackage custom.c\n\n" + okDeny}}, "custom.id must be a non-empty string"},
		{"strict: unused variable", []Module{rule("C001", "info", "custom.c1", `deny contains {"message": "m"} if { x := 1; input.y }`)}, "assigned var x unused"},
		{"network builtin", []Module{rule("C001", "info", "custom.c1", `deny contains {"message": r.body} if { r := http.send({"method": "get", "url": "http://x"}) }`)}, "http.send"},
		{"runtime builtin", []Module{rule("C001", "info", "custom.c1", `deny contains {"message": "m"} if { opa.runtime().env.HOME }`)}, "opa.runtime"},
		{"twice", []Module{{Name: "testdata/rules/t001.rego", Src: "package z"}}, "loaded twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(context.Background(), Options{Sources: []Source{testSource()}, Modules: tt.modules})
			if err == nil {
				t.Fatalf("New: want error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestEvalBadResults(t *testing.T) {
	tests := []struct {
		name, deny, want string
	}{
		{"not an object", `deny contains "just a string" if true`, "want an object"},
		{"no message", `deny contains {"loc": {"file": "a"}} if true`, "no message string"},
		{"bad severity", `deny contains {"message": "m", "severity": "fatal"} if true`, "severity \"fatal\""},
		{"bad loc", `deny contains {"message": "m", "loc": "a.yaml:1"} if true`, "loc is string"},
		{"bad line", `deny contains {"message": "m", "loc": {"line": "1"}} if true`, "loc.line is string"},
		{"negative column", `deny contains {"message": "m", "loc": {"column": -1}} if true`, "loc.column -1"},
		{"fractional line", `deny contains {"message": "m", "loc": {"line": 1.5}} if true`, "loc.line 1.5"},
		{"related not a list", `deny contains {"message": "m", "related": {"message": "x"}} if true`, "related is map"},
		{"related element", `deny contains {"message": "m", "related": ["x"]} if true`, "related element is string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEngine(t, Options{Modules: []Module{rule("C001", "info", "custom.c1", tt.deny)}})
			_, err := e.Eval(context.Background(), widgets)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "rule C001") {
				t.Errorf("Eval error = %v, want one naming rule C001 and containing %q", err, tt.want)
			}
		})
	}
}

// TestEvalRuleFailure checks that a rule failing at run time is named.
func TestEvalRuleFailure(t *testing.T) {
	conflict := rule("C001", "error", "custom.c1", `x := 1 if input.widgets
x := 2 if input.widgets

deny contains {"message": "m"} if x == 1`)
	e := newTestEngine(t, Options{Modules: []Module{conflict}})
	_, err := e.Eval(context.Background(), widgets)
	if err == nil || !strings.Contains(err.Error(), "rule C001 (c001.rego) failed") {
		t.Errorf("Eval error = %v, want it to name rule C001", err)
	}
}

func TestCustomCapabilities(t *testing.T) {
	caps := DefaultCapabilities()
	for _, b := range caps.Builtins {
		if forbidden(b.Name) {
			t.Errorf("DefaultCapabilities keeps %s", b.Name)
		}
	}
	if caps.AllowNet == nil || len(caps.AllowNet) != 0 {
		t.Errorf("AllowNet = %v, want empty (no host)", caps.AllowNet)
	}
}

func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		if _, err := New(ctx, Options{Sources: []Source{testSource()}}); err != nil {
			b.Fatal(err)
		}
	}
}
