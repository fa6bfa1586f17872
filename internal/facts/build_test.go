package facts

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// file is a test document: a path and its text.
type file struct{ path, src string }

// buildFiles parses files and builds their facts with the given bindings.
func buildFiles(t testing.TB, bindings map[string]Binding, files ...file) *Input {
	t.Helper()
	var docs []*source.Document
	for _, f := range files {
		d, err := source.Parse(f.path, []byte(f.src))
		if err != nil {
			t.Fatalf("parse %s: %v", f.path, err)
		}
		docs = append(docs, d)
	}
	in, err := Build(context.Background(), docs, Options{Binding: func(p string) Binding { return bindings[p] }})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func statement(t *testing.T, in *Input, id string) Statement {
	t.Helper()
	for _, s := range in.Statements {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no statement %s; have %v", id, ids(in.Statements, func(s Statement) string { return s.ID }))
	return Statement{}
}

func policy(t *testing.T, in *Input, id string) Policy {
	t.Helper()
	for _, p := range in.Policies {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no policy %s; have %v", id, ids(in.Policies, func(p Policy) string { return p.ID }))
	return Policy{}
}

func role(t *testing.T, in *Input, id string) Role {
	t.Helper()
	for _, r := range in.Roles {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no role %s; have %v", id, ids(in.Roles, func(r Role) string { return r.ID }))
	return Role{}
}

func ids[T any](xs []T, f func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

const intrinsicsTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String, Default: prod}
  Acct: {Type: String}
  Names: {Type: CommaDelimitedList, Default: "a, b,c"}
Mappings:
  M: {prod: {Bucket: mapped}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Unsure: !Equals [!Ref Acct, "1"]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "${Env}-bucket"}
  Unnamed: {Type: AWS::S3::Bucket}
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: !Ref Acct}
            Action: s3:GetObject
            Resource:
              - !Sub "${B.Arn}/*"
              - !GetAtt Unnamed.Arn
              - !Sub "arn:${AWS::Partition}:s3:::${!Literal}/${AWS::Region}/${AWS::URLSuffix}"
              - !Sub ["arn:aws:s3:::${X}/*", {X: !Ref Unnamed}]
              - !Join ["", ["arn:aws:s3:::", !Select [1, !Ref Names]]]
              - !Select [2, !Split [",", "x,y,z"]]
              - !If [IsProd, "yes", "no"]
              - !If [Unsure, same, same]
              - !If [Unsure, a, b]
              - !ImportValue shared
              - !FindInMap [M, !Ref Env, Bucket]
              - !If [IsProd, !Ref AWS::NoValue, dropped]
              - !Ref Missing
              - !Sub "${AWS::AccountId}"
              - !Select [4, !Split [":", !Sub "arn:aws:iam::${AWS::AccountId}:root"]]
`

func TestIntrinsics(t *testing.T) {
	tests := []struct {
		name    string
		binding Binding
		want    []string
	}{
		{"bound", Binding{Account: "111111111111", Region: "eu-west-1"}, []string{
			"arn:aws:s3:::prod-bucket/*",
			"arn:aws:s3:::{{?t.yaml#Unnamed}}",
			"arn:aws:s3:::${Literal}/eu-west-1/amazonaws.com",
			"arn:aws:s3:::{{?t.yaml#Unnamed}}/*",
			"arn:aws:s3:::b",
			"z",
			"yes",
			"same",
			"{{?t.yaml#/Resources/P/Properties/PolicyDocument/Statement/0/Resource/8}}",
			"{{?import:shared}}",
			"mapped",
			"{{?Missing}}",
			"111111111111",
			"111111111111",
		}},
		{"unbound", Binding{}, []string{
			"arn:aws:s3:::prod-bucket/*",
			"arn:aws:s3:::{{?t.yaml#Unnamed}}",
			"arn:aws:s3:::${Literal}/{{?AWS::Region}}/amazonaws.com",
			"arn:aws:s3:::{{?t.yaml#Unnamed}}/*",
			"arn:aws:s3:::b",
			"z",
			"yes",
			"same",
			"{{?t.yaml#/Resources/P/Properties/PolicyDocument/Statement/0/Resource/8}}",
			"{{?import:shared}}",
			"mapped",
			"{{?Missing}}",
			"{{?AWS::AccountId}}",
			"{{?AWS::AccountId}}",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := buildFiles(t, map[string]Binding{"t.yaml": tt.binding}, file{"t.yaml", intrinsicsTemplate})
			s := statement(t, in, "t.yaml#/Resources/P/Properties/PolicyDocument/Statement/0")
			if diff := cmp.Diff(tt.want, s.Resources); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]Principal{{Type: "AWS", Value: "{{?Acct}}"}}, s.Principals); diff != "" {
				t.Errorf("principals (-want +got):\n%s", diff)
			}
			if s.Owner != "t.yaml#B" || s.Kind != PolicyBucket || s.Account != tt.binding.Account {
				t.Errorf("owner/kind/account = %q/%q/%q, want t.yaml#B/bucket/%q", s.Owner, s.Kind, s.Account, tt.binding.Account)
			}
			var what []string
			for _, u := range in.Unresolved {
				head, _, _ := strings.Cut(u.Text, ": ")
				what = append(what, u.What+":"+head)
			}
			wantWhat := []string{"import:Fn::ImportValue shared", "ref:Ref Missing"}
			if tt.binding.Account == "" {
				wantWhat = append(wantWhat, "account:the account of t.yaml is not known")
			}
			if diff := cmp.Diff(wantWhat, what); diff != "" {
				t.Errorf("unresolved (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatementShapes(t *testing.T) {
	in := buildFiles(t, nil, file{"p.json", `{
  "Version": "2012-10-17",
  "Statement": {
    "Sid": "one", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
    "NotResource": "arn:aws:s3:::b/*",
    "Condition": {
      "Bool": {"aws:SecureTransport": false},
      "StringEquals": {"aws:SourceAccount": ["111111111111", 222222222222]}
    },
    "Foo": 1
  }
}`}, file{"q.yaml", `Statement:
  - Effect: Deny
    Principal:
      AWS: ["123456789012", "arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:role/x/y",
            "arn:aws:sts::444444444444:assumed-role/r/s", "*", 555555555555]
      Service: codedeploy.amazonaws.com
    NotAction: [kms:Decrypt]
    Resource: "*"
`})
	s := statement(t, in, "p.json#/Statement")
	want := Statement{
		ID: "p.json#/Statement", Policy: "p.json#", Kind: PolicyBucket, Sid: "one", Effect: "Allow", // s3 actions only, with a Principal: a bucket policy
		Principals: []Principal{{Type: "*", Value: "*"}}, NotPrincipals: []Principal{},
		Actions: []string{"s3:GetObject"}, NotActions: []string{}, Resources: []string{}, NotResources: []string{"arn:aws:s3:::b/*"},
		Conditions: []Condition{
			{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"false"}},
			{Operator: "StringEquals", Key: "aws:SourceAccount", Values: []string{"111111111111", "222222222222"}},
		},
		Has: StatementKeys{Principal: true, Action: true, NotResource: true, Condition: true, Unknown: []string{"Foo"}},
		Loc: Loc{File: "p.json", Line: 3, Column: 16, Pointer: "/Statement"},
	}
	if diff := cmp.Diff(want, s, cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Locs" }, cmp.Ignore())); diff != "" {
		t.Errorf("statement (-want +got):\n%s", diff)
	}
	if got, want := s.Locs["Condition"], (Loc{File: "p.json", Line: 6, Column: 5, Pointer: "/Statement/Condition"}); got != want {
		t.Errorf("Locs[Condition] = %+v, want %+v", got, want)
	}
	q := statement(t, in, "q.yaml#/Statement/0")
	wantP := []Principal{
		{Type: "AWS", Value: "123456789012", Account: "123456789012", Root: true},
		{Type: "AWS", Value: "arn:aws:iam::222222222222:root", Account: "222222222222", Root: true},
		{Type: "AWS", Value: "arn:aws:iam::333333333333:role/x/y", Account: "333333333333"},
		{Type: "AWS", Value: "arn:aws:sts::444444444444:assumed-role/r/s", Account: "444444444444"},
		{Type: "AWS", Value: "*"},
		{Type: "AWS", Value: "555555555555", Account: "555555555555", Root: true},
		{Type: "Service", Value: "codedeploy.amazonaws.com"},
	}
	if diff := cmp.Diff(wantP, q.Principals); diff != "" {
		t.Errorf("principals (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"kms:Decrypt"}, q.NotActions); diff != "" {
		t.Errorf("notActions (-want +got):\n%s", diff)
	}
	var accountValues []string
	for _, v := range in.Values {
		if v.Expect == "account-id" {
			accountValues = append(accountValues, v.Value+"@"+v.Loc.Pointer)
		}
	}
	if diff := cmp.Diff([]string{
		"111111111111@/Statement/Condition/StringEquals/aws:SourceAccount/0",
		"222222222222@/Statement/Condition/StringEquals/aws:SourceAccount/1",
	}, accountValues); diff != "" {
		t.Errorf("account-id values (-want +got):\n%s", diff)
	}
}

func TestPolicyProblems(t *testing.T) {
	in := buildFiles(t, nil,
		file{"a.json", `{"Statement": "nope"}`},
		file{"b.json", `{"Statement": [1, {"Effect": "Allow"}]}`},
	)
	got := map[string][]string{}
	for _, p := range in.Policies {
		for _, pr := range p.Problems {
			got[p.ID] = append(got[p.ID], pr.Message+" @"+pr.Loc.Pointer)
		}
	}
	want := map[string][]string{
		"a.json#": {"Statement is neither a list nor a map @/Statement"},
		"b.json#": {"statement is not a map @/Statement/0"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestBareKinds(t *testing.T) {
	docs := map[string]string{
		"trust.json":    `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "codedeploy.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`,
		"identity.json": `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`,
		"key.json":      `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": ["kms:Decrypt"], "Resource": "*"}]}`,
		"bucket.json":   `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt/*"}]}`,
		"other.json":    `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sqs:SendMessage", "Resource": "*"}]}`,
	}
	tests := []struct {
		name      string
		binding   Binding
		wantKind  string
		wantOwner string
	}{
		{"trust.json", Binding{}, PolicyTrust, ""},
		{"identity.json", Binding{}, PolicyIdentity, ""},
		{"key.json", Binding{}, PolicyKey, ""},
		{"bucket.json", Binding{}, PolicyBucket, "t.yaml#Bkt"},
		{"other.json", Binding{}, PolicyUnknown, ""},
		{"trust.json", Binding{Account: "222222222222", Role: "r"}, PolicyTrust, "arn:aws:iam::222222222222:role/r"},
		{"identity.json", Binding{Role: "r"}, PolicyIdentity, "role:r"},
		// A bound document with a Principal is the role's trust policy, whatever its actions.
		{"other.json", Binding{Role: "r"}, PolicyTrust, "role:r"},
	}
	tmpl := file{"t.yaml", "Resources:\n  Bkt:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: bkt}\n"}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.binding.Role, func(t *testing.T) {
			in := buildFiles(t, map[string]Binding{tt.name: tt.binding}, file{tt.name, docs[tt.name]}, tmpl)
			p := policy(t, in, tt.name+"#")
			if p.Kind != tt.wantKind || p.Owner != tt.wantOwner {
				t.Errorf("kind/owner = %q/%q, want %q/%q", p.Kind, p.Owner, tt.wantKind, tt.wantOwner)
			}
			if tt.binding.Role != "" {
				r := role(t, in, tt.wantOwner)
				if r.Complete || r.Name != "r" || r.Account != tt.binding.Account {
					t.Errorf("bound role = %+v, want incomplete role r in %q", r, tt.binding.Account)
				}
			}
		})
	}
}

