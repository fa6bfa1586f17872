package rego

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/xacct-lint/xacct-lint/internal/iameval"
)

// regoFiles returns the paths in FS of every .rego file, sorted.
func regoFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".rego") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk embedded rules: %v", err)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("no .rego files embedded")
	}
	return files
}

// TestRegoUnitTests runs every test_ rule of the _test.rego files, compiled
// in strict mode, and fails on any failing or erroring Rego test.
func TestRegoUnitTests(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	modules, store, err := tester.Load([]string{"lib", "rules"}, nil)
	if err != nil {
		t.Fatalf("load rego: %v", err)
	}
	var builtins []*tester.Builtin
	for _, b := range iameval.Builtins() {
		builtins = append(builtins, &tester.Builtin{Decl: b.Decl, Func: b.Impl})
	}
	compiler := ast.NewCompiler().WithStrict(true).WithEnablePrintStatements(true).WithCapabilities(iameval.Capabilities(ast.CapabilitiesForThisVersion()))
	txn := storage.NewTransactionOrDie(ctx, store)
	defer store.Abort(ctx, txn)

	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetStore(store).
		SetModules(modules).
		RaiseBuiltinErrors(true).
		CapturePrintOutput(true).
		AddCustomBuiltins(builtins).
		RunTests(ctx, txn)
	if err != nil {
		t.Fatalf("run rego tests: %v", err)
	}
	perPackage := map[string]int{}
	total := 0
	for r := range ch {
		total++
		perPackage[r.Package]++
		name := strings.TrimPrefix(r.Package, "data.") + "." + r.Name
		switch {
		case r.Error != nil:
			t.Errorf("%s: error: %v\n%s", name, r.Error, r.Output)
		case r.Fail:
			where := ""
			if r.FailedAt != nil && r.FailedAt.Location != nil {
				where = " at " + r.FailedAt.Location.String()
			}
			t.Errorf("%s: FAIL%s\n%s", name, where, r.Output)
		case r.Skip:
			t.Logf("%s: skipped", name)
		}
	}
	if total == 0 {
		t.Fatal("no Rego tests ran")
	}
	t.Logf("%d Rego tests in %d packages", total, len(perPackage))
	// Every rule and every library package must have tests of their own.
	for _, p := range regoFiles(t) {
		if strings.HasSuffix(p, "_test.rego") {
			continue
		}
		pkg := "data." + packageOf(t, p) + "_test"
		if p == "lib/util.rego" {
			pkg = "data.xacct.lib.iam_test" // util is tested through the iam suite
		}
		if perPackage[pkg] == 0 {
			t.Errorf("%s: no tests in package %s", p, strings.TrimPrefix(pkg, "data."))
		}
	}
}

// packageOf parses file p of FS and returns its package path without "data.".
func packageOf(t *testing.T, p string) string {
	t.Helper()
	m := parse(t, p)
	return strings.TrimPrefix(m.Package.Path.String(), "data.")
}

func parse(t *testing.T, p string) *ast.Module {
	t.Helper()
	src, err := fs.ReadFile(FS, p)
	if err != nil {
		t.Fatalf("read %s: %v", p, err)
	}
	m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatalf("parse %s: %v", p, err)
	}
	return m
}

