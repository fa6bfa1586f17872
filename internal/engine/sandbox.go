package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/big"
	"regexp"
	"runtime/metrics"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/xacct-lint/xacct-lint/internal/iameval"
)

// Rules are untrusted code. The sandbox has four parts:
//
//   - capabilities without the builtins that reach the network, read the
//     host (environment, clock, time zone, certificate store), draw random
//     numbers, or can take unbounded time or memory in one call that
//     cannot be interrupted (forbiddenBuiltins);
//   - print() compiled out of the rules (the compiler erases print calls
//     when print statements are not enabled), so nothing a rule prints
//     reaches the report or the terminal;
//   - builtins whose one call can build a result far larger than their
//     arguments (replace, concat, sprintf, json.marshal, split, …) replaced,
//     after type checking, by limited versions that refuse a result over
//     MaxBuiltinResult before building it (limitedBuiltins);
//   - a memory watchdog during evaluation that stops the rules once the
//     heap has grown by more than Options.MemoryLimit, next to the caller's
//     time bound (ctx).

// Why a builtin is left out of the capabilities.
const (
	reasonOffline   = "offline"   // network, host, clock or randomness
	reasonUnbounded = "unbounded" // one call can run or allocate without bound
)

// forbiddenBuiltins are the builtins rules may not call, with the reason.
// Every net.* builtin is left out too (forbidden): net.lookup_ip_addr
// queries DNS, net.cidr_expand can list 2^128 addresses in one call.
var forbiddenBuiltins = map[string]string{
	"http.send":   reasonOffline, // network
	"opa.runtime": reasonOffline, // environment variables, OPA config
	// json.match_schema and json.verify_schema resolve $ref, which may name
	// a URL or a file.
	"json.match_schema":  reasonOffline,
	"json.verify_schema": reasonOffline,
	"time.now_ns":        reasonOffline, // clock
	// io.jwt.decode_verify checks exp/nbf against the clock;
	// crypto.x509.parse_and_verify_* check validity against the clock.
	"io.jwt.decode_verify":                                   reasonOffline,
	"crypto.x509.parse_and_verify_certificates":              reasonOffline,
	"crypto.x509.parse_and_verify_certificates_with_options": reasonOffline,
	"rand.intn":              reasonOffline, // randomness
	"uuid.rfc4122":           reasonOffline,
	"io.jwt.encode_sign":     reasonOffline, // random signature nonces
	"io.jwt.encode_sign_raw": reasonOffline,
	"trace":                  reasonOffline, // output besides the findings
	// A text/template can range over ranges without output, beyond the
	// reach of cancellation; the paths of a graph can be exponentially many.
	"strings.render_template": reasonUnbounded,
	"graph.reachable_paths":   reasonUnbounded,
}

// forbidden reports whether rules may not call the builtin name.
func forbidden(name string) bool {
	_, ok := forbiddenBuiltins[name]
	return ok || strings.HasPrefix(name, "net.")
}

// DefaultCapabilities returns the capabilities of this OPA version without
// the builtins that reach the network or the host, depend on the clock or
// on chance, or can run without bound in one call (see forbiddenBuiltins in
// sandbox.go), and with no network access for schema references.
func DefaultCapabilities() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion()
	c.Builtins = slices.DeleteFunc(c.Builtins, func(b *ast.Builtin) bool {
		return forbidden(b.Name)
	})
	c.AllowNet = []string{}
	return c
}

// forbiddenHint explains compile errors that come from calling a builtin
// the capabilities leave out.
func forbiddenHint(errs ast.Errors) string {
	var offline, unbounded []string
	for _, e := range errs {
		i := strings.Index(e.Message, "undefined function ")
		if i < 0 {
			continue
		}
		fields := strings.Fields(e.Message[i+len("undefined function "):])
		if len(fields) == 0 {
			continue
		}
		name := fields[0]
		switch reason, ok := forbiddenBuiltins[name]; {
		case ok && reason == reasonUnbounded:
			unbounded = append(unbounded, name)
		case ok, strings.HasPrefix(name, "net."):
			offline = append(offline, name)
		}
	}
	var hints []string
	if len(offline) > 0 {
		slices.Sort(offline)
		hints = append(hints, fmt.Sprintf("rules run offline and deterministic: %s and every other network, host or random builtin is not available to them",
			strings.Join(slices.Compact(offline), ", ")))
	}
	if len(unbounded) > 0 {
		slices.Sort(unbounded)
		hints = append(hints, fmt.Sprintf("rules run in bounded time and memory: %s can run without bound in one call and is not available to them",
			strings.Join(slices.Compact(unbounded), ", ")))
	}
	if len(hints) == 0 {
		return ""
	}
	return " (" + strings.Join(hints, "; ") + ")"
}

