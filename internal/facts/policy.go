package facts

import (
	"sort"
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// accountConditionKeys are condition keys whose values are account IDs.
var accountConditionKeys = map[string]bool{
	"aws:sourceaccount": true, "aws:principalaccount": true, "aws:resourceaccount": true,
	"kms:calleraccount": true,
}

// policyInput is a policy document to add.
type policyInput struct {
	file    string
	doc     *val // the document; nil when absent
	ptr     string
	loc     Loc // where the policy is declared (the key naming it)
	kind    string
	owner   string
	account string
	managed string
	// synthetic: the document is the builder's, not the user's: its
	// statements point at loc and give no checked values.
	synthetic bool
}

// addPolicy adds a policy and its statements and returns its id.
func (b *builder) addPolicy(in policyInput) string {
	id := in.file + "#" + in.ptr
	if in.managed != "" {
		id = "managed:" + in.managed
	}
	if i, ok := b.policyIdx[id]; ok {
		return b.in.Policies[i].ID
	}
	p := Policy{
		ID: id, Kind: in.kind, Owner: in.owner, Account: in.account, Managed: in.managed,
		Statements: []string{}, Loc: in.loc, Problems: []Problem{},
	}
	doc := in.doc
	var fixed *Loc // a managed policy's statements point at its attachment
	if in.managed != "" || in.synthetic {
		fixed = &in.loc
		b.noValues = true
		defer func() { b.noValues = false }()
	}
	p.Default = in.synthetic
	problem := func(msg string, l Loc) { p.Problems = append(p.Problems, Problem{Message: msg, Loc: l}) }
	p.Problems = append(p.Problems, b.pendingProblems...)
	b.pendingProblems = nil
	switch {
	case doc == nil && len(p.Problems) > 0:
	case doc == nil:
		problem("policy document is empty", in.loc)
	case doc.kind != source.Map:
		problem("policy document is not a map", b.valLoc(in.file, doc))
	default:
		p.Version = doc.get("Version").text()
		st := doc.entry("Statement")
		switch {
		case st == nil:
			problem("policy document has no Statement", b.valLoc(in.file, doc))
		case st.v.kind == source.Map:
			p.Statements = append(p.Statements, b.addStatement(in.file, id, st.v, fixed))
		case st.v.kind == source.Seq:
			for _, it := range st.v.items {
				if it.kind != source.Map {
					problem("statement is not a map", b.valLoc(in.file, it))
					continue
				}
				p.Statements = append(p.Statements, b.addStatement(in.file, id, it, fixed))
			}
		default:
			problem("Statement is neither a list nor a map", b.valLoc(in.file, st.v))
		}
	}
	b.policyIdx[id] = len(b.in.Policies)
	b.in.Policies = append(b.in.Policies, p)
	return id
}

// valLoc is the location of a val.
func (b *builder) valLoc(file string, v *val) Loc {
	return Loc{File: file, Line: v.pos.Line, Column: v.pos.Column, Pointer: v.ptr}
}

// keyLoc is the location of a map entry's key, with the value's pointer.
func keyLoc(file string, e *ventry) Loc {
	return Loc{File: file, Line: e.keyPos.Line, Column: e.keyPos.Column, Pointer: e.v.ptr}
}

// addStatement adds one statement and returns its id.
func (b *builder) addStatement(file, policy string, v *val, fixed *Loc) string {
	s := Statement{
		ID: file + "#" + v.ptr, Policy: policy,
		Principals: []Principal{}, NotPrincipals: []Principal{},
		Actions: []string{}, NotActions: []string{}, Resources: []string{}, NotResources: []string{},
		Conditions: []Condition{}, Has: StatementKeys{Unknown: []string{}},
		Loc: b.valLoc(file, v), Locs: map[string]Loc{},
	}
	if strings.HasPrefix(policy, "managed:") {
		s.ID = policy + "#" + v.ptr
	}
	for i := range v.entries {
		e := &v.entries[i]
		l := keyLoc(file, e)
		s.Locs[e.key] = l
		switch e.key {
		case "Sid":
			s.Sid = e.v.text()
		case "Effect":
			s.Effect = e.v.text()
		case "Principal":
			s.Has.Principal = true
			s.Principals = b.principals(file, e.v, "Principal")
		case "NotPrincipal":
			s.Has.NotPrincipal = true
			s.NotPrincipals = b.principals(file, e.v, "NotPrincipal")
		case "Action":
			s.Has.Action = true
			s.Actions = b.strings(file, e.v)
		case "NotAction":
			s.Has.NotAction = true
			s.NotActions = b.strings(file, e.v)
		case "Resource":
			s.Has.Resource = true
			s.Resources = b.strings(file, e.v)
		case "NotResource":
			s.Has.NotResource = true
			s.NotResources = b.strings(file, e.v)
		case "Condition":
			s.Has.Condition = true
			s.Conditions = b.conditions(file, e.v)
		default:
			s.Has.Unknown = append(s.Has.Unknown, e.key)
		}
	}
	if fixed != nil {
		s.Loc = *fixed
		for k := range s.Locs {
			s.Locs[k] = *fixed
		}
	}
	b.in.Statements = append(b.in.Statements, s)
	return s.ID
}

// strings normalises a string-or-list field to a list of strings; other
// values become their text or an unknown.
func (b *builder) strings(file string, v *val) []string {
	out := []string{}
	add := func(it *val) {
		if s, ok := it.scalar(); ok {
			out = append(out, s)
			return
		}
		out = append(out, tok(file+"#"+it.ptr))
	}
	if v == nil {
		return out
	}
	if v.kind == source.Seq {
		for _, it := range v.items {
			add(it)
		}
		return out
	}
	add(v)
	return out
}

// principals normalises a Principal block.
func (b *builder) principals(file string, v *val, field string) []Principal {
	out := []Principal{}
	if v == nil {
		return out
	}
	if s, ok := v.scalar(); ok {
		if s == "*" {
			return append(out, Principal{Type: "*", Value: "*"})
		}
		// Not valid IAM; keep it so grammar rules can see it.
		return append(out, Principal{Type: "", Value: s})
	}
	if v.kind != source.Map {
		return out
	}
	for _, e := range v.entries {
		items := []*val{e.v}
		if e.v.kind == source.Seq {
			items = e.v.items
		}
		for _, it := range items {
			s, ok := it.scalar()
			if !ok {
				s = tok(file + "#" + it.ptr)
			}
			p := Principal{Type: e.key, Value: s}
			if e.key == "AWS" {
				p.Account, p.Root = principalAccount(s)
				b.value("principal", s, field+".AWS", b.valLoc(file, it))
			}
			out = append(out, p)
		}
	}
	return out
}

// conditions flattens a Condition block.
func (b *builder) conditions(file string, v *val) []Condition {
	out := []Condition{}
	if v == nil || v.kind != source.Map {
		return out
	}
	for _, op := range v.entries {
		if op.v.kind != source.Map {
			continue
		}
		for _, k := range op.v.entries {
			vals := b.strings(file, k.v)
			out = append(out, Condition{Operator: op.key, Key: k.key, Values: vals})
			if accountConditionKeys[strings.ToLower(k.key)] {
				items := []*val{k.v}
				if k.v.kind == source.Seq {
					items = k.v.items
				}
				for _, it := range items {
					if s, ok := it.scalar(); ok {
						b.value("account-id", s, "Condition."+k.key, b.valLoc(file, it))
					}
				}
			}
		}
	}
	return out
}

// classify tells what an unattached policy is, by content: trust (every
// statement has a Principal and an sts:AssumeRole-family action), a key
// or bucket policy (Principal, and only kms: / s3: actions), unknown
// (other resource policies) or identity (no Principal).
func classify(doc *val) string {
	stmts := statementsOf(doc)
	if len(stmts) == 0 {
		return PolicyIdentity
	}
	withPrincipal, trust := 0, true
	services := map[string]bool{}
	s3Resources := true
	for _, s := range stmts {
		if s.get("Principal") != nil || s.get("NotPrincipal") != nil {
			withPrincipal++
		}
		acts := scalars(s.get("Action"))
		acts = append(acts, scalars(s.get("NotAction"))...)
		if len(acts) == 0 {
			trust = false
		}
		for _, a := range acts {
			l := strings.ToLower(a)
			if !strings.HasPrefix(l, "sts:assumerole") && l != "sts:tagsession" && l != "sts:setsourceidentity" {
				trust = false
			}
			svc, _, ok := strings.Cut(l, ":")
			if !ok {
				svc = l
			}
			services[svc] = true
		}
		for _, r := range scalars(s.get("Resource")) {
			if _, ok := bucketFromArn(r); !ok {
				s3Resources = false
			}
		}
	}
	switch {
	case withPrincipal == 0:
		return PolicyIdentity
	case withPrincipal == len(stmts) && trust:
		return PolicyTrust
	case len(services) == 1 && services["kms"]:
		return PolicyKey
	case len(services) == 1 && services["s3"] && s3Resources:
		return PolicyBucket
	}
	return PolicyUnknown
}

// hasPrincipal reports whether any statement has a Principal or NotPrincipal.
func hasPrincipal(doc *val) bool {
	for _, s := range statementsOf(doc) {
		if s.get("Principal") != nil || s.get("NotPrincipal") != nil {
			return true
		}
	}
	return false
}

func statementsOf(doc *val) []*val {
	st := doc.get("Statement")
	switch {
	case st == nil:
		return nil
	case st.kind == source.Map:
		return []*val{st}
	case st.kind == source.Seq:
		var out []*val
		for _, it := range st.items {
			if it.isMap() {
				out = append(out, it)
			}
		}
		return out
	}
	return nil
}

func scalars(v *val) []string {
	if v == nil {
		return nil
	}
	if s, ok := v.scalar(); ok {
		return []string{s}
	}
	var out []string
	for _, it := range v.items {
		if s, ok := it.scalar(); ok {
			out = append(out, s)
		}
	}
	return out
}

// bucketOfResources returns the one bucket name all of a bucket policy's
// resources name, "" when none or several.
func bucketOfResources(doc *val) string {
	names := map[string]bool{}
	for _, s := range statementsOf(doc) {
		for _, r := range scalars(s.get("Resource")) {
			if n, ok := bucketFromArn(r); ok {
				names[n] = true
			}
		}
	}
	if len(names) != 1 {
		return ""
	}
	keys := make([]string, 0, 1)
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys[0]
}
