package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics and always answers with either
// a Setup or a *Errors whose problems have messages (and, for the file, a
// position whenever the problem has a path). Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	f.Add(Starter())
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("f.yaml", data)
		if err == nil {
			if s == nil {
				t.Fatal("nil Setup and nil error")
			}
			_ = s.WithDefaults()
			_ = s.ExtraRegions()
			if err := s.Validate(); err != nil {
				t.Fatalf("Parse accepted what Validate rejects: %v", err)
			}
			return
		}
		if s != nil {
			t.Fatal("Setup with an error")
		}
		var errs *Errors
		if !errors.As(err, &errs) || len(errs.List) == 0 {
			t.Fatalf("error %T %v is not a non-empty *Errors", err, err)
		}
		for _, fe := range errs.List {
			if fe.Message == "" {
				t.Fatalf("empty message in %v", err)
			}
			if fe.Path != "" && fe.Line == 0 {
				t.Fatalf("problem without position: %v", fe)
			}
			if strings.Contains(fe.Error(), "\n") {
				// Messages quote values and odd keys, so they stay on one line.
				t.Fatalf("multi-line problem: %q", fe.Error())
			}
		}
	})
}

// TestPathologicalInputs checks that inputs shaped to be slow (deep
// nesting, many anchors and aliases, long scalars) are answered quickly.
func TestPathologicalInputs(t *testing.T) {
	repeatLines := func(n int, f func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(f(i))
		}
		return b.String()
	}
	tests := map[string]string{
		"deep flow lists":    strings.Repeat("[", 5000),
		"deep flow mappings": strings.Repeat("{a: ", 3000),
		"deep block":         repeatLines(2000, func(i int) string { return strings.Repeat(" ", i) + "a:\n" }),
		"long scalar":        "pipeline: {name: " + strings.Repeat("x", 500_000) + "}\n",
		"many anchors and aliases": "targets:\n" + repeatLines(10000, func(int) string { return "  - &a {name: x}\n" }) +
			repeatLines(10000, func(int) string { return "  - *a\n" }),
		"many tags": strings.Repeat("!a ", 20000),
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			if _, err := Parse("p.yaml", []byte(src)); err == nil {
				t.Error("Parse accepted it")
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("Parse took %v", d)
			}
		})
	}
}

// TestProblemsStayOneLine: a name taken from the document is quoted when
// it would break a message over lines (found by FuzzParse: an alias whose
// name holds a line break).
func TestProblemsStayOneLine(t *testing.T) {
	_, err := Parse("f.yaml", []byte("* 00\r\r0"))
	const want = `f.yaml:1:1: alias *"00\n0" refers to no anchor &"00\n0" before it`
	if err == nil || err.Error() != want {
		t.Errorf("Parse error = %q, want %q", err, want)
	}
}
