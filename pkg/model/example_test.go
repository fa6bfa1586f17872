package model_test

import (
	"errors"
	"fmt"

	"github.com/xacct-lint/xacct-lint/pkg/model"
)

const exampleSetup = `pipeline:
  name: app-pipeline
  region: ap-northeast-1
tools:
  accountId: "111111111111"
  artifactBucket: app-artifacts
  keyAlias: alias/app-artifacts
  pipelineRoleName: app-pipeline-role
source:
  provider: CodeCommit
  repository: app
  branch: main
build:
  projectName: app-build
targets:
  - name: prod
    accountId: "222222222222"
    region: us-east-1
    actionRoleName: app-xacct
    deploy:
      kind: CodeDeployToECS
      codeDeployToECS:
        application: app
        deploymentGroup: app-dg
        images:
          - artifact: BuildArtifact
            containerName: IMAGE1_NAME
        executionRoleArn: arn:aws:iam::222222222222:role/ecsTaskExecutionRole
`

func ExampleParse() {
	s, err := model.Parse("xacct.yaml", []byte(exampleSetup))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Pipeline.Name, s.Targets[0].StageName(), s.ActionRoleArn(s.Targets[0]))

	// Every problem comes back at once, each with its position.
	bad := []byte(`pipeline: {name: app, region: ap-northeast-1}
tools:
  accountId: "11111111111"
  artifactBucket: App_Artifacts
  keyAlias: alias/app
  pipelineRoleName: app-pipeline-role
  colour: blue
source: {provider: S3, bucket: app-source}
targets: []
`)
	_, err = model.Parse("bad.yaml", bad)
	fmt.Println(err)
	var errs *model.Errors
	if errors.As(err, &errs) {
		fmt.Println(len(errs.List), "problems; first at", errs.List[0].Path)
	}
	// Output:
	// app-pipeline Deploy-prod arn:aws:iam::222222222222:role/app-xacct
	// bad.yaml:3:14: tools.accountId: "11111111111" is not a 12-digit AWS account ID
	// bad.yaml:4:19: tools.artifactBucket: "App_Artifacts" is not a valid S3 bucket name: it may contain only lowercase letters, digits, dots and hyphens
	// bad.yaml:7:3: tools.colour: unknown field; known fields: accountId, artifactBucket, keyAdministrators, keyAlias, keyId, keyRotation, pipelineRoleName, regions
	// bad.yaml:8:9: source.objectKey is required
	// bad.yaml:9:1: targets is required: list at least one target account
	// 5 problems; first at tools.accountId
}

func ExampleSetup_WithDefaults() {
	s, err := model.Parse("xacct.yaml", []byte(exampleSetup))
	if err != nil {
		fmt.Println(err)
		return
	}
	d := s.WithDefaults()
	t := d.Targets[0]
	e := t.Deploy.CodeDeployToECS
	fmt.Println("type:", d.Pipeline.Type, "rotation:", *d.Tools.KeyRotation)
	fmt.Println("input:", t.Deploy.InputArtifact, "runOrder:", t.RunOrder)
	fmt.Println("taskdef:", e.TaskDefinitionArtifact+"::"+e.TaskDefinitionPath)
	fmt.Println("appspec:", e.AppSpecArtifact+"::"+e.AppSpecPath)
	for _, r := range d.ExtraRegions() {
		_, known := d.KeyArn(r)
		fmt.Println("store:", r, d.Tools.Regions[r].ArtifactBucket, "key known:", known)
	}
	fmt.Println("written as:", s.Pipeline.Type == "", s.Targets[0].RunOrder)
	// Output:
	// type: V2 rotation: true
	// input: BuildArtifact runOrder: 1
	// taskdef: BuildArtifact::taskdef.json
	// appspec: BuildArtifact::appspec.yaml
	// store: us-east-1 app-artifacts-us-east-1 key known: false
	// written as: true 0
}
