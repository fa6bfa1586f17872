package iameval

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// errUndefined is returned where the Rego function is undefined; the
// builtin then gives no value, as the Rego function would.
var errUndefined = errors.New("undefined")

// field is iam._field(s, name): a statement field as a list (object.get
// with default [], then util.as_list). s must be an object.
func field(s ast.Object, name string) []*ast.Term {
	return asList(s.Get(ast.InternedTerm(name)))
}

// asList is util.as_list(x) for a present value (nil stands for the
// default []).
func asList(t *ast.Term) []*ast.Term {
	if t == nil {
		return nil
	}
	switch v := t.Value.(type) {
	case *ast.Array:
		out := make([]*ast.Term, 0, v.Len())
		v.Foreach(func(e *ast.Term) { out = append(out, e) })
		return out
	case ast.Null:
		return nil
	}
	return []*ast.Term{t}
}

// elems are the values `some x in t` iterates over.
func elems(t *ast.Term) []*ast.Term {
	if t == nil {
		return nil
	}
	var out []*ast.Term
	switch v := t.Value.(type) {
	case *ast.Array:
		v.Foreach(func(e *ast.Term) { out = append(out, e) })
	case ast.Set:
		v.Foreach(func(e *ast.Term) { out = append(out, e) })
	case ast.Object:
		v.Foreach(func(_, e *ast.Term) { out = append(out, e) })
	}
	return out
}

// has is iam._has(s, key, field).
func has(s ast.Object, key, name string) bool {
	if ht := s.Get(ast.InternedTerm("has")); ht != nil {
		if ho, ok := ht.Value.(ast.Object); ok {
			if v := ho.Get(ast.InternedTerm(key)); v != nil {
				if b, ok := v.Value.(ast.Boolean); ok {
					return bool(b) // s.has[key] == true; false ends "not s.has[key] == false"
				}
			}
		}
	}
	return len(field(s, name)) > 0
}

// get is object.get(o, key, def).
func get(o ast.Object, key string, def *ast.Term) *ast.Term {
	if v := o.Get(ast.InternedTerm(key)); v != nil {
		return v
	}
	return def
}

// request is what a statement is evaluated against, read once per call.
type request struct {
	action    *ast.Term
	resource  *ast.Term
	principal *ast.Term
	ctx       map[string]*ast.Term
}

// newRequest reads a request; errUndefined where statement_level is
// undefined for every statement (no action).
func newRequest(t *ast.Term) (*request, error) {
	o, ok := t.Value.(ast.Object)
	if !ok {
		return nil, errUndefined
	}
	r := &request{
		action:    o.Get(ast.InternedTerm("action")),
		resource:  get(o, "resource", ast.InternedTerm("*")),
		principal: get(o, "principal", ast.NewTerm(ast.NewObject())),
	}
	if r.action == nil {
		return nil, errUndefined
	}
	ctx, err := requestContext(o, r.principal)
	if err != nil {
		return nil, err
	}
	r.ctx = ctx
	return r, nil
}

// requestContext is iam.context(request): the context with lower-case keys
// over what the principal tells (nothing when the principal is not an
// object: the Rego comprehension is then empty).
func requestContext(req ast.Object, principal *ast.Term) (map[string]*ast.Term, error) {
	out := map[string]*ast.Term{}
	if p, ok := principal.Value.(ast.Object); ok {
		for _, kv := range [][2]string{
			{"aws:principalarn", "arn"},
			{"aws:principalaccount", "account"},
			{"kms:calleraccount", "account"},
		} {
			if s, ok := str(p.Get(ast.InternedTerm(kv[1]))); ok && s != "" {
				out[kv[0]] = ast.StringTerm(s)
			}
		}
	}
	given := map[string]*ast.Term{}
	add := func(k, v *ast.Term) error {
		ks, ok := str(k)
		if !ok {
			return nil
		}
		lk := strings.ToLower(ks)
		if prev, dup := given[lk]; dup && !prev.Equal(v) {
			return fmt.Errorf("context keys %q conflict after lower-casing", lk)
		}
		given[lk] = v
		return nil
	}
	switch c := get(req, "context", ast.NewTerm(ast.NewObject())).Value.(type) {
	case ast.Object:
		if err := c.Iter(add); err != nil {
			return nil, err
		}
	case ast.Set:
		if err := c.Iter(func(e *ast.Term) error { return add(e, e) }); err != nil {
			return nil, err
		}
	}
	for k, v := range given {
		out[k] = v
	}
	return out, nil
}