// MaxBuiltinResult is the largest result, in bytes (or, for builtins that
// return lists, 64 bytes per element), that one call of replace, concat,
// sprintf, json.marshal, split and the like may build. These calls cannot
// be interrupted, so they are checked before they run.
const MaxBuiltinResult = 16 << 20

// maxIntBits is the largest integer bits.lsh may build.
const maxIntBits = 1 << 16

// limitedPrefix names the limited versions of builtins in compiled rules.
const limitedPrefix = "limited."

// A limit checks a builtin call's operands before the real builtin runs;
// it returns an error when the result would be too large.
type limit func(ops []*ast.Term) error

// limitedBuiltins are the builtins replaced in compiled rules by a version
// that first checks the size of the result.
var limitedBuiltins = map[string]limit{
	"concat":                           limitConcat,
	"sprintf":                          limitSprintf,
	"json.marshal":                     limitMarshal(1),
	"json.marshal_with_options":        limitMarshalOptions,
	"yaml.marshal":                     limitMarshal(2),
	"internal.template_string":         limitMarshal(0),
	"replace":                          limitReplace,
	"strings.replace_n":                limitReplaceN,
	"regex.replace":                    limitRegexReplace,
	"split":                            limitSplit(0, -1),
	"strings.split_n":                  limitSplit(0, 2),
	"regex.split":                      limitSplit(1, -1),
	"regex.find_n":                     limitSplit(1, 2),
	"regex.find_all_string_submatch_n": limitSplit(1, 2),
	"bits.lsh":                         limitLsh,
	// These take [ns, tz]: "Local" would be the host's time zone.
	"time.clock":    limitLocalZone,
	"time.date":     limitLocalZone,
	"time.weekday":  limitLocalZone,
	"time.format":   limitLocalZone,
	"time.add_date": limitLocalZone,
	"time.diff":     limitLocalZone,
}

// errTooLarge is the error of a call whose result would pass
// MaxBuiltinResult.
func errTooLarge(size int64) error {
	return fmt.Errorf("would build more than %d MiB (%d bytes or more) in one call; a builtin call may build at most %d MiB", MaxBuiltinResult>>20, size, MaxBuiltinResult>>20)
}

// sizer estimates the size of a value rendered as JSON, stopping as soon as
// it passes max, so values that share parts (an array of a thousand
// references to one string) are measured in bounded time.
type sizer struct {
	n, max int64
	// perLevel is added per element and level of nesting (indentation).
	perLevel int64
}

// add adds v at nesting depth d; false once over max.
func (s *sizer) add(v ast.Value, d int64) bool {
	if s.n > s.max {
		return false
	}
	switch x := v.(type) {
	case ast.String:
		s.n += int64(len(x)) + 2
	case ast.Number:
		s.n += int64(len(x))
	case *ast.Array:
		s.n += 2
		for i := 0; i < x.Len() && s.n <= s.max; i++ {
			s.n += 1 + d*s.perLevel
			s.add(x.Elem(i).Value, d+1)
		}
	case ast.Object:
		s.n += 2
		_ = x.Iter(func(k, e *ast.Term) error {
			s.n += 2 + d*s.perLevel
			if !s.add(k.Value, d+1) || !s.add(e.Value, d+1) {
				return errStop
			}
			return nil
		})
	case ast.Set:
		s.n += 2
		_ = x.Iter(func(e *ast.Term) error {
			s.n += 1 + d*s.perLevel
			if !s.add(e.Value, d+1) {
				return errStop
			}
			return nil
		})
	default:
		s.n += 8
	}
	return s.n <= s.max
}

var errStop = errors.New("stop")

// sizeOf estimates the rendered size of the terms, up to just over max.
func sizeOf(perLevel int64, ts ...*ast.Term) int64 {
	s := sizer{max: MaxBuiltinResult, perLevel: perLevel}
	for _, t := range ts {
		if !s.add(t.Value, 0) {
			break
		}
	}
	return s.n
}

