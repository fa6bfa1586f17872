package lint_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/xacct-lint/xacct-lint/pkg/generate"
	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/lint/report"
	"github.com/xacct-lint/xacct-lint/pkg/model"
)

// Suppressed findings stay in the report, with how and why they were
// suppressed; an inline entry needs a reason, and one that matches nothing
// is reported as XA000.
func ExampleWithIgnoredRules() {
	template := []byte(`Resources:
  KeyA:
    Type: AWS::KMS::Key
    Metadata:
      xacct-lint:
        ignore:
          - {rule: XA002, reason: "filled in by the deploy script"}
          - {rule: XA106, reason: "was public once"}
    Properties:
      KeyPolicy:
        Statement:
          - {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:root"}, Action: "kms:*", Resource: "*"}
          - {Effect: Allow, Principal: {AWS: "<アカウントBのアカウントID>"}, Action: "kms:Decrypt", Resource: "*"}
  KeyB:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:root"}, Action: "kms:*", Resource: "*"}
          - {Effect: Allow, Principal: {AWS: "<アカウントCのアカウントID>"}, Action: "kms:Decrypt", Resource: "*"}
`)
	l, err := lint.New(lint.WithIgnoredRules("XA002"))
	if err != nil {
		log.Fatal(err)
	}
	rep, err := l.LintDocuments(context.Background(), lint.Document{Path: "tools.yaml", Data: template})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range rep.Findings {
		switch {
		case f.Suppressed != nil:
			fmt.Printf("%s:%d:%d %s suppressed (%s: %s)\n", f.File, f.Line, f.Column, f.Rule, f.Suppressed.Kind, f.Suppressed.Reason)
		case f.Rule == lint.SuppressionRule:
			fmt.Printf("%s:%d:%d %s %s\n", f.File, f.Line, f.Column, f.Rule, f.Message)
		}
	}
	// Output:
	// tools.yaml:8:13 XA000 ignore entry for XA106 on resource KeyA matches no finding: remove it
	// tools.yaml:13:46 XA002 suppressed (inline: filled in by the deploy script)
	// tools.yaml:20:46 XA002 suppressed (flag: --ignore XA002)
}

// The text format can show the source line under each finding, with a
// caret under the column (the CLI does so on a terminal); long lines are cut
// around the column.
func ExampleReport_Source() {
	l, err := lint.New()
	if err != nil {
		log.Fatal(err)
	}
	rep, err := l.LintDocuments(context.Background(), lint.Document{
		Path: "trust.json",
		Data: []byte(`{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "<CodePipelineのRoleArn>"}, "Action": "sts:AssumeRole"}]}`),
	})
	if err != nil {
		log.Fatal(err)
	}
	err = report.Write(os.Stdout, rep, report.FormatText, report.Options{Excerpts: true, Quiet: true})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// trust.json:1:57: error XA002: placeholder <CodePipelineのRoleArn> left in Principal.AWS: replace it with the principal: a 12-digit account ID, arn:aws:iam::ACCOUNT:root or a role ARN; AWS refuses the whole policy while a principal is invalid
	//     1 | {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "<CodePipelineのRoleArn>"}, "Action": "sts:As…
	//       |                                                         ^
}

// A setup generated from a model lints clean: generate in memory, lint the
// files as documents.
func Example_generateThenLint() {
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
	ctx := context.Background()
	files, err := generate.Generate(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	var docs []lint.Document
	var cfg *lint.Config
	for _, f := range files {
		switch f.Name {
		case lint.DefaultConfigFile:
			// The generated configuration binds the files to their accounts.
			if cfg, err = lint.ParseConfig(f.Name, f.Data); err != nil {
				log.Fatal(err)
			}
		case "README.md", "architecture.md":
		default:
			docs = append(docs, lint.Document{Path: f.Name, Data: f.Data})
		}
	}
	l, err := lint.New(lint.WithConfig(cfg))
	if err != nil {
		log.Fatal(err)
	}
	rep, err := l.LintDocuments(ctx, docs...)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d files, %d errors, %d warnings\n", rep.Summary.Files, rep.Summary.Error, rep.Summary.Warning)
	// Output:
	// 9 files, 0 errors, 0 warnings
}
