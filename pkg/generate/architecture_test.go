package generate

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/model"
	"github.com/xacct-lint/xacct-lint/pkg/trace"
)

// TestArchitectureAgreesWithTrace traces the committed generated examples
// that have a pipeline.json (with their .xacct-lint.yaml) and compares the
// result with the diagram architecture.md draws from the model: the same
// actions with the same hops, and no hop that the model draws as allowed is
// denied by the documents. (The trace may say unknown where the documents
// alone cannot prove a grant, e.g. PassRole on task roles that only a
// taskdef.json names.)
func TestArchitectureAgreesWithTrace(t *testing.T) {
	for _, ex := range []string{"examples/article", "examples/known-good/two-targets", "examples/known-good/cross-region"} {
		t.Run(ex, func(t *testing.T) {
			s, err := model.Load(filepath.Join(repoRoot, filepath.FromSlash(ex), "xacct.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			p, err := newPlan(s.WithDefaults())
			if err != nil {
				t.Fatal(err)
			}
			want := architectureTrace(p)
			dir := filepath.Join(repoRoot, filepath.FromSlash(ex), "generated")
			cfg, err := lint.LoadConfig(filepath.Join(dir, ".xacct-lint.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			l, err := lint.New(lint.WithConfig(cfg))
			if err != nil {
				t.Fatal(err)
			}
			got, err := l.Trace(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Actions) != len(want.Actions) {
				t.Fatalf("trace has %d actions, the model %d", len(got.Actions), len(want.Actions))
			}
			byRole := map[string]trace.Action{}
			for _, a := range got.Actions {
				byRole[a.RoleArn] = a
			}
			for _, w := range want.Actions {
				g, ok := byRole[w.RoleArn]
				if !ok {
					t.Errorf("no traced action assumes %s", w.RoleArn)
					continue
				}
				if g.Bucket != w.Bucket || g.KeyArn != w.KeyArn || g.Account != w.Account || g.PipelineRoleArn != w.PipelineRoleArn {
					t.Errorf("%s: trace sees bucket %s key %s account %s pipeline role %s; model %s %s %s %s",
						w.RoleArn, g.Bucket, g.KeyArn, g.Account, g.PipelineRoleArn, w.Bucket, w.KeyArn, w.Account, w.PipelineRoleArn)
				}
				if len(g.Hops) != len(w.Hops) {
					t.Errorf("%s: trace hops %v, model %v", w.RoleArn, hopNames(g.Hops), hopNames(w.Hops))
					continue
				}
				for i := range w.Hops {
					if g.Hops[i].Hop != w.Hops[i].Hop {
						t.Errorf("%s: trace hops %v, model %v", w.RoleArn, hopNames(g.Hops), hopNames(w.Hops))
						break
					}
					if g.Hops[i].Verdict == trace.Denied {
						t.Errorf("%s: %s denied by the generated documents: %+v", w.RoleArn, g.Hops[i].Hop, g.Hops[i].Because)
					}
				}
			}
		})
	}
}

func hopNames(hs []trace.Hop) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Hop)
	}
	return out
}