func check(size int64) error {
	if size > MaxBuiltinResult {
		return errTooLarge(size)
	}
	return nil
}

func limitConcat(ops []*ast.Term) error {
	sep, _ := ops[0].Value.(ast.String)
	n := int64(0)
	switch c := ops[1].Value.(type) {
	case *ast.Array:
		n = int64(c.Len())
	case ast.Set:
		n = int64(c.Len())
	}
	return check(sizeOf(0, ops[1]) + n*int64(len(sep)))
}

func limitSprintf(ops []*ast.Term) error {
	f, _ := ops[0].Value.(ast.String)
	// Widths and precisions ("%999999d") pad each verb, up to 10^6.
	var pad int64
	for i := 0; i < len(f); i++ {
		if f[i] < '0' || f[i] > '9' {
			continue
		}
		j := i
		var w int64
		for j < len(f) && f[j] >= '0' && f[j] <= '9' && w <= 1e7 {
			w = w*10 + int64(f[j]-'0')
			j++
		}
		pad += w
		i = j
	}
	return check(int64(len(f)) + pad + sizeOf(0, ops[1]))
}

func limitMarshal(perLevel int64) func([]*ast.Term) error {
	return func(ops []*ast.Term) error {
		return check(sizeOf(perLevel, ops[0]))
	}
}

func limitMarshalOptions(ops []*ast.Term) error {
	perLevel := int64(1)
	if o, ok := ops[1].Value.(ast.Object); ok {
		var indent, prefix int64
		if t := o.Get(ast.StringTerm("indent")); t != nil {
			s, _ := t.Value.(ast.String)
			indent = int64(len(s))
		} else if o.Get(ast.StringTerm("pretty")) != nil {
			indent = 1 // a tab
		}
		if t := o.Get(ast.StringTerm("prefix")); t != nil {
			if s, ok := t.Value.(ast.String); ok {
				prefix = int64(len(s))
			}
		}
		perLevel += indent + prefix
	}
	return check(sizeOf(perLevel, ops[0]))
}

// replacedSize bounds the length of s with n occurrences replaced by new.
func replacedSize(s string, n int64, replacement int64) int64 {
	return int64(len(s)) + n*replacement
}

func occurrences(s, old string) int64 {
	if old == "" {
		return int64(len(s)) + 1
	}
	return int64(strings.Count(s, old))
}

func limitReplace(ops []*ast.Term) error {
	s, _ := ops[0].Value.(ast.String)
	old, _ := ops[1].Value.(ast.String)
	nw, _ := ops[2].Value.(ast.String)
	return check(replacedSize(string(s), occurrences(string(s), string(old)), int64(len(nw))))
}

func limitReplaceN(ops []*ast.Term) error {
	pats, _ := ops[0].Value.(ast.Object)
	s, _ := ops[1].Value.(ast.String)
	size := int64(len(s))
	if pats != nil {
		_ = pats.Iter(func(k, v *ast.Term) error {
			old, _ := k.Value.(ast.String)
			nw, _ := v.Value.(ast.String)
			size += occurrences(string(s), string(old)) * int64(len(nw))
			if size > MaxBuiltinResult {
				return errStop
			}
			return nil
		})
	}
	return check(size)
}

func limitRegexReplace(ops []*ast.Term) error {
	s, _ := ops[0].Value.(ast.String)
	pat, _ := ops[1].Value.(ast.String)
	nw, _ := ops[2].Value.(ast.String)
	// $1 in the replacement expands to a submatch, at most all of s.
	per := int64(len(nw)) + int64(strings.Count(string(nw), "$"))*int64(len(s))
	bound := replacedSize(string(s), int64(len(s))+1, per)
	if bound <= MaxBuiltinResult || per == 0 {
		return nil
	}
	re, err := regexp.Compile(string(pat))
	if err != nil {
		return nil // the builtin reports it
	}
	k := MaxBuiltinResult/per + 2
	n := int64(len(re.FindAllStringIndex(string(s), int(min(k, int64(len(s))+1)))))
	return check(replacedSize(string(s), n, per))
}

