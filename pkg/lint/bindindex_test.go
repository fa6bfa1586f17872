package lint

import (
	"fmt"
	"testing"
)

// TestBindingIndexFirstMatch: the index gives the same entry as trying every
// entry in order, for literal, wildcard-first and ** globs mixed.
func TestBindingIndexFirstMatch(t *testing.T) {
	docs := []DocumentBinding{
		{Path: "tools-account.yaml"},
		{Path: "./s1/pipeline.json"},
		{Path: "*.json"},
		{Path: "s1/**/*.yaml"},
		{Path: "**/target-*.yaml"},
		{Path: "s2/target-prod.yaml"},
		{Path: "s[12]/policies/*.json"},
		{Path: "s1/policies/pipeline-role-*.json"},
		{Path: "**"},
	}
	files := []string{
		"tools-account.yaml", "pipeline.json", "s1/pipeline.json", "s1/target-prod.yaml",
		"s1/deep/x/target-a.yaml", "s2/target-prod.yaml", "s2/target-dev.yaml",
		"s1/policies/pipeline-role-policy.json", "s2/policies/x.json", "s3/x.txt", "other",
	}
	x := newBindingIndex(docs)
	for _, f := range files {
		wantI, wantOK := -1, false
		for i, d := range docs {
			if matchGlob(d.Path, f) {
				wantI, wantOK = i, true
				break
			}
		}
		gotI, gotOK := x.first(docs, f)
		if !gotOK {
			gotI = -1
		}
		if gotI != wantI || gotOK != wantOK {
			t.Errorf("%s: index gives entry %d (%v), linear scan %d (%v)", f, gotI, gotOK, wantI, wantOK)
		}
	}
}

// BenchmarkBinding binds the files of n setup folders against a
// configuration with per-folder entries, as a large repository has.
func BenchmarkBinding(b *testing.B) {
	for _, n := range []int{100, 1000} {
		var docs []DocumentBinding
		var files []string
		for i := range n {
			dir := fmt.Sprintf("s%05d", i)
			docs = append(docs,
				DocumentBinding{Path: dir + "/tools-account*.yaml"},
				DocumentBinding{Path: dir + "/pipeline.json"},
				DocumentBinding{Path: dir + "/target-*.yaml"})
			files = append(files, dir+"/tools-account.yaml", dir+"/pipeline.json", dir+"/target-prod.yaml")
		}
		x := newBindingIndex(docs)
		b.Run(fmt.Sprintf("index/%d", n), func(b *testing.B) {
			for b.Loop() {
				for _, f := range files {
					x.first(docs, f)
				}
			}
		})
		b.Run(fmt.Sprintf("linear/%d", n), func(b *testing.B) {
			for b.Loop() {
				for _, f := range files {
					for _, d := range docs {
						if matchGlob(d.Path, f) {
							break
						}
					}
				}
			}
		})
	}
}
