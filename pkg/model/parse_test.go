package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// baseHead and baseTargets make a valid setup; rows of the table below
// change it in one place. Line numbers in the expectations refer to it.
const baseHead = `pipeline:
  name: app-pipeline
  region: ap-northeast-1
tools:
  accountId: "111111111111"
  artifactBucket: app-artifacts
  keyAlias: alias/app-artifacts
  keyId: 1234abcd-12ab-34cd-56ef-1234567890ab
  pipelineRoleName: app-pipeline-role
source:
  provider: CodeCommit
  repository: app
  branch: main
build:
  projectName: app-build
`

const baseTargets = `targets:
  - name: prod
    accountId: "222222222222"
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

const base = baseHead + baseTargets

// secondTarget is appended to base by rows that need two targets; it starts
// at line 29.
const secondTarget = `  - name: stage
    accountId: "333333333333"
    region: us-east-1
    actionRoleName: app-xacct
    deploy:
      kind: CloudFormation
      cloudFormation:
        stackName: app
        deploymentRoleName: app-cfn
        templatePath: BuildArtifact::template.yaml
`

func TestBaseIsValid(t *testing.T) {
	for name, src := range map[string]string{"base": base, "two targets": base + secondTarget} {
		if _, err := Parse("x.yaml", []byte(src)); err != nil {
			t.Errorf("%s: Parse: %v", name, err)
		}
	}
}

// edit applies old→new replacements (each must match exactly once).
func edit(t *testing.T, src string, repl ...string) string {
	t.Helper()
	for i := 0; i+1 < len(repl); i += 2 {
		if n := strings.Count(src, repl[i]); n != 1 {
			t.Fatalf("replacement %q matches %d times", repl[i], n)
		}
		src = strings.Replace(src, repl[i], repl[i+1], 1)
	}
	return src
}

func TestParseErrors(t *testing.T) {
	long := strings.Repeat("a", 101)
	tests := []struct {
		name string
		src  string   // default base
		repl []string // old, new, …
		want []string // "line:col: message", all of them, in order
	}{
		// pipeline
		{name: "pipeline name missing", repl: []string{"  name: app-pipeline\n", ""},
			want: []string{"2:3: pipeline.name is required"}},
		{name: "pipeline name characters", repl: []string{"name: app-pipeline", "name: app/pipeline"},
			want: []string{`2:9: pipeline.name: "app/pipeline" is not a valid pipeline name (1–100 letters, digits, ".", "@", "-" or "_")`}},
		{name: "pipeline name length", repl: []string{"name: app-pipeline", "name: " + long},
			want: []string{`2:9: pipeline.name: "` + long + `" is not a valid pipeline name (1–100 letters, digits, ".", "@", "-" or "_")`}},
		{name: "pipeline region", repl: []string{"region: ap-northeast-1", "region: tokyo"},
			want: []string{`3:11: pipeline.region: "tokyo" is not an AWS region name (like "ap-northeast-1")`}},
		{name: "pipeline region missing", repl: []string{"  region: ap-northeast-1\n", ""},
			want: []string{`2:3: pipeline.region is required`}},
		{name: "pipeline type", repl: []string{"region: ap-northeast-1\n", "region: ap-northeast-1\n  type: V3\n"},
			want: []string{`4:9: pipeline.type: "V3" is not a pipeline type (V1 or V2)`}},

		// tools
		{name: "tools account 11 digits", repl: []string{`accountId: "111111111111"`, `accountId: "11111111111"`},
			want: []string{`5:14: tools.accountId: "11111111111" is not a 12-digit AWS account ID`}},
		{name: "tools account missing", repl: []string{"  accountId: \"111111111111\"\n", ""},
			want: []string{`5:3: tools.accountId is required`}},
		{name: "tools account null", repl: []string{`accountId: "111111111111"`, `accountId:`},
			want: []string{`5:3: tools.accountId is required`}},
		{name: "bucket too short", repl: []string{"artifactBucket: app-artifacts", "artifactBucket: ab"},
			want: []string{`6:19: tools.artifactBucket: "ab" is not a valid S3 bucket name: it must be 3–63 characters long`}},
		{name: "bucket uppercase", repl: []string{"artifactBucket: app-artifacts", "artifactBucket: App-artifacts"},
			want: []string{`6:19: tools.artifactBucket: "App-artifacts" is not a valid S3 bucket name: it may contain only lowercase letters, digits, dots and hyphens`}},
		{name: "bucket starts with hyphen", repl: []string{"artifactBucket: app-artifacts", "artifactBucket: -app"},
			want: []string{`6:19: tools.artifactBucket: "-app" is not a valid S3 bucket name: it must begin and end with a letter or digit`}},
		{name: "bucket adjacent dots", repl: []string{"artifactBucket: app-artifacts", "artifactBucket: app..artifacts"},
			want: []string{`6:19: tools.artifactBucket: "app..artifacts" is not a valid S3 bucket name: it must not contain two adjacent dots`}},
		{name: "bucket IP address", repl: []string{"artifactBucket: app-artifacts", `artifactBucket: "192.168.5.4"`},
			want: []string{`6:19: tools.artifactBucket: "192.168.5.4" is not a valid S3 bucket name: it must not be formatted as an IP address`}},
		{name: "bucket xn-- prefix", repl: []string{"artifactBucket: app-artifacts", "artifactBucket: xn--app"},
			want: []string{`6:19: tools.artifactBucket: "xn--app" is not a valid S3 bucket name: the prefix "xn--" is reserved`}},
		{name: "bucket -s3alias suffix", repl: []string{"artifactBucket: app-artifacts", "artifactBucket: app-s3alias"},
			want: []string{`6:19: tools.artifactBucket: "app-s3alias" is not a valid S3 bucket name: the suffix "-s3alias" is reserved`}},
		{name: "bucket --ol-s3 suffix", repl: []string{"artifactBucket: app-artifacts", "artifactBucket: app--ol-s3"},
			want: []string{`6:19: tools.artifactBucket: "app--ol-s3" is not a valid S3 bucket name: the suffix "--ol-s3" is reserved`}},
		{name: "key alias prefix", repl: []string{"keyAlias: alias/app-artifacts", "keyAlias: app-artifacts"},
			want: []string{`7:13: tools.keyAlias: "app-artifacts" is not a KMS alias name ("alias/" followed by letters, digits, "/", "_" or "-")`}},
		{name: "key alias AWS managed", repl: []string{"keyAlias: alias/app-artifacts", "keyAlias: alias/aws/s3"},
			want: []string{`7:13: tools.keyAlias: "alias/aws/s3" is reserved for AWS managed keys; cross-account actions need a customer managed key`}},
		{name: "key ID", repl: []string{"keyId: 1234abcd-12ab-34cd-56ef-1234567890ab", "keyId: 1234abcd"},
			want: []string{`8:10: tools.keyId: "1234abcd" is not a KMS key ID (a UUID like 1234abcd-12ab-34cd-56ef-1234567890ab)`}},
		{name: "key administrator ARN", repl: []string{"  pipelineRoleName", "  keyAdministrators: [arn:aws:iam::111111111111:group/admins]\n  pipelineRoleName"},
			want: []string{`9:23: tools.keyAdministrators[0]: "arn:aws:iam::111111111111:group/admins" is not an IAM role or user ARN (arn:aws:iam::123456789012:role/NAME)`}},
		{name: "pipeline role name", repl: []string{"pipelineRoleName: app-pipeline-role", `pipelineRoleName: "app pipeline"`},
			want: []string{`9:21: tools.pipelineRoleName: "app pipeline" is not a valid IAM role name (1–64 letters, digits and "+=,.@_-")`}},

		// source
		{name: "source provider", repl: []string{"provider: CodeCommit", "provider: GitHub"},
			want: []string{`11:13: source.provider: "GitHub" is not a supported source provider (S3, CodeCommit, CodeStarSourceConnection or ECR)`}},
		{name: "S3 source needs objectKey", repl: []string{"provider: CodeCommit\n  repository: app\n  branch: main", "provider: S3\n  bucket: app-source"},
			want: []string{`11:3: source.objectKey is required`}},
		{name: "field of another provider", repl: []string{"provider: CodeCommit\n  repository: app", "provider: S3\n  bucket: app-source\n  objectKey: app.zip"},
			want: []string{`14:3: source.branch is not used by the S3 provider (only by CodeCommit and CodeStarSourceConnection)`}},
		{name: "CodeCommit needs branch", repl: []string{"  branch: main\n", ""},
			want: []string{`11:3: source.branch is required`}},
		{name: "connection ARN", repl: []string{"provider: CodeCommit\n  repository: app", "provider: CodeStarSourceConnection\n  connectionArn: arn:aws:codestar:ap-northeast-1:111111111111:connection/x\n  repository: org/app"},
			want: []string{`12:18: source.connectionArn: "arn:aws:codestar:ap-northeast-1:111111111111:connection/x" is not a connection ARN (arn:aws:codeconnections:REGION:123456789012:connection/ID)`}},
		{name: "connection repository ID", repl: []string{"provider: CodeCommit\n  repository: app", "provider: CodeStarSourceConnection\n  connectionArn: arn:aws:codeconnections:ap-northeast-1:111111111111:connection/abc-123\n  repository: app"},
			want: []string{`13:15: source.repository: "app" is not a full repository ID ("owner/repo")`}},
		{name: "source output artifact with dot", repl: []string{"  branch: main\n", "  branch: main\n  outputArtifact: src.zip\n"},
			want: []string{`14:19: source.outputArtifact: "src.zip" is not a valid artifact name (1–100 letters, digits, "_" or "-"; no dots)`}},

		// build
		{name: "build project missing", repl: []string{"  projectName: app-build\n", "  outputArtifact: BuildArtifact\n"},
			want: []string{`15:3: build.projectName is required`}},
		{name: "build output clashes with source", repl: []string{"  projectName: app-build\n", "  projectName: app-build\n  outputArtifact: SourceArtifact\n", "artifact: BuildArtifact", "artifact: SourceArtifact"},
			want: []string{`16:19: build.outputArtifact: "SourceArtifact" is already the source stage's output; artifact names must be unique`}},

		// targets
		{name: "no targets", src: baseHead + "targets: []\n",
			want: []string{`16:1: targets is required: list at least one target account`}},
		{name: "targets missing", src: baseHead,
			want: []string{`1:1: targets is required: list at least one target account`}},
		{name: "target name characters", repl: []string{"name: prod", "name: prod_1"},
			want: []string{`17:11: targets[0].name: "prod_1" is not a valid target name (1–32 letters, digits or "-"; it names the stage Deploy-<name> and the file target-<name>.yaml)`}},
		{name: "target name duplicate", src: base + secondTarget, repl: []string{"name: stage", "name: Prod"},
			want: []string{`29:11: targets[1].name: "Prod" is already the name of targets[0] (names must differ, ignoring case)`}},
		{name: "target is tools account", repl: []string{`accountId: "222222222222"`, `accountId: "111111111111"`},
			want: []string{`18:16: targets[0].accountId: "111111111111" is the tools account; a target must be another account (xacct models cross-account deploys)`}},
		{name: "target account unquoted", repl: []string{`accountId: "222222222222"`, `accountId: 22222222222`},
			want: []string{`18:16: targets[0].accountId: "22222222222" is not a 12-digit AWS account ID`}},
		{name: "target region", src: base + secondTarget, repl: []string{"region: us-east-1", "region: us-east"},
			want: []string{`31:13: targets[1].region: "us-east" is not an AWS region name (like "ap-northeast-1")`}},
		{name: "target region in another partition", src: base + secondTarget, repl: []string{"region: us-east-1", "region: cn-north-1"},
			want: []string{`31:13: targets[1].region: "cn-north-1" is in the aws-cn partition, the pipeline's region ap-northeast-1 in aws; a pipeline cannot act across partitions`}},
		{name: "action role missing", repl: []string{"    actionRoleName: app-xacct\n", ""},
			want: []string{`17:5: targets[0].actionRoleName is required`}},
		{name: "runOrder too big", repl: []string{"    deploy:\n", "    runOrder: 1000\n    deploy:\n"},
			want: []string{`20:15: targets[0].runOrder: 1000 is out of range (1–999)`}},
		{name: "runOrder negative", repl: []string{"    deploy:\n", "    runOrder: -1\n    deploy:\n"},
			want: []string{`20:15: targets[0].runOrder: -1 is out of range (1–999)`}},

		// deploy
		{name: "deploy kind", repl: []string{"kind: CodeDeployToECS", "kind: Lambda"},
			want: []string{`21:13: targets[0].deploy.kind: "Lambda" is not a supported deploy kind (CodeDeployToECS, ECS, CodeDeploy or CloudFormation)`}},
		{name: "deploy kind without its block", repl: []string{"kind: CodeDeployToECS", "kind: ECS"},
			want: []string{
				`21:7: targets[0].deploy.ecs is required when kind is ECS`,
				`22:7: targets[0].deploy.codeDeployToECS is set, but kind is ECS; remove it or change kind to CodeDeployToECS`,
			}},
		{name: "input artifact not produced", repl: []string{"      kind: CodeDeployToECS\n", "      kind: CodeDeployToECS\n      inputArtifact: Other\n"},
			want: []string{`22:22: targets[0].deploy.inputArtifact: artifact "Other" is not produced by the source or build stage (they produce SourceArtifact, BuildArtifact)`}},
		{name: "no images", repl: []string{"        images:\n          - artifact: BuildArtifact\n            containerName: IMAGE1_NAME\n", "        images: []\n"},
			want: []string{`25:9: targets[0].deploy.codeDeployToECS.images is required: list 1 to 4 images`}},
		{name: "five images", repl: []string{"            containerName: IMAGE1_NAME\n", "            containerName: IMAGE1_NAME\n" +
			"          - {artifact: SourceArtifact, containerName: I2}\n          - {artifact: SourceArtifact, containerName: I3}\n" +
			"          - {artifact: SourceArtifact, containerName: I4}\n          - {artifact: SourceArtifact, containerName: I5}\n"},
			want: []string{`26:11: targets[0].deploy.codeDeployToECS.images: 5 images given; a CodeDeployToECS action takes 1 to 4`}},
		{name: "image artifact not produced", repl: []string{"artifact: BuildArtifact", "artifact: ImageArtifact"},
			want: []string{`26:23: targets[0].deploy.codeDeployToECS.images[0].artifact: artifact "ImageArtifact" is not produced by the source or build stage (they produce SourceArtifact, BuildArtifact)`}},
		{name: "image container missing", repl: []string{"            containerName: IMAGE1_NAME\n", ""},
			want: []string{`26:13: targets[0].deploy.codeDeployToECS.images[0].containerName is required`}},
		{name: "image container twice", repl: []string{"            containerName: IMAGE1_NAME\n", "            containerName: IMAGE1_NAME\n          - {artifact: SourceArtifact, containerName: IMAGE1_NAME}\n"},
			want: []string{`28:55: targets[0].deploy.codeDeployToECS.images[1].containerName: "IMAGE1_NAME" is already used by images[0]`}},
		{name: "too many input artifacts", repl: []string{
			"        application: app\n", "        application: app\n        taskDefinitionArtifact: T\n        appSpecArtifact: A\n",
			"            containerName: IMAGE1_NAME\n", "            containerName: IMAGE1_NAME\n" +
				"          - {artifact: I2, containerName: I2}\n          - {artifact: I3, containerName: I3}\n          - {artifact: I4, containerName: I4}\n"},
			want: []string{
				`23:9: targets[0].deploy.codeDeployToECS: the action would read 6 input artifacts (A, BuildArtifact, I2, I3, I4, T); CodeDeployToECS accepts at most 5`,
				`24:33: targets[0].deploy.codeDeployToECS.taskDefinitionArtifact: artifact "T" is not produced by the source or build stage (they produce SourceArtifact, BuildArtifact)`,
				`25:26: targets[0].deploy.codeDeployToECS.appSpecArtifact: artifact "A" is not produced by the source or build stage (they produce SourceArtifact, BuildArtifact)`,
				`30:24: targets[0].deploy.codeDeployToECS.images[1].artifact: artifact "I2" is not produced by the source or build stage (they produce SourceArtifact, BuildArtifact)`,
				`31:24: targets[0].deploy.codeDeployToECS.images[2].artifact: artifact "I3" is not produced by the source or build stage (they produce SourceArtifact, BuildArtifact)`,
				`32:24: targets[0].deploy.codeDeployToECS.images[3].artifact: artifact "I4" is not produced by the source or build stage (they produce SourceArtifact, BuildArtifact)`,
			}},
		{name: "execution role missing", repl: []string{"        executionRoleArn: arn:aws:iam::222222222222:role/ecsTaskExecutionRole\n", ""},
			want: []string{`23:9: targets[0].deploy.codeDeployToECS.executionRoleArn is required`}},
		{name: "execution role malformed", repl: []string{"role/ecsTaskExecutionRole", "user/ecs"},
			want: []string{`28:27: targets[0].deploy.codeDeployToECS.executionRoleArn: "arn:aws:iam::222222222222:user/ecs" is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)`}},
		{name: "execution role in another account", repl: []string{"arn:aws:iam::222222222222:role/ecsTaskExecutionRole", "arn:aws:iam::111111111111:role/ecsTaskExecutionRole"},
			want: []string{`28:27: targets[0].deploy.codeDeployToECS.executionRoleArn: role "arn:aws:iam::111111111111:role/ecsTaskExecutionRole" is in account 111111111111, not in the target account 222222222222; ECS can only use roles of its own account`}},
		{name: "service role is the action role", repl: []string{"        application: app\n", "        application: app\n        serviceRoleName: app-xacct\n"},
			want: []string{`24:26: targets[0].deploy.codeDeployToECS.serviceRoleName: "app-xacct" is also the action role; give the CodeDeploy service role its own name`}},
		{name: "ECS needs service", repl: []string{"      kind: CodeDeployToECS\n      codeDeployToECS:\n", "      kind: ECS\n      ecs: {cluster: app}\n      codeDeployToECSx:\n"},
			want: []string{
				`22:12: targets[0].deploy.ecs.service is required`,
				`23:7: targets[0].deploy.codeDeployToECSx: unknown field (did you mean "codeDeployToECS"?)`,
			}},
		{name: "CodeDeploy needs application", src: baseHead + "targets:\n  - name: prod\n    accountId: \"222222222222\"\n    actionRoleName: app-xacct\n    deploy:\n      kind: CodeDeploy\n      codeDeploy: {deploymentGroup: dg}\n",
			want: []string{`22:19: targets[0].deploy.codeDeploy.application is required`}},
		{name: "CloudFormation stack name", src: base + secondTarget, repl: []string{"stackName: app", "stackName: 1app"},
			want: []string{`36:20: targets[1].deploy.cloudFormation.stackName: "1app" is not a stack name (1–128 letters, digits or "-", starting with a letter)`}},
		{name: "CloudFormation template artifact", src: base + secondTarget, repl: []string{"templatePath: BuildArtifact::", "templatePath: Templates::"},
			want: []string{`38:23: targets[1].deploy.cloudFormation.templatePath: artifact "Templates" is not produced by the source or build stage (they produce SourceArtifact, BuildArtifact)`}},
		{name: "CloudFormation template path empty", src: base + secondTarget, repl: []string{"templatePath: BuildArtifact::template.yaml", `templatePath: "BuildArtifact::"`},
			want: []string{`38:23: targets[1].deploy.cloudFormation.templatePath: "BuildArtifact::" has no file path after "::"`}},
		{name: "CloudFormation capability", src: base + secondTarget + "        capabilities: [CAPABILITY_IAM, CAPABILITY_RESOURCE_POLICY, CAPABILITY_IAM]\n",
			want: []string{
				`39:40: targets[1].deploy.cloudFormation.capabilities[1]: "CAPABILITY_RESOURCE_POLICY" is not a CloudFormation capability (CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND)`,
				`39:68: targets[1].deploy.cloudFormation.capabilities[2]: "CAPABILITY_IAM" is listed twice`,
			}},
		{name: "CloudFormation output artifact taken", src: base + secondTarget + "        outputArtifact: BuildArtifact\n",
			want: []string{`39:25: targets[1].deploy.cloudFormation.outputArtifact: "BuildArtifact" is already produced by the build stage; artifact names must be unique`}},
		{name: "CloudFormation deployment role", src: base + secondTarget, repl: []string{"        deploymentRoleName: app-cfn\n", ""},
			want: []string{`36:9: targets[1].deploy.cloudFormation.deploymentRoleName is required`}},

		// regions
		{name: "regions key", src: base + secondTarget, repl: []string{"  pipelineRoleName", "  regions: {us-east: {keyId: 1234abcd-12ab-34cd-56ef-1234567890ab}}\n  pipelineRoleName"},
			want: []string{`9:13: tools.regions.us-east: "us-east" is not an AWS region name (like "ap-northeast-1")`}},
		{name: "regions pipeline region", src: base + secondTarget, repl: []string{"  pipelineRoleName", "  regions:\n    ap-northeast-1: {artifactBucket: app-artifacts-apne1}\n  pipelineRoleName"},
			want: []string{`10:5: tools.regions.ap-northeast-1: ap-northeast-1 is the pipeline's own region, whose store is tools.artifactBucket; list only other regions`}},
		{name: "regions unused", src: base + secondTarget, repl: []string{"  pipelineRoleName", "  regions:\n    us-east-1: {}\n    eu-west-1: {}\n  pipelineRoleName"},
			want: []string{`11:5: tools.regions.eu-west-1: no target deploys to eu-west-1; remove it`}},
		{name: "regions bucket", src: base + secondTarget, repl: []string{"  pipelineRoleName", "  regions:\n    us-east-1: {artifactBucket: app-artifacts}\n  pipelineRoleName"},
			want: []string{`10:33: tools.regions.us-east-1.artifactBucket: "app-artifacts" is also tools.artifactBucket; each region needs its own bucket`}},
		{name: "regions key ID", src: base + secondTarget, repl: []string{"  pipelineRoleName", "  regions:\n    us-east-1:\n      keyId: alias/x\n  pipelineRoleName"},
			want: []string{`11:14: tools.regions.us-east-1.keyId: "alias/x" is not a KMS key ID (a UUID like 1234abcd-12ab-34cd-56ef-1234567890ab)`}},
		{name: "derived bucket too long", src: base + secondTarget, repl: []string{"artifactBucket: app-artifacts", "artifactBucket: " + strings.Repeat("b", 60)},
			want: []string{`6:19: tools.artifactBucket: the bucket derived for region us-east-1, "` + strings.Repeat("b", 60) + `-us-east-1", is not a valid S3 bucket name (it must be 3–63 characters long); set tools.regions.us-east-1.artifactBucket`}},

		// decoding
		{name: "section missing", src: edit(t, base, "tools:\n", "tools_:\n"),
			want: []string{"1:1: tools is required", `4:1: tools_: unknown field (did you mean "tools"?)`}},
		{name: "section empty", repl: []string{"source:\n  provider: CodeCommit\n  repository: app\n  branch: main\n", "source:\n"},
			want: []string{"10:1: source is required"}},
		{name: "deploy missing", src: baseHead + "targets:\n  - name: prod\n    accountId: \"222222222222\"\n    actionRoleName: app-xacct\n",
			want: []string{"17:5: targets[0].deploy is required"}},
		{name: "unknown top-level field", src: "pipelines: {}\n" + base,
			want: []string{`1:1: pipelines: unknown field (did you mean "pipeline"?)`}},
		{name: "unknown field far off", repl: []string{"  branch: main\n", "  branch: main\n  webhook: true\n"},
			want: []string{`14:3: source.webhook: unknown field; known fields: branch, bucket, connectionArn, imageRepository, imageTag, objectKey, outputArtifact, provider, repository`}},
		{name: "string where a mapping belongs", repl: []string{"build:\n  projectName: app-build\n", "build: app-build\n"},
			want: []string{`14:8: build: expected a mapping, found "app-build"`}},
		{name: "mapping where a string belongs", repl: []string{"repository: app", "repository: {name: app}"},
			want: []string{`12:15: source.repository: expected a string, found a mapping`}},
		{name: "runOrder not a number", repl: []string{"    deploy:\n", "    runOrder: first\n    deploy:\n"},
			want: []string{`20:15: targets[0].runOrder: expected a whole number, found "first"`}},
		{name: "keyRotation not a boolean", repl: []string{"  pipelineRoleName", "  keyRotation: yes please\n  pipelineRoleName"},
			want: []string{`9:16: tools.keyRotation: expected true or false, found "yes please"`}},
		{name: "targets not a list", src: baseHead + "targets:\n  prod: {}\n",
			want: []string{`17:3: targets: expected a list, found a mapping`}},
		{name: "CloudFormation tag", repl: []string{"application: app", "application: !Ref App"},
			want: []string{`23:22: targets[0].deploy.codeDeployToECS.application: YAML tag !Ref is not supported in a setup file`}},
		{name: "unknown alias", repl: []string{"application: app", "application: *app"},
			want: []string{`23:22: targets[0].deploy.codeDeployToECS.application: alias *app refers to no anchor &app before it`}},
		{name: "two documents", src: base + "---\npipeline: {}\n",
			want: []string{`29:1: a setup file holds one YAML document; found another here`}},
		{name: "syntax error", repl: []string{"region: ap-northeast-1", "region: [ap-northeast-1"},
			want: []string{`4:1: YAML syntax error: ',' or ']' must be specified`}},
		{name: "duplicate key", repl: []string{"  branch: main\n", "  branch: main\n  branch: dev\n"},
			want: []string{`14:3: YAML syntax error: mapping key "branch" already defined at [13:3]`}},
		{name: "empty file", src: "# nothing\n",
			want: []string{`1:1: the file holds no settings: expected a mapping with pipeline, tools, source and targets`}},
		{name: "not a mapping", src: "- a\n",
			want: []string{`1:1: expected a mapping, found a list`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			if src == "" {
				src = base
			}
			src = edit(t, src, tt.repl...)
			s, err := Parse("xacct.yaml", []byte(src))
			if s != nil {
				t.Errorf("Parse returned a Setup with an error")
			}
			var errs *Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse error = %v (%T), want *Errors", err, err)
			}
			var got []string
			for _, fe := range errs.List {
				if fe.File != "xacct.yaml" {
					t.Errorf("File = %q", fe.File)
				}
				if fe.Line > 0 && !strings.HasPrefix(fe.Message, fe.Path) {
					t.Errorf("message %q does not start with its path %q", fe.Message, fe.Path)
				}
				got = append(got, fmt.Sprintf("%d:%d: %s", fe.Line, fe.Column, fe.Message))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s\nsource:\n%s", diff, src)
			}
		})
	}
}
