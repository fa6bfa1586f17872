package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

func TestTextExcerpts(t *testing.T) {
	long := strings.Repeat("x", 150) + `"Principal":"*"` + strings.Repeat("y", 150)
	sources := map[string][]byte{
		"p.json":      []byte("{\n  \"Resource\": \"<KMSのArn>\", \"Effect\": \"Allow\"\n}\n"),
		"t.yaml":      []byte("a:\n\tb: \x1b[31mred\n"),
		"min.json":    []byte(long),
		"short.json":  []byte("{}\n"),
		"nosrc.json":  nil,
		"suppr.json":  []byte("x\n"),
		"nocol.json":  []byte("line one\n"),
		"pastend.txt": []byte("ab\n"),
	}
	r := &lint.Report{
		Findings: []lint.Finding{
			{Rule: "XA002", Severity: lint.SeverityError, Message: "after \"<KMSのArn>\"", File: "p.json", Line: 2, Column: 43},
			{Rule: "XA001", Severity: lint.SeverityWarning, Message: "escape \x1b[2J in a message", File: "t.yaml", Line: 2, Column: 5},
			{Rule: "XA004", Severity: lint.SeverityInfo, Message: "long line", File: "min.json", Line: 1, Column: 152},
			{Rule: "XA005", Severity: lint.SeverityError, Message: "no such line", File: "short.json", Line: 7, Column: 1},
			{Rule: "XA005", Severity: lint.SeverityError, Message: "no source", File: "nosrc.json", Line: 1, Column: 1},
			{Rule: "XA005", Severity: lint.SeverityError, Message: "line only", File: "nocol.json", Line: 1},
			{Rule: "XA005", Severity: lint.SeverityError, Message: "hidden", File: "suppr.json", Line: 1, Column: 1, Suppressed: &lint.Suppressed{Kind: lint.SuppressedByFlag}},
		},
		Summary: lint.Summary{Files: 7, Error: 4, Warning: 1, Info: 1},
	}
	var buf bytes.Buffer
	err := Write(&buf, r, FormatText, Options{Excerpts: true, Source: func(f string) []byte { return sources[f] }})
	if err != nil {
		t.Fatal(err)
	}
	// The caret stands under '<': "  \"Resource\": \"" is 15 characters;
	// after "<KMSの" … the column counts characters, and the wide の takes
	// two terminal columns.
	want := "p.json:2:43: error XA002: after \"<KMSのArn>\"\n" +
		"    2 |   \"Resource\": \"<KMSのArn>\", \"Effect\": \"Allow\"\n" +
		"      |                                            ^\n" +
		"t.yaml:2:5: warning XA001: escape \uFFFD[2J in a message\n" +
		"    2 | \tb: \uFFFD[31mred\n" +
		"      | \t   ^\n" +
		"min.json:1:152: info XA004: long line\n" +
		// 100 characters from 118: 32 x, the 15 of "Principal":"*", 53 y;
		// the caret under P, column 152.
		"    1 | …" + strings.Repeat("x", 32) + `"Principal":"*"` + strings.Repeat("y", 53) + "…\n" +
		"      |  " + strings.Repeat(" ", 33) + "^\n" +
		"short.json:7:1: error XA005: no such line\n" +
		"nosrc.json:1:1: error XA005: no source\n" +
		"nocol.json:1: error XA005: line only\n" +
		"    1 | line one\n" +
		"7 files, 4 errors, 1 warning, 1 info (1 suppressed: 1 flag)\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text with excerpts (-want +got):\n%s", diff)
	}
}

func TestTextColorAndQuiet(t *testing.T) {
	r := &lint.Report{
		Findings: []lint.Finding{{Rule: "XA101", Severity: lint.SeverityError, Message: "m", File: "a.yaml", Line: 1, Column: 1}},
		Summary:  lint.Summary{Files: 1, Error: 1},
	}
	var buf bytes.Buffer
	if err := Write(&buf, r, FormatText, Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	want := "\x1b[1ma.yaml:1:1\x1b[0m: \x1b[1m\x1b[31merror\x1b[0m \x1b[1mXA101\x1b[0m: m\n" +
		"1 file, \x1b[1m\x1b[31m1 error\x1b[0m, 0 warnings, 0 info\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("coloured text (-want +got):\n%s", diff)
	}
	buf.Reset()
	if err := Write(&buf, r, FormatText, Options{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "a.yaml:1:1: error XA101: m\n" {
		t.Errorf("quiet text = %q, want the finding and no summary", got)
	}
}

func TestWide(t *testing.T) {
	for r, want := range map[rune]bool{'a': false, 'é': false, 'の': true, '漢': true, 'ア': true, '한': true, 'Ａ': true, '😀': true, 'ｱ': false} {
		if got := wide(r); got != want {
			t.Errorf("wide(%q) = %v, want %v", r, got, want)
		}
	}
}
