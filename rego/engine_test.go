package rego_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/xacct-lint/xacct-lint/internal/engine"
	"github.com/xacct-lint/xacct-lint/internal/iameval"
	xrego "github.com/xacct-lint/xacct-lint/rego"
)

// fixture evaluates a Rego expression over the test fixtures
// (lib/fixtures_test.rego) and returns its value as JSON-like Go data.
func fixture(t testing.TB, query string) any {
	t.Helper()
	ctx := context.Background()
	modules, store, err := tester.Load([]string{"lib"}, nil)
	if err != nil {
		t.Fatalf("load fixtures: %v", err)
	}
	opts := append(iameval.RegoOptions(), rego.Query(query), rego.Store(store))
	for _, m := range modules {
		opts = append(opts, rego.ParsedModule(m))
	}
	rs, err := rego.New(opts...).Eval(ctx)
	if err != nil || len(rs) == 0 {
		t.Fatalf("eval %s: %v (%d results)", query, err, len(rs))
	}
	return rs[0].Expressions[0].Value
}

func newEngine(t testing.TB) *engine.Engine {
	t.Helper()
	e, err := engine.New(context.Background(), engine.Options{
		Sources: []engine.Source{{FS: xrego.FS, Dir: ".", Name: "rego", Builtin: true}},
	})
	if err != nil {
		t.Fatalf("engine with the built-in rules: %v", err)
	}
	return e
}

func ruleIDs(rs []engine.Result) []string {
	var ids []string
	for _, r := range rs {
		if !slices.Contains(ids, r.Rule) {
			ids = append(ids, r.Rule)
		}
	}
	slices.Sort(ids)
	return ids
}

