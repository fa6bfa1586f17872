package lint

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xacct-lint/xacct-lint/internal/corpus"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// The cost of New (compiling and preparing the embedded rules) is
// BenchmarkNew in lint_test.go.

// benchSizes are the corpus sizes, in setups, of the benchmarks below. A
// setup is 8–25 documents; every fifth one carries seeded mistakes and
// every one comes with an unrelated document the linter skips.
var benchSizes = []int{1, 100, 1000}

// benchCorpus writes a corpus of n setups (seed 1) to a temporary folder
// and returns the folder and a Linter configured with the corpus's
// .xacct-lint.yaml.
func benchCorpus(b testing.TB, n int) (string, *Linter) {
	b.Helper()
	dir := b.TempDir()
	if _, err := corpus.Write(context.Background(), dir, corpus.Options{Setups: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	cfg, err := LoadConfig(filepath.Join(dir, DefaultConfigFile))
	if err != nil {
		b.Fatal(err)
	}
	// At 1,000 setups the rules take minutes today (docs/performance.md);
	// the benchmark measures that rather than failing at the default timeout.
	l, err := New(WithConfig(cfg), WithEvalTimeout(time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	return dir, l
}

// benchDocs returns the parsed documents of the corpus in dir, as Lint
// reads them.
func benchDocs(b testing.TB, l *Linter, dir string) []*source.Document {
	b.Helper()
	ctx := context.Background()
	cands, err := collect(ctx, []string{dir})
	if err != nil {
		b.Fatal(err)
	}
	res, err := l.parseAll(ctx, cands)
	if err != nil {
		b.Fatal(err)
	}
	var docs []*source.Document
	for _, r := range res {
		if r.err != nil {
			b.Fatalf("%s: %s", r.err.Loc.File, r.err.Message)
		}
		if r.doc != nil {
			docs = append(docs, r.doc)
		}
	}
	return docs
}

// BenchmarkCorpusLoad measures finding, reading and parsing (with positions) the
// files of a corpus, the unrelated ones included.
func BenchmarkCorpusLoad(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("setups=%d", n), func(b *testing.B) {
			dir, l := benchCorpus(b, n)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				cands, err := collect(ctx, []string{dir})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := l.parseAll(ctx, cands); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCorpusFacts measures building the rules' input from parsed documents.
func BenchmarkCorpusFacts(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("setups=%d", n), func(b *testing.B) {
			dir, l := benchCorpus(b, n)
			docs := benchDocs(b, l, dir)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := l.buildFacts(ctx, docs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCorpusEval measures evaluating every rule over the facts of a corpus.
func BenchmarkCorpusEval(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("setups=%d", n), func(b *testing.B) {
			dir, l := benchCorpus(b, n)
			ctx := context.Background()
			in, err := l.buildFacts(ctx, benchDocs(b, l, dir))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var res int
			for b.Loop() {
				r, err := l.eng.Eval(ctx, in)
				if err != nil {
					b.Fatal(err)
				}
				res = len(r)
			}
			b.ReportMetric(float64(res), "results")
		})
	}
}

// BenchmarkCorpusLint measures a whole Lint call over a corpus folder, with a
// Linter built beforehand.
func BenchmarkCorpusLint(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("setups=%d", n), func(b *testing.B) {
			dir, l := benchCorpus(b, n)
			ctx := context.Background()
			b.ReportAllocs()
			var rep *Report
			for b.Loop() {
				var err error
				if rep, err = l.Lint(ctx, dir); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rep.Summary.Files), "files")
			b.ReportMetric(float64(len(rep.Findings)), "findings")
		})
	}
}

// TestBenchCorpusFindsSeededMistakes keeps the benchmarks honest: the
// corpus they lint has errors and warnings only in the setups with seeded
// mistakes (the clean setups are generated from valid models), at least one
// such setup is flagged, and the unrelated documents (a Helm template that
// is no YAML among them) give no error.
func TestBenchCorpusFindsSeededMistakes(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and lints a corpus of 20 setups")
	}
	dir := t.TempDir()
	st, err := corpus.Write(context.Background(), dir, corpus.Options{Setups: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if st.Mistaken == 0 || st.Unrelated == 0 {
		t.Fatalf("the corpus has %d setups with mistakes and %d unrelated documents; want some of each", st.Mistaken, st.Unrelated)
	}
	cfg, err := LoadConfig(filepath.Join(dir, DefaultConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	l, err := New(WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.Lint(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Severity != SeverityError && f.Severity != SeverityWarning {
			continue
		}
		rel, err := filepath.Rel(dir, f.File)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) < 2 || !strings.HasPrefix(parts[0], "m") {
			t.Errorf("%s %s on a clean or unrelated document: %s:%d %s", f.Rule, f.Severity, rel, f.Line, f.Message)
			continue
		}
		flagged[parts[0]] = true
	}
	if len(flagged) == 0 {
		t.Errorf("no error or warning in any of the %d setups with seeded mistakes", st.Mistaken)
	}
	t.Logf("%d of %d setups with seeded mistakes flagged; mistakes: %v", len(flagged), st.Mistaken, st.Mistakes)
}