// TestFormatted checks that every file is as `opa fmt` writes it.
func TestFormatted(t *testing.T) {
	for _, p := range regoFiles(t) {
		src, err := fs.ReadFile(FS, p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		got, err := format.Source(p, src)
		if err != nil {
			t.Errorf("%s: format: %v", p, err)
			continue
		}
		if string(got) != string(src) {
			t.Errorf("%s is not formatted: run `opa fmt -w rego/`", p)
		}
	}
}

// TestStrictCompile compiles the shipped modules (no tests) in strict mode,
// as the engine does.
func TestStrictCompile(t *testing.T) {
	modules := map[string]*ast.Module{}
	for _, p := range regoFiles(t) {
		if strings.HasSuffix(p, "_test.rego") {
			continue
		}
		modules[p] = parse(t, p)
	}
	c := ast.NewCompiler().WithStrict(true).WithCapabilities(iameval.Capabilities(ast.CapabilitiesForThisVersion()))
	if c.Compile(modules); c.Failed() {
		t.Fatalf("strict compile: %v", c.Errors)
	}
}

var (
	rulePkgRE = regexp.MustCompile(`^xacct\.rules\.(xa[0-9]{3})$`)
	ruleIDRE  = regexp.MustCompile(`^XA[0-9]{3}$`)
)

// TestRuleMetadata checks each rule file's METADATA, its ID against package
// and file name, ID uniqueness, its test file and its docs page.
func TestRuleMetadata(t *testing.T) {
	seen := map[string]string{}
	rules := 0
	for _, p := range regoFiles(t) {
		if !strings.HasPrefix(p, "rules/") || strings.HasSuffix(p, "_test.rego") {
			continue
		}
		rules++
		m := parse(t, p)
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		match := rulePkgRE.FindStringSubmatch(pkg)
		if match == nil {
			t.Errorf("%s: package %s is not xacct.rules.xaNNN", p, pkg)
			continue
		}
		if want := "rules/" + match[1] + ".rego"; p != want {
			t.Errorf("%s: package %s belongs in %s", p, pkg, want)
		}
		var pkgAnn *ast.Annotations
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				if pkgAnn != nil {
					t.Errorf("%s: more than one package METADATA block", p)
				}
				pkgAnn = a
			}
		}
		if pkgAnn == nil {
			t.Errorf("%s: no package-scoped METADATA block", p)
			continue
		}
		id, _ := pkgAnn.Custom["id"].(string)
		sev, _ := pkgAnn.Custom["severity"].(string)
		rem, _ := pkgAnn.Custom["remediation"].(string)
		for field, ok := range map[string]bool{
			"title":              strings.TrimSpace(pkgAnn.Title) != "",
			"description":        strings.TrimSpace(pkgAnn.Description) != "",
			"related_resources":  len(pkgAnn.RelatedResources) > 0,
			"custom.id":          ruleIDRE.MatchString(id),
			"custom.severity":    sev == "error" || sev == "warning" || sev == "info",
			"custom.remediation": strings.TrimSpace(rem) != "",
		} {
			if !ok {
				t.Errorf("%s: METADATA %s missing or invalid", p, field)
			}
		}
		if id == "" {
			continue
		}
		if strings.ToLower(id) != match[1] {
			t.Errorf("%s: custom.id %s does not match package %s", p, id, pkg)
		}
		if prev, dup := seen[id]; dup {
			t.Errorf("%s: rule ID %s already used by %s", p, id, prev)
		}
		seen[id] = p
		for _, r := range pkgAnn.RelatedResources {
			if r.Ref.Scheme != "https" {
				t.Errorf("%s: related resource %s is not an https link", p, r.Ref.String())
			}
		}
		if _, err := fs.Stat(FS, strings.TrimSuffix(p, ".rego")+"_test.rego"); err != nil {
			t.Errorf("%s: no test file: %v", p, err)
		}
		doc := filepath.Join("..", "docs", "rules", id+".md")
		body, err := os.ReadFile(doc)
		if err != nil {
			t.Errorf("%s: no docs page: %v", p, err)
			continue
		}
		if !strings.HasPrefix(string(body), "# "+id) {
			t.Errorf("%s: docs page %s does not start with \"# %s\"", p, doc, id)
		}
		if !strings.Contains(string(body), id) || !strings.Contains(string(body), "ignore") {
			t.Errorf("%s: docs page %s does not say how to suppress the rule", p, doc)
		}
		hasDeny := false
		for _, r := range m.Rules {
			if ref := r.Head.Ref(); len(ref) == 1 && ref[0].Value.Compare(ast.Var("deny")) == 0 {
				hasDeny = true
			}
		}
		if !hasDeny {
			t.Errorf("%s: no deny rule", p)
		}
	}
	if rules == 0 {
		t.Fatal("no rules found")
	}
}