// StatementLevel is iam.statement_level(s, request): how surely statement
// s applies to request, whatever its effect. errUndefined where the Rego
// function is undefined.
func StatementLevel(s, req *ast.Term) (int, error) {
	r, err := newRequest(req)
	if err != nil {
		return 0, err
	}
	return statementLevel(s, r), nil
}

func statementLevel(st *ast.Term, r *request) int {
	s, ok := st.Value.(ast.Object)
	if !ok {
		return No
	}
	l := actionLevel(s, r.action)
	if l == No {
		return No
	}
	l = min(l, resourceLevel(s, r.resource))
	if l == No {
		return No
	}
	l = min(l, principalLevel(s, r.principal))
	if l == No {
		return No
	}
	return min(l, conditionsLevel(s, r))
}

// maxOver is max({f(x) | x in xs} | {no}).
func maxOver(xs []*ast.Term, f func(*ast.Term) int) int {
	m := No
	for _, x := range xs {
		if l := f(x); l > m {
			m = l
			if m == Certain {
				break
			}
		}
	}
	return m
}

// actionLevel is iam.action_level(s, action), ignoring case.
func actionLevel(s ast.Object, action *ast.Term) int {
	a, ok := str(action)
	if !ok {
		return whenNot(has(s, "notAction", "notActions"), No)
	}
	a = strings.ToLower(a)
	f := func(p *ast.Term) int {
		ps, ok := str(p)
		if !ok {
			return No
		}
		return wildLevel(strings.ToLower(ps), a)
	}
	if has(s, "notAction", "notActions") {
		return invert(maxOver(field(s, "notActions"), f))
	}
	return maxOver(field(s, "actions"), f)
}

// whenNot is the level of a NotAction/NotResource statement when nothing
// matches (invert(no)) or of an Action statement (no).
func whenNot(not bool, l int) int {
	if not {
		return invert(l)
	}
	return l
}

// resourceLevel is iam.resource_level(s, resource).
func resourceLevel(s ast.Object, resource *ast.Term) int {
	f := func(p *ast.Term) int { return WildLevel(p, resource) }
	switch {
	case has(s, "notResource", "notResources"):
		return invert(maxOver(field(s, "notResources"), f))
	case has(s, "resource", "resources"):
		return maxOver(field(s, "resources"), f)
	}
	return Certain
}

// principalLevel is iam.principal_level(s, principal).
func principalLevel(s ast.Object, principal *ast.Term) int {
	kind := get(s, "kind", ast.InternedTerm(""))
	if kind.Equal(ast.InternedTerm("identity")) {
		return Certain
	}
	hasP, hasNot := has(s, "principal", "principals"), has(s, "notPrincipal", "notPrincipals")
	if !hasP && !hasNot && kind.Equal(ast.InternedTerm("unknown")) {
		return Certain
	}
	f := func(p *ast.Term) int { return principalMatches(p, principal) }
	if hasNot {
		return invert(maxOver(field(s, "notPrincipals"), f))
	}
	return maxOver(field(s, "principals"), f)
}

// PrincipalMatches is iam.principal_matches(p, r): the level at which one
// statement principal p names the request principal r.
func PrincipalMatches(p, r *ast.Term) int { return principalMatches(p, r) }

func principalMatches(pt, rt *ast.Term) int {
	p, ok := pt.Value.(ast.Object)
	if !ok {
		return No
	}
	ptype := p.Get(ast.InternedTerm("type"))
	if ptype == nil {
		return No
	}
	if ptype.Equal(ast.InternedTerm("*")) {
		return Certain
	}
	pts, isStr := str(ptype)
	if !isStr {
		return No
	}
	pvalue := p.Get(ast.InternedTerm("value"))
	if strings.ToUpper(pts) == "AWS" && pvalue != nil && pvalue.Equal(ast.InternedTerm("*")) {
		return Certain
	}
	r, rIsObj := rt.Value.(ast.Object)
	if !rIsObj {
		return No
	}
	rtype, rtypeStr := str(get(r, "type", ast.InternedTerm("AWS")))
	if strings.ToLower(pts) == "service" && rtypeStr && strings.ToLower(rtype) == "service" {
		pv, ok1 := str(pvalue)
		rv, ok2 := str(get(r, "value", get(r, "arn", ast.InternedTerm(""))))
		if ok1 && ok2 {
			return equalLevel(strings.ToLower(pv), strings.ToLower(rv))
		}
	}
	if strings.ToUpper(pts) == "AWS" && rtypeStr && strings.ToUpper(rtype) == "AWS" && pvalue != nil {
		return max(EqualLevel(pvalue, get(r, "arn", ast.InternedTerm(""))), rootLevel(p, r))
	}
	return No
}