func TestBoundRoleComplete(t *testing.T) {
	b := Binding{Account: "111111111111", Role: "pipe", RoleComplete: true}
	in := buildFiles(t, map[string]Binding{"trust.json": b, "perm.json": b},
		file{"trust.json", `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "codepipeline.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`},
		file{"perm.json", `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}`},
		file{"pipeline.json", `{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111111111111:role/pipe", "stages": []}}`},
	)
	want := Role{
		ID: "arn:aws:iam::111111111111:role/pipe", Name: "pipe", Arn: "arn:aws:iam::111111111111:role/pipe",
		Account: "111111111111", Trust: "trust.json#", Policies: []string{"perm.json#"}, ManagedPolicies: []ManagedRef{},
		Complete: true, Loc: Loc{File: "trust.json", Line: 1, Column: 1},
	}
	if diff := cmp.Diff([]Role{want}, in.Roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	if in.Pipelines[0].Role != want.ID {
		t.Errorf("pipeline role = %q, want %q", in.Pipelines[0].Role, want.ID)
	}
}

func TestBuildCancelledAndUnbound(t *testing.T) {
	d, err := source.Parse("t.yaml", []byte(intrinsicsTemplate))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, []*source.Document{d}, Options{}); err == nil {
		t.Error("Build with a cancelled context succeeded")
	}
	// No Binding function, a nil document and a document without a root.
	empty, err := source.Parse("empty.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	in, err := Build(context.Background(), []*source.Document{nil, empty, d}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Files) != 2 || in.Files[1].Account != "" || len(in.Buckets) != 2 {
		t.Errorf("files %+v, %d buckets", in.Files, len(in.Buckets))
	}
}

func TestInlinePolicyUnknown(t *testing.T) {
	in := buildFiles(t, nil, file{"r.yaml", `Conditions:
  C: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      Policies:
        - !If [C, {PolicyName: a, PolicyDocument: {Statement: []}}, !Ref AWS::NoValue]
        - PolicyName: b
          PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
`})
	r := role(t, in, "r.yaml#R")
	if r.Complete || len(r.Policies) != 1 {
		t.Errorf("role = %+v, want incomplete with one known inline policy", r)
	}
}
