package generate_test

import (
	"context"
	"fmt"

	"github.com/xacct-lint/xacct-lint/pkg/generate"
	"github.com/xacct-lint/xacct-lint/pkg/model"
)

// A pipeline in account 111111111111 deploying to ECS blue/green in account
// 222222222222. The key ID is known, so pipeline.json is among the files.
func ExampleGenerate() {
	s := &model.Setup{
		Pipeline: model.Pipeline{Name: "cross-pipeline", Region: "ap-northeast-1"},
		Tools: model.Tools{
			AccountID:        "111111111111",
			ArtifactBucket:   "cross-pipeline-artifacts-111111111111",
			KeyAlias:         "alias/cross-pipeline",
			KeyID:            "1234abcd-12ab-34cd-56ef-1234567890ab",
			PipelineRoleName: "cross-pipeline-role",
		},
		Source: model.Source{Provider: model.SourceECR, ImageRepository: "app"},
		Targets: []model.Target{{
			Name:           "prod",
			AccountID:      "222222222222",
			ActionRoleName: "cross-account-deploy",
			Deploy: model.Deploy{
				Kind: model.DeployCodeDeployToECS,
				CodeDeployToECS: &model.CodeDeployToECS{
					Application:      "app",
					DeploymentGroup:  "app-dg",
					Images:           []model.Image{{Artifact: "SourceArtifact", ContainerName: "IMAGE1_NAME"}},
					ExecutionRoleArn: "arn:aws:iam::222222222222:role/app-task-execution",
				},
			},
		}},
	}
	files, err := generate.Generate(context.Background(), s)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		fmt.Println(f.Name)
	}
	// Output:
	// .xacct-lint.yaml
	// README.md
	// architecture.md
	// pipeline.json
	// policies/pipeline-role-policy.json
	// policies/pipeline-role-trust.json
	// policies/target-prod-action-role-policy.json
	// policies/target-prod-trust.json
	// policies/tools-bucket-policy.json
	// policies/tools-key-policy.json
	// target-prod.yaml
	// tools-account.yaml
}
