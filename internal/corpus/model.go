package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/xacct-lint/xacct-lint/pkg/model"
)

// regions of the aws partition that random setups use.
var regions = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "ap-southeast-2"}

// RandomSetup builds a valid setup: 1–5 targets of every deploy kind, some
// in other regions than the pipeline (some sharing an account), with and
// without key IDs and a build stage.
func RandomSetup(r *rand.Rand) *model.Setup {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	chance := func(p float64) bool { return r.Float64() < p }
	account := func() string { return fmt.Sprintf("%012d", 100000000000+r.Int64N(899999999999)) }
	uuid := func() string {
		const hex = "0123456789abcdef"
		var b strings.Builder
		for i, n := range []int{8, 4, 4, 4, 12} {
			if i > 0 {
				b.WriteByte('-')
			}
			for range n {
				b.WriteByte(hex[r.IntN(16)])
			}
		}
		return b.String()
	}

	name := fmt.Sprintf("p%d", r.IntN(100000))
	tools := account()
	s := &model.Setup{
		Pipeline: model.Pipeline{Name: name + "-pipeline", Region: pick(regions...), Type: pick("", model.PipelineTypeV1, model.PipelineTypeV2)},
		Tools: model.Tools{
			AccountID:        tools,
			ArtifactBucket:   name + "-artifacts-" + tools,
			KeyAlias:         "alias/" + name + "-artifacts",
			PipelineRoleName: name + "-pipeline-role",
		},
	}
	if chance(0.5) {
		s.Tools.KeyID = uuid()
	}
	if chance(0.3) {
		s.Tools.KeyAdministrators = []string{"arn:aws:iam::" + tools + ":role/key-admin"}
	}
	if chance(0.2) {
		off := false
		s.Tools.KeyRotation = &off
	}
	switch pick(model.SourceS3, model.SourceCodeCommit, model.SourceConnection, model.SourceECR) {
	case model.SourceS3:
		s.Source = model.Source{Provider: model.SourceS3, Bucket: name + "-source-" + tools, ObjectKey: "src/app.zip"}
	case model.SourceCodeCommit:
		s.Source = model.Source{Provider: model.SourceCodeCommit, Repository: name + "-repo", Branch: "main"}
	case model.SourceConnection:
		s.Source = model.Source{Provider: model.SourceConnection, Repository: "example-org/" + name, Branch: "main",
			ConnectionArn: "arn:aws:codestar-connections:" + s.Pipeline.Region + ":" + tools + ":connection/" + uuid()}
	default:
		s.Source = model.Source{Provider: model.SourceECR, ImageRepository: name + "/app"}
	}
	input := model.DefaultSourceArtifact
	if chance(0.6) {
		s.Build = &model.Build{ProjectName: name + "-build"}
		input = model.DefaultBuildArtifact
	}

	var accounts []string
	for i := range 1 + r.IntN(5) {
		acct := account()
		if len(accounts) > 0 && chance(0.2) {
			acct = accounts[r.IntN(len(accounts))] // a second target in the same account
		}
		accounts = append(accounts, acct)
		tg := model.Target{Name: fmt.Sprintf("t%d", i), AccountID: acct, ActionRoleName: fmt.Sprintf("%s-t%d-deploy", name, i)}
		if chance(0.3) {
			tg.Region = pick(regions...)
		}
		if chance(0.2) {
			tg.RunOrder = 1 + r.IntN(5)
		}
		role := func(n string) string { return fmt.Sprintf("arn:aws:iam::%s:role/%s-t%d-%s", acct, name, i, n) }
		switch pick(model.DeployCodeDeployToECS, model.DeployECS, model.DeployCodeDeploy, model.DeployCloudFormation) {
		case model.DeployCodeDeployToECS:
			c := &model.CodeDeployToECS{Application: fmt.Sprintf("app%d", i), DeploymentGroup: fmt.Sprintf("app%d-dg", i),
				ExecutionRoleArn: role("exec")}
			for k := range 1 + r.IntN(3) {
				c.Images = append(c.Images, model.Image{Artifact: input, ContainerName: fmt.Sprintf("IMAGE%d_NAME", k+1)})
			}
			if chance(0.5) {
				c.TaskRoleArn = role("task")
			}
			if chance(0.5) {
				c.ServiceRoleName = fmt.Sprintf("%s-t%d-codedeploy", name, i)
			}
			tg.Deploy = model.Deploy{Kind: model.DeployCodeDeployToECS, CodeDeployToECS: c}
		case model.DeployECS:
			e := &model.ECSDeploy{Cluster: fmt.Sprintf("cluster%d", i), Service: "web"}
			if chance(0.5) {
				e.TaskRoleArn = role("task")
			}
			if chance(0.5) {
				e.ExecutionRoleArn = role("exec")
			}
			tg.Deploy = model.Deploy{Kind: model.DeployECS, ECS: e}
		case model.DeployCodeDeploy:
			tg.Deploy = model.Deploy{Kind: model.DeployCodeDeploy, CodeDeploy: &model.CodeDeployDeploy{
				Application: fmt.Sprintf("app%d", i), DeploymentGroup: fmt.Sprintf("fleet%d", i)}}
		default:
			c := &model.CloudFormationDeploy{StackName: fmt.Sprintf("stack%d", i),
				DeploymentRoleName: fmt.Sprintf("%s-t%d-cfn", name, i), TemplatePath: input + "::stack.yaml"}
			if chance(0.5) {
				c.Capabilities = []string{pick("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND")}
			}
			if chance(0.4) {
				c.OutputArtifact = fmt.Sprintf("Stack%dOutputs", i)
			}
			tg.Deploy = model.Deploy{Kind: model.DeployCloudFormation, CloudFormation: c}
		}
		s.Targets = append(s.Targets, tg)
	}
	for _, reg := range s.ExtraRegions() {
		if !chance(0.5) {
			continue
		}
		if s.Tools.Regions == nil {
			s.Tools.Regions = map[string]model.RegionalStore{}
		}
		st := model.RegionalStore{KeyID: uuid()}
		if chance(0.5) {
			st.ArtifactBucket = name + "-" + reg + "-" + tools
		}
		s.Tools.Regions[reg] = st
	}
	return s
}
