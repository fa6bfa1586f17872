package rego_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xacct-lint/xacct-lint/internal/facts"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// TestExamples runs the built-in rules over the facts of the article's
// documents: the setup as published must give exactly the findings for what
// the article gets wrong (a false alarm on what works is a bug), and the
// verbatim article its placeholders.
func TestExamples(t *testing.T) {
	bindings := map[string]facts.Binding{
		"tools-account.yaml":           {Account: "111111111111"},
		"pipeline.json":                {Account: "111111111111"},
		"pipeline-role-policy.json":    {Account: "111111111111", Role: "cross-pipeline-role"},
		"target-codedeploy-role.yaml":  {Account: "222222222222"},
		"codedeploy-role-policy.json":  {Account: "222222222222", Role: "cross-account-codedeploy-role"},
		"codedeploy-trust-policy.json": {Account: "222222222222", Role: "cross-account-codedeploy-role"},
	}
	tests := []struct {
		dir      string
		want     []string // rule IDs found
		unparsed []string // files that do not parse (XA001, reported by the linter)
	}{
		// What the article gets wrong, and nothing else (issue 5): the
		// bucket's AES256 default against its aws:kms-only deny (XA205),
		// account B allowed to write artifacts it never produces (XA210),
		// trust by role ARN (XA505), one role as CodeDeploy service role and
		// action role (XA506), key rotation not enabled (XA110, info).
		{dir: "article-as-published", want: []string{"XA110", "XA205", "XA210", "XA505", "XA506"}},
		{dir: "article-verbatim", want: []string{"XA002", "XA205"}, unparsed: []string{"pipeline.json"}},
	}
	e := newEngine(t)
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join("..", "examples", tc.dir, "*.*"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no example files in %s: %v", tc.dir, err)
			}
			var docs []*source.Document
			for _, f := range files {
				if strings.HasPrefix(filepath.Base(f), ".") || filepath.Ext(f) == ".md" {
					continue
				}
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				d, err := source.Parse(filepath.Base(f), b)
				if err != nil {
					if !slices.Contains(tc.unparsed, filepath.Base(f)) {
						t.Errorf("parse %s: %v", f, err)
					}
					continue
				}
				docs = append(docs, d)
			}
			in, err := facts.Build(context.Background(), docs, facts.Options{
				Binding: func(p string) facts.Binding { return bindings[p] },
			})
			if err != nil {
				t.Fatalf("build facts: %v", err)
			}
			if len(in.Statements) == 0 || len(in.Roles) == 0 {
				t.Fatalf("facts have %d statements and %d roles: the rules would have nothing to check", len(in.Statements), len(in.Roles))
			}
			b, err := json.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			rs, err := e.Eval(context.Background(), v)
			if err != nil {
				t.Fatalf("eval: %v", err)
			}
			if got := ruleIDs(rs); !slices.Equal(got, tc.want) {
				for _, r := range rs {
					t.Logf("%s %s:%d: %s", r.Rule, r.Loc.File, r.Loc.Line, r.Message)
				}
				t.Errorf("rules = %v, want %v", got, tc.want)
			}
		})
	}
}
