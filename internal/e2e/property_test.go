package e2e

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"path"
	"path/filepath"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/xacct-lint/xacct-lint/internal/corpus"
	"github.com/xacct-lint/xacct-lint/pkg/generate"
	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/model"
)

var (
	seeds     = flag.Int("seeds", 24, "number of random setups TestGeneratedSetupsLintClean lints (at most 10 with -short)")
	firstSeed = flag.Uint64("seed", 1, "first seed of TestGeneratedSetupsLintClean")
)

// TestGeneratedSetupsLintClean generates the documents of random valid
// setups and lints them: a setup that package generate writes from a valid
// model must never give an error or a warning. A failure prints the seed
// and the model; rerun it alone with -seed N -seeds 1.
func TestGeneratedSetupsLintClean(t *testing.T) {
	n := *seeds
	if testing.Short() {
		n = min(n, 10)
	}
	ctx := context.Background()
	stats := map[string]int{}
	for seed := *firstSeed; seed < *firstSeed+uint64(n); seed++ {
		s := corpus.RandomSetup(rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)))
		if err := s.Validate(); err != nil {
			t.Fatalf("seed %d: the test built an invalid model: %v\n%s", seed, err, dump(s))
		}
		for _, tg := range s.Targets {
			stats[tg.Deploy.Kind]++
			if tg.Region != "" && tg.Region != s.Pipeline.Region {
				stats["cross-region"]++
			}
		}
		if s.Tools.KeyID != "" {
			stats["with key ID"]++
		}
		if s.Build != nil {
			stats["with build"]++
		}
		files, err := generate.Generate(ctx, s)
		if err != nil {
			t.Fatalf("seed %d: generate: %v\n%s", seed, err, dump(s))
		}
		// The documents stay in memory, named as if under dir.
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("seed-%d", seed))
		var cfgPath string
		var cfgData []byte
		var docs []lint.Document
		for _, f := range files {
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			switch ext := path.Ext(f.Name); {
			case path.Base(f.Name) == lint.DefaultConfigFile:
				cfgPath, cfgData = p, f.Data
			case ext == ".json" || ext == ".yaml":
				docs = append(docs, lint.Document{Path: p, Data: f.Data})
			}
		}
		if cfgPath == "" {
			t.Fatalf("seed %d: generate wrote no %s", seed, lint.DefaultConfigFile)
		}
		l := newLinter(t, cfgPath, cfgData)
		rep, err := l.LintDocuments(ctx, docs...)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if rep.Summary.Files != len(docs) {
			t.Errorf("seed %d: %d files linted, want %d", seed, rep.Summary.Files, len(docs))
		}
		if bad := severe(rep); len(bad) > 0 {
			t.Errorf("seed %d: %d errors and warnings on a generated setup:%s\nmodel:\n%s", seed, len(bad), formatFindings(bad), dump(s))
		}
	}
	t.Logf("%d setups from seed %d: %v", n, *firstSeed, stats)
}

// dump prints a setup as xacct.yaml.
func dump(s *model.Setup) string {
	b, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("(cannot print the model: %v)", err)
	}
	return string(b)
}
