package lint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xacct-lint/xacct-lint/internal/corpus"
)

// findingLines are a report's findings as "file:line:col RULE severity
// [suppressed]" lines, sorted.
func findingLines(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		s := filepath.ToSlash(f.File) + ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column) + " " + f.Rule + " " + string(f.Severity)
		if f.Suppressed != nil {
			s += " suppressed"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestFolderConfigsAgreeWithRootConfig lints the same generated setups
// twice: once with one root configuration that binds every setup's files
// (the corpus's merged .xacct-lint.yaml), once with each setup's generated
// .xacct-lint.yaml in its folder and no root configuration. Every file
// must be bound alike, and the findings must be the same.
func TestFolderConfigsAgreeWithRootConfig(t *testing.T) {
	ctx := context.Background()
	// lintCorpus returns the findings and, for every file, its binding.
	lintCorpus := func(folders bool) ([]string, map[string]string) {
		dir := t.TempDir()
		if _, err := corpus.Write(ctx, dir, corpus.Options{Setups: 10, Seed: 7, MistakeEvery: 2, FolderConfigs: folders}); err != nil {
			t.Fatal(err)
		}
		t.Chdir(dir)
		var opts []Option
		if !folders {
			cfg, err := LoadConfig(DefaultConfigFile)
			if err != nil {
				t.Fatal(err)
			}
			opts = append(opts, WithConfig(cfg))
		}
		l := newLinter(t, opts...)
		rep, err := l.Lint(ctx, ".")
		if err != nil {
			t.Fatal(err)
		}
		cands, err := collect(ctx, []string{"."})
		if err != nil {
			t.Fatal(err)
		}
		run, err := l.withFolderConfigs(cands)
		if err != nil {
			t.Fatal(err)
		}
		binds := map[string]string{}
		for _, c := range cands {
			if b, ok := run.binding(c.path); ok {
				binds[filepath.ToSlash(c.path)] = fmt.Sprintf("account %s role %s region %s complete %v", b.Account, b.Role, b.Region, b.Complete)
			}
		}
		return findingLines(rep), binds
	}
	root, rootBinds := lintCorpus(false)
	folders, folderBinds := lintCorpus(true)
	if len(root) < 5 || len(rootBinds) < 50 {
		t.Fatalf("the corpus gave %d findings and %d bound files; the comparison needs more", len(root), len(rootBinds))
	}
	if diff := cmp.Diff(rootBinds, folderBinds); diff != "" {
		t.Errorf("bindings (-root configuration +folder configurations):\n%s", diff)
	}
	if diff := cmp.Diff(root, folders); diff != "" {
		t.Errorf("findings (-root configuration +folder configurations):\n%s", diff)
	}
}

func newLinter(t *testing.T, opts ...Option) *Linter {
	t.Helper()
	l, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// writeTree writes files (slash paths relative to dir) into dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A role policy with a placeholder left in: XA002 fires on it, which the
// ignore entries below suppress.
const folderPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": "s3:GetObject", "Resource": "<bucket-arn>/*"}]}
`

func TestFolderConfigs(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		files map[string]string
		opts  []Option
		paths []string
		// want are the findings of rules XA000 and XA002, or the start of
		// the error's text.
		want    []string
		wantErr string
	}{{
		name: "ignore entry applies to its folder only",
		files: map[string]string{
			"a/.xacct-lint.yaml": "ignore:\n  - {rule: XA002, reason: r}\n",
			"a/role-policy.json": folderPolicy,
			"b/role-policy.json": folderPolicy,
		},
		want: []string{"a/role-policy.json XA002 suppressed", "b/role-policy.json XA002"},
	}, {
		name: "nearest folder first",
		files: map[string]string{
			"a/.xacct-lint.yaml":   "ignore:\n  - {rule: XA002, path: \"x/*.json\", reason: outer}\n",
			"a/x/.xacct-lint.yaml": "ignore:\n  - {rule: XA002, path: \"*.json\", reason: inner}\n",
			"a/x/role-policy.json": folderPolicy,
		},
		want: []string{"a/x/role-policy.json XA002 suppressed (inner)"},
	}, {
		name: "stale entry reported at its folder configuration",
		files: map[string]string{
			"a/.xacct-lint.yaml": "\nignore:\n  - {rule: XA003, path: \"*.json\", reason: r}\n",
			"a/role-policy.json": folderPolicy,
		},
		want: []string{
			`a/.xacct-lint.yaml:3:12 XA000 ignore entry for XA003 in "*.json" matches no finding: remove it`,
			"a/role-policy.json XA002",
		},
	}, {
		name: "explicit file finds its folder's configuration",
		files: map[string]string{
			"a/.xacct-lint.yaml": "ignore:\n  - {rule: XA002, path: role-policy.json, reason: r}\n",
			"a/role-policy.json": folderPolicy,
		},
		paths: []string{"a/role-policy.json"},
		want:  []string{"a/role-policy.json XA002 suppressed"},
	}, {
		name: "left out on request",
		files: map[string]string{
			"a/.xacct-lint.yaml": "ignore:\n  - {rule: XA002, reason: r}\n",
			"a/role-policy.json": folderPolicy,
		},
		opts: []Option{WithFolderConfigs(false)},
		want: []string{"a/role-policy.json XA002"},
	}, {
		name: "rules belong to the whole run",
		files: map[string]string{
			"a/.xacct-lint.yaml": "accounts: {prod: \"222222222222\"}\nrules:\n  XA002: {severity: off}\n",
			"a/role-policy.json": folderPolicy,
		},
		wantErr: "a/.xacct-lint.yaml:2:1: rules: a folder configuration can only have accounts, documents and ignore; rules belong to the configuration of the whole run",
	}, {
		name: "broken folder configuration",
		files: map[string]string{
			"a/.xacct-lint.yaml": "documents:\n  - {path: x.json, account: nowhere}\n",
			"a/role-policy.json": folderPolicy,
		},
		wantErr: `a/.xacct-lint.yaml:2:29: documents[0].account: "nowhere" is neither`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tc.files)
			t.Chdir(dir)
			l := newLinter(t, tc.opts...)
			paths := tc.paths
			if paths == nil {
				paths = []string{"."}
			}
			rep, err := l.Lint(ctx, paths...)
			if tc.wantErr != "" {
				var ce *ConfigError
				if err == nil || !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want a ConfigError starting with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Findings {
				if f.Rule != "XA000" && f.Rule != "XA002" {
					continue
				}
				s := filepath.ToSlash(f.File) + " " + f.Rule
				if f.Rule == "XA000" {
					s = filepath.ToSlash(f.File) + ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column) + " " + f.Rule + " " + f.Message
				}
				if f.Suppressed != nil {
					s += " suppressed"
				}
				if f.Suppressed != nil && f.Suppressed.Reason != "r" {
					s += " (" + f.Suppressed.Reason + ")"
				}
				got = append(got, s)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFolderConfigBindings: two setups in folders that name their accounts
// alike ("tools", "prod") with different IDs; each file takes the IDs of its
// own folder's configuration.
func TestFolderConfigBindings(t *testing.T) {
	dir := t.TempDir()
	cfg := func(prod string) string {
		return "accounts: {prod: \"" + prod + "\"}\ndocuments:\n  - {path: \"*.json\", account: prod, role: Deploy, complete: true}\n"
	}
	writeTree(t, dir, map[string]string{
		"a/.xacct-lint.yaml": cfg("222222222222"),
		"a/role-policy.json": folderPolicy,
		"b/.xacct-lint.yaml": cfg("333333333333"),
		"b/role-policy.json": folderPolicy,
	})
	t.Chdir(dir)
	l := newLinter(t)
	for _, tc := range []struct{ file, account string }{
		{"a/role-policy.json", "222222222222"},
		{"b/role-policy.json", "333333333333"},
	} {
		run, err := l.withFolderConfigs([]candidate{{path: "a/role-policy.json"}, {path: "b/role-policy.json"}})
		if err != nil {
			t.Fatal(err)
		}
		b, ok := run.binding(tc.file)
		if !ok || b.Account != tc.account || b.Role != "Deploy" || !b.Complete {
			t.Errorf("%s: binding %+v (%v), want account %s, role Deploy, complete", tc.file, b, ok, tc.account)
		}
		if _, ok := l.binding(tc.file); ok {
			t.Errorf("%s: the Linter itself took the folder's binding; it must stay unchanged", tc.file)
		}
	}
}
