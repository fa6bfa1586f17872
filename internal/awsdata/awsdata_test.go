package awsdata

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

func TestDataFile(t *testing.T) {
	d, err := Data()
	if err != nil {
		t.Fatal(err)
	}
	if d.Source == "" || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(d.Retrieved) {
		t.Errorf("source %q / retrieved %q: want both, date as YYYY-MM-DD", d.Source, d.Retrieved)
	}
	want := []string{
		"AWSCodeDeployRoleForECS", "AWSCodeDeployRoleForECSLimited", "AWSCodeDeployRole",
		"AmazonECS_FullAccess", "AmazonS3ReadOnlyAccess", "AmazonS3FullAccess",
		"AWSCodePipeline_FullAccess", "PowerUserAccess", "AdministratorAccess",
		"AWSCodeDeployFullAccess", "AWSCloudFormationFullAccess",
	}
	for _, name := range want {
		p, ok := d.Policies[name]
		if !ok {
			t.Errorf("policy %s missing", name)
			continue
		}
		if !strings.HasSuffix(p.Arn, "/"+name) {
			t.Errorf("%s: arn %q does not end in its name", name, p.Arn)
		}
		var doc struct {
			Version   string
			Statement []map[string]any
		}
		if err := json.Unmarshal(p.Document, &doc); err != nil {
			t.Errorf("%s: document: %v", name, err)
			continue
		}
		if doc.Version != "2012-10-17" || len(doc.Statement) == 0 {
			t.Errorf("%s: document has version %q and %d statements", name, doc.Version, len(doc.Statement))
		}
		for i, s := range doc.Statement {
			if s["Effect"] != "Allow" || (s["Action"] == nil) == (s["NotAction"] == nil) || s["Resource"] == nil {
				t.Errorf("%s: statement %d malformed: %v", name, i, s)
			}
		}
	}
}

func TestManagedPolicy(t *testing.T) {
	tests := []struct {
		arn, name string
		ok        bool
		contains  string
	}{
		{"arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS", "AWSCodeDeployRoleForECS", true, `"iam:PassedToService"`},
		{"arn:aws-cn:iam::aws:policy/AWSCodeDeployRoleForECS", "AWSCodeDeployRoleForECS", true, "ecs-tasks.amazonaws.com"},
		{"arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole", "AWSCodeDeployRole", true, "autoscaling:CompleteLifecycleAction"},
		{"arn:aws:iam::aws:policy/AWSCodeDeployRole", "", false, ""}, // wrong path
		{"arn:aws:iam::aws:policy/ReadOnlyAccess", "", false, ""},
		{"arn:aws:iam::123456789012:policy/AWSCodeDeployRoleForECS", "", false, ""},
		{"AWSCodeDeployRoleForECS", "", false, ""},
		{"", "", false, ""},
	}
	for _, tt := range tests {
		doc, name, ok := ManagedPolicy(tt.arn)
		if ok != tt.ok || name != tt.name || !strings.Contains(string(doc), tt.contains) {
			t.Errorf("ManagedPolicy(%q) = (%d bytes, %q, %v), want (… %q, %q, %v)", tt.arn, len(doc), name, ok, tt.contains, tt.name, tt.ok)
		}
	}
	if !IsManagedPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess") || IsManagedPolicyArn("arn:aws:iam::123456789012:policy/x") {
		t.Error("IsManagedPolicyArn wrong")
	}
	if got := len(Names()); got != 11 {
		t.Errorf("Names() has %d names, want 11", got)
	}
}
