// Package lint checks the documents of an AWS cross-account CodePipeline
// setup — CloudFormation templates, IAM/KMS/S3 policy documents and
// pipeline declarations — with the Rego rules of xacct-lint, alone and
// across documents.
//
// A Linter is built once with New and used for any number of runs:
//
//	l, err := lint.New(lint.WithConfig(cfg))
//	…
//	rep, err := l.Lint(ctx, "infra/")
//	…
//	if rep.Exceeds(lint.SeverityError) { … }
//
// The data path is files → parsed documents → facts → rules → findings.
// Files that cannot be parsed become findings of rule XA001; they never
// stop a run. Reports are deterministic: the same files give the same
// report, byte for byte, in every output format of package report.
package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/xacct-lint/xacct-lint/internal/engine"
	"github.com/xacct-lint/xacct-lint/internal/facts"
)

// HelpURLBase is where the page of a built-in rule lives: HelpURLBase +
// ID + ".md".
const HelpURLBase = "https://github.com/xacct-lint/xacct-lint/blob/main/docs/rules/"

// ParseErrorRule is the rule that reports files that cannot be parsed.
const ParseErrorRule = "XA001"

// Rule describes one rule of the catalogue.
type Rule struct {
	// ID is the stable rule identifier, e.g. "XA103".
	ID string `json:"id"`
	// Title is a one-line summary.
	Title string `json:"title"`
	// Severity is the severity the rule reports with under the Linter's
	// configuration; SeverityOff when the configuration disables it.
	Severity Severity `json:"severity"`
	// DefaultSeverity is the severity the rule declares.
	DefaultSeverity Severity `json:"defaultSeverity"`
	// Description explains what the rule checks and why.
	Description string `json:"description"`
	// Remediation says how to fix what the rule finds.
	Remediation string `json:"remediation"`
	// Related are URLs of documentation the rule is based on.
	Related []string `json:"related,omitempty"`
	// HelpURL is the rule's documentation page: its page under docs/rules
	// for built-in rules, the first related URL for custom rules.
	HelpURL string `json:"helpUrl,omitempty"`
	// Builtin is false for rules loaded with WithPolicyDir or WithPolicyFS.
	Builtin bool `json:"builtin"`
}

// Document is a file given in memory to LintDocuments.
type Document struct {
	// Path names the document in findings.
	Path string
	// Data is the file's content.
	Data []byte
}

// Option configures a Linter.
type Option func(*settings)

type settings struct {
	config     *Config
	accounts   map[string]string
	disabled   []string
	ignored    []string
	policies   []engine.Source
	policyDirs []string
	noBuiltin  bool
	limits     Limits
	workers    int
	runaway    func(error)
	noFolders  bool
}

// WithRunaway sets what to do when the rules cannot be stopped: f is
// called, once, when an evaluation still runs a second after its time or
// memory bound stopped it (a single step of evaluation — hashing or
// comparing a huge value a custom rule built — does not look at its
// context, and Go cannot stop a goroutine from outside), or when the heap
// has grown past twice Limits.MaxMemory. A library caller has nothing
// better to do than report it; a command should print err and exit. Nil,
// the default, lets the step run to its end.
func WithRunaway(f func(err error)) Option {
	return func(s *settings) { s.runaway = f }
}

// WithConfig applies a configuration: account bindings, rule severities,
// suppressions and policy folders. A nil config is ignored.
func WithConfig(c *Config) Option {
	return func(s *settings) { s.config = c }
}

// WithAccounts adds account names (name → 12-digit ID), as the CLI's
// repeatable --account NAME=ID does. They override the configuration's
// accounts of the same name.
func WithAccounts(accounts map[string]string) Option {
	return func(s *settings) {
		if s.accounts == nil {
			s.accounts = map[string]string{}
		}
		for k, v := range accounts {
			s.accounts[k] = v
		}
	}
}

// WithDisabledRules turns rules off: they do not run, as with severity
// off in the configuration.
func WithDisabledRules(ids ...string) Option {
	return func(s *settings) { s.disabled = append(s.disabled, ids...) }
}