// rootLevel is iam._root_level(p, r): an account principal admits every
// principal of its account.
func rootLevel(p, r ast.Object) int {
	isRoot := principalIsRoot(p)
	pa, paOK := principalAccount(p)
	ra, raOK := requestAccount(r)
	if isRoot && paOK && raOK && pa == ra {
		return Certain
	}
	if isRoot && !raOK {
		return Possible
	}
	if paOK {
		return No
	}
	pv, ok := str(p.Get(ast.InternedTerm("value")))
	if !ok || !isUnknown(pv) {
		return No
	}
	if !raOK {
		return Possible
	}
	if max(equalLevel(pv, "arn:aws:iam::"+ra+":root"), equalLevel(pv, ra)) > No {
		return Possible
	}
	return No
}

// principalIsRoot is iam.principal_is_root(p) for an object p.
func principalIsRoot(p ast.Object) bool {
	root := p.Get(ast.InternedTerm("root"))
	if root != nil && root.Equal(ast.InternedTerm(true)) {
		return true
	}
	if root != nil && root.Equal(ast.InternedTerm(false)) {
		return false
	}
	v, ok := str(p.Get(ast.InternedTerm("value")))
	return ok && rootRE.MatchString(v)
}

// principalAccount is iam.principal_account(p).
func principalAccount(p ast.Object) (string, bool) {
	if a, ok := knownAccount(p.Get(ast.InternedTerm("account"))); ok {
		return a, true
	}
	return accountOf(p.Get(ast.InternedTerm("value")))
}

// requestAccount is iam.request_account(r).
func requestAccount(r ast.Object) (string, bool) {
	if a, ok := knownAccount(r.Get(ast.InternedTerm("account"))); ok {
		return a, true
	}
	return arnAccount(r.Get(ast.InternedTerm("arn")))
}

// conditionsLevel is iam.conditions_level(s, request): all conditions must
// hold.
func conditionsLevel(s ast.Object, r *request) int {
	l := Certain
	for _, c := range field(s, "conditions") {
		l = min(l, conditionLevel(c, r))
		if l == No {
			break
		}
	}
	return l
}

// negated and positive are iam._negated and iam._positive.
var (
	negated = map[string]string{
		"StringNotEquals":           "StringEquals",
		"StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
		"StringNotLike":             "StringLike",
		"ArnNotEquals":              "ArnEquals",
		"ArnNotLike":                "ArnLike",
	}
	positive = map[string]bool{"StringEquals": true, "StringEqualsIgnoreCase": true, "StringLike": true, "ArnEquals": true, "ArnLike": true, "Bool": true}
)

// conditionLevel is iam.condition_level(c, request).
func conditionLevel(ct *ast.Term, r *request) int {
	c, ok := ct.Value.(ast.Object)
	if !ok {
		return Possible
	}
	op, opStr := str(c.Get(ast.InternedTerm("operator")))
	if opStr && strings.Contains(op, ":") {
		return Possible
	}
	key, keyStr := str(c.Get(ast.InternedTerm("key")))
	if !keyStr {
		return Possible
	}
	v, found := r.ctx[strings.ToLower(key)]
	if !found {
		return Possible
	}
	if _, null := v.Value.(ast.Null); null {
		return absentLevel(c, op, opStr)
	}
	if v.Equal(ast.InternedTerm(false)) {
		return Possible
	}
	return presentLevel(c, op, opStr, asList(v))
}

// nullWith reports whether some value of c is, lower-cased, want.
func nullWith(c ast.Object, want string) bool {
	for _, v := range elems(c.Get(ast.InternedTerm("values"))) {
		if s, ok := str(v); ok && strings.ToLower(s) == want {
			return true
		}
	}
	return false
}

