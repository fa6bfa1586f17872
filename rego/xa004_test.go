package rego_test

import (
	"context"
	"strings"
	"testing"
)

// TestXA004RealActionList runs XA004 through the engine with the action list
// of internal/awsdata (data.xacct.aws.actions), not a test double.
func TestXA004RealActionList(t *testing.T) {
	e := newEngine(t)
	tests := []struct {
		name     string
		query    string
		flagged  []string // actions reported, in this order of appearance in messages
		severity string
	}{
		{
			name:    "article",
			query:   `data.xacct.test.fixtures.article`,
			flagged: nil,
		},
		{
			name:     "identity policy",
			query:    `data.xacct.test.fixtures.article_with({"statements": {"deploy-policy": {"s3": {"actions": ["s3:HeadObject", "kms:ReEncrypt", "kms:GenerateDataKeyWithoutPlainText", "KMS:reencrypt*", "s3:Get*", "lambda:Whatever"]}}}})`,
			flagged:  []string{"kms:ReEncrypt ", "s3:HeadObject "},
			severity: "",
		},
		{
			name:     "bucket policy",
			query:    `data.xacct.test.fixtures.article_with({"statements": {"bucket-policy": {"get-put": {"actions": ["s3:GetObject", "s3:HeadObject"]}}}})`,
			flagged:  []string{"s3:HeadObject "},
			severity: "error",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := e.Eval(context.Background(), fixture(t, tc.query))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				if r.Rule != "XA004" {
					continue
				}
				got = append(got, r.Message)
				if r.Severity != tc.severity {
					t.Errorf("severity %q, want %q: %s", r.Severity, tc.severity, r.Message)
				}
			}
			if len(got) != len(tc.flagged) {
				t.Fatalf("XA004 findings:\n%s\nwant %d, for %v", strings.Join(got, "\n"), len(tc.flagged), tc.flagged)
			}
			for i, want := range tc.flagged {
				if !strings.HasPrefix(got[i], want) {
					t.Errorf("finding %d = %q, want it about %s", i, got[i], want)
				}
			}
		})
	}
}
