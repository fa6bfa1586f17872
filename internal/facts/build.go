package facts

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// Options configure Build.
type Options struct {
	// Binding returns what configuration says about a file: its account ID
	// ("" unknown) and, for a bare policy document, the role it belongs to
	// (RoleName; "" none). Nil means nothing is bound.
	Binding func(path string) Binding
	// OnDocument, when set, is called with each document's path before its
	// facts are read. Tests use it to inject a panic; nil in production.
	OnDocument func(path string)
}

// InternalErrorMessage is the message of the problem reported for a
// document whose handling panicked with v.
func InternalErrorMessage(v any) string {
	return fmt.Sprintf("internal error while reading this document: %v (please report it at https://github.com/xacct-lint/xacct-lint/issues)", v)
}

// Binding is what configuration says about one file.
type Binding struct {
	// Account is the 12-digit account the file is deployed to, "" unknown.
	Account string
	// Role is the name of the role a bare policy document belongs to:
	// trust policy or identity policy by content. "" none.
	Role string
	// Region is the region a template or pipeline.json is deployed to, ""
	// unknown (AWS::Region then stays symbolic; a pipeline's region unknown).
	Region string
	// RoleComplete says the documents bound to Role are everything attached
	// to it. Without it a role built from bare documents is incomplete, so
	// that a permission it lacks is unknown rather than missing.
	RoleComplete bool
}

// Build turns parsed documents into the rules' input. Documents of an
// unknown kind, or with no root, are listed in Files and give no facts.
// Build is O(n) in the size of the documents: everything is looked up by
// id, ARN or name. The returned error is only ctx's.
func Build(ctx context.Context, docs []*source.Document, opts Options) (in *Input, err error) {
	// A panic outside the reading of one document (in linking them) cannot
	// be pinned on a document: it fails the run rather than the process.
	defer func() {
		if r := recover(); r != nil {
			in, err = nil, fmt.Errorf("building facts: %s", InternalErrorMessage(r))
		}
	}()
	accounts := make(map[string]string, len(docs))
	bindings := make(map[string]Binding, len(docs))
	for _, d := range docs {
		if d == nil {
			continue
		}
		bd := Binding{}
		if opts.Binding != nil {
			bd = opts.Binding(d.Path)
		}
		bindings[d.Path] = bd
		accounts[d.Path] = bd.Account
	}
	// A document whose reading panics is left out and reported; the facts
	// are built again without it, so that no half-read document remains.
	var failed []Problem
	buildAll := func() (*builder, error) {
		for {
			b, bad, err := buildDocs(ctx, docs, bindings, accounts, opts.OnDocument)
			if err != nil || bad == nil {
				return b, err
			}
			failed = append(failed, b.in.Errors[len(b.in.Errors)-1])
			docs = without(docs, bad)
		}
	}
	b, err := buildAll()
	if err != nil {
		return nil, err
	}
	if inferred := b.inferAccounts(docs); len(inferred) > 0 {
		for p, a := range inferred {
			accounts[p] = a
		}
		if b, err = buildAll(); err != nil {
			return nil, err
		}
		b.inferred = inferred
	}
	b.finish(docs)
	b.in.Errors = append(b.in.Errors, failed...)
	return b.in, nil
}

// without returns docs without d.
func without(docs []*source.Document, d *source.Document) []*source.Document {
	out := make([]*source.Document, 0, len(docs))
	for _, x := range docs {
		if x != d {
			out = append(out, x)
		}
	}
	return out
}

// readDocument reads the facts of one document, turning a panic into a
// problem for it (bad is then true).
func (b *builder) readDocument(d *source.Document, account string, hook func(string)) (bad bool) {
	defer func() {
		if r := recover(); r != nil {
			b.in.Errors = append(b.in.Errors, Problem{Message: InternalErrorMessage(r), Loc: Loc{File: d.Path}})
			bad = true
		}
	}()
	if hook != nil {
		hook(d.Path)
	}
	switch d.Kind {
	case source.KindTemplate:
		b.readTemplate(d, account)
	case source.KindPolicy, source.KindTrustPolicy:
		b.readBare(d, account)
	case source.KindPipeline:
		b.pipelineJSON(d, account)
	}
	return false
}

