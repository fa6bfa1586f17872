package lint

import "strings"

// bindingIndex finds the first `documents` entry whose glob matches a path
// without trying every entry: entries whose glob starts with a literal folder
// or file name are grouped under it, so a repository with thousands of
// entries (one per setup folder) binds each file in time proportional to the
// entries that could match it, not to all of them.
type bindingIndex struct {
	byFirst map[string][]int // first literal path segment → entry indexes, ascending
	wild    []int            // entries whose first segment has a wildcard, ascending
}

func newBindingIndex(docs []DocumentBinding) bindingIndex {
	x := bindingIndex{byFirst: map[string][]int{}}
	for i, d := range docs {
		first, _, _ := strings.Cut(strings.TrimPrefix(d.Path, "./"), "/")
		if strings.ContainsAny(first, `*?[\`) {
			x.wild = append(x.wild, i)
			continue
		}
		x.byFirst[first] = append(x.byFirst[first], i)
	}
	return x
}

// first returns the index of the first entry of docs (in configuration order)
// whose glob matches rel, a slash path relative to the configuration's folder.
func (x bindingIndex) first(docs []DocumentBinding, rel string) (int, bool) {
	head, _, _ := strings.Cut(rel, "/")
	lit, wild := x.byFirst[head], x.wild
	for len(lit) > 0 || len(wild) > 0 {
		var i int
		if len(wild) == 0 || (len(lit) > 0 && lit[0] < wild[0]) {
			i, lit = lit[0], lit[1:]
		} else {
			i, wild = wild[0], wild[1:]
		}
		if matchGlob(docs[i].Path, rel) {
			return i, true
		}
	}
	return 0, false
}
