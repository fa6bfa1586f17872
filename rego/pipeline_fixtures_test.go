package rego_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// sharedPipelineFixtures is the team's fixture folder, beside the
// repository; it may hold cases newer than the copies in testdata.
var sharedPipelineFixtures = filepath.Join("..", "..", "shared", "fixtures", "pipeline")

// pipelineFixture is what linting one fixture alone must give: the rules
// of its error and warning findings, and where the first finding of the
// first rule is.
type pipelineFixture struct {
	rules []string
	line  int
}

// pipelineFixtures are the expectations per fixture file. good-* files
// must give no error or warning; bad-* (refused by the AWS CLI) and
// serveronly-* (accepted by the CLI, refused by the service) the rule that
// explains the refusal.
var pipelineFixtures = map[string]pipelineFixture{
	"bad-actiontypeid-no-version.json":      {[]string{"XA307"}, 45},
	"bad-configuration-bool.json":           {[]string{"XA307"}, 29},
	"bad-empty-stage-name.json":             {[]string{"XA304"}, 14},
	"bad-encryptionkey-no-type.json":        {[]string{"XA307"}, 9},
	"bad-missing-actiontypeid.json":         {[]string{"XA307"}, 43},
	"bad-missing-pipeline-rolearn.json":     {[]string{"XA307"}, 2},
	"bad-runorder-string.json":              {[]string{"XA307"}, 51},
	"bad-runorder-zero.json":                {[]string{"XA304"}, 51},
	"bad-seed-with-comments.json":           {[]string{"XA001"}, 14},
	"bad-unknown-action-field.json":         {[]string{"XA307"}, 70},
	"bad-unknown-metadata.json":             {[]string{"XA307"}, 82},
	"good-artifactstores-multi-region.json": {},
	"good-ecs-bluegreen-xacct.json":         {},
	// The article's pipeline.json with its comment removed: accepted by
	// the CLI, but its placeholders are left in (XA002) and it has only
	// the Deploy stage, the Source and Build stages having been elided
	// (XA304, one finding).
	"good-seed-cleaned.json":              {[]string{"XA002", "XA304"}, 4},
	"serveronly-both-artifactstores.json": {[]string{"XA302"}, 75},
	"serveronly-category-not-enum.json":   {[]string{"XA304"}, 45},
	"serveronly-rolearn-pattern.json":     {[]string{"XA003"}, 68},
	"serveronly-runorder-1000.json":       {[]string{"XA304"}, 51},
	"v2-pipeline-type.json":               {},
	"template-bad-runorder-appspec.yaml":  {[]string{"XA304", "XA305"}, 30},
	"template-good.yaml":                  {},
}

// TestPipelineFixtures lints every pipeline fixture alone with the full
// linter and checks the rules it gives.
func TestPipelineFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "pipeline", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, ".md") })
	if len(files) < len(pipelineFixtures) {
		t.Fatalf("found %d fixture files in testdata/pipeline, want %d", len(files), len(pipelineFixtures))
	}
	l := newLinter(t)
	for _, f := range files {
		name := filepath.Base(f)
		want, ok := pipelineFixtures[name]
		if !ok {
			t.Errorf("%s: no expectation in pipelineFixtures", name)
			continue
		}
		t.Run(name, func(t *testing.T) { checkPipelineFixture(t, l, f, want) })
	}
}

// TestSharedPipelineFixtures lints the shared fixture folder, which may
// have cases the testdata copies lack: known files must give what
// pipelineFixtures says, new good-* files nothing, new bad-* and
// serveronly-* files at least one error.
func TestSharedPipelineFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sharedPipelineFixtures, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("shared fixtures not found at %s (run from a checkout beside ../shared); the copies in testdata/pipeline are tested by TestPipelineFixtures", sharedPipelineFixtures)
	}
	l := newLinter(t)
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			if want, ok := pipelineFixtures[name]; ok {
				checkPipelineFixture(t, l, f, want)
				return
			}
			got := lintFixture(t, l, f)
			if strings.HasPrefix(name, "good-") && len(got) > 0 {
				t.Errorf("new good fixture gives %v, want no error or warning", ruleSet(got))
			}
			if !strings.HasPrefix(name, "good-") && !slices.ContainsFunc(got, func(f lint.Finding) bool { return f.Severity == lint.SeverityError }) {
				t.Errorf("new fixture %s gives no error; add it to pipelineFixtures with the rule that should catch it", name)
			}
		})
	}
}

func newLinter(t *testing.T) *lint.Linter {
	t.Helper()
	l, err := lint.New()
	if err != nil {
		t.Fatalf("new linter: %v", err)
	}
	return l
}

// lintFixture lints one file alone and returns its error and warning findings.
func lintFixture(t *testing.T, l *lint.Linter, path string) []lint.Finding {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.LintDocuments(context.Background(), lint.Document{Path: filepath.Base(path), Data: data})
	if err != nil {
		t.Fatalf("lint %s: %v", path, err)
	}
	return slices.DeleteFunc(rep.Findings, func(f lint.Finding) bool {
		return f.Suppressed != nil || (f.Severity != lint.SeverityError && f.Severity != lint.SeverityWarning)
	})
}

func checkPipelineFixture(t *testing.T, l *lint.Linter, path string, want pipelineFixture) {
	t.Helper()
	got := lintFixture(t, l, path)
	for _, f := range got {
		t.Logf("%s:%d:%d: %s %s: %s", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message)
	}
	if rules := ruleSet(got); !slices.Equal(rules, want.rules) {
		t.Errorf("rules = %v, want %v", rules, want.rules)
	}
	if len(want.rules) == 0 {
		return
	}
	i := slices.IndexFunc(got, func(f lint.Finding) bool { return f.Rule == want.rules[0] })
	if i < 0 || got[i].Line != want.line {
		t.Errorf("first %s finding not at line %d", want.rules[0], want.line)
	}
	for _, f := range got {
		if f.Severity != lint.SeverityError {
			t.Errorf("%s finding is %s, want error: %s", f.Rule, f.Severity, f.Message)
		}
	}
}

// ruleSet is the sorted set of rules of findings (nil when none).
func ruleSet(fs []lint.Finding) []string {
	var ids []string
	for _, f := range fs {
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return ids
}