// limitSplit bounds the number of elements of a list built from the string
// operand at index str, with the count at index n (-1: none) applied. The
// operands may end with the output variable.
func limitSplit(str, n int) func([]*ast.Term) error {
	return func(ops []*ast.Term) error {
		s, _ := ops[str].Value.(ast.String)
		elems := int64(len(s)) + 1
		if str == 0 {
			if sep, ok := ops[1].Value.(ast.String); ok && sep != "" {
				elems = int64(strings.Count(string(s), string(sep))) + 1
			}
		}
		if n >= 0 && len(ops) > n {
			if c, ok := numberOf(ops[n]).Int64(); ok && c >= 0 {
				elems = min(elems, c)
			}
		}
		return check(elems * 64)
	}
}

func limitLsh(ops []*ast.Term) error {
	x, ok1 := new(big.Int).SetString(string(numberOf(ops[0])), 10)
	s, ok2 := numberOf(ops[1]).Int64()
	if !ok1 || !ok2 {
		return nil // the builtin reports it
	}
	if bits := int64(x.BitLen()) + s; bits > maxIntBits {
		return fmt.Errorf("would build an integer of %d bits; rules may build integers of at most %d bits", bits, maxIntBits)
	}
	return nil
}

func numberOf(t *ast.Term) ast.Number {
	n, _ := t.Value.(ast.Number)
	return n
}

func limitLocalZone(ops []*ast.Term) error {
	for _, t := range ops {
		if a, ok := t.Value.(*ast.Array); ok && a.Len() > 1 {
			if tz, ok := a.Elem(1).Value.(ast.String); ok && tz == "Local" {
				return errors.New(`cannot use time zone "Local": it is the host's; name the zone ("UTC", "Europe/Paris")`)
			}
		}
	}
	return nil
}

// limitedFunc is one builtin of limitedFunctions.
type limitedFunc struct {
	decl *ast.Builtin
	opt  func(*rego.Rego)
}

// withLimited returns caps with the limitedFunctions declared, for the
// compiler.
func withLimited(caps *ast.Capabilities, fs []limitedFunc) *ast.Capabilities {
	c := *caps
	c.Builtins = slices.Clone(caps.Builtins)
	for _, f := range fs {
		c.Builtins = append(c.Builtins, f.decl)
	}
	return &c
}

// limitedOptions are the rego options that implement the limitedFunctions.
func limitedOptions(fs []limitedFunc) []func(*rego.Rego) {
	out := make([]func(*rego.Rego), len(fs))
	for i, f := range fs {
		out[i] = f.opt
	}
	return out
}

// limitedFunctions are xacct-lint's own builtins (internal/iameval), the
// limited builtins (check the operands, then run the real builtin), with the
// types of the builtins they stand for, and the extra builtins of tests.
func limitedFunctions(caps *ast.Capabilities, extra map[string]func(*ast.Term) (*ast.Term, error)) []limitedFunc {
	var out []limitedFunc
	// The IAM decision procedure the library calls: pure, bounded by its
	// operands, so not limited further.
	for _, b := range iameval.Builtins() {
		out = append(out, limitedFunc{b.Decl, b.Impl})
	}
	for name, f := range extra {
		decl := types.NewFunction(types.Args(types.A), types.A)
		out = append(out, limitedFunc{&ast.Builtin{Name: name, Decl: decl},
			rego.Function1(&rego.Function{Name: name, Decl: decl},
				func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) { return f(a) })})
	}
	for _, b := range caps.Builtins {
		lim, ok := limitedBuiltins[b.Name]
		if !ok {
			continue
		}
		impl := topdown.GetBuiltin(b.Name)
		if impl == nil {
			continue
		}
		name, decl := b.Name, b.Decl
		if decl == nil {
			decl = types.NewFunction(nil, types.A)
		}
		out = append(out, limitedFunc{&ast.Builtin{Name: limitedPrefix + name, Decl: decl},
			rego.FunctionDyn(&rego.Function{Name: limitedPrefix + name, Decl: decl},
				func(bctx topdown.BuiltinContext, ops []*ast.Term) (*ast.Term, error) {
					if err := lim(ops); err != nil {
						return nil, rego.NewHaltError(fmt.Errorf("%s %w", name, err))
					}
					var res *ast.Term
					err := impl(bctx, ops, func(t *ast.Term) error { res = t; return nil })
					return res, err
				})})
	}
	return out
}

