package engine

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// moduleSource is the text of one Rego module to compile.
type moduleSource struct {
	name    string
	src     string
	builtin bool
}

// parseModules parses the modules on all cores: parsing is a quarter of the
// cost of New and each module parses on its own. The result is in the
// order of srcs; the first error in that order is returned.
func parseModules(ctx context.Context, srcs []moduleSource) ([]*ast.Module, error) {
	out := make([]*ast.Module, len(srcs))
	errs := make([]error, len(srcs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(srcs)) {
		wg.Go(func() {
			for i := range next {
				s := srcs[i]
				m, err := ast.ParseModuleWithOpts(s.name, s.src, ast.ParserOptions{
					ProcessAnnotation: true,
					RegoVersion:       ast.RegoV1,
				})
				if err != nil {
					errs[i] = fmt.Errorf("parse rego: %w", err)
					continue
				}
				out[i] = m
			}
		})
	}
	var ctxErr error
feed:
	for i := range srcs {
		select {
		case next <- i:
		case <-ctx.Done():
			ctxErr = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if ctxErr != nil {
		return nil, fmt.Errorf("parse rego: %w", ctxErr)
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
