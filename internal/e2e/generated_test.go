package e2e

import (
	"context"
	"flag"
	"path/filepath"
	"testing"

	"github.com/xacct-lint/xacct-lint/pkg/generate"
	"github.com/xacct-lint/xacct-lint/pkg/model"
)

var update = flag.Bool("update", false, "rewrite the generated/ folders of the known-good setups")

// TestKnownGoodGeneratedUpToDate checks that the known-good setups made by
// the generator are what it makes today from their xacct.yaml; run with
// -update to rewrite them.
func TestKnownGoodGeneratedUpToDate(t *testing.T) {
	for _, name := range []string{"two-targets", "cross-region"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(examplesDir, "known-good", name)
			s, err := model.Load(filepath.Join(dir, "xacct.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			files, err := generate.Generate(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "generated")
			if *update {
				if err := generate.Write(context.Background(), out, files); err != nil {
					t.Fatal(err)
				}
				return
			}
			diffs, err := generate.Check(out, files)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diffs {
				t.Errorf("%s/%s is stale (go test ./internal/e2e -run %s -update):\n%s", out, d.Name, t.Name(), d.Unified)
			}
		})
	}
}
