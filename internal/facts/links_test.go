package facts

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const keyPolicyTemplate = `Resources:
  KMSKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: !Sub |
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "Root",
              "Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::${AWS::AccountId}:root"},
              "Action": "kms:*",
              "Resource": "*"
            },
            {
              "Sid": "Target",
              "Effect": "Allow",
              "Principal": {"AWS": ["arn:aws:iam::<アカウントB>:root", "${Admin}"]},
              "Action": ["kms:Decrypt"],
              "Resource": "*"
            }
          ]
        }
      KeySpec: SYMMETRIC_DEFAULT
Parameters:
  Admin: {Type: String, Default: "arn:aws:iam::111111111111:role/admin"}
`

func TestKeyPolicyString(t *testing.T) {
	in := buildFiles(t, map[string]Binding{"k.yaml": {Account: "111111111111"}}, file{"k.yaml", keyPolicyTemplate})
	const ptr = "/Resources/KMSKey/Properties/KeyPolicy/Statement/1"
	s := statement(t, in, "k.yaml#"+ptr)
	if want := (Loc{File: "k.yaml", Line: 16, Column: 13, Pointer: ptr}); s.Loc != want {
		t.Errorf("statement loc = %+v, want %+v", s.Loc, want)
	}
	if want := (Loc{File: "k.yaml", Line: 19, Column: 15, Pointer: ptr + "/Principal"}); s.Locs["Principal"] != want {
		t.Errorf("Principal loc = %+v, want %+v", s.Locs["Principal"], want)
	}
	wantP := []Principal{
		{Type: "AWS", Value: "arn:aws:iam::<アカウントB>:root", Root: true}, // root of an unknown account
		{Type: "AWS", Value: "arn:aws:iam::111111111111:role/admin", Account: "111111111111"},
	}
	if diff := cmp.Diff(wantP, s.Principals); diff != "" {
		t.Errorf("principals (-want +got):\n%s", diff)
	}
	root := statement(t, in, "k.yaml#/Resources/KMSKey/Properties/KeyPolicy/Statement/0")
	if diff := cmp.Diff([]Principal{{Type: "AWS", Value: "arn:aws:iam::111111111111:root", Account: "111111111111", Root: true}}, root.Principals); diff != "" {
		t.Errorf("root principals (-want +got):\n%s", diff)
	}
	// The placeholder is a principal value at its own column (after Japanese text counts characters).
	var got []Value
	for _, v := range in.Values {
		if v.Loc.Pointer == ptr+"/Principal/AWS/0" {
			got = append(got, v)
		}
	}
	want := []Value{{Expect: "principal", Value: "arn:aws:iam::<アカウントB>:root", Field: "Principal.AWS",
		Loc: Loc{File: "k.yaml", Line: 19, Column: 37, Pointer: ptr + "/Principal/AWS/0"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	k := in.Keys[0]
	if k.Policy != "k.yaml#/Resources/KMSKey/Properties/KeyPolicy" || k.KeySpec != "SYMMETRIC_DEFAULT" || k.Arn != "arn:aws:kms:{{?AWS::Region}}:111111111111:key/{{?k.yaml#KMSKey}}" {
		t.Errorf("key = %+v", k)
	}
}

func TestKeyPolicyStringFallbacks(t *testing.T) {
	// A JSON template with the policy as a JSON string: positions are the string's.
	in := buildFiles(t, nil, file{"k.json", `{"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {
  "KeyPolicy": "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111111111111\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"}]}"}}}}`},
		file{"bad.yaml", "Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: !Sub |\n        {\"Statement\": [\n          {\"Effect\": \"Allow\",}\n        ]}\n"})
	s := statement(t, in, "k.json#/Resources/K/Properties/KeyPolicy/Statement/0")
	if want := (Loc{File: "k.json", Line: 2, Column: 16, Pointer: "/Resources/K/Properties/KeyPolicy/Statement/0"}); s.Loc != want {
		t.Errorf("loc = %+v, want %+v", s.Loc, want)
	}
	if len(s.Principals) != 1 || s.Principals[0].Account != "111111111111" {
		t.Errorf("principals = %+v", s.Principals)
	}
	p := policy(t, in, "bad.yaml#/Resources/K/Properties/KeyPolicy")
	if len(p.Problems) != 1 || p.Problems[0].Loc.Line != 7 || p.Problems[0].Loc.File != "bad.yaml" {
		t.Errorf("problems = %+v, want one on bad.yaml line 7", p.Problems)
	}
}

func TestPipelineJSON(t *testing.T) {
	in := buildFiles(t, nil, file{"pipeline.json", `{
  "pipeline": {
    "name": "p",
    "roleArn": "arn:aws:iam::111111111111:role/pipe",
    "artifactStores": {
      "us-east-1": {"type": "S3", "location": "b1", "encryptionKey": {"id": "alias/k", "type": "KMS"}},
      "eu-west-1": {"type": "S3", "location": "b2", "bogus": 1}
    },
    "pipelineType": "V2",
    "variables": [],
    "stages": [
      {"name": "Deploy", "actions": [
        {"name": "A", "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "ECS", "version": "1"},
         "runOrder": 2, "region": "eu-west-1", "roleArn": "arn:aws:iam::222222222222:role/act",
         "configuration": {"ClusterName": "c", "Flag": true, "Obj": {"a": [1]}},
         "inputArtifacts": [{"name": "In"}], "outputArtifacts": [], "notAField": 1},
        {"name": "B", "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}}
      ]}
    ]
  },
  "metadata": {"pipelineArn": "x"}
}`})
	p := in.Pipelines[0]
	type store struct{ Region, Location, Key string }
	var stores []store
	for _, s := range p.ArtifactStores {
		k := ""
		if s.EncryptionKey != nil {
			k = s.EncryptionKey.ID
		}
		stores = append(stores, store{s.Region, s.Location, k})
	}
	if diff := cmp.Diff([]store{{"us-east-1", "b1", "alias/k"}, {"eu-west-1", "b2", ""}}, stores); diff != "" {
		t.Errorf("stores (-want +got):\n%s", diff)
	}
	if !p.HasArtifactStores || p.HasArtifactStore || !p.HasVariables || p.PipelineType != "V2" || p.Account != "111111111111" {
		t.Errorf("pipeline flags = %+v", p)
	}
	if p.Role != "arn:aws:iam::111111111111:role/pipe" {
		t.Errorf("pipeline role = %q", p.Role)
	}
	var extra []string
	for _, f := range p.Extra {
		extra = append(extra, f.Name+"@"+f.Loc.Pointer)
	}
	if diff := cmp.Diff([]string{"metadata@/metadata", "bogus@/pipeline/artifactStores/eu-west-1/bogus"}, extra); diff != "" {
		t.Errorf("extra (-want +got):\n%s", diff)
	}
	a := p.Stages[0].Actions[0]
	wantA := Action{
		Name: "A", Category: "Deploy", Owner: "AWS", Provider: "ECS", Version: "1",
		RoleArn: "arn:aws:iam::222222222222:role/act", Role: "arn:aws:iam::222222222222:role/act", Account: "222222222222",
		Region: "eu-west-1", RunOrder: "2",
		Configuration:  map[string]string{"ClusterName": "c", "Flag": "true", "Obj": `{"a":["1"]}`},
		InputArtifacts: []string{"In"}, OutputArtifacts: []string{},
		Extra: []Field{{Name: "notAField", Loc: Loc{File: "pipeline.json", Line: 16, Column: 69, Pointer: "/pipeline/stages/0/actions/0/notAField"}}},
		Types: map[string]string{
			"name": "string", "actionTypeId": "map", "runOrder": "number", "region": "string", "roleArn": "string",
			"configuration": "map", "configuration.ClusterName": "string", "configuration.Flag": "bool", "configuration.Obj": "map",
			"inputArtifacts": "list", "outputArtifacts": "list", "notAField": "number",
		},
	}
	if diff := cmp.Diff(wantA, a, cmp.FilterPath(func(p cmp.Path) bool { s := p.String(); return s == "Loc" || s == "Locs" }, cmp.Ignore())); diff != "" {
		t.Errorf("action (-want +got):\n%s", diff)
	}
	if l := a.Locs["configuration.ClusterName"]; l.Line != 15 || l.Column != 28 || l.Pointer != "/pipeline/stages/0/actions/0/configuration/ClusterName" {
		t.Errorf("configuration.ClusterName loc = %+v", l)
	}
	if b := p.Stages[0].Actions[1]; b.Account != "111111111111" || b.Role != "" || b.RunOrder != "" {
		t.Errorf("action without roleArn = %+v", b)
	}
	// Roles known only by ARN: incomplete, no policies.
	r := role(t, in, "arn:aws:iam::222222222222:role/act")
	if r.Complete || len(r.Policies) != 0 || r.Name != "act" || r.Account != "222222222222" {
		t.Errorf("ARN-only role = %+v", r)
	}
	// The bare pipeline object reads the same.
	bare := buildFiles(t, nil, file{"bare.json", `{"name": "p", "roleArn": "arn:aws:iam::111111111111:role/pipe",
  "artifactStore": {"type": "S3", "location": "b"}, "stages": []}`})
	if bp := bare.Pipelines[0]; !bp.HasArtifactStore || bp.Name != "p" || len(bp.Extra) != 0 || bp.ArtifactStores[0].Location != "b" {
		t.Errorf("bare pipeline = %+v", bp)
	}
}

func TestRolesAttachments(t *testing.T) {
	in := buildFiles(t, map[string]Binding{"a.yaml": {Account: "222222222222"}, "b.yaml": {Account: "222222222222"}},
		file{"a.yaml", `Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: inline
          PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS
        - !Ref Extra
  Extra:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: ecs:RegisterTaskDefinition, Resource: "*"}]}
  ByRef:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: byref
      Roles: [!Ref R]
      PolicyDocument: {Statement: [{Effect: Allow, Action: iam:PassRole, Resource: "*"}]}
`}, file{"b.yaml", `Resources:
  ByName:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: byname
      Roles: [deploy]
      PolicyDocument: {Statement: [{Effect: Allow, Action: codedeploy:*, Resource: "*"}]}
  Other:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/NotInTheDataFile]
`})
	r := role(t, in, "a.yaml#R")
	want := []string{
		"a.yaml#/Resources/R/Properties/Policies/0/PolicyDocument",
		"a.yaml#/Resources/ByRef/Properties/PolicyDocument",
		"b.yaml#/Resources/ByName/Properties/PolicyDocument",
		"managed:AWSCodeDeployRoleForECS",
		"a.yaml#/Resources/Extra/Properties/PolicyDocument",
	}
	if diff := cmp.Diff(want, r.Policies); diff != "" {
		t.Errorf("policies (-want +got):\n%s", diff)
	}
	if !r.Complete || r.Trust != "a.yaml#/Resources/R/Properties/AssumeRolePolicyDocument" || r.Arn != "arn:aws:iam::222222222222:role/deploy" {
		t.Errorf("role = %+v", r)
	}
	if m := r.ManagedPolicies[0]; !m.Known || m.Policy != "managed:AWSCodeDeployRoleForECS" || m.Loc.Line != 11 {
		t.Errorf("managed ref = %+v", m)
	}
	mp := policy(t, in, "managed:AWSCodeDeployRoleForECS")
	if mp.Managed != "AWSCodeDeployRoleForECS" || len(mp.Statements) != 2 || mp.Loc.Line != 11 {
		t.Errorf("managed policy = %+v", mp)
	}
	pass := statement(t, in, mp.Statements[1])
	if diff := cmp.Diff([]Condition{{Operator: "StringLike", Key: "iam:PassedToService", Values: []string{"ecs-tasks.amazonaws.com"}}}, pass.Conditions); diff != "" {
		t.Errorf("managed statement conditions (-want +got):\n%s", diff)
	}
	other := role(t, in, "b.yaml#Other")
	if other.Complete || other.ManagedPolicies[0].Known {
		t.Errorf("role with an unknown managed policy = %+v, want incomplete", other)
	}
	if o := policy(t, in, "b.yaml#/Resources/ByName/Properties/PolicyDocument").Owner; o != "a.yaml#R" {
		t.Errorf("owner of a policy attached by name = %q", o)
	}
}

func TestStoreKeyLinks(t *testing.T) {
	tools := `Resources:
  Key1:
    Type: AWS::KMS::Key
  Alias1:
    Type: AWS::KMS::Alias
    Properties: {AliasName: alias/one, TargetKeyId: !Ref Key1}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: artifacts
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: !GetAtt Key2.Arn}
  Key2:
    Type: AWS::KMS::Key
`
	pipeline := func(location, key string) file {
		return file{"pipeline.json", `{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111111111111:role/pipe", "stages": [],
  "artifactStore": {"type": "S3", "location": "` + location + `", "encryptionKey": {"id": "` + key + `", "type": "KMS"}}}}`}
	}
	tests := []struct {
		name, location, key string
		files               []file
		wantBucket, wantKey string
	}{
		{"alias", "artifacts", "alias/one", nil, "t.yaml#Bucket", "t.yaml#Key1"},
		{"alias ARN", "artifacts", "arn:aws:kms:us-east-1:111111111111:alias/one", nil, "t.yaml#Bucket", "t.yaml#Key1"},
		{"bucket SSE key", "artifacts", "<KMSのArn>", nil, "t.yaml#Bucket", "t.yaml#Key2"},
		{"no bucket, two keys", "other", "<KMSのArn>", nil, "", ""},
		{"only key in the account", "other", "<KMSのArn>", []file{{"one.yaml", "Resources:\n  K:\n    Type: AWS::KMS::Key\n"}}, "", "one.yaml#K"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tt.files
			bind := map[string]Binding{"one.yaml": {Account: "111111111111"}}
			if files == nil {
				files = []file{{"t.yaml", tools}}
				bind = map[string]Binding{"t.yaml": {Account: "111111111111"}}
			}
			in := buildFiles(t, bind, append(files, pipeline(tt.location, tt.key))...)
			st := in.Pipelines[0].ArtifactStores[0]
			if st.Bucket != tt.wantBucket || st.Key != tt.wantKey {
				t.Errorf("store bucket/key = %q/%q, want %q/%q", st.Bucket, st.Key, tt.wantBucket, tt.wantKey)
			}
		})
	}
}

func TestAccountInference(t *testing.T) {
	target := file{"target.yaml", "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: act\n      AssumeRolePolicyDocument: {Statement: []}\n"}
	tools := file{"tools.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: art}\n"}
	pipe := func(actionRoles ...string) file {
		acts := ""
		for i, r := range actionRoles {
			if i > 0 {
				acts += ","
			}
			acts += `{"name": "a` + string(rune('0'+i)) + `", "roleArn": "` + r + `"}`
		}
		return file{"pipeline.json", `{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111111111111:role/pipe",
  "artifactStore": {"type": "S3", "location": "art"}, "stages": [{"name": "s", "actions": [` + acts + `]}]}}`}
	}
	tests := []struct {
		name  string
		files []file
		want  map[string]string
	}{
		{"role name and bucket", []file{target, tools, pipe("arn:aws:iam::222222222222:role/act")},
			map[string]string{"target.yaml": "222222222222", "tools.yaml": "111111111111", "pipeline.json": "111111111111"}},
		{"ambiguous role name", []file{target, pipe("arn:aws:iam::222222222222:role/act", "arn:aws:iam::333333333333:role/act")},
			map[string]string{"target.yaml": "", "pipeline.json": "111111111111"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := buildFiles(t, nil, tt.files...)
			got := map[string]string{}
			for _, f := range in.Files {
				got[f.Path] = f.Account
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("accounts (-want +got):\n%s", diff)
			}
			if tt.want["target.yaml"] != "" {
				r := role(t, in, "target.yaml#R")
				if r.Arn != "arn:aws:iam::222222222222:role/act" || in.Pipelines[0].Stages[0].Actions[0].Role != "target.yaml#R" {
					t.Errorf("inferred role = %+v; action role %q", r, in.Pipelines[0].Stages[0].Actions[0].Role)
				}
			}
		})
	}
}

func TestPlaceholderValues(t *testing.T) {
	in := buildFiles(t, nil, file{"p.json", `{"pipeline": {"name": "p", "roleArn": "<CodePipelineのRoleArn>",
  "artifactStore": {"type": "S3", "location": "<バケット名>"}, "stages": []}}`},
		file{"t.yaml", "Parameters:\n  A: {Type: String, Default: '<アカウント>'}\nResources:\n  X:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Sub 'b-<x>'}\n"})
	var got []string
	for _, v := range in.Values {
		got = append(got, v.Expect+" "+v.Field+" "+v.Value+" @"+v.Loc.Pointer)
	}
	want := []string{
		"role-arn roleArn <CodePipelineのRoleArn> @/pipeline/roleArn",
		"any artifactStore.location <バケット名> @/pipeline/artifactStore/location",
		"any A.Default <アカウント> @/Parameters/A/Default",
		"any X.BucketName b-<x> @/Resources/X/Properties/BucketName/Fn::Sub",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

func TestDefaultKeyPolicy(t *testing.T) {
	in := buildFiles(t, map[string]Binding{"k.yaml": {Account: "111111111111"}}, file{"k.yaml", "Resources:\n  K:\n    Type: AWS::KMS::Key\n"})
	k := in.Keys[0]
	p := policy(t, in, k.Policy)
	if !p.Default || p.Kind != PolicyKey || p.Owner != "k.yaml#K" || len(p.Statements) != 1 {
		t.Fatalf("default key policy = %+v", p)
	}
	s := statement(t, in, p.Statements[0])
	want := []Principal{{Type: "AWS", Value: "arn:aws:iam::111111111111:root", Account: "111111111111", Root: true}}
	if diff := cmp.Diff(want, s.Principals); diff != "" || s.Loc != k.Loc || len(in.Values) != 0 {
		t.Errorf("statement principals (-want +got):\n%s\nloc %+v (key %+v), values %v", diff, s.Loc, k.Loc, in.Values)
	}
}