// limitStage is a compiler stage, run after type checking, that makes
// every call of a builtin in limitedBuiltins call its limited version.
func limitStage(c *ast.Compiler) *ast.Error {
	if err := checkLiterals(c); err != nil {
		return err
	}
	rewrite := func(op *ast.Term) {
		ref, ok := op.Value.(ast.Ref)
		if !ok {
			return
		}
		name := ref.String()
		if _, ok := limitedBuiltins[name]; !ok {
			return
		}
		lref, err := ast.ParseRef(limitedPrefix + name)
		if err == nil {
			op.Value = lref
		}
	}
	for _, m := range c.Modules {
		ast.WalkExprs(m, func(e *ast.Expr) bool {
			if e.IsCall() {
				if ts, ok := e.Terms.([]*ast.Term); ok {
					t := ts[0].Copy()
					rewrite(t)
					ts[0] = t
				}
			}
			return false
		})
		ast.WalkTerms(m, func(t *ast.Term) bool {
			if call, ok := t.Value.(ast.Call); ok && len(call) > 0 {
				op := call[0].Copy()
				rewrite(op)
				call[0] = op
			}
			return false
		})
	}
	return nil
}

// DefaultMemoryLimit is the heap growth one evaluation may cause, besides
// MemoryPerInputByte for every byte of input, before the watchdog stops
// it. On a small input, 128 MiB keeps the whole process (whose heap holds
// the input and the compiled rules besides) under 256 MiB.
const DefaultMemoryLimit = 128 << 20

// MemoryPerInputByte is how much the memory bound grows with the size of
// the input (as JSON): the built-in rules allocate 11 to 14 times the
// input's size over the generated corpora (100 setups: 295 MiB of heap
// growth, garbage included, over 21 MiB of input; 1,000 setups: 2.2 GiB),
// so a bound fixed for small inputs would stop them on large ones.
const MemoryPerInputByte = 64

// inputSize is the size of the input as JSON, as the sizer counts it.
func inputSize(v ast.Value) int64 {
	s := sizer{max: math.MaxInt64}
	s.add(v, 0)
	return s.n
}

// memoryPoll is how often the watchdog reads the heap size.
const memoryPoll = 2 * time.Millisecond

// ErrMemoryLimit is the cause of an evaluation stopped for using too much
// memory.
var ErrMemoryLimit = errors.New("memory bound exceeded")

// heapMetric is the runtime metric the watchdog reads: bytes of heap
// objects, live or not yet swept.
const heapMetric = "/memory/classes/heap/objects:bytes"

func heapBytes(s []metrics.Sample) int64 {
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// runawayGrace is how long the watchdog waits, once the evaluation has
// been told to stop, before it calls Options.Runaway.
const runawayGrace = time.Second

// watch returns a context for one evaluation that is cancelled, with a
// cause wrapping ErrMemoryLimit, once the heap has grown by more than limit
// bytes (limit > 0). When runaway is set, it is called once if the
// evaluation goes on for runawayGrace after being told to stop (by ctx or
// the memory bound), or if the heap grows by twice the limit: Go cannot
// stop a goroutine from outside, and a single step of evaluation (a copy,
// a comparison of huge values) does not look at its context. stop ends the
// watch; it must be called when the evaluation returns.
func watch(ctx context.Context, limit int64, runaway func(error)) (wctx context.Context, stop func()) {
	wctx, cancel := context.WithCancelCause(ctx)
	sample := []metrics.Sample{{Name: heapMetric}}
	base := heapBytes(sample)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(memoryPoll)
		defer t.Stop()
		var stopped time.Time // when wctx was done
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			grown := heapBytes(sample) - base
			if limit > 0 && grown > limit && wctx.Err() == nil {
				cancel(fmt.Errorf("rules used more than %s of memory and were stopped: %w", sizeText(limit), ErrMemoryLimit))
			}
			if wctx.Err() == nil || runaway == nil {
				if wctx.Err() != nil {
					return
				}
				continue
			}
			if stopped.IsZero() {
				stopped = time.Now()
			}
			if time.Since(stopped) > runawayGrace || (limit > 0 && grown > 2*limit) {
				runaway(fmt.Errorf("rules could not be stopped %v after %v", runawayGrace, context.Cause(wctx)))
				return
			}
		}
	}()
	return wctx, func() {
		close(done)
		<-finished
		cancel(nil)
	}
}

// maxLiteralNodes bounds the size of a value a rule body writes as nested
// literals. Rego binds `a1 := [a0, a0]` lazily and copies the variables in
// when the value is used, so fifteen lines of `aN := [aM, aM, aM, aM]`
// build 4^15 nodes in one step that cancellation cannot interrupt; the
// compiler stage rejects such bodies.
const maxLiteralNodes = 1 << 16

