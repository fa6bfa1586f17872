package lint

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xacct-lint/xacct-lint/internal/source"
	"github.com/xacct-lint/xacct-lint/pkg/trace"
)

// TestTraceUsesTheLintCompilation: Linter.Trace evaluates the trace with
// the rules the Linter compiled, and gets what a Tracer compiled on its
// own gets; a Linter without the built-in rules compiles the library for
// the trace, and traces the same.
func TestTraceUsesTheLintCompilation(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("..", "..", "examples", "article", "generated")
	cfg, err := LoadConfig(filepath.Join(dir, DefaultConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	l := newLinter(t, WithConfig(cfg), WithFolderConfigs(false))
	got, err := l.Trace(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Actions) == 0 {
		t.Fatal("no action traced")
	}
	again, err := l.Trace(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, again, cmp.AllowUnexported(trace.Action{})); diff != "" {
		t.Errorf("second Trace (-first +second):\n%s", diff)
	}

	// The same facts through a Tracer that compiled the library itself.
	cands, err := collect(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	results, err := l.parseAll(ctx, cands)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*source.Document
	for _, r := range results {
		if r.doc != nil {
			docs = append(docs, r.doc)
		}
	}
	in, err := l.buildFacts(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	own, err := trace.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := own.Evaluate(ctx, inputValue(in))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(trace.Action{})); diff != "" {
		t.Errorf("Linter.Trace (-own compilation +lint's):\n%s", diff)
	}

	custom := newLinter(t, WithConfig(cfg), WithFolderConfigs(false), WithoutBuiltinRules(), WithPolicyDir("testdata/rules"))
	other, err := custom.Trace(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, other, cmp.AllowUnexported(trace.Action{})); diff != "" {
		t.Errorf("Trace without the built-in rules (-own compilation +custom linter):\n%s", diff)
	}
}
