// Package engine compiles the Rego rules of xacct-lint once and evaluates
// all of them together against one input.
//
// A rule is a Rego package with a package-scoped METADATA block whose
// custom section names the rule's id and severity:
//
//	# METADATA
//	# title: Key policy does not let the target account decrypt
//	# description: …
//	# related_resources:
//	#   - ref: https://docs.aws.amazon.com/…
//	# custom:
//	#   id: XA103
//	#   severity: error
//	#   remediation: …
//	package xacct.rules.xa103
//
//	deny contains {"message": "…", "loc": {"file": "…", "line": 1, "column": 1, "pointer": "/…"}} if { … }
//
// Packages without such a block are libraries. Modules whose file name ends
// in _test.rego are Rego unit tests and are never loaded here.
package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
)

// Severity levels a rule may declare.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// resultVar is the variable the prepared query binds the results to.
const resultVar = "results"

// Rule is one entry of the rule catalogue, read from a package's METADATA.
type Rule struct {
	// ID is the rule's stable identifier (custom.id), e.g. "XA103".
	ID string
	// Title is the METADATA title: one line, no final period.
	Title string
	// Severity is the default severity: "error", "warning" or "info".
	Severity string
	// Description is the METADATA description.
	Description string
	// Remediation is custom.remediation: how to fix what the rule finds.
	Remediation string
	// Related are the related_resources URLs, in order.
	Related []string
	// Package is the rule's package path, e.g. "data.xacct.rules.xa103".
	Package string
	// File is the name of the module that holds the METADATA block.
	File string
	// Builtin is true for rules that come with xacct-lint (Source.Builtin).
	Builtin bool
}

// Source is a set of Rego modules: every *.rego file under Dir in FS,
// recursively, except *_test.rego.
type Source struct {
	// FS holds the modules.
	FS fs.FS
	// Dir is the folder of FS to read, "." for all of it.
	Dir string
	// Name prefixes module names in messages ("builtin", a --policy folder).
	Name string
	// Builtin marks the rules as xacct-lint's own.
	Builtin bool
}

// Module is one Rego module given as text.
type Module struct {
	// Name is the module's file name, used in messages.
	Name string
	// Src is the module's Rego source.
	Src string
	// Builtin marks the module's rules as xacct-lint's own.
	Builtin bool
}

// Options configure New.
type Options struct {
	// Sources are folders of modules to load.
	Sources []Source
	// Modules are extra modules given as text.
	Modules []Module
	// Capabilities restrict the builtins rules may call. Nil means
	// DefaultCapabilities.
	Capabilities *ast.Capabilities
	// Disabled lists rule IDs not to evaluate.
	Disabled []string
	// ReservedIDPrefix, when set, is a rule ID prefix ("XA") only modules
	// of built-in sources may use.
	ReservedIDPrefix string
	// ReservedPackage, when set, is a package root ("xacct") under which
	// only built-in modules may declare packages, so that other modules
	// cannot add results to a built-in rule or change its library. They
	// may still import from it.
	ReservedPackage string
	// MemoryLimit is how much the heap may grow during one evaluation,
	// besides MemoryPerInputByte for every byte of input (as JSON), before
	// it is stopped with an error wrapping ErrMemoryLimit: 0 means
	// DefaultMemoryLimit, a negative value no limit. The heap is the
	// process's: other work running at the same time counts too.
	MemoryLimit int64
	// Runaway, when set, is called (from another goroutine) if an
	// evaluation goes on for a second after its context is done or the
	// memory bound stopped it, or if its heap grows past twice
	// MemoryLimit: a single step of evaluation cannot be interrupted, and
	// a program may then want to exit. It is called at most once per
	// evaluation.
	Runaway func(error)

	// extraFuncs are builtins of one argument added for tests.
	extraFuncs map[string]func(*ast.Term) (*ast.Term, error)
}

// Engine holds the compiled rules and one prepared query over all of them.
// It is safe for concurrent use.
type Engine struct {
	rules    []Rule
	byID     map[string]int
	compiler *ast.Compiler
	caps     *ast.Capabilities
	store    storage.Store // BaseData, read-only
	disabled []string
	memLimit int64
	extra    map[string]func(*ast.Term) (*ast.Term, error)
	runaway  func(error)
	query    rego.PreparedEvalQuery
	empty    bool
}

