package lint_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/lint/report"
)

// fuzzLintTimeout bounds one lint run of FuzzLintDocument.
const fuzzLintTimeout = 20 * time.Second

// FuzzLintDocument lints one fuzzer-chosen document end to end with the
// built-in rules (parse, facts, rules, suppression, report). It checks that
// linting returns no error but a deadline, that no finding reports an
// internal error, that every finding and related location is in the
// document at a line and column inside it (or 0:0 for the whole file),
// and that the JSON report is valid and the same for two runs.
func FuzzLintDocument(f *testing.F) {
	for _, glob := range []string{
		"../../examples/*/*.yaml", "../../examples/*/*.json",
		"../../examples/*/generated/*.yaml", "../../examples/*/generated/policies/*.json",
		"../../examples/known-good/*/*.yaml", "../../examples/known-good/*/*.json",
	} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 20000 {
				f.Add(data, strings.HasSuffix(file, ".json"))
			}
		}
	}
	f.Add([]byte("Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n"), false)
	f.Add([]byte("Resources: {R: {Type: AWS::IAM::Role, Properties: {RoleName: !GetAtt R.Arn}}}\n"), false)
	f.Add([]byte(`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}]}`), true)
	f.Add([]byte(`{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111111111111:role/p", "stages": [{"name": "s", "actions": [{"name": "a", "runOrder": "1"}]}]}}`), true)
	f.Add([]byte("{\"a\": \n"), true)
	f.Add([]byte(""), false)

	l, err := lint.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "doc.yaml"
		if asJSON {
			name = "doc.json"
		}
		run := func() []byte {
			ctx, cancel := context.WithTimeout(context.Background(), fuzzLintTimeout)
			defer cancel()
			rep, err := l.LintDocuments(ctx, lint.Document{Path: name, Data: data})
			if errors.Is(err, context.DeadlineExceeded) {
				t.Skipf("lint did not finish within %v", fuzzLintTimeout)
			}
			if err != nil {
				t.Fatalf("LintDocuments: %v", err)
			}
			checkFindings(t, name, rep)
			var buf bytes.Buffer
			if err := report.Write(&buf, rep, report.FormatJSON, report.Options{}); err != nil {
				t.Fatalf("JSON report: %v", err)
			}
			if !json.Valid(buf.Bytes()) {
				t.Fatalf("JSON report is not valid JSON:\n%s", buf.Bytes())
			}
			return buf.Bytes()
		}
		if a, b := run(), run(); !bytes.Equal(a, b) {
			t.Fatalf("two runs differ:\n%s\n%s", a, b)
		}
	})
}

// checkFindings checks the findings of a report on the one document name.
func checkFindings(t *testing.T, name string, rep *lint.Report) {
	t.Helper()
	var lines []int
	for _, l := range strings.Split(string(rep.Source(name)), "\n") {
		lines = append(lines, utf8.RuneCountInString(l))
	}
	at := func(what, file string, line, col int) {
		t.Helper()
		if file != name {
			t.Fatalf("%s in %q, want %q", what, file, name)
		}
		if line == 0 && col == 0 {
			return
		}
		if line < 1 || line > len(lines) || col < 1 || col > lines[line-1]+1 {
			t.Fatalf("%s at %d:%d, outside the document's %d lines (line lengths %v)", what, line, col, len(lines), lines)
		}
	}
	for _, f := range rep.Findings {
		what := f.Rule + " " + f.Message
		if strings.Contains(f.Message, "internal error") {
			t.Fatalf("finding reports an internal error: %s", what)
		}
		at(what, f.File, f.Line, f.Column)
		for _, r := range f.Related {
			at(what+" (related "+r.Message+")", r.File, r.Line, r.Column)
		}
	}
}
