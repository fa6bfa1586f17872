package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// matchSchema validates doc against a JSON schema (draft 4 to 7) with OPA's
// json.match_schema, and returns the validation errors.
func matchSchema(t *testing.T, schema, doc []byte) []string {
	t.Helper()
	var s, d any
	if err := json.Unmarshal(schema, &s); err != nil {
		t.Fatalf("schema: %v", err)
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatalf("document: %v", err)
	}
	rs, err := rego.New(
		rego.Query("[ok, errs] := json.match_schema(input.doc, input.schema)"),
		rego.Input(map[string]any{"doc": d, "schema": s}),
	).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatalf("match schema: %v (%d results)", err, len(rs))
	}
	if ok, _ := rs[0].Bindings["ok"].(bool); ok {
		return nil
	}
	var out []string
	for _, e := range rs[0].Bindings["errs"].([]any) {
		out = append(out, fmt.Sprint(e))
	}
	if len(out) == 0 {
		out = []string{"not valid"}
	}
	return out
}

// TestSARIFSchema validates the SARIF output against the SARIF 2.1.0 schema
// of the OASIS TC (testdata/README.md): every kind of result (related
// locations, suppressions, no position, absolute paths), a rule turned off,
// and an empty report. It also checks that the validator does reject a
// broken log, so that a pass means something.
func TestSARIFSchema(t *testing.T) {
	schema, err := os.ReadFile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	rules := []lint.Rule{
		{ID: "XA001", Title: "File cannot be parsed", Severity: lint.SeverityError, DefaultSeverity: lint.SeverityError, HelpURL: "https://example.com/XA001.md"},
		{ID: "XA110", Title: "Key rotation disabled", Severity: lint.SeverityOff, DefaultSeverity: lint.SeverityInfo, Description: "d", Remediation: "r"},
	}
	reports := map[string]*lint.Report{
		"sample":            sample(),
		"empty":             {Version: lint.ReportVersion},
		"sample, catalogue": sample(),
	}
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			opts := Options{ToolVersion: "1.2.3"}
			if name == "sample, catalogue" {
				opts.Rules = rules
			}
			var buf bytes.Buffer
			if err := Write(&buf, r, FormatSARIF, opts); err != nil {
				t.Fatal(err)
			}
			if errs := matchSchema(t, schema, buf.Bytes()); errs != nil {
				t.Errorf("SARIF output is not valid SARIF 2.1.0:\n%v\n%s", errs, buf.String())
			}
		})
	}
	for name, bad := range map[string]string{
		"wrong version":        `{"version": "2.0.0", "runs": []}`,
		"result level":         `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}`,
		"suppression kind":     `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "suppressions": [{"kind": "inline"}]}]}]}`,
		"region start line 0":  `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}]}]}`,
		"unknown run property": `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "pointer": "/a"}]}`,
	} {
		if errs := matchSchema(t, schema, []byte(bad)); errs == nil {
			t.Errorf("%s: the schema check accepts %s", name, bad)
		}
	}
}
