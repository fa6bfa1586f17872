package engine

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego unit test (a test_ rule).
type TestResult struct {
	// Package is the test's package, e.g. "data.acme.rules.r001_test".
	Package string
	// Name is the test rule's name, e.g. "test_denies_unknown_account".
	Name string
	// File, Line locate the test rule.
	File string
	Line int
	// Fail is true when the test rule is false or undefined.
	Fail bool
	// Skip is true for todo_test_ rules.
	Skip bool
	// Err is set when the test could not be evaluated (a builtin error,
	// the time bound).
	Err error
	// Output is what the test printed with print().
	Output string
	// Duration is how long the test took.
	Duration time.Duration
}

// Passed reports whether the test passed.
func (r TestResult) Passed() bool { return !r.Fail && !r.Skip && r.Err == nil }

// TestOptions configure RunTests.
type TestOptions struct {
	// Library are modules the tests may use but whose own tests are not run
	// (xacct-lint's built-in rules and library); their *_test.rego files
	// are not loaded.
	Library []Source
	// Tests are the folders to test: every .rego file under them, tests
	// included.
	Tests []Source
	// Capabilities restrict the builtins; nil means DefaultCapabilities.
	Capabilities *ast.Capabilities
	// Timeout bounds each test; 0 means no bound other than ctx.
	Timeout time.Duration
	// MemoryLimit bounds the heap growth of the whole run as
	// Options.MemoryLimit does for an evaluation: 0 means
	// DefaultMemoryLimit, a negative value no limit.
	MemoryLimit int64
}

// RunTests compiles the library and the tested folders together, with
// print() enabled, and runs every test_ rule of the tested folders in the
// sandbox lint uses (capabilities, limited builtins, memory bound; a
// limited builtin cannot be mocked with `with`). It returns the results
// sorted by file and line; an error means the modules could not be read or
// compiled, or the memory bound stopped the run.
func RunTests(ctx context.Context, opts TestOptions) ([]TestResult, error) {
	modules := map[string]*ast.Module{}
	tested := map[string]bool{}
	add := func(name, src string, isTest bool) error {
		if _, dup := modules[name]; dup {
			return fmt.Errorf("module %s: loaded twice", name)
		}
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return fmt.Errorf("parse rego: %w", err)
		}
		modules[name] = m
		tested[name] = isTest
		return nil
	}
	for _, s := range opts.Library {
		if err := readSource(s, func(name, src string, _ bool) error { return add(name, src, false) }); err != nil {
			return nil, err
		}
	}
	for _, s := range opts.Tests {
		if err := readAll(s, func(name, src string) error { return add(name, src, true) }); err != nil {
			return nil, err
		}
	}
	caps := opts.Capabilities
	if caps == nil {
		caps = DefaultCapabilities()
	}
	limited := limitedFunctions(caps, nil)
	c := ast.NewCompiler().WithCapabilities(withLimited(caps, limited)).WithEnablePrintStatements(true).
		WithStageAfterID(ast.StageCheckTypes, ast.CompilerStageDefinition{Name: "LimitBuiltins", MetricName: "compile_stage_limit_builtins", Stage: limitStage})
	custom := make([]*tester.Builtin, len(limited))
	for i, f := range limited {
		custom[i] = &tester.Builtin{Decl: f.decl, Func: f.opt}
	}
	memLimit := opts.MemoryLimit
	if memLimit == 0 {
		memLimit = DefaultMemoryLimit
	}
	runCtx := ctx
	if memLimit > 0 {
		var stop func()
		runCtx, stop = watch(ctx, memLimit, nil)
		defer stop()
	}
	store := newStore()
	txn, err := store.NewTransaction(ctx, storage.TransactionParams{})
	if err != nil {
		return nil, fmt.Errorf("run rego tests: %w", err)
	}
	defer store.Abort(ctx, txn)
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = math.MaxInt64 // the runner's 0 would be an immediate deadline
	}
	runner := tester.NewRunner().SetCompiler(c).SetStore(store).SetModules(modules).
		CapturePrintOutput(true).RaiseBuiltinErrors(true).SetTimeout(timeout).AddCustomBuiltins(custom)
	ch, err := runner.RunTests(runCtx, txn)
	if err != nil {
		var errs ast.Errors
		if e, ok := err.(ast.Errors); ok {
			errs = e
		}
		return nil, fmt.Errorf("compile rego: %w%s", err, forbiddenHint(errs))
	}
	var out []TestResult
	for r := range ch {
		file, line := "", 0
		if r.Location != nil {
			file, line = r.Location.File, r.Location.Row
		}
		if !tested[file] {
			continue
		}
		tr := TestResult{
			Package:  strings.TrimPrefix(r.Package, "data."),
			Name:     r.Name,
			File:     file,
			Line:     line,
			Fail:     r.Fail,
			Skip:     r.Skip,
			Err:      r.Error,
			Output:   string(r.Output),
			Duration: r.Duration,
		}
		out = append(out, tr)
	}
	if err := ctx.Err(); err != nil {
		return out, fmt.Errorf("run rego tests: %w", err)
	}
	if runCtx.Err() != nil {
		return out, fmt.Errorf("run rego tests: %w", context.Cause(runCtx))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out, nil
}

// readAll calls add for every .rego file of s, tests included, in lexical
// order.
func readAll(s Source, add func(name, src string) error) error {
	dir := s.Dir
	if dir == "" {
		dir = "."
	}
	return fs.WalkDir(s.FS, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read rules %s: %w", path.Join(s.Name, p), err)
		}
		if d.IsDir() || path.Ext(p) != ".rego" {
			return nil
		}
		data, err := fs.ReadFile(s.FS, p)
		if err != nil {
			return fmt.Errorf("read rules: %w", err)
		}
		return add(path.Join(s.Name, p), string(data))
	})
}