// builder collects the facts of one pass over the documents.
type builder struct {
	bindings map[string]Binding
	accounts map[string]string // path → bound or inferred account
	inferred map[string]string
	in       *Input

	policyIdx map[string]int
	roleIdx   map[string]int
	roleArn   map[string]int
	roleName  map[string][]int
	roleFile  map[int]string
	keyIdx    map[string]int
	keyRef    map[string]int // key ARN, Ref value (key id) → key index
	bucketIdx map[string]int
	bucketBy  map[string][]int // bucket name → indexes

	embedded        map[*source.Node]bool // strings parsed as JSON documents
	valueSeen       map[string]bool
	unresolvedSeen  map[string]bool
	pendingProblems []Problem
	noValues        bool // adding a document that is not the user's
	deferredScans   []deferredScan

	pendingBucketPolicies []pendingBucketPolicy
	pendingAliases        []pendingAlias
	pendingAttach         []pendingAttach
	pendingBound          []pendingBound
}

type pendingBucketPolicy struct {
	policy, bucket, file, account string
	loc                           Loc
}

// deferredScan is a string of an embedded document to scan for
// placeholders once the values of known form are recorded.
type deferredScan struct {
	file, s, ptr string
	pos          source.Pos
}

type pendingAlias struct{ name, target, account, file string }

type pendingAttach struct {
	policy, file, account string
	roles                 []string
	unknown               bool   // a Roles entry is not a string
	ref                   string // a ManagedPolicy's Ref (its ARN)
	loc                   Loc
}

type pendingBound struct {
	policy, role, account, kind, file string
	complete                          bool
	loc                               Loc
}

func (b *builder) binding(path string) Binding { return b.bindings[path] }

// newBuilder returns a builder with no document read, for the given
// bindings and accounts (file → binding, file → account ID).
func newBuilder(bindings map[string]Binding, accounts map[string]string) *builder {
	return &builder{
		bindings: bindings, accounts: accounts,
		in: &Input{
			Version: 1, Files: []File{}, Policies: []Policy{}, Statements: []Statement{}, Roles: []Role{},
			Keys: []Key{}, Buckets: []Bucket{}, Pipelines: []Pipeline{}, Values: []Value{},
			Unresolved: []Unresolved{}, Errors: []Problem{},
		},
		policyIdx: map[string]int{}, roleIdx: map[string]int{}, roleArn: map[string]int{},
		roleName: map[string][]int{}, roleFile: map[int]string{}, keyIdx: map[string]int{},
		keyRef: map[string]int{}, bucketIdx: map[string]int{}, bucketBy: map[string][]int{},
		embedded: map[*source.Node]bool{}, valueSeen: map[string]bool{}, unresolvedSeen: map[string]bool{},
	}
}

// buildDocs reads the documents and links their facts. It stops at the
// first document whose reading panics and returns it as bad, with the
// problem as the last of b.in.Errors.
func buildDocs(ctx context.Context, docs []*source.Document, bindings map[string]Binding, accounts map[string]string, hook func(string)) (b *builder, bad *source.Document, err error) {
	b = newBuilder(bindings, accounts)
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, nil, fmt.Errorf("building facts: %w", err)
		}
		if d == nil {
			continue
		}
		b.in.Files = append(b.in.Files, File{Path: d.Path, Kind: string(d.Kind), Format: d.Format, Account: accounts[d.Path]})
		if d.Root == nil || d.Root.Kind != source.Map {
			continue
		}
		if b.readDocument(d, accounts[d.Path], hook) {
			return b, d, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("building facts: %w", err)
	}
	b.link()
	return b, nil, nil
}

// readBare adds a bare policy document.
func (b *builder) readBare(d *source.Document, account string) {
	v := fromNode(d.Root, "")
	bd := b.binding(d.Path)
	kind := classify(v)
	if d.Kind == source.KindTrustPolicy {
		kind = PolicyTrust
	}
	if bd.Role != "" {
		kind = PolicyIdentity
		if d.Kind == source.KindTrustPolicy || hasPrincipal(v) {
			kind = PolicyTrust
		}
	}
	loc := Loc{File: d.Path, Line: d.Root.Pos.Line, Column: d.Root.Pos.Column, Pointer: ""}
	id := b.addPolicy(policyInput{file: d.Path, doc: v, ptr: "", loc: loc, kind: kind, account: account})
	switch {
	case bd.Role != "":
		b.pendingBound = append(b.pendingBound, pendingBound{policy: id, role: bd.Role, account: account, kind: kind, file: d.Path, complete: bd.RoleComplete, loc: loc})
	case kind == PolicyBucket:
		if name := bucketOfResources(v); name != "" {
			b.pendingBucketPolicies = append(b.pendingBucketPolicies, pendingBucketPolicy{policy: id, bucket: name, file: d.Path, account: account, loc: loc})
		}
	}
}

