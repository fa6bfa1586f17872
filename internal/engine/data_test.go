package engine

import (
	"context"
	"slices"
	"testing"
)

// unknownActionRule flags input.actions that data.xacct.aws.actions lacks.
const unknownActionRule = `# METADATA
# title: Unknown action
# custom:
#   id: D001
#   severity: warning
package xacct.rules.d001

deny contains {"message": a, "loc": {"file": "x", "line": 1, "column": 1}} if {
	some a in input.actions
	[svc, name] := split(a, ":")
	known := {lower(n) | some n in data.xacct.aws.actions[lower(svc)]}
	not known[lower(name)]
}
`

func TestBaseDataVisibleToRules(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{Modules: []Module{{Name: "d001.rego", Src: unknownActionRule, Builtin: true}}})
	if err != nil {
		t.Fatal(err)
	}
	input := map[string]any{"actions": []any{"s3:GetObject", "s3:HeadObject", "kms:ReEncrypt", "KMS:generatedatakeywithoutplaintext", "sts:AssumeRole"}}
	check := func(e *Engine) {
		t.Helper()
		rs, err := e.Eval(ctx, input)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rs {
			got = append(got, r.Message)
		}
		slices.Sort(got)
		if want := []string{"kms:ReEncrypt", "s3:HeadObject"}; !slices.Equal(got, want) {
			t.Errorf("unknown actions = %v, want %v", got, want)
		}
	}
	check(e)
	// An engine derived with Without shares the data.
	e2, err := e.Without(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check(e2)
}

func TestBaseDataShape(t *testing.T) {
	d := BaseData()
	aws := d["xacct"].(map[string]any)["aws"].(map[string]any)
	actions := aws["actions"].(map[string]any)
	kms, ok := actions["kms"].([]any)
	if !ok || !slices.Contains(kms, any("Decrypt")) {
		t.Fatalf("data.xacct.aws.actions.kms = %v", actions["kms"])
	}
}