// WithIgnoredRules suppresses every finding of the rules, as the CLI's
// --ignore does: the rules run and their findings stay in the report,
// marked suppressed with kind SuppressedByFlag, unless an inline or
// configuration entry suppresses them first.
func WithIgnoredRules(ids ...string) Option {
	return func(s *settings) { s.ignored = append(s.ignored, ids...) }
}

// WithPolicyDir adds the Rego rules of a folder (every *.rego file under
// it, except *_test.rego), as the CLI's --policy does. A folder named twice,
// here or in the configuration's policies, is loaded once.
func WithPolicyDir(dir string) Option {
	return func(s *settings) { s.policyDirs = append(s.policyDirs, dir) }
}

// WithPolicyFS adds the Rego rules under dir in fsys; name identifies them
// in errors.
func WithPolicyFS(name string, fsys fs.FS, dir string) Option {
	return func(s *settings) {
		s.policies = append(s.policies, engine.Source{FS: fsys, Dir: dir, Name: name})
	}
}

// WithMaxFileSize sets the largest file Lint reads, Limits.MaxFileSize
// (unchanged when n <= 0). A larger file is an XA001 finding.
func WithMaxFileSize(n int64) Option {
	return WithLimits(Limits{MaxFileSize: n})
}

// WithEvalTimeout bounds the time the rules may take in one run,
// Limits.EvalTimeout (unchanged when d <= 0). A run that passes it fails
// with an error wrapping context.DeadlineExceeded.
func WithEvalTimeout(d time.Duration) Option {
	return WithLimits(Limits{EvalTimeout: d})
}

// WithParallelism sets how many files are read and parsed at once
// (runtime.GOMAXPROCS(0) when n <= 0).
func WithParallelism(n int) Option {
	return func(s *settings) { s.workers = n }
}

// WithoutBuiltinRules leaves out the rules that come with xacct-lint, to
// run only rules added with WithPolicyDir or WithPolicyFS.
func WithoutBuiltinRules() Option {
	return func(s *settings) { s.noBuiltin = true }
}

// WithFolderConfigs says whether Lint and Trace apply folder
// configurations: a .xacct-lint.yaml in a linted file's folder or a folder
// above it, up to the current folder, whose accounts, documents and ignore
// entries apply to the files below it before the configuration's own.
// They do by default.
func WithFolderConfigs(enabled bool) Option {
	return func(s *settings) { s.noFolders = !enabled }
}

// Linter lints documents. It is safe for concurrent use.
type Linter struct {
	eng         *engine.Engine
	rules       []Rule
	byID        map[string]int
	config      *Config
	bindings    bindingIndex
	accounts    map[string]string
	ignore      []Suppression
	flagIgnored map[string]bool
	limits      Limits
	workers     int
	// evalTimeout is limits.EvalTimeout, for the evaluation.
	evalTimeout time.Duration
	// noFolderConfigs leaves folder configurations out (WithFolderConfigs).
	noFolderConfigs bool
	// tracer is made on the first Trace, from the compiled rules.
	tracer *tracerOnce
	// hook, set by tests only, is called with each document's path before
	// it is parsed (stage "parse") and before its facts are read (stage
	// "facts"), to inject a panic.
	hook func(stage, path string)
}

// New compiles the rules and applies the options.
func New(opts ...Option) (*Linter, error) {
	return NewContext(context.Background(), opts...)
}