func (b *builder) addRole(r Role) int {
	if i, ok := b.roleIdx[r.ID]; ok {
		return i
	}
	i := len(b.in.Roles)
	b.in.Roles = append(b.in.Roles, r)
	b.roleIdx[r.ID] = i
	if r.Arn != "" {
		if _, dup := b.roleArn[r.Arn]; !dup {
			b.roleArn[r.Arn] = i
		}
	}
	b.roleName[r.Name] = append(b.roleName[r.Name], i)
	b.roleFile[i] = r.Loc.File
	return i
}

func (b *builder) addKey(k Key, ref string) {
	i := len(b.in.Keys)
	b.in.Keys = append(b.in.Keys, k)
	b.keyIdx[k.ID] = i
	for _, s := range []string{k.Arn, ref} {
		if _, dup := b.keyRef[s]; s != "" && !dup {
			b.keyRef[s] = i
		}
	}
}

func (b *builder) addBucket(bk Bucket) {
	i := len(b.in.Buckets)
	b.in.Buckets = append(b.in.Buckets, bk)
	b.bucketIdx[bk.ID] = i
	b.bucketBy[bk.Name] = append(b.bucketBy[bk.Name], i)
}

// problem records a shape problem for the next policy added.
func (b *builder) problem(msg string, l Loc) {
	b.pendingProblems = append(b.pendingProblems, Problem{Message: msg, Loc: l})
}

func (b *builder) unresolved(what, text string, l Loc) {
	k := what + "\x00" + text + "\x00" + l.File + "\x00" + strconv.Itoa(l.Line) + ":" + strconv.Itoa(l.Column)
	if b.unresolvedSeen[k] {
		return
	}
	b.unresolvedSeen[k] = true
	b.in.Unresolved = append(b.in.Unresolved, Unresolved{What: what, Text: text, Loc: l})
}

// value records a value of a known form.
func (b *builder) value(expect, v, field string, l Loc) {
	if b.noValues {
		return
	}
	k := l.File + "\x00" + strconv.Itoa(l.Line) + ":" + strconv.Itoa(l.Column) + "\x00" + l.Pointer
	if b.valueSeen[k] {
		return
	}
	b.valueSeen[k] = true
	b.valueSeen[l.File+"\x00"+strconv.Itoa(l.Line)+":"+strconv.Itoa(l.Column)] = true
	b.in.Values = append(b.in.Values, Value{Expect: expect, Value: v, Field: field, Loc: l})
}

var placeholderRe = regexp.MustCompile(`<[^<>]+>`)

// scanPlaceholder records s as a value with a placeholder when it has one
// and no value of a known form was recorded at its position.
func (b *builder) scanPlaceholder(file, s string, pos source.Pos, ptr string) {
	if !placeholderRe.MatchString(s) {
		return
	}
	if b.valueSeen[file+"\x00"+strconv.Itoa(pos.Line)+":"+strconv.Itoa(pos.Column)] {
		return
	}
	b.value("any", s, fieldName(ptr), Loc{File: file, Line: pos.Line, Column: pos.Column, Pointer: ptr})
}

// fieldName is a human name for the field at ptr: the path inside a
// statement ("Principal.AWS", "Resource"), else the last two keys.
func fieldName(ptr string) string {
	toks := strings.Split(ptr, "/")
	var keys []string
	for i, t := range toks {
		if i == 0 || t == "" || strings.HasPrefix(t, "Fn::") || t == "Properties" {
			continue
		}
		if t == "Statement" {
			keys = keys[:0]
			continue
		}
		if _, err := strconv.Atoi(t); err == nil {
			continue
		}
		keys = append(keys, strings.NewReplacer("~1", "/", "~0", "~").Replace(t))
	}
	inStatement := strings.Contains(ptr, "/Statement/") || strings.HasSuffix(ptr, "/Statement")
	if !inStatement && len(keys) > 2 {
		keys = keys[len(keys)-2:]
	}
	return strings.Join(keys, ".")
}

// scanDoc records every string with a placeholder in a document.
func (b *builder) scanDoc(d *source.Document) {
	var walk func(n *source.Node, ptr string)
	walk = func(n *source.Node, ptr string) {
		if n == nil || b.embedded[n] {
			return
		}
		switch n.Kind {
		case source.String:
			b.scanPlaceholder(d.Path, n.Str, n.Pos, ptr)
		case source.Map:
			for _, e := range n.Entries {
				walk(e.Value, child(ptr, e.Key))
			}
		case source.Seq:
			for i, it := range n.Items {
				walk(it, index(ptr, i))
			}
		}
	}
	walk(d.Root, "")
}
