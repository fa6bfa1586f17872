package awsdata

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestIAMActionDataFile(t *testing.T) {
	d, err := IAMActionData()
	if err != nil {
		t.Fatal(err)
	}
	if d.Source == "" || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(d.Retrieved) {
		t.Errorf("source %q / retrieved %q: want both, date as YYYY-MM-DD", d.Source, d.Retrieved)
	}
	for _, svc := range []string{"s3", "kms", "sts", "iam", "codepipeline", "codedeploy", "ecs", "codebuild", "cloudformation", "ecr", "codestar-connections", "codeconnections"} {
		names := d.Actions[svc]
		if len(names) < 10 && svc != "sts" {
			t.Errorf("service %s: %d actions, want the whole list", svc, len(names))
		}
		seen := map[string]bool{}
		for _, n := range names {
			if !regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`).MatchString(n) {
				t.Errorf("%s:%s: not an action name", svc, n)
			}
			if seen[strings.ToLower(n)] {
				t.Errorf("%s:%s: listed twice", svc, n)
			}
			seen[strings.ToLower(n)] = true
		}
	}
	if got := IAMServices(); !slices.IsSorted(got) || len(got) != len(d.Actions) {
		t.Errorf("IAMServices() = %v", got)
	}
}

func TestKnownIAMAction(t *testing.T) {
	tests := []struct {
		action         string
		known, covered bool
	}{
		{"s3:GetObject", true, true},
		{"S3:getobject", true, true},
		{"s3:HeadObject", false, true}, // the API call HeadObject is authorised by s3:GetObject
		{"kms:ReEncrypt", false, true}, // the actions are kms:ReEncryptFrom and kms:ReEncryptTo
		{"kms:ReEncryptFrom", true, true},
		{"kms:GenerateDataKeyWithoutPlainText", true, true},
		{"sts:AssumeRole", true, true},
		{"iam:PassRole", true, true},
		{"ecs:RegisterTaskDefinition", true, true},
		{"codedeploy:CreateDeployment", true, true},
		{"codepipeline:StartPipelineExecution", true, true},
		{"codestar-connections:UseConnection", true, true},
		{"codeconnections:UseConnection", true, true},
		{"lambda:InvokeFunction", false, false}, // not covered: never judged
		{"kms", false, false},
		{"", false, false},
	}
	for _, tc := range tests {
		known, covered := KnownIAMAction(tc.action)
		if known != tc.known || covered != tc.covered {
			t.Errorf("KnownIAMAction(%q) = %v, %v; want %v, %v", tc.action, known, covered, tc.known, tc.covered)
		}
	}
}

func TestIAMActionsIsACopy(t *testing.T) {
	a := IAMActions()
	a["kms"] = nil
	delete(a, "s3")
	b := IAMActions()
	if len(b["kms"]) == 0 || len(b["s3"]) == 0 {
		t.Fatal("IAMActions returned shared state")
	}
}

// TestManagedPoliciesUseKnownActions checks the action list against the AWS
// managed policies copied whole in managed-policies.json: every action they
// name for a covered service must be in the list, or the list is stale.
func TestManagedPoliciesUseKnownActions(t *testing.T) {
	d, err := Data()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for name, p := range d.Policies {
		var doc struct {
			Statement []struct {
				Action    any
				NotAction any
			}
		}
		if err := json.Unmarshal(p.Document, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, s := range doc.Statement {
			for _, a := range append(list(s.Action), list(s.NotAction)...) {
				if strings.ContainsAny(a, "*?") {
					continue
				}
				known, covered := KnownIAMAction(a)
				if covered {
					checked++
					if !known {
						t.Errorf("managed policy %s uses %s, which iam-actions.json does not list", name, a)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no managed-policy action was checked")
	}
	t.Logf("%d managed-policy actions found in the list", checked)
}

func list(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