// absentLevel is iam._absent_level(c): the key is known to be absent.
func absentLevel(c ast.Object, op string, opStr bool) int {
	if !opStr {
		return Possible
	}
	if op == "Null" {
		if nullWith(c, "true") {
			return Certain
		}
		return No
	}
	if strings.HasSuffix(op, "IfExists") {
		return Certain
	}
	base := strings.TrimSuffix(op, "IfExists")
	if _, ok := negated[base]; ok {
		return Certain
	}
	if positive[base] {
		return No
	}
	return Possible
}

// presentLevel is iam._present_level(c, xs).
func presentLevel(c ast.Object, op string, opStr bool, xs []*ast.Term) int {
	if !opStr {
		return Possible
	}
	if op == "Null" {
		if nullWith(c, "false") {
			return Certain
		}
		return No
	}
	base := strings.TrimSuffix(op, "IfExists")
	values := elems(c.Get(ast.InternedTerm("values")))
	over := func(op string) int {
		m := No
		for _, cv := range values {
			for _, xv := range xs {
				m = max(m, valueLevel(op, cv, xv))
			}
		}
		return m
	}
	if positive[base] {
		return over(base)
	}
	if pos, ok := negated[base]; ok {
		return invert(over(pos))
	}
	return Possible
}

// valueLevel is iam._value_level(op, cv, xv).
func valueLevel(op string, cv, xv *ast.Term) int {
	cs, csStr := str(cv)
	if csStr && strings.Contains(cs, "${") {
		return Possible // a policy variable
	}
	switch op {
	case "StringEquals":
		return EqualLevel(cv, xv)
	case "StringEqualsIgnoreCase", "Bool":
		if xs, ok := str(xv); ok && csStr {
			return equalLevel(strings.ToLower(cs), strings.ToLower(xs))
		}
	case "StringLike", "ArnEquals", "ArnLike":
		return WildLevel(cv, xv)
	}
	return Possible
}

// Decision is iam.decision(statements, request) as a Rego object: {"level",
// "certain", "possible", "denied", "allowedBy", "deniedBy"}.
func Decision(statements, req *ast.Term) (*ast.Term, error) {
	r, err := newRequest(req)
	if errors.Is(err, errUndefined) {
		r = nil
	} else if err != nil {
		return nil, err
	}
	allows, denies := map[string]*ast.Term{}, map[string]*ast.Term{}
	allowBy, denyBy := []*ast.Term{}, []*ast.Term{}
	allow, deny := No, No
	visit := func(i, st *ast.Term) error {
		s, ok := st.Value.(ast.Object)
		if !ok {
			return nil
		}
		eff := s.Get(ast.InternedTerm("effect"))
		var into map[string]*ast.Term
		var ids *[]*ast.Term
		var lvl *int
		switch {
		case eff == nil:
			return nil
		case eff.Equal(ast.InternedTerm("Allow")):
			into, ids, lvl = allows, &allowBy, &allow
		case eff.Equal(ast.InternedTerm("Deny")):
			into, ids, lvl = denies, &denyBy, &deny
		default:
			return nil
		}
		l := statementLevel(st, r)
		if l == No {
			return nil
		}
		id := s.Get(ast.InternedTerm("id"))
		if id == nil {
			id = ast.StringTerm(sprintfIndex(i))
		}
		key := id.String()
		if prev, dup := into[key]; dup {
			if prev.Equal(ast.InternedTerm(l)) {
				return nil
			}
			return fmt.Errorf("statement id %s: conflicting levels", key)
		}
		into[key] = ast.InternedTerm(l)
		*ids = append(*ids, id)
		*lvl = max(*lvl, l)
		return nil
	}
	if r == nil {
		statements = ast.ArrayTerm() // every statement_level is undefined
	}
	switch v := statements.Value.(type) {
	case *ast.Array:
		for i := range v.Len() {
			if err := visit(ast.InternedTerm(i), v.Elem(i)); err != nil {
				return nil, err
			}
		}
	case ast.Set:
		if err := v.Iter(func(e *ast.Term) error { return visit(e, e) }); err != nil {
			return nil, err
		}
	case ast.Object:
		if err := v.Iter(visit); err != nil {
			return nil, err
		}
	}
	lvl := combine(allow, deny)
	sortTerms(allowBy)
	sortTerms(denyBy)
	return ast.ObjectTerm(
		ast.Item(ast.InternedTerm("level"), ast.InternedTerm(lvl)),
		ast.Item(ast.InternedTerm("certain"), ast.InternedTerm(lvl == Certain)),
		ast.Item(ast.InternedTerm("possible"), ast.InternedTerm(lvl > No)),
		ast.Item(ast.InternedTerm("denied"), ast.InternedTerm(deny == Certain)),
		ast.Item(ast.InternedTerm("allowedBy"), ast.ArrayTerm(allowBy...)),
		ast.Item(ast.InternedTerm("deniedBy"), ast.ArrayTerm(denyBy...)),
	), nil
}

