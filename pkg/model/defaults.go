package model

import (
	"maps"
	"slices"
	"strings"
)

// Defaults that WithDefaults fills in.
const (
	DefaultSourceArtifact     = "SourceArtifact"        // Source.OutputArtifact
	DefaultBuildArtifact      = "BuildArtifact"         // Build.OutputArtifact
	DefaultTaskDefinitionPath = "taskdef.json"          // CodeDeployToECS.TaskDefinitionPath
	DefaultAppSpecPath        = "appspec.yaml"          // CodeDeployToECS.AppSpecPath
	DefaultImageDefinitions   = "imagedefinitions.json" // ECSDeploy.FileName
	DefaultImageTag           = "latest"                // Source.ImageTag (ECR)
	DefaultRunOrder           = 1                       // Target.RunOrder
)

// WithDefaults returns a deep copy of s with every default filled in, so
// that a generator reads each value from one place: pipeline type V2, key
// rotation on, each target's region (the pipeline's when empty) and run order
// (1), the source and build output artifacts (SourceArtifact, BuildArtifact),
// each deploy's input artifact (the build's output, else the source's), the
// CodeDeployToECS task definition and AppSpec artifacts (the deploy input)
// and paths (taskdef.json, appspec.yaml), the ECS image definitions file
// (imagedefinitions.json), the ECR image tag (latest), and a RegionalStore for
// every target region other than the pipeline's, with the bucket
// "<artifactBucket>-<region>" where none is given. s itself is not changed.
// Call it on a valid Setup; on an invalid one it still returns a copy but the
// values may not make sense.
func (s *Setup) WithDefaults() *Setup {
	c := s.clone()
	if c.Pipeline.Type == "" {
		c.Pipeline.Type = PipelineTypeV2
	}
	if c.Tools.KeyRotation == nil {
		on := true
		c.Tools.KeyRotation = &on
	}
	if c.Source.OutputArtifact == "" {
		c.Source.OutputArtifact = DefaultSourceArtifact
	}
	if c.Source.Provider == SourceECR && c.Source.ImageTag == "" {
		c.Source.ImageTag = DefaultImageTag
	}
	input := c.Source.OutputArtifact
	if c.Build != nil {
		if c.Build.OutputArtifact == "" {
			c.Build.OutputArtifact = DefaultBuildArtifact
		}
		input = c.Build.OutputArtifact
	}
	for i := range c.Targets {
		t := &c.Targets[i]
		if t.Region == "" {
			t.Region = c.Pipeline.Region
		}
		if t.RunOrder == 0 {
			t.RunOrder = DefaultRunOrder
		}
		d := &t.Deploy
		if d.InputArtifact == "" {
			d.InputArtifact = input
		}
		if e := d.CodeDeployToECS; e != nil {
			e.TaskDefinitionArtifact = cmpOr(e.TaskDefinitionArtifact, d.InputArtifact)
			e.TaskDefinitionPath = cmpOr(e.TaskDefinitionPath, DefaultTaskDefinitionPath)
			e.AppSpecArtifact = cmpOr(e.AppSpecArtifact, d.InputArtifact)
			e.AppSpecPath = cmpOr(e.AppSpecPath, DefaultAppSpecPath)
		}
		if e := d.ECS; e != nil {
			e.FileName = cmpOr(e.FileName, DefaultImageDefinitions)
		}
	}
	for _, r := range c.ExtraRegions() {
		st := c.Tools.Regions[r]
		if st.ArtifactBucket == "" {
			st.ArtifactBucket = derivedBucket(c.Tools.ArtifactBucket, r)
		}
		if c.Tools.Regions == nil {
			c.Tools.Regions = map[string]RegionalStore{}
		}
		c.Tools.Regions[r] = st
	}
	return c
}

// clone returns a deep copy of s.
func (s *Setup) clone() *Setup {
	c := *s
	c.Tools.KeyAdministrators = slices.Clone(s.Tools.KeyAdministrators)
	if s.Tools.KeyRotation != nil {
		b := *s.Tools.KeyRotation
		c.Tools.KeyRotation = &b
	}
	c.Tools.Regions = maps.Clone(s.Tools.Regions)
	if s.Build != nil {
		b := *s.Build
		c.Build = &b
	}
	c.Targets = slices.Clone(s.Targets)
	for i := range c.Targets {
		d := &c.Targets[i].Deploy
		if d.CodeDeployToECS != nil {
			e := *d.CodeDeployToECS
			e.Images = slices.Clone(e.Images)
			d.CodeDeployToECS = &e
		}
		if d.ECS != nil {
			e := *d.ECS
			d.ECS = &e
		}
		if d.CodeDeploy != nil {
			e := *d.CodeDeploy
			d.CodeDeploy = &e
		}
		if d.CloudFormation != nil {
			e := *d.CloudFormation
			e.Capabilities = slices.Clone(e.Capabilities)
			d.CloudFormation = &e
		}
	}
	return &c
}

// TargetRegion is the region t deploys to: its own, else the pipeline's.
func (s *Setup) TargetRegion(t Target) string {
	return cmpOr(t.Region, s.Pipeline.Region)
}

// ExtraRegions lists, sorted and without repeats, the regions other than
// the pipeline's that a target deploys to. Each needs its own artifact
// store (artifactStores in pipeline.json) and bucket and key in account A.
func (s *Setup) ExtraRegions() []string {
	var out []string
	for _, t := range s.Targets {
		if r := s.TargetRegion(t); r != s.Pipeline.Region && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

// ArtifactBucket is the artifact bucket for region: tools.artifactBucket in
// the pipeline's region, the regional store's bucket elsewhere, and
// "<artifactBucket>-<region>" for a region without one.
func (s *Setup) ArtifactBucket(region string) string {
	if region == s.Pipeline.Region {
		return s.Tools.ArtifactBucket
	}
	if b := s.Tools.Regions[region].ArtifactBucket; b != "" {
		return b
	}
	return derivedBucket(s.Tools.ArtifactBucket, region)
}

// Partition is the ARN partition of the pipeline's region: "aws",
// "aws-cn", "aws-us-gov", "aws-iso" or "aws-iso-b".
func (s *Setup) Partition() string {
	return partition(s.Pipeline.Region)
}

func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	default:
		return "aws"
	}
}

// roleArn builds an IAM role ARN.
func (s *Setup) roleArn(account, name string) string {
	return "arn:" + s.Partition() + ":iam::" + account + ":role/" + name
}

// PipelineRoleArn is the ARN of the pipeline's service role in account A.
func (s *Setup) PipelineRoleArn() string {
	return s.roleArn(s.Tools.AccountID, s.Tools.PipelineRoleName)
}

// ActionRoleArn is the ARN of t's cross-account action role, the roleArn of
// its deploy action.
func (s *Setup) ActionRoleArn(t Target) string {
	return s.roleArn(t.AccountID, t.ActionRoleName)
}

// KeyArn is the ARN of the artifact key of region, in account A. It reports
// false when that key's ID is not known yet (tools.keyId, or
// tools.regions.<region>.keyId, is empty): the key is created by the tools
// stack, and documents that need its ARN wait for it.
func (s *Setup) KeyArn(region string) (string, bool) {
	id := s.Tools.KeyID
	if region != s.Pipeline.Region {
		id = s.Tools.Regions[region].KeyID
	}
	if id == "" {
		return "", false
	}
	return "arn:" + partition(region) + ":kms:" + region + ":" + s.Tools.AccountID + ":key/" + id, true
}

// StageName is the name of t's deploy stage, "Deploy-<name>".
func (t Target) StageName() string {
	return "Deploy-" + t.Name
}