// New parses and compiles the modules of opts, reads the rule catalogue from
// their METADATA and prepares one query that evaluates every enabled rule.
func New(ctx context.Context, opts Options) (*Engine, error) {
	var srcs []moduleSource
	collect := func(name, src string, isBuiltin bool) error {
		srcs = append(srcs, moduleSource{name: name, src: src, builtin: isBuiltin})
		return nil
	}
	for _, s := range opts.Sources {
		if err := readSource(s, collect); err != nil {
			return nil, err
		}
	}
	for _, m := range opts.Modules {
		if isTestModule(m.Name) {
			continue
		}
		srcs = append(srcs, moduleSource{name: m.Name, src: m.Src, builtin: m.Builtin})
	}
	parsed, err := parseModules(ctx, srcs)
	if err != nil {
		return nil, err
	}
	modules := make(map[string]*ast.Module, len(srcs))
	builtin := make(map[string]bool, len(srcs))
	for i, s := range srcs {
		if _, dup := modules[s.name]; dup {
			return nil, fmt.Errorf("module %s: loaded twice", s.name)
		}
		m := parsed[i]
		if root := opts.ReservedPackage; root != "" && !s.builtin {
			if p := m.Package.Path.String(); p == "data."+root || strings.HasPrefix(p, "data."+root+".") {
				return nil, fmt.Errorf("%s:%d: package %s: the %s.* packages belong to xacct-lint; declare your rules in a package of your own (e.g. package acme.rules.r001)",
					s.name, m.Package.Location.Row, strings.TrimPrefix(p, "data."), root)
			}
		}
		modules[s.name] = m
		builtin[s.name] = s.builtin
	}

	caps := opts.Capabilities
	if caps == nil {
		caps = DefaultCapabilities()
	}
	// print() is not enabled: the compiler erases its calls. Builtins that
	// can build huge results in one call are replaced by limited versions
	// after type checking (sandbox.go).
	c := ast.NewCompiler().WithStrict(true).WithCapabilities(withLimited(caps, limitedFunctions(caps, opts.extraFuncs))).
		WithStageAfterID(ast.StageCheckTypes, ast.CompilerStageDefinition{Name: "LimitBuiltins", MetricName: "compile_stage_limit_builtins", Stage: limitStage})
	c.Compile(modules)
	if c.Failed() {
		return nil, fmt.Errorf("compile rego: %w%s", c.Errors, forbiddenHint(c.Errors))
	}

	rules, err := catalogue(modules, builtin, opts.ReservedIDPrefix)
	if err != nil {
		return nil, err
	}
	e := &Engine{rules: rules, byID: make(map[string]int, len(rules))}
	for i, r := range rules {
		e.byID[r.ID] = i
	}
	e.compiler, e.caps, e.store = c, caps, newStore()
	e.memLimit, e.extra, e.runaway = opts.MemoryLimit, opts.extraFuncs, opts.Runaway
	if e.memLimit == 0 {
		e.memLimit = DefaultMemoryLimit
	}
	if err := e.prepare(ctx, opts.Disabled); err != nil {
		return nil, err
	}
	return e, nil
}

// Without returns an Engine that shares e's compiled rules but does not
// evaluate the rules with the given IDs. It costs one query preparation,
// not a compilation.
func (e *Engine) Without(ctx context.Context, ids ...string) (*Engine, error) {
	n := &Engine{rules: e.rules, byID: e.byID, compiler: e.compiler, caps: e.caps, store: e.store, memLimit: e.memLimit, extra: e.extra, runaway: e.runaway}
	if err := n.prepare(ctx, append(slices.Clone(e.disabled), ids...)); err != nil {
		return nil, err
	}
	return n, nil
}

// prepare builds the one query over every rule not disabled:
// results = {"XA001": data.xacct.rules.xa001.deny, …}.
func (e *Engine) prepare(ctx context.Context, disabled []string) error {
	for _, id := range disabled {
		if _, ok := e.byID[id]; !ok {
			return fmt.Errorf("disable rule %s: no such rule", id)
		}
	}
	e.disabled = disabled
	items := make([][2]*ast.Term, 0, len(e.rules))
	for _, r := range e.rules {
		if slices.Contains(disabled, r.ID) {
			continue
		}
		ref, err := ast.ParseRef(r.Package + ".deny")
		if err != nil {
			return fmt.Errorf("rule %s: %w", r.ID, err)
		}
		items = append(items, ast.Item(ast.StringTerm(r.ID), ast.NewTerm(ref)))
	}
	if len(items) == 0 {
		e.empty = true
		return nil
	}
	body := ast.NewBody(ast.Equality.Expr(ast.VarTerm(resultVar), ast.ObjectTerm(items...)))
	pq, err := rego.New(append(e.regoOptions(), rego.ParsedQuery(body))...).PrepareForEval(ctx)
	if err != nil {
		return fmt.Errorf("prepare rules query: %w", err)
	}
	e.query = pq
	return nil
}

// Prepare prepares another query over the compiled modules (the library
// and the rules), with the builtins the rules have: a caller that needs a
// value of the library besides the findings (the trace) does not compile
// it again.
func (e *Engine) Prepare(ctx context.Context, query string) (rego.PreparedEvalQuery, error) {
	pq, err := rego.New(append(e.regoOptions(), rego.Query(query))...).PrepareForEval(ctx)
	if err != nil {
		return rego.PreparedEvalQuery{}, fmt.Errorf("prepare %s: %w", query, err)
	}
	return pq, nil
}