// TestEngineRunsBuiltinRules runs the embedded rules through the engine,
// with its capabilities, on the article's setup and on variants of it.
func TestEngineRunsBuiltinRules(t *testing.T) {
	e := newEngine(t)
	for _, id := range []string{"XA001", "XA002", "XA003", "XA005", "XA101", "XA102", "XA103", "XA201", "XA401", "XA501", "XA601", "XA602"} {
		if _, ok := e.Rule(id); !ok {
			t.Errorf("engine catalogue lacks %s", id)
		}
	}
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"article works", `data.xacct.test.fixtures.article`, nil},
		{
			"no key use statement",
			`data.xacct.test.fixtures.article_without([["statements", "key-policy", "use"]])`,
			[]string{"XA103", "XA104"},
		},
		{
			"no target account in bucket policy, no AssumeRole",
			`data.xacct.test.fixtures.article_without([["statements", "bucket-policy", "get-put"], ["statements", "pipeline-policy", "assume"]])`,
			[]string{"XA201", "XA401"},
		},
		{
			"deploy role without S3, KMS and trust",
			`data.xacct.test.fixtures.article_without([["statements", "deploy-policy", "s3"], ["statements", "deploy-policy", "kms"], ["statements", "deploy-trust", "trust"]])`,
			[]string{"XA501", "XA601", "XA602"},
		},
	}
	// What the article gets wrong, found on the unmutated fixture; each
	// variant must add exactly its rules to these.
	baseline := []string{"XA110", "XA205", "XA210", "XA505", "XA506"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			rs, err := e.Eval(ctx, fixture(t, tc.query))
			if err != nil {
				t.Fatalf("eval: %v", err)
			}
			all := ruleIDs(rs)
			if tc.want == nil {
				if !slices.Equal(all, baseline) {
					t.Errorf("article: rules = %v, want %v", all, baseline)
				}
				return
			}
			var got []string
			for _, id := range all {
				if !slices.Contains(baseline, id) {
					got = append(got, id)
				}
			}
			if !slices.Equal(got, tc.want) {
				for _, r := range rs {
					t.Logf("%s %s: %s", r.Rule, r.Loc.File, r.Message)
				}
				t.Errorf("rules = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestEngineNullFields checks that the rules accept the JSON of a Go
// facts.Input whose nil slices and maps marshal as null.
func TestEngineNullFields(t *testing.T) {
	e := newEngine(t)
	// The shape encoding/json gives a facts.Input with nil slices and maps.
	const in = `{
		"version": 1, "files": [{"path": "pipeline.json", "kind": "pipeline", "format": "json", "account": ""}],
		"policies": [{"id": "p", "kind": "bucket", "owner": "b", "account": "", "version": "", "statements": ["s"], "loc": {}, "problems": null}],
		"statements": [{"id": "s", "policy": "p", "kind": "bucket", "owner": "b", "account": "", "sid": "", "effect": "Allow",
			"principals": null, "notPrincipals": null, "actions": null, "notActions": null, "resources": null,
			"notResources": null, "conditions": null,
			"has": {"principal": true, "notPrincipal": false, "action": true, "notAction": false, "resource": true,
				"notResource": false, "condition": false, "unknown": null},
			"loc": {}, "locs": null}],
		"roles": [{"id": "r", "name": "", "arn": "arn:aws:iam::222222222222:role/x", "account": "222222222222", "trust": "p",
			"policies": null, "managedPolicies": null, "complete": true, "loc": {}}],
		"keys": null,
		"buckets": [{"id": "b", "name": "artifact-bucket", "arn": "arn:aws:s3:::artifact-bucket", "account": "", "region": "",
			"encryption": "", "kmsKey": "", "versioning": "", "publicAccessBlock": null, "policies": null, "loc": {}, "locs": null}],
		"pipelines": [{"id": "pl", "source": "pipeline-json", "role": "", "name": "", "roleArn": "arn:aws:iam::111111111111:role/p",
			"account": "111111111111", "region": "", "pipelineType": "", "executionMode": "", "hasVariables": false,
			"hasTriggers": false, "hasArtifactStore": true, "hasArtifactStores": false,
			"artifactStores": [{"region": "", "type": "S3", "location": "artifact-bucket", "encryptionKey": null,
				"bucket": "b", "key": "", "loc": {}}],
			"stages": [{"name": "Deploy", "loc": {}, "actions": [{"name": "Deploy", "category": "Deploy", "owner": "AWS",
				"provider": "CodeDeployToECS", "version": "1", "roleArn": "arn:aws:iam::222222222222:role/x", "role": "r",
				"account": "222222222222", "region": "", "runOrder": "", "namespace": "", "configuration": null,
				"inputArtifacts": ["BuildArtifact"], "outputArtifacts": null, "extra": null, "loc": {}, "locs": null}]}],
			"extra": null, "loc": {}, "locs": null}],
		"values": null, "unresolved": null, "errors": null
	}`
	var v any
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	rs, err := e.Eval(context.Background(), v)
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
	// No encryption key (XA101), no grant in the bucket policy (XA201), no
	// S3 permission on the role (XA601), a trust policy that admits nobody
	// (XA501). The statement has no Action/Resource values: no XA005 for
	// presence, which "has" records. Other rules may fire too on this
	// minimal input (one stage, no versioning); these four must.
	want := []string{"XA101", "XA201", "XA501", "XA601"}
	got := ruleIDs(rs)
	if slices.ContainsFunc(want, func(id string) bool { return !slices.Contains(got, id) }) {
		for _, r := range rs {
			t.Logf("%s: %s", r.Rule, r.Message)
		}
		t.Errorf("rules = %v, want %v", got, want)
	}
}

// BenchmarkRules evaluates every built-in rule over the article's setup
// repeated n times (pipelines, roles and statements), the shape of a large
// repository.
func BenchmarkRules(b *testing.B) {
	e := newEngine(b)
	article := fixture(b, `data.xacct.test.fixtures.article`).(map[string]any)
	const n = 100
	big := map[string]any{}
	for k, v := range article {
		big[k] = v
	}
	for _, key := range []string{"pipelines", "roles", "statements"} {
		items := article[key].([]any)
		var out []any
		for i := range n {
			for _, it := range items {
				c := map[string]any{}
				for k, v := range it.(map[string]any) {
					c[k] = v
				}
				c["id"] = fmt.Sprintf("%v%d", c["id"], i)
				out = append(out, c)
			}
		}
		big[key] = out
	}
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if _, err := e.Eval(ctx, big); err != nil {
			b.Fatal(err)
		}
	}
}
