package facts

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// statementKeys are the keys addStatement knows.
var statementKeys = map[string]bool{
	"Sid": true, "Effect": true, "Principal": true, "NotPrincipal": true, "Action": true,
	"NotAction": true, "Resource": true, "NotResource": true, "Condition": true,
}

// FuzzPolicy normalises a fuzzer-chosen JSON policy document (IAM, KMS key
// or S3 bucket policy) into statements, directly and through Build as a
// bare document (bound to a role or not). It checks that normalising is
// deterministic, that each statement, field and value points inside the
// document, that every statement of the document is there with its keys,
// Effect as written and its fields as lists with one entry per item
// (scalars as written, anything else a well-formed unknown), and that
// shape problems are reported for what is not a statement.
func FuzzPolicy(f *testing.F) {
	for _, glob := range []string{"testdata/golden/*/*.json", "../../examples/*/generated/policies/*.json"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 20000 {
				f.Add(data, false)
			}
		}
	}
	for _, s := range []string{
		`{"Version": "2012-10-17", "Statement": [{"Sid": "a", "Effect": "Allow", "Principal": {"AWS": ["111111111111", "arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:role/x", "*"], "Service": "codepipeline.amazonaws.com"}, "Action": ["kms:Decrypt", "KMS:encrypt"], "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": ["111111111111", 2]}, "Bool": {"aws:SecureTransport": false}}}]}`,
		`{"Statement": {"Effect": "Deny", "Principal": "*", "NotAction": "s3:*", "NotResource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}}`,
		`{"Statement": [{"Effect": "Allow", "Principal": {"Service": "codedeploy.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`,
		`{"Statement": [1, null, "x", [], {"Effect": "allow", "Action": [null, {}, [], 1, true], "Resource": {"a": 1}, "Foo": 1}]}`,
		`{"Statement": "nope"}`,
		`{"Statement": []}`,
		`{"NotStatement": []}`,
		`[]`,
		`"policy"`,
		`{"Statement": [{"Effect": {"Fn::Sub": "x"}, "NotPrincipal": {"AWS": {"Ref": "A"}}, "Condition": {"StringLike": "x", "Null": {"k": null}}}]}`,
		`{"Statement": [{"Principal": {"AWS": "arn:aws:sts::111111111111:assumed-role/r/s"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt/*"}]}`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, bound bool) {
		const file = "p.json"
		var doc *source.Document
		var err error
		within(t, "source.Parse", func() { doc, err = source.Parse(file, data) })
		if err != nil || doc.Root == nil {
			return
		}
		pc := newPosChecker(doc)
		normalise := func() *Input {
			b := emptyBuilder()
			v := fromNode(doc.Root, "")
			kind := classify(v)
			switch kind {
			case PolicyKey, PolicyBucket, PolicyIdentity, PolicyTrust, PolicyUnknown:
			default:
				t.Fatalf("classify gave %q", kind)
			}
			loc := Loc{File: file, Line: doc.Root.Pos.Line, Column: doc.Root.Pos.Column}
			within(t, "addPolicy", func() {
				b.addPolicy(policyInput{file: file, doc: v, loc: loc, kind: kind, account: "111111111111"})
			})
			return b.in
		}
		in := normalise()
		if diff := cmp.Diff(in, normalise()); diff != "" {
			t.Fatalf("normalising twice differs (-first +second):\n%s", diff)
		}
		pc.locsIn(t, in)
		if len(in.Policies) != 1 {
			t.Fatalf("%d policies, want 1", len(in.Policies))
		}
		p := in.Policies[0]
		var ids []string
		for _, s := range in.Statements {
			ids = append(ids, s.ID)
		}
		if !slices.Equal(ids, p.Statements) && len(ids)+len(p.Statements) > 0 {
			t.Fatalf("policy lists statements %q, input has %q", p.Statements, ids)
		}

		// The statements the document has, and the problems it must give.
		var want []*source.Node
		problems := 0
		st := doc.Root.Get("Statement")
		switch {
		case doc.Root.Kind != source.Map || st == nil:
			problems = 1
		case st.Kind == source.Map:
			want = []*source.Node{st}
		case st.Kind == source.Seq:
			for _, it := range st.Items {
				if it.Kind == source.Map {
					want = append(want, it)
				} else {
					problems++
				}
			}
		default:
			problems = 1
		}
		if len(in.Statements) != len(want) || len(p.Problems) != problems {
			t.Fatalf("%d statements and %d problems %v, want %d and %d", len(in.Statements), len(p.Problems), p.Problems, len(want), problems)
		}
		for i, s := range in.Statements {
			checkStatement(t, file, s, want[i])
		}
		for _, v := range in.Values {
			if v.Expect != "principal" && v.Expect != "account-id" {
				t.Fatalf("value %q expects %q", v.Value, v.Expect)
			}
		}

		// As a bare document through Build, bound to a role or not.
		buildOnce := func() *Input {
			return buildChecked(t, []*source.Document{doc}, Options{Binding: func(string) Binding {
				if bound {
					return Binding{Account: "111111111111", Role: "r"}
				}
				return Binding{}
			}})
		}
		bin := buildOnce()
		if diff := cmp.Diff(bin, buildOnce()); diff != "" {
			t.Fatalf("Build twice differs (-first +second):\n%s", diff)
		}
		pc.locsIn(t, bin)
	})
}

