package facts

import "testing"

func TestCodeBuildProjects(t *testing.T) {
	in := buildFiles(t, map[string]Binding{"tools.yaml": {Account: "111111111111", Region: "eu-west-1"}}, file{"tools.yaml", `
Resources:
  Key:
    Type: AWS::KMS::Key
  Named:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: build-app
      EncryptionKey: !GetAtt Key.Arn
  Unnamed:
    Type: AWS::CodeBuild::Project
    Properties:
      Source: {Type: CODEPIPELINE}
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: arn:aws:iam::111111111111:role/p
      ArtifactStore: {Type: S3, Location: b}
      Stages:
        - Name: Build
          Actions:
            - Name: A
              ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: "1"}
              Configuration: {ProjectName: !Ref Named}
            - Name: B
              ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: "1"}
              Configuration: {ProjectName: !Ref Unnamed}
`})
	if len(in.Projects) != 2 || len(in.Keys) != 1 {
		t.Fatalf("projects %+v, keys %d", in.Projects, len(in.Keys))
	}
	named, unnamed := in.Projects[0], in.Projects[1]
	if named.ID != "tools.yaml#Named" || named.Name != "build-app" || named.Account != "111111111111" || named.Region != "eu-west-1" {
		t.Errorf("named project = %+v", named)
	}
	if named.EncryptionKey != in.Keys[0].Arn || named.EncryptionKey == "" {
		t.Errorf("EncryptionKey %q, want the key's ARN %q", named.EncryptionKey, in.Keys[0].Arn)
	}
	if l := named.Locs["EncryptionKey"]; l.Line != 9 || l.Pointer != "/Resources/Named/Properties/EncryptionKey" {
		t.Errorf("EncryptionKey loc = %+v", l)
	}
	if unnamed.EncryptionKey != "" || unnamed.Name == "" || unnamed.Loc.Line != 10 {
		t.Errorf("unnamed project = %+v", unnamed)
	}
	acts := in.Pipelines[0].Stages[0].Actions
	if acts[0].Configuration["ProjectName"] != named.Name || acts[1].Configuration["ProjectName"] != unnamed.Name {
		t.Errorf("ProjectName %q, %q; want %q, %q", acts[0].Configuration["ProjectName"], acts[1].Configuration["ProjectName"], named.Name, unnamed.Name)
	}
}

func TestNoProjectsOmitted(t *testing.T) {
	in := buildFiles(t, nil, file{"k.yaml", "Resources:\n  K:\n    Type: AWS::KMS::Key\n"})
	if in.Projects != nil {
		t.Errorf("Projects = %v, want nil (omitted from the rules' input)", in.Projects)
	}
}
