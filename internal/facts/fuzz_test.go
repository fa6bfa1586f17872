package facts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// FuzzBuild builds facts from any input the parser accepts, alone and
// together with the article's documents, and checks that nothing panics
// and that every fact points into a known file.
func FuzzBuild(f *testing.F) {
	for _, dir := range []string{"testdata/golden/article", "testdata/golden/cdk"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
				f.Add(data, strings.HasSuffix(e.Name(), ".json"))
			}
		}
	}
	f.Add([]byte(intrinsicsTemplate), false)
	f.Add([]byte(keyPolicyTemplate), false)
	f.Add([]byte("Resources:\n  A: {Type: AWS::IAM::Role, Properties: {RoleName: !GetAtt B.Arn}}\n  B: {Type: AWS::IAM::Role, Properties: {RoleName: !GetAtt A.Arn}}\n"), false)
	f.Add([]byte(`{"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Fn::Sub": ["{\"Statement\": 1}", {}]}}}}}`), true)
	article, _ := os.ReadFile("testdata/golden/article/tools-account.yaml")
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "fuzz.yaml"
		if asJSON {
			name = "fuzz.json"
		}
		d, err := source.Parse(name, data)
		if err != nil {
			return
		}
		docs := []*source.Document{d}
		if a, err := source.Parse("tools.yaml", article); err == nil {
			docs = append(docs, a)
		}
		bind := func(p string) Binding {
			return Binding{Account: "111111111111", Role: map[bool]string{true: "r"}[p == name && len(data)%2 == 0]}
		}
		in, err := Build(context.Background(), docs, Options{Binding: bind})
		if err != nil {
			t.Fatal(err)
		}
		// Build turns a panic reading one document into a problem of that
		// document; for the fuzzer it is still a crash.
		for _, p := range in.Errors {
			if strings.Contains(p.Message, "internal error") {
				t.Fatalf("%s: %s", p.Loc.File, p.Message)
			}
		}
		check := func(what string, l Loc) {
			if l.File != name && l.File != "tools.yaml" {
				t.Fatalf("%s points at unknown file %q", what, l.File)
			}
		}
		for _, s := range in.Statements {
			check("statement "+s.ID, s.Loc)
		}
		for _, v := range in.Values {
			check(fmt.Sprintf("value %q", v.Value), v.Loc)
		}
		ids := map[string]bool{}
		for _, p := range in.Policies {
			if ids[p.ID] {
				t.Fatalf("duplicate policy id %s", p.ID)
			}
			ids[p.ID] = true
		}
	})
}
