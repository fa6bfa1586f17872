package e2e

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// examplesDir is the repository's examples folder, seen from this package.
const examplesDir = "../../examples"

// goodSetups are the setups that must lint without an error or a warning,
// by short name: the known-good corpus and the generated examples.
// generated setups repeat every policy of their templates as standalone
// JSON under policies/, bound to the same roles; mutations leave those
// copies out, so that one edit of a template is the only grant there is.
var goodSetups = []struct {
	name, dir string
	generated bool
}{
	{"cdk-style", "known-good/cdk-style", false},
	{"article-fixed", "known-good/article-fixed", false},
	{"two-targets", "known-good/two-targets/generated", true},
	{"cross-region", "known-good/cross-region/generated", true},
	{"article", "article/generated", true},
	{"multi-region", "multi-region/generated", true},
}

// setupDir returns the folder of the good setup called name and whether it
// is generated.
func setupDir(t testing.TB, name string) (string, bool) {
	t.Helper()
	for _, s := range goodSetups {
		if s.name == name {
			return filepath.Join(examplesDir, filepath.FromSlash(s.dir)), s.generated
		}
	}
	t.Fatalf("no good setup called %q", name)
	return "", false
}

// loaded is one setup read into memory: its configuration file (if any)
// and the documents that linting its folder reads, by path.
type loaded struct {
	dir     string
	cfgPath string // "" when the folder has no .xacct-lint.yaml
	cfgData []byte
	paths   []string          // sorted, as the linter names them
	files   map[string][]byte // path → content
}

// loadSetup reads the setup in dir: the documents are exactly those that
// Lint finds under dir.
func loadSetup(ctx context.Context, t testing.TB, dir string) *loaded {
	t.Helper()
	ld := &loaded{dir: dir, files: map[string][]byte{}}
	cfgPath := filepath.Join(dir, lint.DefaultConfigFile)
	data, err := os.ReadFile(cfgPath)
	switch {
	case err == nil:
		ld.cfgPath, ld.cfgData = cfgPath, data
	case !errors.Is(err, fs.ErrNotExist):
		t.Fatal(err)
	}
	l := newLinter(t, ld.cfgPath, ld.cfgData)
	rep, err := l.Lint(ctx, dir)
	if err != nil {
		t.Fatalf("lint %s: %v", dir, err)
	}
	if len(rep.Files) == 0 {
		t.Fatalf("lint %s: no documents found", dir)
	}
	for _, p := range rep.Files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ld.paths = append(ld.paths, p)
		ld.files[p] = b
	}
	slices.Sort(ld.paths)
	return ld
}

// newLinter builds a linter with the built-in rules and the configuration
// cfgData read as if from cfgPath (none when cfgPath is "").
func newLinter(t testing.TB, cfgPath string, cfgData []byte) *lint.Linter {
	t.Helper()
	var opts []lint.Option
	if cfgPath != "" {
		cfg, err := lint.ParseConfig(cfgPath, cfgData)
		if err != nil {
			t.Fatalf("configuration: %v", err)
		}
		opts = append(opts, lint.WithConfig(cfg))
	}
	l, err := lint.New(opts...)
	if err != nil {
		t.Fatalf("lint.New: %v", err)
	}
	return l
}

// documents returns the files of a setup as in-memory documents, in path
// order.
func documents(paths []string, files map[string][]byte) []lint.Document {
	docs := make([]lint.Document, 0, len(paths))
	for _, p := range paths {
		docs = append(docs, lint.Document{Path: p, Data: files[p]})
	}
	return docs
}

// severe returns the findings of a report that are errors or warnings and
// not suppressed.
func severe(rep *lint.Report) []lint.Finding {
	var out []lint.Finding
	for _, f := range rep.Findings {
		if f.Suppressed == nil && (f.Severity == lint.SeverityError || f.Severity == lint.SeverityWarning) {
			out = append(out, f)
		}
	}
	return out
}

// ruleSet returns the sorted, distinct rule IDs of the unsuppressed findings
// whose severity is one of sevs.
func ruleSet(rep *lint.Report, sevs ...lint.Severity) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Suppressed == nil && slices.Contains(sevs, f.Severity) {
			out = append(out, f.Rule)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// formatFindings prints findings one a line, as the CLI's text format does.
func formatFindings(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n\t%s:%d:%d: %s %s: %s", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message)
	}
	return b.String()
}
