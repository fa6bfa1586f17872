package facts

import (
	"context"
	"strings"
	"testing"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// TestBuildRecoversPerDocument: a panic while reading one document becomes
// a problem for it; the facts are those of the other documents alone.
func TestBuildRecoversPerDocument(t *testing.T) {
	policy := func(sid string) string {
		return `{"Version": "2012-10-17", "Statement": [{"Sid": "` + sid + `", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
	}
	var docs []*source.Document
	for _, f := range []struct{ path, src string }{{"a.json", policy("A")}, {"b.json", policy("B")}, {"c.json", policy("C")}} {
		d, err := source.Parse(f.path, []byte(f.src))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	in, err := Build(context.Background(), docs, Options{OnDocument: func(path string) {
		if path == "b.json" {
			panic("boom")
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	var files, sids []string
	for _, f := range in.Files {
		files = append(files, f.Path)
	}
	for _, s := range in.Statements {
		sids = append(sids, s.Sid)
	}
	if got := strings.Join(files, " "); got != "a.json c.json" {
		t.Errorf("files = %s, want a.json c.json", got)
	}
	if got := strings.Join(sids, " "); got != "A C" {
		t.Errorf("statements = %s, want A C", got)
	}
	want := Problem{Message: "internal error while reading this document: boom (please report it at https://github.com/xacct-lint/xacct-lint/issues)", Loc: Loc{File: "b.json"}}
	if len(in.Errors) != 1 || in.Errors[0].Message != want.Message || in.Errors[0].Loc.File != want.Loc.File || in.Errors[0].Loc.Line != 0 {
		t.Errorf("errors = %+v, want [%+v]", in.Errors, want)
	}
}