// NewContext is New with a context for the rules' compilation.
func NewContext(ctx context.Context, opts ...Option) (*Linter, error) {
	var s settings
	for _, o := range opts {
		o(&s)
	}
	cfg := s.config
	if cfg == nil {
		cfg = &Config{}
	}
	l := &Linter{
		config:   cfg,
		bindings: newBindingIndex(cfg.Documents),
		accounts: map[string]string{},
		ignore:   cfg.Ignore,
		limits:   DefaultLimits().override(cfg.Limits).override(s.limits),
		workers:  s.workers,

		noFolderConfigs: s.noFolders,
		tracer:          &tracerOnce{noBuiltin: s.noBuiltin},
	}
	l.evalTimeout = l.limits.EvalTimeout
	if l.workers <= 0 {
		l.workers = runtime.GOMAXPROCS(0)
	}
	for k, v := range cfg.Accounts {
		l.accounts[k] = v
	}
	for k, v := range s.accounts {
		if err := checkAccountName(k); err != nil {
			return nil, fmt.Errorf("account %s=%s: %w", k, v, err)
		}
		if !accountIDPattern.MatchString(v) {
			return nil, fmt.Errorf("account %s=%s: %q is not a 12-digit account ID", k, v, v)
		}
		l.accounts[k] = v
	}

	var sources []engine.Source
	if !s.noBuiltin {
		sources = append(sources, builtinRules()...)
	}
	dirs := make([]string, 0, len(cfg.Policies)+len(s.policyDirs))
	for _, p := range cfg.Policies {
		if !filepath.IsAbs(p) {
			p = filepath.Join(cfg.dir(), p)
		}
		dirs = append(dirs, p)
	}
	seen := map[string]bool{}
	for _, dir := range append(dirs, s.policyDirs...) {
		key := filepath.Clean(dir)
		if abs, err := filepath.Abs(dir); err == nil {
			key = abs
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		sources = append(sources, engine.Source{FS: os.DirFS(dir), Dir: ".", Name: filepath.ToSlash(filepath.Clean(dir))})
	}
	sources = append(sources, s.policies...)

	// Compile once; rules turned off are then left out of the query.
	// Custom rules may neither take XA IDs nor declare xacct.* packages.
	eng, err := engine.New(ctx, engine.Options{
		Sources: sources, ReservedIDPrefix: "XA", ReservedPackage: "xacct",
		MemoryLimit: l.limits.MaxMemory, Runaway: s.runaway,
	})
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	known := func(id string) bool {
		_, ok := eng.Rule(id)
		return ok || id == SuppressionRule
	}
	if err := cfg.checkRules(known); err != nil {
		return nil, err
	}
	disabled := map[string]bool{}
	for _, id := range s.disabled {
		if !known(id) {
			return nil, fmt.Errorf("disable rule %s: no such rule", id)
		}
		disabled[id] = true
	}
	l.flagIgnored = map[string]bool{}
	for _, id := range s.ignored {
		if !known(id) {
			return nil, fmt.Errorf("ignore rule %s: no such rule", id)
		}
		l.flagIgnored[id] = true
	}
	for id, rs := range cfg.Rules {
		if rs.Severity == SeverityOff {
			disabled[id] = true
		}
	}
	if len(disabled) > 0 {
		ids := make([]string, 0, len(disabled))
		for id := range disabled {
			if id != SuppressionRule {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		if eng, err = eng.Without(ctx, ids...); err != nil {
			return nil, fmt.Errorf("load rules: %w", err)
		}
	}
	l.eng = eng

	meta := suppressionRule()
	if rs, ok := cfg.Rules[meta.ID]; ok && rs.Severity != "" {
		meta.Severity = rs.Severity
	}
	if disabled[meta.ID] {
		meta.Severity = SeverityOff
	}
	l.rules = append(l.rules, meta)
	for _, r := range eng.Rules() {
		rule := Rule{
			ID:              r.ID,
			Title:           r.Title,
			DefaultSeverity: Severity(r.Severity),
			Severity:        Severity(r.Severity),
			Description:     r.Description,
			Remediation:     r.Remediation,
			Related:         r.Related,
			Builtin:         r.Builtin,
		}
		if rs, ok := cfg.Rules[r.ID]; ok && rs.Severity != "" {
			rule.Severity = rs.Severity
		}
		if disabled[r.ID] {
			rule.Severity = SeverityOff
		}
		switch {
		case r.Builtin:
			rule.HelpURL = HelpURLBase + r.ID + ".md"
		case len(r.Related) > 0:
			rule.HelpURL = r.Related[0]
		}
		l.rules = append(l.rules, rule)
	}
	slices.SortFunc(l.rules, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	l.byID = make(map[string]int, len(l.rules))
	for i, r := range l.rules {
		l.byID[r.ID] = i
	}
	return l, nil
}

// Rules returns the rule catalogue, sorted by ID, with the severities of
// the Linter's configuration.
func (l *Linter) Rules() []Rule {
	out := make([]Rule, len(l.rules))
	for i, r := range l.rules {
		r.Related = slices.Clone(r.Related)
		out[i] = r
	}
	return out
}

// Lint lints the files at paths. A path is a file, always read whatever
// its name, or a folder, searched recursively for .yaml, .yml, .json and
// .template files (skipping .git, node_modules and vendor); files found in
// folders that are not documents the linter reads (other tools' YAML,
// binary or empty files, named pipes, links that lead nowhere) are skipped
// quietly. Links to files are followed, links to folders are not. A file
// or folder that cannot be read, and a file past a limit (see Limits), is
// an XA001 finding; a named pipe or device named in paths is one too,
// never read. A path that does not exist is an error that wraps
// fs.ErrNotExist; more documents than Limits.MaxDocuments is an error.
func (l *Linter) Lint(ctx context.Context, paths ...string) (*Report, error) {
	cands, err := collect(ctx, paths)
	if err != nil {
		return nil, err
	}
	run, err := l.withFolderConfigs(cands)
	if err != nil {
		return nil, err
	}
	return run.run(ctx, cands)
}

// LintDocuments lints documents given in memory, as if they were files
// named on the command line.
func (l *Linter) LintDocuments(ctx context.Context, docs ...Document) (*Report, error) {
	cands := make([]candidate, 0, len(docs))
	seen := map[string]bool{}
	for _, d := range docs {
		if d.Path == "" {
			return nil, errors.New("lint documents: a document has no path")
		}
		if seen[d.Path] {
			return nil, fmt.Errorf("lint documents: %s given twice", d.Path)
		}
		seen[d.Path] = true
		cands = append(cands, candidate{path: d.Path, explicit: true, data: d.Data, inMemory: true})
	}
	return l.run(ctx, cands)
}

// binding returns the configuration's first document binding whose glob
// matches file, with Account resolved to the account ID ("" when the name
// is not known).
func (l *Linter) binding(file string) (DocumentBinding, bool) {
	if len(l.config.Documents) == 0 {
		return DocumentBinding{}, false
	}
	rel, ok := l.config.relPath(file)
	if !ok {
		return DocumentBinding{}, false
	}
	i, ok := l.bindings.first(l.config.Documents, rel)
	if !ok {
		return DocumentBinding{}, false
	}
	b := l.config.Documents[i]
	b.Account, _ = resolveAccount(l.accounts, b.Account)
	return b, true
}

// finding turns a rule result into a finding with the configured severity.
func (l *Linter) finding(r engine.Result) Finding {
	f := Finding{
		Rule:    r.Rule,
		Message: facts.Readable(r.Message),
		File:    r.Loc.File,
		Line:    r.Loc.Line,
		Column:  r.Loc.Column,
		Pointer: r.Loc.Pointer,
	}
	rule := l.rules[l.byID[r.Rule]]
	f.Title = rule.Title
	f.Severity = rule.DefaultSeverity
	if r.Severity != "" {
		f.Severity = Severity(r.Severity)
	}
	if rs, ok := l.config.Rules[r.Rule]; ok && rs.Severity.rank() > 0 {
		f.Severity = rs.Severity
	}
	for _, rel := range r.Related {
		f.Related = append(f.Related, Related{
			File: rel.Loc.File, Line: rel.Loc.Line, Column: rel.Loc.Column, Message: facts.Readable(rel.Message),
		})
	}
	return f
}

// known reports whether id is a rule of the Linter.
func (l *Linter) known(id string) bool {
	_, ok := l.byID[id]
	return ok
}

// enabled reports whether the rule id runs under the configuration.
func (l *Linter) enabled(id string) bool {
	i, ok := l.byID[id]
	return ok && l.rules[i].Severity != SeverityOff
}

// isCandidateExt reports whether a file found in a folder may be a document.
func isCandidateExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}
