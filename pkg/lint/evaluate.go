package lint

import (
	"context"
	"fmt"
	"sync"

	"github.com/xacct-lint/xacct-lint/internal/engine"
	"github.com/xacct-lint/xacct-lint/internal/facts"
)

// batchSize is the number of facts (facts.Input.Size) above which units of
// linked documents are no longer packed together into one evaluation. A
// query has a fixed cost that many tiny units would pay many times; larger
// batches save no time (the rules' cost is linear in the facts once units
// are apart) but cost memory: the rules' input is held at many times its
// size. At 100 setups, batches of 300 facts peaked at 41 MB of heap,
// batches of 4,000 at 258 MB, in the same time.
const batchSize = 1000

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

// batches packs consecutive units into inputs of about size facts each.
func batches(units []*facts.Input, size int) []*facts.Input {
	var out []*facts.Input
	var cur []*facts.Input
	n := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, facts.Merge(cur...))
			cur, n = nil, 0
		}
	}
	for _, u := range units {
		s := u.Size()
		if n > 0 && n+s > size {
			flush()
		}
		cur = append(cur, u)
		n += s
	}
	flush()
	if len(out) == 0 {
		out = append(out, facts.Merge())
	}
	return out
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