// literalSize is the number of nodes t becomes once the variables bound to
// literals (sizes) are copied in, saturated just over maxLiteralNodes.
func literalSize(t *ast.Term, sizes map[ast.Var]int64) int64 {
	sum := func(n int64, ts ...*ast.Term) int64 {
		for _, x := range ts {
			if n > maxLiteralNodes {
				break
			}
			n += literalSize(x, sizes)
		}
		return min(n, maxLiteralNodes+1)
	}
	switch v := t.Value.(type) {
	case ast.Var:
		if n, ok := sizes[v]; ok {
			return n
		}
		return 1
	case *ast.Array:
		n := int64(1)
		for i := 0; i < v.Len() && n <= maxLiteralNodes; i++ {
			n = sum(n, v.Elem(i))
		}
		return n
	case ast.Object:
		n := int64(1)
		for _, k := range v.Keys() {
			if n = sum(n, k, v.Get(k)); n > maxLiteralNodes {
				break
			}
		}
		return n
	case ast.Set:
		n := int64(1)
		for _, x := range v.Slice() {
			if n = sum(n, x); n > maxLiteralNodes {
				break
			}
		}
		return n
	case ast.Ref:
		return sum(0, v...)
	case ast.Call:
		return sum(0, v...)
	}
	return 1
}

// checkBody reports the first expression of body (or of a comprehension
// in it) that would build a value over maxLiteralNodes. sizes holds the
// variables bound to literals so far; checkBody adds the body's own.
func checkBody(body ast.Body, sizes map[ast.Var]int64) *ast.Error {
	for _, expr := range body {
		var err *ast.Error
		ast.WalkClosures(expr, func(x any) bool {
			if err != nil {
				return true
			}
			inner := maps.Clone(sizes)
			switch c := x.(type) {
			case *ast.ArrayComprehension:
				err = checkClosure(c.Body, inner, c.Term)
			case *ast.SetComprehension:
				err = checkClosure(c.Body, inner, c.Term)
			case *ast.ObjectComprehension:
				err = checkClosure(c.Body, inner, c.Key, c.Value)
			}
			return true
		})
		if err != nil {
			return err
		}
		terms, _ := expr.Terms.([]*ast.Term)
		if t, ok := expr.Terms.(*ast.Term); ok {
			terms = []*ast.Term{t}
		}
		for _, t := range terms {
			if n := literalSize(t, sizes); n > maxLiteralNodes {
				return tooManyNodes(expr.Location)
			}
		}
		if expr.IsEquality() || expr.IsAssignment() {
			a, b := expr.Operand(0), expr.Operand(1)
			if _, ok := b.Value.(ast.Var); ok {
				a, b = b, a
			}
			if v, ok := a.Value.(ast.Var); ok {
				if n := literalSize(b, sizes); n > 1 {
					sizes[v] = n
				}
			}
		}
	}
	return nil
}

func checkClosure(body ast.Body, sizes map[ast.Var]int64, heads ...*ast.Term) *ast.Error {
	if err := checkBody(body, sizes); err != nil {
		return err
	}
	for _, h := range heads {
		if literalSize(h, sizes) > maxLiteralNodes {
			return tooManyNodes(h.Location)
		}
	}
	return nil
}

func tooManyNodes(loc *ast.Location) *ast.Error {
	return ast.NewError(ast.CompileErr, loc,
		"this expression builds a value of more than %d nodes out of variables bound to literals (Rego copies them in on use, in one step that cannot be stopped); rules may not build values this way", maxLiteralNodes)
}

// checkLiterals is the part of limitStage that rejects rule bodies whose
// literals nest into more than maxLiteralNodes nodes.
func checkLiterals(c *ast.Compiler) *ast.Error {
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			for rule := r; rule != nil; rule = rule.Else {
				sizes := map[ast.Var]int64{}
				heads := []*ast.Term{rule.Head.Key, rule.Head.Value}
				var live []*ast.Term
				for _, h := range heads {
					if h != nil {
						live = append(live, h)
					}
				}
				if err := checkClosure(rule.Body, sizes, live...); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// sizeText writes a number of bytes in MiB, KiB or bytes, whichever the
// number has whole.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
