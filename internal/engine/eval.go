package engine

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// Loc is a place in a document, as rules report it.
type Loc struct {
	File    string
	Line    int
	Column  int
	Pointer string
}

// Related is a secondary place a result refers to.
type Related struct {
	Message string
	Loc     Loc
}

// Result is one element of a rule's deny set.
type Result struct {
	// Rule is the ID of the rule that produced the result.
	Rule string
	// Severity is the result's own severity when the rule overrides its
	// default; "" otherwise.
	Severity string
	// Message says what is wrong.
	Message string
	// Loc is where.
	Loc Loc
	// Related are other places involved.
	Related []Related
}

// Eval converts input to a Rego value once and evaluates every enabled rule
// against it in one query. input is anything encoding/json can marshal.
// Evaluation stops when ctx is done. Results are sorted by rule, file, line,
// column and message.
func (e *Engine) Eval(ctx context.Context, input any) ([]Result, error) {
	v, err := ast.InterfaceToValue(input)
	if err != nil {
		return nil, fmt.Errorf("convert rule input: %w", err)
	}
	return e.EvalValue(ctx, v)
}

// EvalValue is Eval for an input already converted to a Rego value.
func (e *Engine) EvalValue(ctx context.Context, input ast.Value) ([]Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("evaluate rules: %w", err)
	}
	if e.empty {
		return nil, nil
	}
	evalCtx := ctx
	if e.memLimit > 0 || e.runaway != nil {
		var stop func()
		limit := e.memLimit
		if limit > 0 {
			limit += MemoryPerInputByte * inputSize(input)
		}
		evalCtx, stop = watch(ctx, limit, e.runaway)
		defer stop()
	}
	rs, err := safeEval(evalCtx, e.query, input)
	if err != nil {
		if ctx.Err() == nil && evalCtx.Err() != nil {
			return nil, fmt.Errorf("evaluate rules: %w", context.Cause(evalCtx))
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			if !errors.Is(err, ctxErr) {
				return nil, fmt.Errorf("evaluate rules: %w (%w)", ctxErr, err)
			}
			return nil, fmt.Errorf("evaluate rules: %w", err)
		}
		ids := e.failingRules(evalCtx, input)
		if ctx.Err() == nil && evalCtx.Err() != nil {
			return nil, fmt.Errorf("evaluate rules: %w", context.Cause(evalCtx))
		}
		if len(ids) > 0 {
			return nil, fmt.Errorf("evaluate rules: rule %s failed: %w", strings.Join(ids, ", "), err)
		}
		return nil, fmt.Errorf("evaluate rules: %w", err)
	}
	if len(rs) == 0 {
		// A deny set is always defined; no result means a rule referenced
		// something undefined at the top level.
		return nil, errors.New("evaluate rules: query returned no result")
	}
	all, ok := rs[0].Bindings[resultVar].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("evaluate rules: unexpected result type %T", rs[0].Bindings[resultVar])
	}
	var out []Result
	var errs []error
	for id, set := range all {
		items, ok := set.([]any)
		if !ok {
			errs = append(errs, fmt.Errorf("rule %s: deny is %T, want a set", id, set))
			continue
		}
		for _, it := range items {
			r, err := decodeResult(id, it)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, r)
		}
	}
	if len(errs) > 0 {
		sortErrors(errs)
		return nil, fmt.Errorf("evaluate rules: %w", errors.Join(errs...))
	}
	sort.Slice(out, func(i, j int) bool { return compareResults(out[i], out[j]) < 0 })
	return out, nil
}

// failingRules evaluates the enabled rules one by one to tell which of them
// fail on input. It runs only after the query over all rules has failed.
func (e *Engine) failingRules(ctx context.Context, input ast.Value) []string {
	var ids []string
	for _, r := range e.rules {
		if slices.Contains(e.disabled, r.ID) {
			continue
		}
		ref, err := ast.ParseRef(r.Package + ".deny")
		if err != nil {
			continue
		}
		pq, err := rego.New(append(e.regoOptions(), rego.ParsedQuery(ast.NewBody(ast.NewExpr(ast.NewTerm(ref)))))...).PrepareForEval(ctx)
		if err != nil {
			continue
		}
		if _, err := safeEval(ctx, pq, input); err != nil && ctx.Err() == nil {
			ids = append(ids, fmt.Sprintf("%s (%s)", r.ID, r.File))
		}
	}
	return ids
}

