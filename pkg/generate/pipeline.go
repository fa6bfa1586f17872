package generate

import (
	"fmt"
	"strings"

	"github.com/xacct-lint/xacct-lint/pkg/model"
)

// The input of `aws codepipeline create-pipeline --cli-input-json`. Field
// order follows the CreatePipeline API reference and the article.
type pipelineInput struct {
	Pipeline pipelineDecl `json:"pipeline"`
}

type pipelineDecl struct {
	Name           string                   `json:"name"`
	RoleArn        string                   `json:"roleArn"`
	ArtifactStore  *artifactStore           `json:"artifactStore,omitempty"`
	ArtifactStores map[string]artifactStore `json:"artifactStores,omitempty"`
	Stages         []stageDecl              `json:"stages"`
	Version        int                      `json:"version"`
	ExecutionMode  string                   `json:"executionMode,omitempty"`
	PipelineType   string                   `json:"pipelineType"`
}

type artifactStore struct {
	Type          string        `json:"type"`
	Location      string        `json:"location"`
	EncryptionKey encryptionKey `json:"encryptionKey"`
}

type encryptionKey struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

type stageDecl struct {
	Name    string       `json:"name"`
	Actions []actionDecl `json:"actions"`
}

type actionDecl struct {
	Name            string            `json:"name"`
	ActionTypeID    actionTypeID      `json:"actionTypeId"`
	RunOrder        int               `json:"runOrder"`
	Configuration   map[string]string `json:"configuration"`
	OutputArtifacts []artifactRef     `json:"outputArtifacts"`
	InputArtifacts  []artifactRef     `json:"inputArtifacts"`
	RoleArn         string            `json:"roleArn,omitempty"`
	Region          string            `json:"region,omitempty"`
}

type actionTypeID struct {
	Category string `json:"category"`
	Owner    string `json:"owner"`
	Provider string `json:"provider"`
	Version  string `json:"version"`
}

type artifactRef struct {
	Name string `json:"name"`
}

func artifacts(names ...string) []artifactRef {
	out := []artifactRef{}
	seen := map[string]bool{}
	for _, n := range names {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, artifactRef{n})
		}
	}
	return out
}

// pipelineJSON builds the pipeline declaration; every key ARN must be known.
func pipelineJSON(p *plan) (pipelineInput, error) {
	s := p.s
	d := pipelineDecl{
		Name:         s.Pipeline.Name,
		RoleArn:      p.roleArn,
		Version:      1,
		PipelineType: s.Pipeline.Type,
	}
	if s.Pipeline.Type == model.PipelineTypeV2 {
		d.ExecutionMode = "SUPERSEDED"
	}
	stores := map[string]artifactStore{}
	for _, st := range p.stores {
		arn, ok := p.keyArn(st)
		if !ok {
			return pipelineInput{}, fmt.Errorf("the key ID of the artifact store in %s is not known", st.region)
		}
		stores[st.region] = artifactStore{Type: "S3", Location: st.bucket, EncryptionKey: encryptionKey{ID: arn, Type: "KMS"}}
	}
	if p.multiRegion() {
		d.ArtifactStores = stores
	} else {
		as := stores[p.region]
		d.ArtifactStore = &as
	}
	d.Stages = append(d.Stages, stageDecl{Name: "Source", Actions: []actionDecl{sourceAction(p)}})
	if b := s.Build; b != nil {
		d.Stages = append(d.Stages, stageDecl{Name: "Build", Actions: []actionDecl{{
			Name:            "Build",
			ActionTypeID:    actionTypeID{"Build", "AWS", "CodeBuild", "1"},
			RunOrder:        1,
			Configuration:   map[string]string{"ProjectName": b.ProjectName},
			OutputArtifacts: artifacts(b.OutputArtifact),
			InputArtifacts:  artifacts(p.sourceArtifact()),
		}}})
	}
	for _, t := range p.targets {
		d.Stages = append(d.Stages, stageDecl{Name: "Deploy-" + t.Name, Actions: []actionDecl{deployAction(p, t)}})
	}
	return pipelineInput{Pipeline: d}, nil
}

