package lint

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/xacct-lint/xacct-lint/internal/facts"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// TestUnitsAgreeWithWhole checks the premise of evaluating units of linked
// documents apart: over every example setup and a generated corpus with
// seeded mistakes, the rules give exactly the findings of one evaluation
// over all documents, whether each unit is evaluated alone or units are
// packed into batches.
func TestUnitsAgreeWithWhole(t *testing.T) {
	ctx := context.Background()
	type setup struct {
		name     string
		docs     []*source.Document
		problems []facts.Problem
		l        *Linter
	}
	var setups []setup
	dirs, err := filepath.Glob("../../examples/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append(dirs, mustGlob(t, "../../examples/known-good/*")...) {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			continue
		}
		cfgPath := filepath.Join(d, DefaultConfigFile)
		var opts []Option
		if cfg, err := LoadConfig(cfgPath); err == nil {
			opts = append(opts, WithConfig(cfg))
		} else if !isNotExist(err) {
			t.Fatal(err)
		}
		l, err := New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		docs, problems := readDocs(t, l, d)
		if len(docs) == 0 {
			continue
		}
		setups = append(setups, setup{name: filepath.Base(d), docs: docs, problems: problems, l: l})
	}
	dir, l := benchCorpus(t, 30)
	setups = append(setups, setup{name: "corpus-30", docs: benchDocs(t, l, dir), l: l})

	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			in, err := s.l.buildFacts(ctx, s.docs)
			if err != nil {
				t.Fatal(err)
			}
			in.Errors = append(in.Errors, s.problems...)
			whole, err := s.l.eng.Eval(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			units := in.Units()
			if got := facts.Merge(units...); len(got.Statements) != len(in.Statements) || len(got.Files) != len(in.Files) {
				t.Errorf("merging the %d units gives %d statements and %d files, want %d and %d",
					len(units), len(got.Statements), len(got.Files), len(in.Statements), len(in.Files))
			}
			for _, size := range []int{1, batchSize} {
				split, err := s.l.evalBatches(ctx, batches(in.Units(), size))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(whole, split); diff != "" {
					t.Errorf("%d units, batch size %d: findings differ from one evaluation (-whole +units):\n%s", len(units), size, diff)
				}
			}
			t.Logf("%d documents, %d units, %d findings", len(s.docs), len(units), len(whole))
		})
	}
}

func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func isNotExist(err error) bool {
	return err != nil && errors.Is(err, fs.ErrNotExist)
}

// readDocs returns the documents Lint would read under dir and the
// problems of the files it cannot parse.
func readDocs(t *testing.T, l *Linter, dir string) ([]*source.Document, []facts.Problem) {
	t.Helper()
	ctx := context.Background()
	cands, err := collect(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.parseAll(ctx, cands)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*source.Document
	var problems []facts.Problem
	for _, r := range res {
		switch {
		case r.err != nil:
			problems = append(problems, *r.err)
		case r.doc != nil:
			docs = append(docs, r.doc)
		}
	}
	return docs, problems
}

// TestInputValueMatchesJSON keeps inputValue equal to the value of the
// facts' JSON encoding, over every example and a corpus with mistakes.
func TestInputValueMatchesJSON(t *testing.T) {
	ctx := context.Background()
	dir, l := benchCorpus(t, 12)
	docs := benchDocs(t, l, dir)
	for _, d := range append(mustGlob(t, "../../examples/*"), mustGlob(t, "../../examples/known-good/*")...) {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			more, _ := readDocs(t, l, d)
			docs = append(docs, more...)
		}
	}
	in, err := l.buildFacts(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	in.Errors = append(in.Errors, facts.Problem{Message: "m", Loc: facts.Loc{File: "f", Line: 1}})
	for _, u := range append(in.Units(), in, &facts.Input{}) {
		want, err := ast.InterfaceToValue(u)
		if err != nil {
			t.Fatal(err)
		}
		if got := inputValue(u); got.Compare(want) != 0 {
			t.Fatalf("inputValue differs from the JSON value:\n got %v\nwant %v", got, want)
		}
	}
	if len(in.Projects) == 0 || len(in.Pipelines) == 0 || len(in.Buckets) == 0 {
		t.Errorf("the facts lack projects, pipelines or buckets: the test covers less than it should")
	}
}
