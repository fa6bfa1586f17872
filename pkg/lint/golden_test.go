package lint_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/lint/report"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixtureRun lints testdata/fixture with the test rules and its configuration.
func fixtureRun(t *testing.T) (*lint.Linter, *lint.Report) {
	t.Helper()
	cfg, err := lint.LoadConfig("testdata/fixture/.xacct-lint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lint.WithoutBuiltinRules(), lint.WithPolicyDir("testdata/rules"), lint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.Lint(context.Background(), "testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	return l, rep
}

var goldenExt = map[string]string{
	report.FormatText:   "txt",
	report.FormatJSON:   "json",
	report.FormatSARIF:  "sarif",
	report.FormatGitHub: "github",
}

func TestGolden(t *testing.T) {
	l, rep := fixtureRun(t)
	for _, format := range report.Formats() {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.Write(&buf, rep, format, report.Options{Rules: l.Rules(), ToolVersion: "0.0.0-test"}); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", "fixture."+goldenExt[format])
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s output differs from %s (-want +got); run go test -update if intended:\n%s", format, golden, diff)
			}
		})
	}
}

// expectAt is the text a rule's findings point at in the fixture source.
var expectAt = map[string]string{
	"TP001": "//",        // the comment in commented.json
	"TP101": "Principal", // the statement's Principal key
}

// TestFindingPositions checks every finding's line and column against the
// fixture's source.
func TestFindingPositions(t *testing.T) {
	_, rep := fixtureRun(t)
	if len(rep.Findings) == 0 {
		t.Fatal("no findings")
	}
	checked := map[string]bool{}
	for _, f := range rep.Findings {
		text := sourceAt(t, f.File, f.Line, f.Column)
		want, ok := expectAt[f.Rule]
		if !ok {
			continue
		}
		checked[f.Rule] = true
		if !strings.HasPrefix(strings.TrimPrefix(text, `"`), want) {
			t.Errorf("%s at %s:%d:%d points at %q, want %q", f.Rule, f.File, f.Line, f.Column, text, want)
		}
	}
	for rule := range expectAt {
		if !checked[rule] {
			t.Errorf("no %s finding was checked", rule)
		}
	}
}

// sourceAt returns the rest of the line at line:col of file, failing the
// test when the position is outside the file.
func sourceAt(t *testing.T, file string, line, col int) string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == line {
			// Columns count code points, as editors do.
			text := []rune(sc.Text())
			if col < 1 || col > len(text)+1 {
				t.Errorf("%s:%d:%d: column outside the line %q", file, line, col, string(text))
				return ""
			}
			return string(text[col-1:])
		}
	}
	t.Errorf("%s:%d:%d: line outside the file", file, line, col)
	return ""
}

// TestBuiltinRulesOnExamples lints the repository's examples with the
// built-in rules and checks what holds whatever the rules find: every
// finding names a known rule with its title, points inside its file at
// a non-blank character, and the report is the same with one worker or many.
func TestBuiltinRulesOnExamples(t *testing.T) {
	const examples = "../../examples"
	if _, err := os.Stat(examples); err != nil {
		t.Skip(err)
	}
	var reports []*lint.Report
	var rules map[string]lint.Rule
	for _, n := range []int{1, 4} {
		l, err := lint.New(lint.WithParallelism(n))
		if err != nil {
			t.Fatal(err)
		}
		rules = map[string]lint.Rule{}
		for _, r := range l.Rules() {
			rules[r.ID] = r
		}
		rep, err := l.Lint(context.Background(), examples)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, rep)
	}
	if diff := cmp.Diff(reports[0], reports[1], cmpopts.IgnoreUnexported(lint.Report{})); diff != "" {
		t.Errorf("reports differ with parallelism (-1 +4):\n%s", diff)
	}
	rep := reports[0]
	if len(rep.Files) == 0 {
		t.Fatal("no documents found under examples")
	}
	for _, f := range rep.Findings {
		r, ok := rules[f.Rule]
		if !ok {
			t.Errorf("finding of unknown rule %s", f.Rule)
			continue
		}
		if f.Title != r.Title || f.Message == "" {
			t.Errorf("%s: title %q (rule's %q), message %q", f.Rule, f.Title, r.Title, f.Message)
		}
		if f.Line == 0 {
			continue
		}
		text := sourceAt(t, f.File, f.Line, f.Column)
		if strings.TrimSpace(text) == "" || text[0] == ' ' {
			t.Errorf("%s at %s:%d:%d points at blank text %q", f.Rule, f.File, f.Line, f.Column, text)
		}
	}
}
