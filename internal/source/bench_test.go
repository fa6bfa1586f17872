package source

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParse parses a 313-line CloudFormation template (the article's
// resources plus parameters, conditions, a pipeline and outputs).
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/bench/template.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("template.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseJSON parses the article's pipeline.json (comment removed),
// repeated as the stages of one pipeline, through the strict JSON parser.
func BenchmarkParseJSON(b *testing.B) {
	one, err := os.ReadFile("testdata/article/pipeline-without-comment.json")
	if err != nil {
		b.Fatal(err)
	}
	data := append([]byte(`{"all": [`), bytes.Repeat(append(one, ','), 20)...)
	data = append(data, []byte(`{}]}`)...)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("pipeline.json", data); err != nil {
			b.Fatal(err)
		}
	}
}
