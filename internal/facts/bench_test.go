package facts

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// benchTemplate is a template with n roles, each with a policy attached by
// Ref, and a pipeline whose n actions assume them.
func benchTemplate(n int) string {
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `  Role%[1]d:
    Type: AWS::IAM::Role
    Properties:
      RoleName: role-%[1]d
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}, Action: sts:AssumeRole}]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS]
  Policy%[1]d:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p%[1]d
      Roles: [!Ref Role%[1]d]
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: [s3:GetObject, kms:Decrypt], Resource: [!Sub "${Bucket.Arn}/*", !GetAtt Key.Arn]}
`, i)
	}
	b.WriteString(`  Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: art}}
  Key: {Type: AWS::KMS::Key, Properties: {KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: "kms:*", Resource: "*"}]}}}
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: !GetAtt Role0.Arn
      ArtifactStore: {Type: S3, Location: !Ref Bucket, EncryptionKey: {Type: KMS, Id: !GetAtt Key.Arn}}
      Stages:
        - Name: Deploy
          Actions:
`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "            - {Name: a%d, ActionTypeId: {Category: Deploy, Owner: AWS, Provider: ECS, Version: '1'}, RoleArn: !GetAtt Role%d.Arn}\n", i, i)
	}
	return b.String()
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		d, err := source.Parse("bench.yaml", []byte(benchTemplate(n)))
		if err != nil {
			b.Fatal(err)
		}
		docs := []*source.Document{d}
		opts := Options{Binding: func(string) Binding { return Binding{Account: "111111111111"} }}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Build(context.Background(), docs, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBenchTemplateLinks checks the benchmark input builds what it should,
// so the benchmark measures real work.
func TestBenchTemplateLinks(t *testing.T) {
	in := buildFiles(t, map[string]Binding{"bench.yaml": {Account: "111111111111"}}, file{"bench.yaml", benchTemplate(3)})
	if len(in.Roles) != 3 || len(in.Pipelines) != 1 {
		t.Fatalf("%d roles, %d pipelines", len(in.Roles), len(in.Pipelines))
	}
	for i, a := range in.Pipelines[0].Stages[0].Actions {
		if want := fmt.Sprintf("bench.yaml#Role%d", i); a.Role != want {
			t.Errorf("action %d role = %q, want %q", i, a.Role, want)
		}
	}
	if r := in.Roles[2]; len(r.Policies) != 2 || !r.Complete {
		t.Errorf("role = %+v", r)
	}
	if st := in.Pipelines[0].ArtifactStores[0]; st.Key != "bench.yaml#Key" || st.Bucket != "bench.yaml#Bucket" {
		t.Errorf("store = %+v", st)
	}
}
