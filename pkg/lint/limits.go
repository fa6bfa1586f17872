package lint

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/xacct-lint/xacct-lint/internal/engine"
	"github.com/xacct-lint/xacct-lint/internal/facts"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// Limits bound the work of a run over untrusted files, so that no file can
// exhaust memory or time. A file past a per-file limit becomes an XA001
// finding that names the limit's flag; the other files are linted. Past
// MaxDocuments or EvalTimeout the run fails with an error.
//
// A zero field takes its default (DefaultLimits). The defaults sit far
// above real setups (the largest file of examples/ and of a generated
// 1,000-setup corpus is 16 KB with 553 values, 9 levels deep and at most
// a few dozen statements) and keep the CLI's peak RSS under 256 MiB for
// any single hostile file.
type Limits struct {
	// MaxFileSize is the largest file read, in bytes (--max-file-size,
	// limits.maxFileSize).
	MaxFileSize int64
	// MaxNodes is the most values a document may have once YAML aliases
	// are expanded (a "billion laughs" file stops there), and, three per
	// value, the most YAML tokens it may have (--max-nodes,
	// limits.maxNodes).
	MaxNodes int
	// MaxDepth is the deepest nesting of maps and lists (--max-depth,
	// limits.maxDepth).
	MaxDepth int
	// MaxDocuments is the most documents one run lints, not counting files
	// found in folders that are not documents (--max-documents,
	// limits.maxDocuments).
	MaxDocuments int
	// MaxStatements is the most policy statements one document may hold,
	// counted as the rules see them: every statement of every policy of a
	// template, bare policy or embedded JSON policy (--max-statements,
	// limits.maxStatements).
	MaxStatements int
	// EvalTimeout bounds the time the rules may take in one run (--timeout,
	// limits.timeout).
	EvalTimeout time.Duration
	// MaxMemory is how much the heap may grow while the rules evaluate one
	// group of documents, beyond 64 bytes per byte of the rules' input
	// (the built-in rules take 11–14 times their input); past it the run
	// stops with an error. It is what bounds a custom rule that builds
	// huge values (--max-memory, limits.maxMemory).
	MaxMemory int64
}

// Default limits.
const (
	// DefaultMaxFileSize is 1 MiB. CloudFormation takes templates of at
	// most 51,200 bytes inline and 1 MB from S3 ("Template body size in an
	// Amazon S3 object", AWS CloudFormation quotas); IAM managed policies
	// hold 6,144 characters, role inline policies 10,240 together, S3
	// bucket policies 20 KB and KMS key policies 32 KB. A larger file
	// cannot be deployed as it is.
	DefaultMaxFileSize = 1 << 20
	// DefaultMaxNodes is 100,000 values: a 1 MB template at a realistic 30
	// bytes a value has about 35,000. It bounds the YAML parser's memory
	// too (a 1 MiB flow list "[1,1,…]" would otherwise take 470 MiB).
	DefaultMaxNodes = source.DefaultMaxNodes
	// DefaultMaxDepth is 200 levels; real templates nest about 10 deep.
	DefaultMaxDepth = source.DefaultMaxDepth
	// DefaultMaxDocuments is 250,000 documents, above the 182,000 files of
	// the 10,000-setup benchmark corpus (docs/performance.md).
	DefaultMaxDocuments = 250_000
	// DefaultMaxStatements is 2,500 statements per document. The largest
	// policy AWS stores, a 32 KB KMS key policy, holds at most about 700
	// (some 45 bytes each at the least); rules over 2,500 statements of
	// one document take about 100 MiB and a second.
	DefaultMaxStatements = 2_500
	// DefaultEvalTimeout bounds the time the rules may take in one run.
	DefaultEvalTimeout = 2 * time.Minute
	// DefaultMaxMemory is 128 MiB of heap growth beyond what the input
	// explains: a rule that needs more is building values no check needs.
	DefaultMaxMemory = engine.DefaultMemoryLimit
)

// DefaultLimits returns the limits a Linter uses unless told otherwise.
func DefaultLimits() Limits {
	return Limits{
		MaxFileSize:   DefaultMaxFileSize,
		MaxNodes:      DefaultMaxNodes,
		MaxDepth:      DefaultMaxDepth,
		MaxDocuments:  DefaultMaxDocuments,
		MaxStatements: DefaultMaxStatements,
		EvalTimeout:   DefaultEvalTimeout,
		MaxMemory:     DefaultMaxMemory,
	}
}