// sprintfIndex is sprintf("#%d", [i]) for the statement's index.
func sprintfIndex(i *ast.Term) string {
	if n, ok := i.Value.(ast.Number); ok {
		if v, ok := n.Int(); ok {
			return fmt.Sprintf("#%d", v)
		}
	}
	s, ok := str(i)
	if !ok {
		s = i.String()
	}
	return "#%!d(string=" + s + ")" // what fmt makes of %d with a string

}

// sortTerms is Rego's sort().
func sortTerms(ts []*ast.Term) {
	slices.SortFunc(ts, func(a, b *ast.Term) int { return ast.Compare(a, b) })
}

// combine is iam.combine(allow, deny): an explicit Deny overrides any Allow.
func combine(allow, deny int) int {
	switch deny {
	case Certain:
		return No
	case No:
		return allow
	}
	return min(allow, Possible)
}

// ActionLevel is iam.action_level(s, action): Action or NotAction against
// one action name, ignoring case.
func ActionLevel(st, action *ast.Term) int {
	s, ok := st.Value.(ast.Object)
	if !ok {
		return No
	}
	return actionLevel(s, action)
}

// ResourceLevel is iam.resource_level(s, resource): Resource or
// NotResource; a statement with neither applies to its own resource.
func ResourceLevel(st, resource *ast.Term) int {
	s, ok := st.Value.(ast.Object)
	if !ok {
		return Certain // neither Resource nor NotResource
	}
	return resourceLevel(s, resource)
}

// PrincipalLevel is iam.principal_level(s, principal).
func PrincipalLevel(st, principal *ast.Term) int {
	s, ok := st.Value.(ast.Object)
	if !ok {
		return No
	}
	return principalLevel(s, principal)
}

// conditionsRequest reads what conditions need of a request: its context,
// undefined (nil) when the request is not an object.
func conditionsRequest(req *ast.Term) (*request, error) {
	o, ok := req.Value.(ast.Object)
	if !ok {
		return &request{}, nil
	}
	ctx, err := requestContext(o, get(o, "principal", ast.NewTerm(ast.NewObject())))
	if err != nil {
		return nil, err
	}
	return &request{ctx: ctx}, nil
}

// ConditionsLevel is iam.conditions_level(s, request): all conditions must
// hold.
func ConditionsLevel(st, req *ast.Term) (int, error) {
	s, ok := st.Value.(ast.Object)
	if !ok {
		return Certain, nil // no conditions
	}
	r, err := conditionsRequest(req)
	if err != nil {
		return 0, err
	}
	return conditionsLevel(s, r), nil
}

// ConditionLevel is iam.condition_level(c, request): one operator and key.
func ConditionLevel(c, req *ast.Term) (int, error) {
	r, err := conditionsRequest(req)
	if err != nil {
		return 0, err
	}
	return conditionLevel(c, r), nil
}

// PrincipalIsRoot is iam.principal_is_root(p): an account principal (a
// bare ID or ":root").
func PrincipalIsRoot(p *ast.Term) bool {
	o, ok := p.Value.(ast.Object)
	return ok && principalIsRoot(o)
}

// PrincipalAccount is iam.principal_account(p), false where undefined.
func PrincipalAccount(p *ast.Term) (string, bool) {
	o, ok := p.Value.(ast.Object)
	if !ok {
		return "", false
	}
	return principalAccount(o)
}

// RequestAccount is iam.request_account(r), false where undefined.
func RequestAccount(r *ast.Term) (string, bool) {
	o, ok := r.Value.(ast.Object)
	if !ok {
		return "", false
	}
	return requestAccount(o)
}