// regoOptions are the options of every query over the compiled rules.
func (e *Engine) regoOptions() []func(*rego.Rego) {
	return append(limitedOptions(limitedFunctions(e.caps, e.extra)),
		rego.Compiler(e.compiler),
		rego.Capabilities(e.caps),
		rego.Store(e.store))
}

func isTestModule(name string) bool {
	return strings.HasSuffix(name, "_test.rego")
}

// readSource calls add for every non-test .rego file of s, in lexical order.
func readSource(s Source, add func(name, src string, builtin bool) error) error {
	return readAll(s, func(name, src string) error {
		if isTestModule(name) {
			return nil
		}
		return add(name, src, s.Builtin)
	})
}

// catalogue reads the rules from the package METADATA of the compiled
// modules and checks them: ids unique, severity known, a title, a deny rule.
func catalogue(modules map[string]*ast.Module, builtin map[string]bool, reservedPrefix string) ([]Rule, error) {
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, n)
	}
	sort.Strings(names)

	var errs []error
	byPkg := map[string]*Rule{}
	hasDeny := map[string]bool{}
	ids := map[string]string{}    // id -> package
	rejected := map[string]bool{} // packages whose METADATA had errors
	for _, name := range names {
		m := modules[name]
		pkg := m.Package.Path.String()
		for _, r := range m.Rules {
			ref := r.Head.Ref()
			if len(ref) == 1 && ref[0].Value.Compare(ast.Var("deny")) == 0 {
				hasDeny[pkg] = true
			}
		}
		for _, a := range m.Annotations {
			if a.Scope != "package" {
				continue
			}
			rawID, ok := a.Custom["id"]
			if !ok {
				continue
			}
			id, _ := rawID.(string)
			where := name
			if a.Location != nil {
				where = fmt.Sprintf("%s:%d", name, a.Location.Row)
			}
			if id == "" {
				rejected[pkg] = true
				errs = append(errs, fmt.Errorf("%s: METADATA custom.id must be a non-empty string", where))
				continue
			}
			if reservedPrefix != "" && !builtin[name] && strings.HasPrefix(strings.ToUpper(id), reservedPrefix) {
				rejected[pkg] = true
				errs = append(errs, fmt.Errorf("%s: rule id %s: IDs starting with %s belong to xacct-lint's rules; give your rules a prefix of your own (e.g. ACME001)", where, id, reservedPrefix))
				continue
			}
			if prev, dup := ids[id]; dup {
				rejected[pkg] = true
				errs = append(errs, fmt.Errorf("%s: rule id %s already used by %s", where, id, prev))
				continue
			}
			if _, dup := byPkg[pkg]; dup {
				rejected[pkg] = true
				errs = append(errs, fmt.Errorf("%s: package %s has a second rule METADATA block", where, pkg))
				continue
			}
			ids[id] = pkg
			sev, _ := a.Custom["severity"].(string)
			switch sev {
			case SeverityError, SeverityWarning, SeverityInfo:
			default:
				errs = append(errs, fmt.Errorf("%s: rule %s: custom.severity %q is not error, warning or info", where, id, sev))
			}
			if strings.TrimSpace(a.Title) == "" {
				errs = append(errs, fmt.Errorf("%s: rule %s: METADATA title is missing", where, id))
			}
			rem, _ := a.Custom["remediation"].(string)
			rule := &Rule{
				ID:          id,
				Title:       strings.TrimSpace(a.Title),
				Severity:    sev,
				Description: strings.TrimSpace(a.Description),
				Remediation: strings.TrimSpace(rem),
				Package:     pkg,
				File:        name,
				Builtin:     builtin[name],
			}
			for _, rr := range a.RelatedResources {
				rule.Related = append(rule.Related, rr.Ref.String())
			}
			byPkg[pkg] = rule
		}
	}
	rules := make([]Rule, 0, len(byPkg))
	for pkg, r := range byPkg {
		if !hasDeny[pkg] {
			errs = append(errs, fmt.Errorf("%s: rule %s: package %s has no deny rule", r.File, r.ID, pkg))
		}
		rules = append(rules, *r)
	}
	for pkg := range hasDeny {
		if _, ok := byPkg[pkg]; !ok && !rejected[pkg] {
			errs = append(errs, fmt.Errorf("package %s: defines deny but has no package METADATA with custom.id", pkg))
		}
	}
	if len(errs) > 0 {
		sortErrors(errs)
		return nil, fmt.Errorf("rule catalogue: %w", errors.Join(errs...))
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, nil
}

func sortErrors(errs []error) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
}

// Rules returns the catalogue, sorted by ID. The caller may modify the
// returned slice.
func (e *Engine) Rules() []Rule {
	out := make([]Rule, len(e.rules))
	for i, r := range e.rules {
		r.Related = slices.Clone(r.Related)
		out[i] = r
	}
	return out
}

// Rule returns the rule with the given ID.
func (e *Engine) Rule(id string) (Rule, bool) {
	i, ok := e.byID[id]
	if !ok {
		return Rule{}, false
	}
	r := e.rules[i]
	r.Related = slices.Clone(r.Related)
	return r, true
}
