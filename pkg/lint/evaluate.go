package lint

import (
	"context"
	"fmt"

	"github.com/xacct-lint/xacct-lint/internal/engine"
	"github.com/xacct-lint/xacct-lint/internal/facts"
)

// evaluate runs the rules over the facts within the Linter's evaluation
// time bound.
func (l *Linter) evaluate(ctx context.Context, input *facts.Input) ([]engine.Result, error) {
	evalCtx, cancel := context.WithTimeoutCause(ctx, l.evalTimeout,
		fmt.Errorf("rules did not finish within %v: %w", l.evalTimeout, context.DeadlineExceeded))
	defer cancel()
	res, err := l.eng.Eval(evalCtx, input)
	if err != nil {
		if ctx.Err() == nil && evalCtx.Err() != nil {
			return nil, context.Cause(evalCtx)
		}
		return nil, err
	}
	return res, nil
}
