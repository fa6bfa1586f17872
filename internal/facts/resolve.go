package facts

import (
	"strconv"
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// maxResolveDepth bounds nested values and reference chains (above
// source.DefaultMaxDepth, so only reference chains reach it).
const maxResolveDepth = 256

// Bounds on the work of resolving one template, linear in its size, so
// that references that multiply (a mapping value that names itself twice,
// Fn::Sub variables used many times at every level) end in unknowns
// instead of taking exponential time and memory. Reading a template
// resolves each of its nodes a few times and builds strings of a few times
// its text, far below the bounds.
const (
	// Calls of resolve: resolveCallsPerNode per node of the template,
	// plus resolveCallsSlack.
	resolveCallsPerNode = 8
	resolveCallsSlack   = 1 << 16
	// Bytes of Fn::Sub and Fn::Join strings: resolveBytesPerByte per byte
	// of the template, plus resolveBytesSlack.
	resolveBytesPerByte = 32
	resolveBytesSlack   = 1 << 20
)

// resolveBudget returns the bounds on resolve calls and string bytes for
// doc.
func resolveBudget(doc *source.Document) (calls, bytes int) {
	nodes := 0
	var walk func(n *source.Node)
	walk = func(n *source.Node) {
		if n == nil {
			return
		}
		nodes++
		for _, e := range n.Entries {
			walk(e.Value)
		}
		for _, it := range n.Items {
			walk(it)
		}
	}
	walk(doc.Root)
	return resolveCallsPerNode*nodes + resolveCallsSlack, resolveBytesPerByte*len(doc.Src) + resolveBytesSlack
}

// tmpl is one template being read: its parameters, resources and the
// account and region its pseudo parameters resolve to.
type tmpl struct {
	b       *builder
	doc     *source.Document
	file    string
	account string // "" unknown
	region  string // "" unknown

	params     map[string]*source.Node // name → parameter declaration
	resources  map[string]*resource
	order      []string // logical ids in source order
	mappings   *source.Node
	conditions *source.Node

	memo            map[string]*val
	busy            map[string]bool
	condv           map[string]int8 // condition name → 1 true, -1 false, 0 unknown
	depth           int
	calls, maxCalls int // resolve calls so far and their bound
	bytes, maxBytes int // string bytes built so far and their bound
}

// resource is one resource of a template.
type resource struct {
	id     string
	typ    string
	node   *source.Node
	props  *source.Node
	keyPos source.Pos
	ptr    string
}

func (t *tmpl) acct() string {
	if t.account != "" {
		return t.account
	}
	return tok("AWS::AccountId")
}

func (t *tmpl) reg() string {
	if t.region != "" {
		return t.region
	}
	return tok("AWS::Region")
}

// symbol is the unknown-marker text for something of this template.
func (t *tmpl) symbol(what string) string { return tok(t.file + "#" + what) }

func strVal(s string, pos source.Pos, ptr string) *val {
	return &val{kind: source.String, str: s, pos: pos, ptr: ptr}
}

// intrinsicKeys are the long-form keys the resolver knows.
func isIntrinsic(n *source.Node) (string, *source.Node, bool) {
	if n == nil || n.Kind != source.Map || len(n.Entries) != 1 {
		return "", nil, false
	}
	k := n.Entries[0].Key
	if k == "Ref" || strings.HasPrefix(k, "Fn::") {
		return k, n.Entries[0].Value, true
	}
	return "", nil, false
}

// resolve returns n with every intrinsic function replaced by its value;
// nil for AWS::NoValue.
func (t *tmpl) resolve(n *source.Node, ptr string) *val {
	if n == nil {
		return nil
	}
	t.depth++
	defer func() { t.depth-- }()
	t.calls++
	if t.depth > maxResolveDepth || t.calls > t.maxCalls {
		return strVal(t.symbol(ptr), n.Pos, ptr)
	}
	if fn, arg, ok := isIntrinsic(n); ok {
		return t.intrinsic(n, fn, arg, ptr)
	}
	v := &val{kind: n.Kind, str: n.Str, pos: n.Pos, ptr: ptr}
	switch n.Kind {
	case source.Map:
		v.entries = make([]ventry, 0, len(n.Entries))
		for _, e := range n.Entries {
			if r := t.resolve(e.Value, child(ptr, e.Key)); r != nil {
				v.entries = append(v.entries, ventry{key: e.Key, keyPos: e.KeyPos, v: r})
			}
		}
	case source.Seq:
		v.items = make([]*val, 0, len(n.Items))
		for i, it := range n.Items {
			if r := t.resolve(it, index(ptr, i)); r != nil {
				v.items = append(v.items, r)
			}
		}
	}
	return v
}

// resolveString resolves n to a string; a non-scalar becomes an unknown.
func (t *tmpl) resolveString(n *source.Node, ptr string) string {
	v := t.resolve(n, ptr)
	if s, ok := v.scalar(); ok {
		return s
	}
	return t.symbol(ptr)
}

// argPos is the position a resolved intrinsic reports: its scalar
// argument's when it has one (the text itself), else the function's.
func argPos(n, arg *source.Node) source.Pos {
	if arg != nil && arg.Kind == source.String && arg.Pos.Line > 0 {
		return arg.Pos
	}
	return n.Pos
}

func (t *tmpl) intrinsic(n *source.Node, fn string, arg *source.Node, ptr string) *val {
	pos := argPos(n, arg)
	unknown := func() *val { return strVal(t.symbol(ptr), n.Pos, ptr) }
	switch fn {
	case "Ref":
		if arg == nil || arg.Kind != source.String {
			return unknown()
		}
		return t.ref(arg.Str, pos, ptr)
	case "Fn::GetAtt":
		var res, attr string
		switch {
		case arg != nil && arg.Kind == source.Seq && len(arg.Items) == 2:
			res = t.resolveString(arg.Items[0], index(child(ptr, fn), 0))
			attr = t.resolveString(arg.Items[1], index(child(ptr, fn), 1))
		case arg != nil && arg.Kind == source.String:
			res, attr, _ = strings.Cut(arg.Str, ".")
		default:
			return unknown()
		}
		return strVal(t.getAtt(res, attr, pos), pos, ptr)
	case "Fn::Sub":
		return t.sub(n, arg, ptr)
	case "Fn::Join":
		if arg == nil || arg.Kind != source.Seq || len(arg.Items) != 2 {
			return unknown()
		}
		sep := t.resolveString(arg.Items[0], index(child(ptr, fn), 0))
		list := t.resolve(arg.Items[1], index(child(ptr, fn), 1))
		if list == nil || list.kind != source.Seq {
			return unknown()
		}
		parts := make([]string, 0, len(list.items))
		for _, it := range list.items {
			s, ok := it.scalar()
			if !ok {
				return unknown()
			}
			parts = append(parts, s)
		}
		if !t.spend(len(sep)*len(parts) + sumLen(parts)) {
			return unknown()
		}
		return strVal(strings.Join(parts, sep), pos, ptr)
	case "Fn::Split":
		if arg == nil || arg.Kind != source.Seq || len(arg.Items) != 2 {
			return unknown()
		}
		sep := t.resolveString(arg.Items[0], index(child(ptr, fn), 0))
		s := t.resolveString(arg.Items[1], index(child(ptr, fn), 1))
		if sep == "" || hasUnknown(sep) {
			return unknown()
		}
		out := &val{kind: source.Seq, pos: n.Pos, ptr: ptr}
		for _, p := range splitAllKeepingTokens(s, sep) {
			out.items = append(out.items, strVal(p, n.Pos, ptr))
		}
		return out
	case "Fn::Select":
		if arg == nil || arg.Kind != source.Seq || len(arg.Items) != 2 {
			return unknown()
		}
		is := t.resolveString(arg.Items[0], index(child(ptr, fn), 0))
		i, err := strconv.Atoi(is)
		list := t.resolve(arg.Items[1], index(child(ptr, fn), 1))
		if err != nil || list == nil || list.kind != source.Seq || i < 0 || i >= len(list.items) {
			return unknown()
		}
		return list.items[i]
	case "Fn::If":
		if arg == nil || arg.Kind != source.Seq || len(arg.Items) != 3 || arg.Items[0].Kind != source.String {
			return unknown()
		}
		switch t.condition(arg.Items[0].Str) {
		case 1:
			return t.resolve(arg.Items[1], index(child(ptr, fn), 1))
		case -1:
			return t.resolve(arg.Items[2], index(child(ptr, fn), 2))
		}
		a := t.resolve(arg.Items[1], index(child(ptr, fn), 1))
		b := t.resolve(arg.Items[2], index(child(ptr, fn), 2))
		if sameVal(a, b) {
			return a
		}
		return unknown()
	case "Fn::ImportValue":
		name := t.resolveString(arg, child(ptr, fn))
		t.b.unresolved("import", "Fn::ImportValue "+name+": the value is exported by another stack", t.loc(n.Pos, ptr))
		return strVal(tok("import:"+name), pos, ptr)
	case "Fn::FindInMap":
		if arg == nil || arg.Kind != source.Seq || len(arg.Items) < 3 {
			return unknown()
		}
		keys := make([]string, 3)
		for i := range keys {
			keys[i] = t.resolveString(arg.Items[i], index(child(ptr, fn), i))
			if hasUnknown(keys[i]) {
				return unknown()
			}
		}
		m := t.mappings.Get(keys[0]).Get(keys[1]).Get(keys[2])
		if m == nil {
			return unknown()
		}
		return t.resolve(m, ptr)
	}
	return unknown()
}

// splitAllKeepingTokens splits s at every sep outside unknown markers; a
// sep that overlaps a marker does not split it.
func splitAllKeepingTokens(s, sep string) []string {
	var out []string
	var cur strings.Builder
	for s != "" {
		lit, marker := s, ""
		s = ""
		if i := strings.Index(lit, UnknownOpen); i >= 0 {
			if j := strings.Index(lit[i:], UnknownClose); j >= 0 {
				end := i + j + len(UnknownClose)
				lit, marker, s = lit[:i], lit[i:end], lit[end:]
			}
		}
		for k, p := range strings.Split(lit, sep) {
			if k > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			cur.WriteString(p)
		}
		cur.WriteString(marker)
	}
	return append(out, cur.String())
}

// ref resolves Ref name.
func (t *tmpl) ref(name string, pos source.Pos, ptr string) *val {
	switch name {
	case "AWS::AccountId":
		return strVal(t.acct(), pos, ptr)
	case "AWS::Region":
		return strVal(t.reg(), pos, ptr)
	case "AWS::Partition":
		return strVal("aws", pos, ptr)
	case "AWS::URLSuffix":
		return strVal("amazonaws.com", pos, ptr)
	case "AWS::NoValue":
		return nil
	case "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs":
		return strVal(tok(t.file+"#"+name), pos, ptr)
	}
	if p, ok := t.params[name]; ok {
		return t.param(name, p, pos, ptr)
	}
	if r, ok := t.resources[name]; ok {
		return strVal(t.resourceRef(r), pos, ptr)
	}
	t.b.unresolved("ref", "Ref "+name+": no parameter or resource of that name", t.loc(pos, ptr))
	return strVal(tok(name), pos, ptr)
}

// param resolves a parameter: its Default, else unknown.
func (t *tmpl) param(name string, p *source.Node, pos source.Pos, ptr string) *val {
	def := p.Get("Default")
	typ := p.Get("Type")
	list := typ != nil && (typ.Str == "CommaDelimitedList" || strings.HasPrefix(typ.Str, "List<"))
	if def == nil || def.Kind == source.Null {
		if list {
			return strVal(tok(name), pos, ptr) // an unknown list: Select/Join give unknowns
		}
		return strVal(tok(name), pos, ptr)
	}
	if list && def.Kind == source.String {
		out := &val{kind: source.Seq, pos: pos, ptr: ptr}
		for _, s := range strings.Split(def.Str, ",") {
			out.items = append(out.items, strVal(strings.TrimSpace(s), pos, ptr))
		}
		return out
	}
	if s, ok := (&val{kind: def.Kind, str: def.Str}).scalar(); ok {
		return strVal(s, pos, ptr)
	}
	return strVal(tok(name), pos, ptr)
}

// memoised returns the cached value of key, computing it once; a cycle
// gives an unknown.
func (t *tmpl) memoised(key string, f func() string) string {
	if v, ok := t.memo[key]; ok {
		return v.str
	}
	if t.busy[key] {
		return tok(t.file + "#" + key)
	}
	t.busy[key] = true
	s := f()
	delete(t.busy, key)
	t.memo[key] = &val{kind: source.String, str: s}
	return s
}

// prop resolves a resource property to a string; ok false when absent.
func (t *tmpl) prop(r *resource, name string) (string, bool) {
	n := r.props.Get(name)
	if n == nil {
		return "", false
	}
	v := t.resolve(n, child(child(r.ptr, "Properties"), name))
	if v == nil {
		return "", false
	}
	if s, ok := v.scalar(); ok {
		return s, true
	}
	return t.symbol(r.id + "." + name), true
}

// resourceRef is what Ref returns for a resource.
func (t *tmpl) resourceRef(r *resource) string {
	return t.memoised("Ref:"+r.id, func() string {
		named := func(prop string) string {
			if s, ok := t.prop(r, prop); ok {
				return s
			}
			return t.symbol(r.id)
		}
		switch r.typ {
		case "AWS::S3::Bucket":
			return named("BucketName")
		case "AWS::IAM::Role":
			return named("RoleName")
		case "AWS::KMS::Alias":
			return named("AliasName")
		case "AWS::CodePipeline::Pipeline", "AWS::CodeBuild::Project":
			return named("Name")
		case "AWS::IAM::ManagedPolicy":
			if s, ok := t.prop(r, "ManagedPolicyName"); ok {
				path, ok := t.prop(r, "Path")
				if !ok {
					path = "/"
				}
				return "arn:aws:iam::" + t.acct() + ":policy" + path + s
			}
		}
		return t.symbol(r.id)
	})
}

// getAtt resolves Fn::GetAtt res.attr.
func (t *tmpl) getAtt(res, attr string, pos source.Pos) string {
	r, ok := t.resources[res]
	if !ok {
		t.b.unresolved("ref", "Fn::GetAtt "+res+"."+attr+": no resource of that name", Loc{File: t.file, Line: pos.Line, Column: pos.Column})
		return tok(res + "." + attr)
	}
	return t.memoised("GetAtt:"+res+"."+attr, func() string {
		switch {
		case r.typ == "AWS::S3::Bucket" && attr == "Arn":
			return "arn:aws:s3:::" + t.resourceRef(r)
		case r.typ == "AWS::IAM::Role" && attr == "Arn":
			path, ok := t.prop(r, "Path")
			if !ok {
				path = "/"
			}
			return roleArn(t.acct(), path, t.resourceRef(r))
		case r.typ == "AWS::KMS::Key" && attr == "Arn":
			return "arn:aws:kms:" + t.reg() + ":" + t.acct() + ":key/" + t.resourceRef(r)
		case r.typ == "AWS::KMS::Key" && attr == "KeyId":
			return t.resourceRef(r)
		}
		return t.symbol(res + "." + attr)
	})
}

// sub resolves Fn::Sub in its string and [string, vars] forms.
func (t *tmpl) sub(n, arg *source.Node, ptr string) *val {
	var s *source.Node
	var vars *source.Node
	switch {
	case arg != nil && arg.Kind == source.String:
		s = arg
	case arg != nil && arg.Kind == source.Seq && len(arg.Items) == 2 && arg.Items[0].Kind == source.String:
		s, vars = arg.Items[0], arg.Items[1]
	default:
		return strVal(t.symbol(ptr), n.Pos, ptr)
	}
	varPtr := index(child(ptr, "Fn::Sub"), 1)
	out := t.substitute(s.Str, func(name string) (string, bool) {
		if vn := vars.Get(name); vn != nil {
			return t.resolveString(vn, child(varPtr, name)), true
		}
		return "", false
	}, s.Pos, ptr)
	return strVal(out, s.Pos, ptr)
}

// substitute replaces ${…} in s: vars first, then pseudo parameters,
// parameters, resources and res.attr; ${!x} stays as "${x}".
func (t *tmpl) substitute(s string, vars func(string) (string, bool), pos source.Pos, ptr string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for t.bytes+b.Len() <= t.maxBytes {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		name = strings.TrimSpace(name)
		if vars != nil {
			if v, ok := vars(name); ok {
				b.WriteString(v)
				continue
			}
		}
		if res, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
			if _, isRes := t.resources[res]; isRes {
				b.WriteString(t.getAtt(res, attr, pos))
				continue
			}
		}
		v := t.ref(name, pos, ptr)
		if v == nil { // AWS::NoValue in a string
			continue
		}
		if str, ok := v.scalar(); ok {
			b.WriteString(str)
		} else {
			b.WriteString(tok(name))
		}
	}
	if !t.spend(b.Len()) {
		return t.symbol(ptr)
	}
	return b.String()
}

