package lint

import (
	"context"
	"fmt"
	"sync"

	"github.com/xacct-lint/xacct-lint/internal/engine"
	"github.com/xacct-lint/xacct-lint/internal/source"
	"github.com/xacct-lint/xacct-lint/pkg/trace"
)

// Trace reads the files at paths as Lint does (with the Linter's
// configuration and folder configurations: account and role bindings) and
// traces every hop of every cross-account action of the pipelines found
// (see package trace). A file
// that cannot be read or parsed is an error naming it and the position.
func (l *Linter) Trace(ctx context.Context, paths ...string) (*trace.Report, error) {
	cands, err := collect(ctx, paths)
	if err != nil {
		return nil, err
	}
	l, err = l.withFolderConfigs(cands)
	if err != nil {
		return nil, err
	}
	results, err := l.parseAll(ctx, cands)
	if err != nil {
		return nil, err
	}
	var docs []*source.Document
	for _, r := range results {
		switch {
		case r.skip:
		case r.err != nil:
			loc := r.err.Loc
			if loc.Line > 0 {
				return nil, fmt.Errorf("cannot parse %s:%d:%d: %s", loc.File, loc.Line, loc.Column, r.err.Message)
			}
			return nil, fmt.Errorf("cannot read %s: %s", loc.File, r.err.Message)
		default:
			docs = append(docs, r.doc)
		}
	}
	input, err := l.buildFactsLimited(ctx, docs)
	if err != nil {
		return nil, err
	}
	// A document past the statement limit, or one whose reading panicked,
	// is left out of the facts: a trace without it would be wrong.
	if len(input.Errors) > 0 {
		e := input.Errors[0]
		return nil, fmt.Errorf("cannot read %s:%d:%d: %s", e.Loc.File, e.Loc.Line, e.Loc.Column, e.Message)
	}
	t, err := l.tracer.get(ctx, l.eng)
	if err != nil {
		return nil, err
	}
	evalCtx, cancel := context.WithTimeoutCause(ctx, l.evalTimeout,
		fmt.Errorf("trace did not finish within %v: %w%s", l.evalTimeout, context.DeadlineExceeded, limitHint(flagTimeout)))
	defer cancel()
	rep, err := t.Evaluate(evalCtx, inputValue(input))
	if err != nil {
		if ctx.Err() == nil && evalCtx.Err() != nil {
			return nil, context.Cause(evalCtx)
		}
		return nil, err
	}
	return rep, nil
}

// tracerOnce makes a Linter's Tracer once, from the rules it compiled
// (the library is among them), or by compiling the library when the Linter
// left the built-in rules out.
type tracerOnce struct {
	once      sync.Once
	t         *trace.Tracer
	err       error
	noBuiltin bool
}

func (o *tracerOnce) get(ctx context.Context, eng *engine.Engine) (*trace.Tracer, error) {
	o.once.Do(func() {
		ctx := context.WithoutCancel(ctx) // made once for every later call
		if o.noBuiltin {
			o.t, o.err = trace.New(ctx)
			return
		}
		q, err := eng.Prepare(ctx, trace.Query)
		if err != nil {
			o.err = fmt.Errorf("trace: %w", err)
			return
		}
		o.t = trace.NewPrepared(q)
	})
	return o.t, o.err
}
