package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// testOptions load only the test rules of testdata/rules.
func testOptions(extra ...Option) []Option {
	return append([]Option{WithoutBuiltinRules(), WithPolicyDir("testdata/rules")}, extra...)
}

func newTestLinter(t testing.TB, extra ...Option) *Linter {
	t.Helper()
	l, err := New(testOptions(extra...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return l
}

func fixtureConfig(t testing.TB) *Config {
	t.Helper()
	cfg, err := LoadConfig("testdata/fixture/.xacct-lint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestLintWalk(t *testing.T) {
	l := newTestLinter(t, WithConfig(fixtureConfig(t)))
	rep, err := l.Lint(context.Background(), "testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	// docs/workflow.yml is broken but not a document (skipped quietly),
	// docs/readme.txt has the wrong extension, node_modules is not searched.
	wantFiles := []string{
		"testdata/fixture/legacy.template",
		"testdata/fixture/target/commented.json",
		"testdata/fixture/target/trust.json",
		"testdata/fixture/target/unbound.yaml",
		"testdata/fixture/tools.yaml",
	}
	if diff := cmp.Diff(wantFiles, rep.Files); diff != "" {
		t.Errorf("Files mismatch (-want +got):\n%s", diff)
	}
	if rep.Summary.Files != len(wantFiles) {
		t.Errorf("Summary.Files = %d, want %d", rep.Summary.Files, len(wantFiles))
	}
	var parseErrors []string
	for _, f := range rep.Findings {
		if f.Rule == "TP001" {
			parseErrors = append(parseErrors, f.File)
		}
	}
	if diff := cmp.Diff([]string{"testdata/fixture/target/commented.json"}, parseErrors); diff != "" {
		t.Errorf("parse error findings (-want +got):\n%s", diff)
	}
}

func TestLintExplicitFileAlwaysRead(t *testing.T) {
	l := newTestLinter(t)
	// Found by walking, docs/workflow.yml is skipped; named, it is read
	// and its syntax error reported.
	rep, err := l.Lint(context.Background(), "testdata/fixture/docs/workflow.yml", "testdata/fixture/docs/readme.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 2 {
		t.Errorf("Files = %v, want both named files", rep.Files)
	}
	var got []string
	for _, f := range rep.Findings {
		if f.Rule == "TP001" {
			got = append(got, f.File)
		}
	}
	if diff := cmp.Diff([]string{"testdata/fixture/docs/workflow.yml"}, got); diff != "" {
		t.Errorf("TP001 findings (-want +got):\n%s", diff)
	}
}

func TestLintMissingPath(t *testing.T) {
	l := newTestLinter(t)
	_, err := l.Lint(context.Background(), "testdata/fixture", "testdata/no-such-file.yaml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Lint(missing) error = %v, want fs.ErrNotExist", err)
	}
	if err == nil || !strings.Contains(err.Error(), "testdata/no-such-file.yaml") {
		t.Errorf("error %v does not name the path", err)
	}
}

func TestLintDeduplicatesPaths(t *testing.T) {
	l := newTestLinter(t)
	rep, err := l.Lint(context.Background(), "testdata/fixture/target", "testdata/fixture/target/trust.json", "testdata/fixture/target/./trust.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 3 {
		t.Errorf("Files = %v, want the 3 documents of target once each", rep.Files)
	}
}

// TestLintDeterministic lints the same files with one and many workers.
func TestLintDeterministic(t *testing.T) {
	var reports []*Report
	for _, n := range []int{1, 3, 16} {
		l := newTestLinter(t, WithConfig(fixtureConfig(t)), WithParallelism(n))
		rep, err := l.Lint(context.Background(), "testdata/fixture")
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, rep)
	}
	for i := 1; i < len(reports); i++ {
		if diff := cmp.Diff(reports[0], reports[i], cmpopts.IgnoreUnexported(Report{})); diff != "" {
			t.Errorf("reports differ with parallelism (-1 +n):\n%s", diff)
		}
	}
}

func TestLintDocuments(t *testing.T) {
	l := newTestLinter(t)
	rep, err := l.LintDocuments(context.Background(),
		Document{Path: "b.json", Data: []byte("{\n  \"Statement\": [,]\n}\n")},
		Document{Path: "a.yaml", Data: []byte("Statement:\n  - Effect: Allow\n")},
	)
	if err != nil {
		t.Fatal(err)
	}
	want := []Finding{
		{Rule: "TP102", Severity: SeverityInfo, Title: "File belongs to no known account", Message: "a.yaml: account unknown", File: "a.yaml", Line: 1, Column: 1},
	}
	var got []Finding
	for _, f := range rep.Findings {
		if f.Rule == "TP001" {
			if f.File != "b.json" || f.Line != 2 || f.Severity != SeverityError {
				t.Errorf("parse error finding = %+v, want b.json line 2, error", f)
			}
			continue
		}
		got = append(got, f)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a.yaml", "b.json"}, rep.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}

	if _, err := l.LintDocuments(context.Background(), Document{Path: "a"}, Document{Path: "a"}); err == nil {
		t.Error("LintDocuments with a path twice: want error")
	}
	if _, err := l.LintDocuments(context.Background(), Document{Data: []byte("{}")}); err == nil {
		t.Error("LintDocuments without a path: want error")
	}
}

func TestLintMaxFileSize(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(p, []byte("Statement: []\n# "+strings.Repeat("x", 100)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l := newTestLinter(t, WithMaxFileSize(50))
	rep, err := l.Lint(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) == 0 || rep.Findings[0].Rule != "TP001" || !strings.Contains(rep.Findings[0].Message, "larger than 50 bytes") {
		t.Errorf("findings = %+v, want a TP001 size finding", rep.Findings)
	}
	rep, err = l.LintDocuments(context.Background(), Document{Path: "mem.yaml", Data: make([]byte, 51)})
	if err != nil || len(rep.Findings) == 0 || !strings.Contains(rep.Findings[0].Message, "larger than 50 bytes") {
		t.Errorf("LintDocuments findings = %+v, %v; want a size finding", rep, err)
	}
}

func TestLintUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "secret.json")
	if err := os.WriteFile(p, []byte(`{"Statement": []}`), 0o000); err != nil {
		t.Fatal(err)
	}
	rep, err := newTestLinter(t).Lint(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || !strings.Contains(rep.Findings[0].Message, "cannot read file") {
		t.Errorf("findings = %+v, want one cannot-read finding", rep.Findings)
	}
}

func TestLintCancelled(t *testing.T) {
	l := newTestLinter(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Lint(ctx, "testdata/fixture"); !errors.Is(err, context.Canceled) {
		t.Errorf("Lint with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestRuleSeverityConfig(t *testing.T) {
	doc := Document{Path: "a.yaml", Data: []byte("Statement: []\n")}
	tests := []struct {
		name   string
		config string
		opts   []Option
		want   Severity // of TP102's finding and in Rules(); SeverityOff: no finding
	}{
		{"default", "", nil, SeverityInfo},
		{"raised", "rules: {TP102: {severity: error}}", nil, SeverityError},
		{"off", "rules:\n  TP102: {severity: \"off\"}\n", nil, SeverityOff},
		{"ignored by option", "", []Option{WithDisabledRules("TP102")}, SeverityOff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig("c.yaml", []byte(tt.config))
			if err != nil {
				t.Fatal(err)
			}
			l := newTestLinter(t, append([]Option{WithConfig(cfg)}, tt.opts...)...)
			rep, err := l.LintDocuments(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			var got Severity = SeverityOff
			for _, f := range rep.Findings {
				if f.Rule == "TP102" {
					got = f.Severity
				}
			}
			if got != tt.want {
				t.Errorf("TP102 finding severity = %q, want %q", got, tt.want)
			}
			for _, r := range l.Rules() {
				if r.ID == "TP102" && (r.Severity != tt.want || r.DefaultSeverity != SeverityInfo) {
					t.Errorf("Rules(): TP102 severity %q (default %q), want %q (default info)", r.Severity, r.DefaultSeverity, tt.want)
				}
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	unknownRule, err := ParseConfig("conf.yaml", []byte("rules:\n  XA999: {severity: info}\n"))
	if err != nil {
		t.Fatal(err)
	}
	unknownIgnore, err := ParseConfig("conf.yaml", []byte("ignore:\n  - {rule: TP404}\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"config names an unknown rule", []Option{WithConfig(unknownRule)}, `conf.yaml:2:3: unknown rule "XA999"`},
		{"config ignores an unknown rule", []Option{WithConfig(unknownIgnore)}, `conf.yaml:2:12: unknown rule "TP404"`},
		{"disable unknown rule", []Option{WithDisabledRules("TP404")}, "disable rule TP404: no such rule"},
		{"ignore unknown rule", []Option{WithIgnoredRules("TP404")}, "ignore rule TP404: no such rule"},
		{"bad account id", []Option{WithAccounts(map[string]string{"prod": "12"})}, `account prod=12: "12" is not a 12-digit account ID`},
		{"bad account name", []Option{WithAccounts(map[string]string{"": "111111111111"})}, "must be non-empty"},
		{"missing policy dir", []Option{WithPolicyDir("testdata/no-such-dir")}, "no-such-dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(testOptions(tt.opts...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestRulesCatalogue(t *testing.T) {
	l := newTestLinter(t)
	rules := l.Rules()
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
		if r.Builtin != (r.ID == SuppressionRule) {
			t.Errorf("%s: Builtin = %v; only %s is built in, rules from WithPolicyDir are not", r.ID, r.Builtin, SuppressionRule)
		}
	}
	// SuppressionRule is part of every catalogue: it checks suppressions,
	// whichever rules run.
	if diff := cmp.Diff([]string{"TP001", "TP101", "TP102", SuppressionRule}, ids); diff != "" {
		t.Errorf("rule IDs (-want +got):\n%s", diff)
	}
	if got := rules[1].HelpURL; got != "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html" {
		t.Errorf("custom rule HelpURL = %q, want its first related resource", got)
	}
	rules[1].Related[0] = "changed"
	if l.Rules()[1].Related[0] == "changed" {
		t.Error("Rules() shares its slices with the Linter")
	}
}

func TestExceeds(t *testing.T) {
	rep := &Report{Findings: []Finding{
		{Rule: "A", Severity: SeverityWarning},
		{Rule: "B", Severity: SeverityError, Suppressed: &Suppressed{Kind: SuppressedByConfig}},
	}}
	tests := []struct {
		failOn Severity
		want   bool
	}{
		{SeverityError, false}, // the error is suppressed
		{SeverityWarning, true},
		{SeverityInfo, true},
		{Never, false},
		{"", false},
	}
	for _, tt := range tests {
		if got := rep.Exceeds(tt.failOn); got != tt.want {
			t.Errorf("Exceeds(%q) = %v, want %v", tt.failOn, got, tt.want)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range []string{"error", "warning", "info"} {
		if got, err := ParseSeverity(s); err != nil || string(got) != s {
			t.Errorf("ParseSeverity(%q) = %q, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "off", "never", "Error"} {
		if _, err := ParseSeverity(s); err == nil {
			t.Errorf("ParseSeverity(%q): want error", s)
		}
	}
	if got, err := ParseFailOn("never"); err != nil || got != Never {
		t.Errorf("ParseFailOn(never) = %q, %v", got, err)
	}
	if _, err := ParseFailOn("off"); err == nil {
		t.Error("ParseFailOn(off): want error")
	}
}

func TestFindingOrder(t *testing.T) {
	rep := &Report{
		Files: []string{"b.yaml", "a.yaml", "b.yaml"},
		Findings: []Finding{
			{File: "b.yaml", Line: 1, Column: 1, Rule: "XA001", Severity: SeverityError},
			{File: "a.yaml", Line: 10, Column: 2, Rule: "XA200", Severity: SeverityWarning},
			{File: "a.yaml", Line: 10, Column: 2, Rule: "XA100", Severity: SeverityInfo},
			{File: "a.yaml", Line: 2, Column: 30, Rule: "XA300", Severity: SeverityError, Suppressed: &Suppressed{}},
			{File: "a.yaml", Line: 10, Column: 1, Rule: "XA900", Severity: SeverityError},
		},
	}
	rep.finish()
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule)
	}
	if diff := cmp.Diff([]string{"XA300", "XA900", "XA100", "XA200", "XA001"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Summary{Files: 2, Error: 2, Warning: 1, Info: 1}, rep.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
}

func TestInlineSuppression(t *testing.T) {
	l := newTestLinter(t)
	rep, err := l.Lint(context.Background(), "testdata/fixture/legacy.template")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("findings = %+v, want the suppressed TP102", rep.Findings)
	}
	f := rep.Findings[0]
	if f.Rule != "TP102" || f.Suppressed == nil || f.Suppressed.Kind != SuppressedInline {
		t.Errorf("finding = %+v, want TP102 suppressed in source", f)
	}
	if rep.Summary.Info != 0 || rep.Exceeds(SeverityInfo) {
		t.Errorf("a suppressed finding counts: summary %+v", rep.Summary)
	}
}

func TestPointerSegments(t *testing.T) {
	got := pointerSegments("/Resources/a~1b/c~0d/0")
	if diff := cmp.Diff([]string{"Resources", "a/b", "c~d", "0"}, got); diff != "" {
		t.Errorf("pointerSegments (-want +got):\n%s", diff)
	}
	if pointerSegments("") != nil {
		t.Error(`pointerSegments("") != nil`)
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLint(b *testing.B) {
	l, err := New(WithConfig(fixtureConfig(b)), WithPolicyDir("testdata/rules"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := l.Lint(ctx, "testdata/fixture", "../../examples"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLintEvalTimeout(t *testing.T) {
	slow := fstest.MapFS{"slow.rego": {Data: []byte(`# METADATA
# title: Slow
# custom:
#   id: SLOW1
#   severity: info
package slow

deny contains {"message": sprintf("%d", [n])} if {
	some a in numbers.range(1, 5000)
	some b in numbers.range(1, 5000)
	n := a * b
	n == -1
}
`)}}
	l := newTestLinter(t, WithPolicyFS("slow", slow, "."), WithEvalTimeout(20*time.Millisecond))
	start := time.Now()
	_, err := l.LintDocuments(context.Background(), Document{Path: "a.json", Data: []byte("{}")})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "rules did not finish within 20ms") {
		t.Errorf("Lint error = %v, want the evaluation timeout", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Lint took %v with a 20ms evaluation timeout", d)
	}
}

func TestLintSymlinkedFolder(t *testing.T) {
	dir := t.TempDir()
	abs, err := filepath.Abs("testdata/fixture/target")
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(abs, link); err != nil {
		t.Skip(err)
	}
	rep, err := newTestLinter(t).Lint(context.Background(), link)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(link, "commented.json"), filepath.Join(link, "trust.json"), filepath.Join(link, "unbound.yaml")}
	if diff := cmp.Diff(want, rep.Files); diff != "" {
		t.Errorf("files under a linked folder (-want +got):\n%s", diff)
	}
}

// BenchmarkLintLarge lints 50 copies of the article's documents (200 files)
// in one run, where cross-document rules see every copy.
func BenchmarkLintLarge(b *testing.B) {
	src := "../../examples/article-as-published"
	entries, err := os.ReadDir(src)
	if err != nil {
		b.Skip(err)
	}
	dir := b.TempDir()
	for i := range 50 {
		sub := filepath.Join(dir, fmt.Sprintf("copy%02d", i))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(sub, e.Name()), data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	l, err := New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() { // b.Loop times only the loop
		if _, err := l.Lint(ctx, dir); err != nil {
			b.Fatal(err)
		}
	}
}