// WithLimits sets the limits of a run. Only the positive fields of lim are
// used: the others keep what earlier options or the configuration's
// limits set, else the default. Options apply in order, after the
// configuration, so that a flag overrides a configuration key.
func WithLimits(lim Limits) Option {
	return func(s *settings) { s.limits = s.limits.override(lim) }
}

// override returns l with the positive fields of o.
func (l Limits) override(o Limits) Limits {
	if o.MaxFileSize > 0 {
		l.MaxFileSize = o.MaxFileSize
	}
	if o.MaxNodes > 0 {
		l.MaxNodes = o.MaxNodes
	}
	if o.MaxDepth > 0 {
		l.MaxDepth = o.MaxDepth
	}
	if o.MaxDocuments > 0 {
		l.MaxDocuments = o.MaxDocuments
	}
	if o.MaxStatements > 0 {
		l.MaxStatements = o.MaxStatements
	}
	if o.EvalTimeout > 0 {
		l.EvalTimeout = o.EvalTimeout
	}
	if o.MaxMemory > 0 {
		l.MaxMemory = o.MaxMemory
	}
	return l
}

// Limits returns the limits the Linter applies.
func (l *Linter) Limits() Limits { return l.limits }

// Flags that raise each limit, as findings and errors name them.
const (
	flagMaxFileSize   = "--max-file-size"
	flagMaxNodes      = "--max-nodes"
	flagMaxDepth      = "--max-depth"
	flagMaxDocuments  = "--max-documents"
	flagMaxStatements = "--max-statements"
	flagTimeout       = "--timeout"
	flagMaxMemory     = "--max-memory"
)

// limitHint is the suffix of a message about a limit.
func limitHint(flag string) string { return " (limit " + flag + ")" }

// sourceLimitFlag is the flag of a source.SyntaxError's limit, "" none.
func sourceLimitFlag(limit string) string {
	switch limit {
	case source.LimitMaxNodes:
		return flagMaxNodes
	case source.LimitMaxDepth:
		return flagMaxDepth
	}
	return ""
}

// errTooManyDocuments is returned when a run has more documents than
// Limits.MaxDocuments.
func (l *Linter) errTooManyDocuments() error {
	return fmt.Errorf("more than %d documents to lint%s", l.limits.MaxDocuments, limitHint(flagMaxDocuments))
}

// buildFactsLimited builds the facts of docs, leaving out the documents
// with more statements than Limits.MaxStatements: each becomes a problem
// (an XA001 finding) at its first statement past the limit, and the facts
// are built again without it, so that the rules never see it. Statements
// are counted in the facts rather than in the parsed documents because
// that is what the rules iterate over (statements of every policy of a
// template, of bare policies, of policies embedded as JSON strings), and
// their number is what evaluation time and memory grow with.
func (l *Linter) buildFactsLimited(ctx context.Context, docs []*source.Document) (*facts.Input, error) {
	opts := facts.Options{Binding: l.factsBinding}
	if l.hook != nil {
		opts.OnDocument = func(path string) { l.hook("facts", path) }
	}
	build := func(docs []*source.Document) (*facts.Input, error) {
		in, err := facts.Build(ctx, docs, opts)
		if err != nil {
			return nil, fmt.Errorf("build facts: %w", err)
		}
		return in, nil
	}
	input, err := build(docs)
	if err != nil {
		return nil, err
	}
	max := l.limits.MaxStatements
	count := map[string]int{}
	over := map[string]facts.Loc{}
	for _, st := range input.Statements {
		f := st.Loc.File
		count[f]++
		if count[f] == max+1 {
			over[f] = st.Loc
		}
	}
	if len(over) == 0 {
		return input, nil
	}
	kept := make([]*source.Document, 0, len(docs))
	for _, d := range docs {
		if _, bad := over[d.Path]; !bad {
			kept = append(kept, d)
		}
	}
	if input, err = build(kept); err != nil {
		return nil, err
	}
	files := make([]string, 0, len(over))
	for f := range over {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, f := range files {
		loc := over[f]
		input.Errors = append(input.Errors, facts.Problem{
			Message: fmt.Sprintf("document has more than %d policy statements%s", max, limitHint(flagMaxStatements)),
			Loc:     facts.Loc{File: f, Line: loc.Line, Column: loc.Column},
		})
	}
	return input, nil
}