// spend records n bytes of strings built and reports whether the
// template's budget still holds.
func (t *tmpl) spend(n int) bool {
	t.bytes += n
	return t.bytes <= t.maxBytes
}

func sumLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n += len(s)
	}
	return n
}

// condition evaluates a named condition: 1 true, -1 false, 0 unknown.
func (t *tmpl) condition(name string) int8 {
	if v, ok := t.condv[name]; ok {
		return v
	}
	t.condv[name] = 0 // cycle guard
	v := t.evalCond(t.conditions.Get(name), "/Conditions/"+source.EscapePointer(name))
	t.condv[name] = v
	return v
}

func (t *tmpl) evalCond(n *source.Node, ptr string) int8 {
	fn, arg, ok := isIntrinsic(n)
	if !ok {
		if n != nil && n.Kind == source.Map && len(n.Entries) == 1 && n.Entries[0].Key == "Condition" {
			return t.condition(n.Entries[0].Value.Str)
		}
		return 0
	}
	switch fn {
	case "Fn::Equals":
		if arg == nil || arg.Kind != source.Seq || len(arg.Items) != 2 {
			return 0
		}
		a := t.resolveString(arg.Items[0], ptr)
		b := t.resolveString(arg.Items[1], ptr)
		if hasUnknown(a) || hasUnknown(b) {
			return 0
		}
		if a == b {
			return 1
		}
		return -1
	case "Fn::Not":
		if arg == nil || arg.Kind != source.Seq || len(arg.Items) != 1 {
			return 0
		}
		return -t.evalCond(arg.Items[0], ptr)
	case "Fn::And", "Fn::Or":
		if arg == nil || arg.Kind != source.Seq {
			return 0
		}
		res := int8(1)
		if fn == "Fn::Or" {
			res = -1
		}
		for _, it := range arg.Items {
			v := t.evalCond(it, ptr)
			if fn == "Fn::And" && v == -1 || fn == "Fn::Or" && v == 1 {
				return v
			}
			if v == 0 {
				res = 0
			}
		}
		return res
	}
	return 0
}

func (t *tmpl) loc(pos source.Pos, ptr string) Loc {
	return Loc{File: t.file, Line: pos.Line, Column: pos.Column, Pointer: ptr}
}