func sourceAction(p *plan) actionDecl {
	src := p.s.Source
	a := actionDecl{
		Name:            "Source",
		ActionTypeID:    actionTypeID{"Source", "AWS", src.Provider, "1"},
		RunOrder:        1,
		OutputArtifacts: artifacts(p.sourceArtifact()),
		InputArtifacts:  []artifactRef{},
	}
	switch src.Provider {
	case model.SourceConnection:
		a.Configuration = map[string]string{
			"ConnectionArn":        src.ConnectionArn,
			"FullRepositoryId":     src.Repository,
			"BranchName":           src.Branch,
			"OutputArtifactFormat": "CODE_ZIP",
		}
	case model.SourceCodeCommit:
		a.Configuration = map[string]string{
			"RepositoryName":       src.Repository,
			"BranchName":           src.Branch,
			"PollForSourceChanges": "false",
		}
	case model.SourceS3:
		a.Configuration = map[string]string{
			"S3Bucket":             src.Bucket,
			"S3ObjectKey":          src.ObjectKey,
			"PollForSourceChanges": "false",
		}
	case model.SourceECR:
		a.Configuration = map[string]string{"RepositoryName": src.ImageRepository}
		if src.ImageTag != "" {
			a.Configuration["ImageTag"] = src.ImageTag
		}
	}
	return a
}

func deployAction(p *plan, t target) actionDecl {
	a := actionDecl{
		Name:            "Deploy",
		ActionTypeID:    actionTypeID{"Deploy", "AWS", t.Deploy.Kind, "1"},
		RunOrder:        t.RunOrder,
		OutputArtifacts: []artifactRef{},
		InputArtifacts:  artifacts(t.input),
		RoleArn:         t.actionRoleArn,
		Region:          t.region,
	}
	switch d := t.Deploy; d.Kind {
	case model.DeployCodeDeployToECS:
		c := d.CodeDeployToECS
		a.Configuration = map[string]string{
			"ApplicationName":                c.Application,
			"DeploymentGroupName":            c.DeploymentGroup,
			"TaskDefinitionTemplateArtifact": c.TaskDefinitionArtifact,
			"TaskDefinitionTemplatePath":     c.TaskDefinitionPath,
			"AppSpecTemplateArtifact":        c.AppSpecArtifact,
			"AppSpecTemplatePath":            c.AppSpecPath,
		}
		names := []string{t.input, c.TaskDefinitionArtifact, c.AppSpecArtifact}
		for i, img := range c.Images {
			a.Configuration[fmt.Sprintf("Image%dArtifactName", i+1)] = img.Artifact
			a.Configuration[fmt.Sprintf("Image%dContainerName", i+1)] = img.ContainerName
			names = append(names, img.Artifact)
		}
		a.InputArtifacts = artifacts(names...)
	case model.DeployECS:
		e := d.ECS
		a.Configuration = map[string]string{
			"ClusterName": e.Cluster,
			"ServiceName": e.Service,
			"FileName":    e.FileName,
		}
	case model.DeployCodeDeploy:
		c := d.CodeDeploy
		a.Configuration = map[string]string{
			"ApplicationName":     c.Application,
			"DeploymentGroupName": c.DeploymentGroup,
		}
	case model.DeployCloudFormation:
		c := d.CloudFormation
		tp := c.TemplatePath
		names := []string{t.input}
		if art, _, ok := strings.Cut(tp, "::"); ok {
			names = append(names, art)
		} else {
			tp = t.input + "::" + tp
		}
		a.Configuration = map[string]string{
			"ActionMode":   "CREATE_UPDATE",
			"StackName":    c.StackName,
			"TemplatePath": tp,
			"RoleArn":      p.roleArnIn(t.AccountID, c.DeploymentRoleName),
		}
		if len(c.Capabilities) > 0 {
			a.Configuration["Capabilities"] = strings.Join(c.Capabilities, ",")
		}
		if c.OutputArtifact != "" {
			a.Configuration["OutputFileName"] = "outputs.json"
			a.OutputArtifacts = artifacts(c.OutputArtifact)
		}
		a.InputArtifacts = artifacts(names...)
	}
	return a
}
