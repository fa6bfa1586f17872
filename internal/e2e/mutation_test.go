package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// A mutation is one documented mistake applied to a good setup.
type mutation struct {
	setup string // a goodSetups name
	name  string // the mistake
	edits []edit
	// want are the rules expected to report errors or warnings: exactly
	// these, no other.
	want []string
	// info are rules expected among the info findings (others may be
	// there too).
	info []string
}

// row is the outcome of one mutation, for the table in the test log.
type row struct {
	m             mutation
	skipped       string
	severe, infos []string
}

// TestMutations breaks each good setup one documented mistake at a time and
// checks that exactly the expected rules fire. The table of mutations and
// the rules that fired is in the test log (go test -v -run TestMutations).
func TestMutations(t *testing.T) {
	ctx := context.Background()
	type base struct {
		ld    *loaded
		paths []string // the documents mutations lint
		l     *lint.Linter
	}
	bases := map[string]*base{}
	for _, s := range goodSetups {
		dir, generated := setupDir(t, s.name)
		ld := loadSetup(ctx, t, dir)
		b := &base{ld: ld, l: newLinter(t, ld.cfgPath, ld.cfgData)}
		for _, p := range ld.paths {
			if generated && strings.HasPrefix(filepath.ToSlash(p), filepath.ToSlash(dir)+"/policies/") {
				continue
			}
			b.paths = append(b.paths, p)
		}
		rep, err := b.l.LintDocuments(ctx, documents(b.paths, ld.files)...)
		if err != nil {
			t.Fatal(err)
		}
		if bad := severe(rep); len(bad) > 0 {
			t.Fatalf("%s before any mutation: %d errors and warnings:%s", s.name, len(bad), formatFindings(bad))
		}
		bases[s.name] = b
	}
	known := map[string]bool{}
	var catalogue []string
	for _, r := range bases["article-fixed"].l.Rules() {
		known[r.ID] = true
		if r.Builtin {
			catalogue = append(catalogue, r.ID)
		}
	}

	rows := make([]row, len(mutations))
	var mu sync.Mutex
	t.Run("m", func(t *testing.T) {
		for i, m := range mutations {
			rules := append(slices.Clone(m.want), m.info...)
			t.Run(m.setup+"/"+strings.Join(rules, "+")+"/"+m.name, func(t *testing.T) {
				t.Parallel()
				r := row{m: m}
				defer func() {
					mu.Lock()
					rows[i] = r
					mu.Unlock()
				}()
				b, ok := bases[m.setup]
				if !ok {
					t.Fatalf("no good setup called %q", m.setup)
				}
				files := b.ld.files
				if b.ld.cfgPath != "" {
					files = make(map[string][]byte, len(b.ld.files)+1)
					for p, d := range b.ld.files {
						files[p] = d
					}
					files[b.ld.cfgPath] = b.ld.cfgData
				}
				mutated, err := applyEdits(b.ld.dir, files, m.edits)
				if err != nil {
					t.Fatalf("mutation does not apply: %v", err)
				}
				l := b.l
				if cfg := mutated[b.ld.cfgPath]; b.ld.cfgPath != "" && string(cfg) != string(b.ld.cfgData) {
					l = newLinter(t, b.ld.cfgPath, cfg)
				}
				rep, err := l.LintDocuments(ctx, documents(b.paths, mutated)...)
				if err != nil {
					t.Fatal(err)
				}
				r.severe = ruleSet(rep, lint.SeverityError, lint.SeverityWarning)
				r.infos = ruleSet(rep, lint.SeverityInfo)
				// The edits apply and the result is linted even when a rule
				// does not exist yet: the table shows what fires meanwhile.
				for _, id := range rules {
					if !known[id] {
						r.skipped = id
						t.Skipf("rule %s does not exist yet; fired: %v (info %v)", id, r.severe, r.infos)
					}
				}
				want := slices.Sorted(slices.Values(m.want))
				if !slices.Equal(r.severe, want) {
					t.Errorf("errors and warnings from rules %v, want exactly %v:%s", r.severe, want, formatFindings(severe(rep)))
				}
				for _, id := range m.info {
					if !slices.Contains(r.infos, id) {
						t.Errorf("no info finding of %s (info from %v):%s", id, r.infos, formatFindings(rep.Findings))
					}
				}
			})
		}
	})

	var tbl strings.Builder
	fmt.Fprintf(&tbl, "\n%-14s %-58s %-16s %s\n", "setup", "mutation", "expected", "fired (info)")
	covered := map[string]bool{}
	for _, r := range rows {
		exp := strings.Join(append(slices.Clone(r.m.want), r.m.info...), ",")
		got := strings.Join(r.severe, ",")
		if got == "" {
			got = "-"
		}
		if len(r.infos) > 0 {
			got += " (" + strings.Join(r.infos, ",") + ")"
		}
		if r.skipped != "" {
			got = "skipped, " + r.skipped + " not implemented; fired: " + got
		}
		fmt.Fprintf(&tbl, "%-14s %-58s %-16s %s\n", r.m.setup, r.m.name, exp, got)
		for _, id := range append(slices.Clone(r.m.want), r.m.info...) {
			covered[id] = true
		}
	}
	t.Log(tbl.String())
	var uncovered []string
	for _, id := range catalogue {
		if !covered[id] {
			uncovered = append(uncovered, id)
		}
	}
	// Every rule of the catalogue must be shown to fire on a real setup.
	if len(uncovered) > 0 {
		t.Errorf("built-in rules without a mutation in the table: %s; add a row to mutations (table_test.go)", strings.Join(uncovered, " "))
	}
}
