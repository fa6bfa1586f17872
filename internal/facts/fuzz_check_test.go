package facts

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// fuzzDeadline bounds one fuzz input: the normalisers are linear in their
// input, so an input that takes longer has found a blow-up.
const fuzzDeadline = 10 * time.Second

// within runs f and fails t when it does not return within fuzzDeadline.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	var panicked any
	go func() {
		defer close(done)
		defer func() { panicked = recover() }()
		f()
	}()
	select {
	case <-done:
		if panicked != nil {
			t.Fatalf("%s panicked: %v", what, panicked)
		}
	case <-time.After(fuzzDeadline):
		t.Fatalf("%s did not finish within %v", what, fuzzDeadline)
	}
}

// emptyBuilder is a builder with no documents read, for calling one
// normaliser directly.
func emptyBuilder() *builder {
	return newBuilder(map[string]Binding{}, map[string]string{})
}

// buildChecked runs Build within fuzzDeadline and fails t on an error or
// on a document whose reading panicked (Build reports those as problems).
func buildChecked(t *testing.T, docs []*source.Document, opts Options) *Input {
	t.Helper()
	var in *Input
	var err error
	within(t, "Build", func() { in, err = Build(context.Background(), docs, opts) })
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if len(in.Errors) > 0 {
		t.Fatalf("Build reports %s: %s", in.Errors[0].Loc.File, in.Errors[0].Message)
	}
	return in
}

// posChecker checks positions against the text of one file.
type posChecker struct {
	file  string
	lines []int // characters per line
}

func newPosChecker(d *source.Document) *posChecker {
	pc := &posChecker{file: d.Path}
	for _, l := range strings.Split(string(d.Src), "\n") {
		pc.lines = append(pc.lines, utf8.RuneCountInString(l))
	}
	return pc
}

// pos reports what is wrong with a position in the file, "" when it is
// inside: line within the file, column at most one past the line's end.
func (pc *posChecker) pos(p source.Pos) string {
	switch {
	case p.Line < 1 || p.Line > len(pc.lines):
		return fmt.Sprintf("line %d outside 1..%d", p.Line, len(pc.lines))
	case p.Column < 1 || p.Column > pc.lines[p.Line-1]+1:
		return fmt.Sprintf("column %d outside 1..%d of line %d", p.Column, pc.lines[p.Line-1]+1, p.Line)
	}
	return ""
}

// loc checks a fact's location: in the file, at a position inside it,
// with a JSON pointer.
func (pc *posChecker) loc(t *testing.T, what string, l Loc) {
	t.Helper()
	if l.File != pc.file {
		t.Fatalf("%s: file %q, want %q", what, l.File, pc.file)
	}
	if msg := pc.pos(source.Pos{Line: l.Line, Column: l.Column}); msg != "" {
		t.Fatalf("%s at %d:%d (%s): %s", what, l.Line, l.Column, l.Pointer, msg)
	}
	if l.Pointer != "" && !strings.HasPrefix(l.Pointer, "/") {
		t.Fatalf("%s: pointer %q does not start with /", what, l.Pointer)
	}
}

// locsIn checks every {"file", "line", "column", "pointer"} object in the
// JSON form of v.
func (pc *posChecker) locsIn(t *testing.T, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("facts do not marshal to JSON: %v", err)
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatalf("facts JSON does not read back: %v", err)
	}
	var walk func(x any, path string)
	walk = func(x any, path string) {
		switch x := x.(type) {
		case map[string]any:
			if f, ok := x["file"].(string); ok {
				if _, ok := x["pointer"]; ok {
					line, _ := x["line"].(float64)
					col, _ := x["column"].(float64)
					p, _ := x["pointer"].(string)
					pc.loc(t, path, Loc{File: f, Line: int(line), Column: int(col), Pointer: p})
				}
			}
			for k, v := range x {
				walk(v, path+"."+k)
			}
		case []any:
			for i, v := range x {
				walk(v, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(tree, "input")
}

// markersOK reports what is wrong with the unknown markers of s, "" when
// every "{{?" is closed by a later "}}", no marker holds another, and no
// '?' is outside a marker's opening (the caller knows the input has none,
// so that every '?' comes from a marker).
func markersOK(s string) string {
	for {
		q := strings.IndexByte(s, '?')
		if q < 0 {
			return ""
		}
		if q < 2 || s[q-2:q] != "{{" {
			return "broken marker"
		}
		s = s[q+1:]
		j := strings.Index(s, UnknownClose)
		if j < 0 {
			return "marker not closed"
		}
		if strings.Contains(s[:j], UnknownOpen) {
			return "marker inside a marker"
		}
		s = s[j+len(UnknownClose):]
	}
}

// sameValExact reports whether two vals are equal, positions and pointers
// included.
func sameValExact(a, b *val) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.kind != b.kind || a.str != b.str || a.pos != b.pos || a.ptr != b.ptr ||
		len(a.entries) != len(b.entries) || len(a.items) != len(b.items) {
		return false
	}
	for i := range a.entries {
		if a.entries[i].key != b.entries[i].key || a.entries[i].keyPos != b.entries[i].keyPos ||
			!sameValExact(a.entries[i].v, b.entries[i].v) {
			return false
		}
	}
	for i := range a.items {
		if !sameValExact(a.items[i], b.items[i]) {
			return false
		}
	}
	return true
}

// checkVal checks a resolved value: known kinds, no nil children, positions
// inside the file, pointers that are pointers, valid UTF-8, well-formed
// unknown markers (when the input cannot write one itself) and a JSON form.
func checkVal(t *testing.T, pc *posChecker, v *val, markers bool) {
	t.Helper()
	var walk func(v *val)
	walk = func(v *val) {
		if v.kind < source.Null || v.kind > source.Seq {
			t.Fatalf("val of kind %d at %s", v.kind, v.ptr)
		}
		if msg := pc.pos(v.pos); msg != "" {
			t.Fatalf("val %q at %s: %s", v.str, v.ptr, msg)
		}
		if v.ptr != "" && !strings.HasPrefix(v.ptr, "/") {
			t.Fatalf("val %q: pointer %q", v.str, v.ptr)
		}
		if !utf8.ValidString(v.str) {
			t.Fatalf("val at %s is not UTF-8: %q", v.ptr, v.str)
		}
		if markers {
			if msg := markersOK(v.str); msg != "" {
				t.Fatalf("val at %s: %s: %q", v.ptr, msg, v.str)
			}
		}
		for _, e := range v.entries {
			if e.v == nil {
				t.Fatalf("nil value of key %q at %s", e.key, v.ptr)
			}
			walk(e.v)
		}
		for _, it := range v.items {
			if it == nil {
				t.Fatalf("nil item at %s", v.ptr)
			}
			walk(it)
		}
	}
	if v == nil {
		return
	}
	walk(v)
	if _, err := json.Marshal(plain(v)); err != nil {
		t.Fatalf("resolved value does not marshal to JSON: %v", err)
	}
}
