package lint

// The whole run: every document parsed, built and evaluated at once. It is
// how Lint worked before the streaming run (stream.go), and the reference
// the streaming run is tested against: the same reports, byte for byte.

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/xacct-lint/xacct-lint/internal/engine"
	"github.com/xacct-lint/xacct-lint/internal/facts"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// runWhole lints the candidates in one pass over every document held at
// once: parse, build facts, evaluate, report. Tests check runStream
// against it.
func (l *Linter) runWhole(ctx context.Context, cands []candidate) (*Report, error) {
	results, err := l.parseAll(ctx, cands)
	if err != nil {
		return nil, err
	}
	rep := &Report{Version: ReportVersion, sources: map[string][]byte{}}
	var docs []*source.Document
	var problems []facts.Problem
	for i, r := range results {
		switch {
		case r.skip:
			continue
		case r.err != nil:
			problems = append(problems, *r.err)
			if r.src != nil {
				rep.sources[cands[i].path] = r.src
			}
		default:
			docs = append(docs, r.doc)
			rep.sources[cands[i].path] = r.doc.Src
		}
		rep.Files = append(rep.Files, cands[i].path)
	}
	input, err := l.buildFactsLimited(ctx, docs)
	if err != nil {
		return nil, fmt.Errorf("lint: %w", err)
	}
	input.Errors = append(input.Errors, problems...)
	res, err := l.evaluate(ctx, input)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			return nil, fmt.Errorf("lint: %w%s", err, limitHint(flagTimeout))
		}
		return nil, fmt.Errorf("lint: %w", err)
	}
	sup := l.newSuppressor(docs, rep.Files)
	for _, r := range res {
		f := l.finding(r)
		f.Suppressed = sup.match(&f)
		rep.Findings = append(rep.Findings, f)
	}
	rep.Findings = append(rep.Findings, sup.stale()...)
	rep.finish()
	return rep, nil
}

// evaluate runs the rules over the facts within the Linter's evaluation
// time bound. The facts are split into units of linked documents
// (facts.Input.Units), small units packed into batches, and the batches
// evaluated in parallel on the Linter's workers: the cost grows with the
// number of units, not with its square, and memory with the size of the
// batches in flight, not of the whole input.
func (l *Linter) evaluate(ctx context.Context, input *facts.Input) ([]engine.Result, error) {
	evalCtx, cancel := context.WithTimeoutCause(ctx, l.evalTimeout,
		fmt.Errorf("rules did not finish within %v: %w", l.evalTimeout, context.DeadlineExceeded))
	defer cancel()
	res, err := l.evalBatches(evalCtx, batches(input.Units(), batchSize))
	if err != nil {
		if ctx.Err() == nil && evalCtx.Err() != nil {
			return nil, context.Cause(evalCtx)
		}
		return nil, err
	}
	return res, nil
}

// evalBatches evaluates the batches on the Linter's workers and merges
// their results. The first error stops the others.
func (l *Linter) evalBatches(ctx context.Context, bs []*facts.Input) ([]engine.Result, error) {
	if len(bs) == 1 {
		return l.eng.EvalValue(ctx, inputValue(bs[0]))
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	results := make([][]engine.Result, len(bs))
	next := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for range min(l.workers, len(bs)) {
		wg.Go(func() {
			for i := range next {
				res, err := l.eng.EvalValue(ctx, inputValue(bs[i]))
				if err != nil {
					once.Do(func() { firstErr = err; cancel(err) })
					continue
				}
				results[i] = res
				bs[i] = nil // let the batch go as soon as it is done
			}
		})
	}
feed:
	for i := range bs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return engine.MergeResults(results...), nil
}

// buildFacts turns the parsed documents into the rules' input, with the
// configuration's bindings.
func (l *Linter) buildFacts(ctx context.Context, docs []*source.Document) (*facts.Input, error) {
	in, err := facts.Build(ctx, docs, facts.Options{Binding: l.factsBinding})
	if err != nil {
		return nil, fmt.Errorf("build facts: %w", err)
	}
	return in, nil
}

func (l *Linter) newSuppressor(docs []*source.Document, files []string) *suppressor {
	s := &suppressor{l: l, inline: map[string][]*inlineEntry{}, configUsed: make([]bool, len(l.ignore)), files: files}
	s.collectDocs(docs)
	return s
}