// safeEval evaluates q, turning a panic inside evaluation (a builtin that
// fails on an argument nobody expected) into an error.
func safeEval(ctx context.Context, q rego.PreparedEvalQuery, input ast.Value) (rs rego.ResultSet, err error) {
	defer func() {
		if p := recover(); p != nil {
			rs, err = nil, fmt.Errorf("evaluation panicked: %v", p)
		}
	}()
	return q.Eval(ctx, rego.EvalParsedInput(input))
}

func compareResults(a, b Result) int {
	return cmp.Or(
		cmp.Compare(a.Rule, b.Rule),
		compareLoc(a.Loc, b.Loc),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Severity, b.Severity),
		slices.CompareFunc(a.Related, b.Related, func(x, y Related) int {
			return cmp.Or(compareLoc(x.Loc, y.Loc), cmp.Compare(x.Message, y.Message))
		}),
	)
}

func compareLoc(a, b Loc) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Pointer, b.Pointer),
	)
}

// decodeResult reads one deny element:
// {"message", "loc": {file, line, column, pointer}, "related": [{message, loc}], "severity"}.
func decodeResult(id string, v any) (Result, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return Result{}, fmt.Errorf("rule %s: deny element is %T, want an object with message and loc", id, v)
	}
	r := Result{Rule: id}
	msg, ok := obj["message"].(string)
	if !ok || msg == "" {
		return Result{}, fmt.Errorf("rule %s: deny element has no message string: %s", id, brief(v))
	}
	r.Message = msg
	if s, present := obj["severity"]; present {
		sev, _ := s.(string)
		switch sev {
		case SeverityError, SeverityWarning, SeverityInfo:
			r.Severity = sev
		default:
			return Result{}, fmt.Errorf("rule %s: deny element severity %s is not error, warning or info", id, brief(s))
		}
	}
	if l, present := obj["loc"]; present {
		loc, err := decodeLoc(l)
		if err != nil {
			return Result{}, fmt.Errorf("rule %s: %w: %s", id, err, brief(v))
		}
		r.Loc = loc
	}
	if rel, present := obj["related"]; present {
		list, ok := rel.([]any)
		if !ok {
			return Result{}, fmt.Errorf("rule %s: related is %T, want a list: %s", id, rel, brief(v))
		}
		for _, x := range list {
			ro, ok := x.(map[string]any)
			if !ok {
				return Result{}, fmt.Errorf("rule %s: related element is %T, want an object: %s", id, x, brief(v))
			}
			var rr Related
			rr.Message, _ = ro["message"].(string)
			if l, present := ro["loc"]; present {
				loc, err := decodeLoc(l)
				if err != nil {
					return Result{}, fmt.Errorf("rule %s: related: %w: %s", id, err, brief(v))
				}
				rr.Loc = loc
			}
			r.Related = append(r.Related, rr)
		}
		sort.SliceStable(r.Related, func(i, j int) bool {
			return cmp.Or(compareLoc(r.Related[i].Loc, r.Related[j].Loc),
				cmp.Compare(r.Related[i].Message, r.Related[j].Message)) < 0
		})
	}
	return r, nil
}

func decodeLoc(v any) (Loc, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return Loc{}, fmt.Errorf("loc is %T, want an object", v)
	}
	var l Loc
	var err error
	if f, present := obj["file"]; present {
		if l.File, ok = f.(string); !ok {
			return Loc{}, fmt.Errorf("loc.file is %T, want a string", f)
		}
	}
	if p, present := obj["pointer"]; present {
		if l.Pointer, ok = p.(string); !ok {
			return Loc{}, fmt.Errorf("loc.pointer is %T, want a string", p)
		}
	}
	if l.Line, err = decodeInt(obj, "line"); err != nil {
		return Loc{}, err
	}
	if l.Column, err = decodeInt(obj, "column"); err != nil {
		return Loc{}, err
	}
	return l, nil
}

func decodeInt(obj map[string]any, key string) (int, error) {
	v, present := obj[key]
	if !present {
		return 0, nil
	}
	var f float64
	switch n := v.(type) {
	case json.Number:
		x, err := n.Float64()
		if err != nil {
			return 0, fmt.Errorf("loc.%s %q is not a number", key, n)
		}
		f = x
	case float64:
		f = n
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	default:
		return 0, fmt.Errorf("loc.%s is %T, want a number", key, v)
	}
	if f < 0 || f > math.MaxInt32 || f != math.Trunc(f) {
		return 0, fmt.Errorf("loc.%s %v is not a line or column number", key, v)
	}
	return int(f), nil
}

// brief renders v as JSON, cut to a readable length, for error messages.
func brief(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
