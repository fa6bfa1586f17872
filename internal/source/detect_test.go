package source

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            DocKind
	}{
		{"template by Resources", "t.yaml", "Resources:\n  A: {Type: X}\n", KindTemplate},
		{"template by version", "t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\n", KindTemplate},
		{"Resources not a map", "t.yaml", "Resources: [a]\n", KindUnknown},
		{"pipeline.json", "p.json", `{"pipeline": {"name": "p", "roleArn": "r"}}`, KindPipeline},
		{"pipeline with stages", "p.json", `{"pipeline": {"stages": []}}`, KindPipeline},
		{"bare declaration", "p.yaml", "stages: []\nartifactStores: {}\n", KindPipeline},
		{"bare declaration single store", "p.yaml", "stages: []\nartifactStore: {}\n", KindPipeline},
		{"pipeline without shape", "p.json", `{"pipeline": {"name": "p"}}`, KindUnknown},
		{"trust policy", "t.json", `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "x"}, "Action": "sts:AssumeRole"}]}`, KindTrustPolicy},
		{"trust policy list actions", "t.json", `{"Statement": {"Principal": "*", "Action": ["sts:AssumeRoleWithWebIdentity", "STS:TagSession"]}}`, KindTrustPolicy},
		{"trust without principal", "t.json", `{"Statement": [{"Action": "sts:AssumeRole"}]}`, KindPolicy},
		{"mixed statements", "t.json", `{"Statement": [{"Principal": "*", "Action": "sts:AssumeRole"}, {"Principal": "*", "Action": "s3:GetObject"}]}`, KindPolicy},
		{"identity policy", "t.json", `{"Version": "2012-10-17", "Statement": [{"Action": "s3:*", "Resource": "*"}]}`, KindPolicy},
		{"package.json", "package.json", `{"name": "x", "version": "1.0.0"}`, KindUnknown},
		{"scalar", "t.yaml", "hello\n", KindUnknown},
		{"list", "t.json", "[1]", KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.path, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Kind != tt.want {
				t.Errorf("Kind = %q, want %q", doc.Kind, tt.want)
			}
		})
	}
	if Detect(nil) != KindUnknown {
		t.Error("Detect(nil) is not unknown")
	}
}

func TestArticleKinds(t *testing.T) {
	for file, want := range map[string]DocKind{
		"testdata/article/codedeploy-role-policy.json":   KindPolicy,
		"testdata/article/codedeploy-trust-policy.json":  KindTrustPolicy,
		"testdata/article/pipeline-role-policy.json":     KindPolicy,
		"testdata/article/pipeline-without-comment.json": KindPipeline,
		"testdata/article/tools-snippet.yaml":            KindUnknown, // resources without the Resources: line
		"testdata/bench/template.yaml":                   KindTemplate,
	} {
		if got := mustParseFile(t, file).Kind; got != want {
			t.Errorf("%s: Kind = %q, want %q", file, got, want)
		}
	}
}

func TestLooksRelevant(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"AWSTemplateFormatVersion: '2010-09-09'", true},
		{"Resources:\n", true},
		{`{"Statement": []}`, true},
		{`{"pipeline": {}}`, true},
		{"pipeline:\n  name: x\n", true},
		{"stages: []\nartifactStores: {}\n", true},
		{`{"name": "app", "dependencies": {}}`, false},
		{"apiVersion: v1\nkind: Pod\nspec:\n  resources: {}\n  {{ .Values.x }}\n", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := LooksRelevant([]byte(tt.src)); got != tt.want {
			t.Errorf("LooksRelevant(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestInterface(t *testing.T) {
	doc, err := Parse("t.yaml", []byte("s: x\ni: 42\nhex: 0x1F\noct: 0o17\nplus: +1\nlead: 007\ndot: .5\ntrail: 1.\nexp: 1E3\ninf: .inf\nb: True\nn: ~\nl: [1, 'a']\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"s": "x", "i": json.Number("42"), "hex": json.Number("31"), "oct": json.Number("15"),
		"plus": json.Number("1"), "lead": json.Number("7"), "dot": json.Number("0.5"),
		"trail": json.Number("1.0"), "exp": json.Number("1E3"), "inf": ".inf", "b": true, "n": nil,
		"l": []any{json.Number("1"), "a"},
	}
	got := doc.Root.Interface()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := json.Marshal(got); err != nil {
		t.Errorf("not JSON-encodable: %v", err)
	}
	var nilNode *Node
	if nilNode.Interface() != nil {
		t.Error("nil node is not nil")
	}
}

func TestEscapePointer(t *testing.T) {
	for in, want := range map[string]string{
		"Resources":  "Resources",
		"a/b":        "a~1b",
		"~x":         "~0x",
		"~/":         "~0~1",
		"Fn::GetAtt": "Fn::GetAtt",
	} {
		if got := EscapePointer(in); got != want {
			t.Errorf("EscapePointer(%q) = %q, want %q", in, got, want)
		}
	}
}
