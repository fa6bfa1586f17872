package facts

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// intrinsicsContext is the template around a fuzzed value: parameters with
// and without defaults, lists, mappings (one naming itself), conditions
// known, unknown and cyclic, and resources of every type the builder
// reads, some of which name the fuzzed resource.
const intrinsicsContext = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  Acct: {Type: String}
  Names: {Type: CommaDelimitedList, Default: "a, b,c"}
  Ids: {Type: "List<String>"}
Mappings:
  M:
    prod: {Acct: "222222222222", List: [x, y], Bucket: mapped}
    self: {Loop: !FindInMap [M, self, Loop]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Unsure: !Equals [!Ref Acct, "1"]
  Cycle: !Not [!Condition Cycle]
Resources:
  Bkt: {Type: AWS::S3::Bucket, Properties: {BucketName: bkt}}
  Unnamed: {Type: AWS::S3::Bucket}
  Key: {Type: AWS::KMS::Key}
  Alias: {Type: AWS::KMS::Alias, Properties: {AliasName: alias/k, TargetKeyId: !Ref Key}}
  Role: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub "r-${Env}", Path: /p/}}
  Loop: {Type: AWS::IAM::Role, Properties: {RoleName: !GetAtt Loop.Arn}}
  Uses:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: uses
      Roles: [!Ref Fuzz, !Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: !GetAtt Fuzz.Arn}
            Action: "*"
            Resource: [!Sub "${Fuzz.Arn}/*", !Ref Fuzz]
  Fuzz:
    Type: %TYPE%
    Properties:
      %PROP%:
`

// intrinsicsSlots are where the fuzzed value goes: a resource type and the
// property it is the value of, each read by a different part of the
// builder (names, policy documents, pipeline declarations, lists).
var intrinsicsSlots = []struct{ typ, prop string }{
	{"AWS::IAM::Role", "RoleName"},
	{"AWS::KMS::Key", "KeyPolicy"},
	{"AWS::S3::Bucket", "BucketName"},
	{"AWS::CodePipeline::Pipeline", "Stages"},
	{"AWS::IAM::Role", "Policies"},
	{"AWS::IAM::Role", "ManagedPolicyArns"},
	{"AWS::S3::Bucket", "BucketEncryption"},
	{"AWS::CodeBuild::Project", "EncryptionKey"},
}

// intrinsicsDoc returns the template text with value as the slot's
// property, every line of value indented below it.
func intrinsicsDoc(value []byte, slot uint8) (text, prop string) {
	s := intrinsicsSlots[int(slot)%len(intrinsicsSlots)]
	head := strings.NewReplacer("%TYPE%", s.typ, "%PROP%", s.prop).Replace(intrinsicsContext)
	lines := strings.Split(strings.ReplaceAll(string(value), "\r", ""), "\n")
	for i, l := range lines {
		lines[i] = "        " + l
	}
	return head + strings.Join(lines, "\n") + "\n", s.prop
}

// FuzzIntrinsics resolves fuzzer-chosen CloudFormation intrinsics (short
// and long form, any nesting) written as the value of a resource property
// in a template with parameters, mappings, conditions and resources to
// name. It checks that resolution terminates within fuzzDeadline, is
// deterministic (positions and pointers included), gives values whose
// positions are inside the file, whose strings are UTF-8 and whose unknown
// markers are well formed, and that the facts of the whole template are
// deterministic and point inside the file.
func FuzzIntrinsics(f *testing.F) {
	for _, s := range []string{
		`!Sub "arn:aws:iam::${AWS::AccountId}:role/${Env}-${Acct}"`,
		`!Sub ["${X}-${Y.Arn}-${!Lit}", {X: !Ref Bkt, Y: !GetAtt Role.Arn}]`,
		`!Join ["", ["arn:aws:s3:::", !Select [1, !Ref Names], !Ref Unnamed]]`,
		`!Select [0, !Split ["/", !Sub "${Ids}/x/${AWS::Region}"]]`,
		`!If [Unsure, !If [Cycle, a, a], !If [IsProd, !Ref AWS::NoValue, b]]`,
		`!FindInMap [M, self, Loop]`,
		`!FindInMap [M, !Ref Env, List]`,
		`!ImportValue {"Fn::Sub": "${AWS::StackName}-export"}`,
		`{"Fn::GetAtt": [Key, Arn]}`,
		`{"Fn::GetAtt": [!Ref Env, !Sub "${Env}"]}`,
		`!GetAtt Loop.Arn`,
		`!Select [9, !Split ["{{", "a{{b"]]`,
		`!Split ["a{", !Sub "a${Acct}"]`,
		"|\n  {\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"${AWS::AccountId}\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"}]}",
		"!Sub |\n  {\"Statement\": {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"${Acct}\", \"Resource\": \"${Key.Arn}\"}}",
		"Statement:\n  - Effect: Allow\n    Principal: {AWS: [!Ref Acct, !Sub \"arn:aws:iam::${AWS::AccountId}:root\"]}\n    Action: kms:Decrypt\n    Resource: '*'\n    Condition: {StringEquals: {aws:SourceAccount: !Ref Acct}}",
		"- Name: S\n  Actions:\n    - Name: A\n      RoleArn: !GetAtt Role.Arn\n      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CodeDeploy, Version: '1'}\n      Configuration: {ApplicationName: !Ref Env}",
		"- PolicyName: p\n  PolicyDocument: !Sub '{\"Statement\": []}'\n- !If [Unsure, {PolicyName: q}, !Ref AWS::NoValue]",
		"ServerSideEncryptionConfiguration:\n  - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: !GetAtt Key.Arn}",
		`!Sub [!Ref Env, {}]`,
		`{"Fn::Sub": ["${a}${a}${a}${a}", {a: {"Fn::Sub": ["${b}${b}${b}${b}", {b: xyzzy}]}}]}`,
		`{"Ref": ["not", "a", "string"]}`,
		`!Base64 !Cidr [!GetAZs "", 3, 5]`,
		``,
	} {
		for slot := range intrinsicsSlots {
			f.Add([]byte(s), uint8(slot))
		}
	}
	f.Fuzz(func(t *testing.T, value []byte, slot uint8) {
		text, prop := intrinsicsDoc(value, slot)
		var doc *source.Document
		var err error
		within(t, "source.Parse", func() { doc, err = source.Parse("t.yaml", []byte(text)) })
		if err != nil || doc.Kind != source.KindTemplate {
			return
		}
		fuzzRes := doc.Root.Get("Resources").Get("Fuzz")
		node := fuzzRes.Get("Properties").Get(prop)
		if node == nil {
			return
		}
		pc := newPosChecker(doc)
		// The input cannot write a marker of its own without a '?'.
		markers := !strings.Contains(text, "?")
		ptr := "/Resources/Fuzz/Properties/" + prop
		resolveOnce := func() *val {
			var v *val
			tm := emptyBuilder().newTmpl(doc, "111111111111")
			within(t, "resolve", func() { v = tm.resolve(node, ptr) })
			return v
		}
		v1, v2 := resolveOnce(), resolveOnce()
		if !sameValExact(v1, v2) {
			t.Fatalf("resolution is not deterministic:\n%#v\n%#v", plain(v1), plain(v2))
		}
		checkVal(t, pc, v1, markers)

		buildOnce := func() []byte {
			in := buildChecked(t, []*source.Document{doc}, Options{Binding: func(string) Binding {
				return Binding{Account: "111111111111", Region: "eu-west-1"}
			}})
			pc.locsIn(t, in)
			if markers {
				for _, s := range in.Statements {
					for _, a := range append(append([]string{}, s.Actions...), s.Resources...) {
						if msg := markersOK(a); msg != "" {
							t.Fatalf("statement %s: %s: %q", s.ID, msg, a)
						}
					}
				}
			}
			data, err := json.Marshal(in)
			if err != nil {
				t.Fatalf("facts do not marshal to JSON: %v", err)
			}
			return data
		}
		if a, b := buildOnce(), buildOnce(); string(a) != string(b) {
			t.Fatalf("Build is not deterministic:\n%s\n%s", a, b)
		}
	})
}

// nestedSub is a Fn::Sub whose one variable is used eight times at each of
// levels levels: its text would be 8^levels times the innermost string.
func nestedSub(levels int) string {
	var sb strings.Builder
	var write func(level int, indent string)
	write = func(level int, indent string) {
		if level == 0 {
			sb.WriteString(indent + "!Sub xxxxxxxx\n")
			return
		}
		sb.WriteString(indent + "!Sub\n" + indent + "- '" + strings.Repeat("${a}", 8) + "'\n" + indent + "- a:\n")
		write(level-1, indent+"    ")
	}
	write(levels, "")
	return sb.String()
}

// TestIntrinsicsRegressions holds the inputs FuzzIntrinsics found wrong,
// with the value the fuzzed property resolves to (in the RoleName slot).
func TestIntrinsicsRegressions(t *testing.T) {
	tests := []struct {
		name, value string
		want        any
		// bounded: the value is too big to write down; check that it
		// has at most the template's bound on resolve calls of vals.
		bounded bool
	}{
		{
			// A separator that ends inside a marker's "{{?" split the marker.
			name:  "split separator overlapping a marker",
			value: `!Split ["a{", !Sub "a${Acct}"]`,
			want:  []any{"a{{?Acct}}"},
		},
		{
			name:  "split around markers",
			value: `!Split [",", !Sub "${Acct},x,${Acct}${Acct},"]`,
			want:  []any{"{{?Acct}}", "x", "{{?Acct}}{{?Acct}}", ""},
		},
		{
			// A mapping value naming itself twice took 2^256 steps.
			name:    "mapping naming itself twice",
			value:   `!FindInMap [M2, a, b]`,
			bounded: true,
		},
		{
			// Variables used 8 times at each of 14 levels: 8^14 bytes.
			name:  "Fn::Sub variables multiplying",
			value: nestedSub(14),
			want:  "{{?t.yaml#/Resources/Fuzz/Properties/RoleName}}",
		},
		{
			name:  "Fn::Sub variables within the budget",
			value: nestedSub(2),
			want:  strings.Repeat("xxxxxxxx", 64),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _ := intrinsicsDoc([]byte(tt.value), 0)
			text = strings.Replace(text, "Mappings:\n", "Mappings:\n  M2:\n    a:\n      b: [!FindInMap [M2, a, b], !FindInMap [M2, a, b]]\n", 1)
			doc, err := source.Parse("t.yaml", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			node := doc.Root.Get("Resources").Get("Fuzz").Get("Properties").Get("RoleName")
			var v *val
			tm := emptyBuilder().newTmpl(doc, "")
			within(t, "resolve", func() { v = tm.resolve(node, "/Resources/Fuzz/Properties/RoleName") })
			if tt.bounded {
				if n := countVals(v); n > tm.maxCalls {
					t.Errorf("%d values, more than the %d calls allowed", n, tm.maxCalls)
				}
				return
			}
			if diff := cmp.Diff(tt.want, plain(v)); diff != "" {
				t.Errorf("resolved value (-want +got):\n%s", diff)
			}
		})
	}
}

// countVals counts the vals of a tree.
func countVals(v *val) int {
	if v == nil {
		return 0
	}
	n := 1
	for _, e := range v.entries {
		n += countVals(e.v)
	}
	for _, it := range v.items {
		n += countVals(it)
	}
	return n
}

// TestEmbeddedErrorPosition checks where a syntax error of a policy written
// as a JSON block scalar is reported: an error at the end of the text (found
// by FuzzIntrinsics) used to point at the line after the block.
func TestEmbeddedErrorPosition(t *testing.T) {
	tests := []struct {
		name, block string
		want        Loc
	}{
		{"end of text", "{\n  \"Statement\": [", Loc{Line: 7, Column: 25}},
		{"inside text", "{\n  \"Statement\": ]\n}", Loc{Line: 7, Column: 24}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: |\n        " +
				strings.ReplaceAll(tt.block, "\n", "\n        ") + "\nOutputs: {}\n"
			in := buildFiles(t, nil, file{"t.yaml", src})
			p := policy(t, in, "t.yaml#/Resources/K/Properties/KeyPolicy")
			if len(p.Problems) != 1 {
				t.Fatalf("problems %+v, want one", p.Problems)
			}
			tt.want.File, tt.want.Pointer = "t.yaml", "/Resources/K/Properties/KeyPolicy"
			if diff := cmp.Diff(tt.want, p.Problems[0].Loc); diff != "" {
				t.Errorf("problem at (-want +got):\n%s\n%s", diff, p.Problems[0].Message)
			}
		})
	}
}