// checkStatement checks a statement against the node it was read from.
func checkStatement(t *testing.T, file string, s Statement, n *source.Node) {
	t.Helper()
	if s.Loc.Line != n.Pos.Line || s.Loc.Column != n.Pos.Column {
		t.Fatalf("statement %s at %d:%d, written at %v", s.ID, s.Loc.Line, s.Loc.Column, n.Pos)
	}
	if s.ID != file+"#"+s.Loc.Pointer {
		t.Fatalf("statement id %q, pointer %q", s.ID, s.Loc.Pointer)
	}
	var unknown []string
	for _, e := range n.Entries {
		l, ok := s.Locs[e.Key]
		if !ok || l.Line != e.KeyPos.Line || l.Column != e.KeyPos.Column {
			t.Fatalf("statement %s: key %q at %v, loc %+v", s.ID, e.Key, e.KeyPos, l)
		}
		if !statementKeys[e.Key] {
			unknown = append(unknown, e.Key)
		}
	}
	if len(s.Locs) != len(n.Entries) {
		t.Fatalf("statement %s: %d locs for %d keys", s.ID, len(s.Locs), len(n.Entries))
	}
	if !slices.Equal(unknown, s.Has.Unknown) {
		t.Fatalf("statement %s: unknown keys %q, want %q", s.ID, s.Has.Unknown, unknown)
	}
	has := StatementKeys{
		Principal: n.Get("Principal") != nil, NotPrincipal: n.Get("NotPrincipal") != nil,
		Action: n.Get("Action") != nil, NotAction: n.Get("NotAction") != nil,
		Resource: n.Get("Resource") != nil, NotResource: n.Get("NotResource") != nil,
		Condition: n.Get("Condition") != nil, Unknown: s.Has.Unknown,
	}
	if diff := cmp.Diff(has, s.Has); diff != "" {
		t.Fatalf("statement %s: keys (-want +got):\n%s", s.ID, diff)
	}
	if e := n.Get("Effect"); e != nil && isScalar(e) && s.Effect != e.Str || (e == nil || !isScalar(e)) && s.Effect != "" {
		t.Fatalf("statement %s: effect %q, written %v", s.ID, s.Effect, e)
	}
	for _, field := range []struct {
		key string
		got []string
	}{{"Action", s.Actions}, {"NotAction", s.NotActions}, {"Resource", s.Resources}, {"NotResource", s.NotResources}} {
		checkList(t, s.ID+" "+field.key, n.Get(field.key), field.got)
	}
	for _, field := range []struct {
		key string
		got []Principal
	}{{"Principal", s.Principals}, {"NotPrincipal", s.NotPrincipals}} {
		checkPrincipals(t, s.ID+" "+field.key, n.Get(field.key), field.got)
	}
	want := 0
	if c := n.Get("Condition"); c != nil && c.Kind == source.Map {
		for _, op := range c.Entries {
			if op.Value.Kind == source.Map {
				want += len(op.Value.Entries)
			}
		}
	}
	if len(s.Conditions) != want {
		t.Fatalf("statement %s: %d conditions, want %d", s.ID, len(s.Conditions), want)
	}
	for _, c := range s.Conditions {
		if c.Values == nil {
			t.Fatalf("statement %s: condition %s %s has nil values", s.ID, c.Operator, c.Key)
		}
	}
}

func isScalar(n *source.Node) bool {
	return n.Kind == source.String || n.Kind == source.Number || n.Kind == source.Bool
}

// checkList checks a string-or-list field: one entry per item, scalars as
// written, anything else an unknown naming the item.
func checkList(t *testing.T, what string, n *source.Node, got []string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: nil list", what)
	}
	if n == nil {
		if len(got) != 0 {
			t.Fatalf("%s: %q for an absent key", what, got)
		}
		return
	}
	items := []*source.Node{n}
	if n.Kind == source.Seq {
		items = n.Items
	}
	if len(got) != len(items) {
		t.Fatalf("%s: %d entries for %d items", what, len(got), len(items))
	}
	for i, it := range items {
		if isScalar(it) {
			if got[i] != it.Str {
				t.Fatalf("%s[%d]: %q, written %q", what, i, got[i], it.Str)
			}
		} else if !hasUnknown(got[i]) || markersOK(got[i]) != "" {
			t.Fatalf("%s[%d]: %q for a %v", what, i, got[i], it.Kind)
		}
	}
}

// checkPrincipals checks a Principal block's entries and their accounts.
func checkPrincipals(t *testing.T, what string, n *source.Node, got []Principal) {
	t.Helper()
	want := 0
	switch {
	case n == nil:
	case isScalar(n):
		want = 1
	case n.Kind == source.Map:
		for _, e := range n.Entries {
			if e.Value.Kind == source.Seq {
				want += len(e.Value.Items)
			} else {
				want++
			}
		}
	}
	if len(got) != want {
		t.Fatalf("%s: %d principals, want %d", what, len(got), want)
	}
	for _, p := range got {
		if p.Account != "" && !isAccountID(p.Account) {
			t.Fatalf("%s: principal %q has account %q", what, p.Value, p.Account)
		}
		if p.Account != "" && p.Type != "AWS" {
			t.Fatalf("%s: %s principal %q has an account", what, p.Type, p.Value)
		}
		if p.Type == "*" && p.Value != "*" {
			t.Fatalf("%s: principal type * with value %q", what, p.Value)
		}
	}
}
