// Package model is the typed description of a cross-account CodePipeline
// setup: one tools account (A) that owns the pipeline, its artifact bucket and
// KMS key, and one or more target accounts (B, C, …) that the pipeline deploys
// into through a cross-account action role.
//
// A Setup is loaded from a small YAML file (conventionally xacct.yaml) with
// Load or Parse, which decode strictly and validate the whole setup, reporting
// every problem at once with its line and column. A valid Setup is the input of
// package generate.
package model

// Pipeline types accepted by CodePipeline.
const (
	PipelineTypeV1 = "V1"
	PipelineTypeV2 = "V2"
)

// Source providers the model knows.
const (
	SourceS3         = "S3"
	SourceCodeCommit = "CodeCommit"
	SourceConnection = "CodeStarSourceConnection"
	SourceECR        = "ECR"
)

// Deploy kinds the model knows.
const (
	DeployCodeDeployToECS = "CodeDeployToECS" // ECS blue/green through CodeDeploy
	DeployECS             = "ECS"             // ECS standard (rolling) deploy
	DeployCodeDeploy      = "CodeDeploy"      // CodeDeploy to EC2/on-premises
	DeployCloudFormation  = "CloudFormation"  // CloudFormation stack deploy
)

// Setup is a whole cross-account pipeline setup.
type Setup struct {
	// Pipeline names the pipeline and where it lives.
	Pipeline Pipeline `yaml:"pipeline"`
	// Tools is the tools account (A) that owns the pipeline.
	Tools Tools `yaml:"tools"`
	// Source is the first stage.
	Source Source `yaml:"source"`
	// Build is an optional CodeBuild stage between source and deploy.
	Build *Build `yaml:"build,omitempty"`
	// Targets are the accounts deployed into, in stage order; at least one.
	Targets []Target `yaml:"targets"`
}

// Pipeline holds the pipeline's own settings.
type Pipeline struct {
	// Name is the pipeline name: 1–100 characters of [A-Za-z0-9.@_-].
	Name string `yaml:"name"`
	// Region is the pipeline's (and the main artifact store's) region.
	Region string `yaml:"region"`
	// Type is V1 or V2; empty means V2.
	Type string `yaml:"type,omitempty"`
}

// Tools describes the tools account (A).
type Tools struct {
	// AccountID is account A's 12-digit ID.
	AccountID string `yaml:"accountId"`
	// ArtifactBucket is the artifact bucket in the pipeline's region.
	ArtifactBucket string `yaml:"artifactBucket"`
	// KeyAlias is the alias of the artifact key, "alias/…". The alias is for
	// people; documents that the pipeline uses name the key by ARN.
	KeyAlias string `yaml:"keyAlias"`
	// KeyID is the artifact key's ID (a UUID) once the tools stack has been
	// deployed and has created it. pipeline.json needs the key ARN, so it is
	// only written when KeyID is known.
	KeyID string `yaml:"keyId,omitempty"`
	// KeyAdministrators are IAM principal ARNs that administer the key, in
	// addition to account A's root.
	KeyAdministrators []string `yaml:"keyAdministrators,omitempty"`
	// PipelineRoleName is the name of the pipeline's service role.
	PipelineRoleName string `yaml:"pipelineRoleName"`
	// KeyRotation turns on yearly rotation of the key; nil means true.
	KeyRotation *bool `yaml:"keyRotation,omitempty"`
	// Regions holds the artifact store of each region other than the
	// pipeline's that an action runs in. A region missing here gets the
	// bucket "<artifactBucket>-<region>".
	Regions map[string]RegionalStore `yaml:"regions,omitempty"`
}

// RegionalStore is the artifact bucket and key of one extra region.
type RegionalStore struct {
	// ArtifactBucket is the bucket in that region; empty means
	// "<artifactBucket>-<region>" (see Setup.WithDefaults).
	ArtifactBucket string `yaml:"artifactBucket"`
	// KeyID is that region's key ID, once known (see Tools.KeyID).
	KeyID string `yaml:"keyId,omitempty"`
}

// Source is the source stage: exactly one action.
type Source struct {
	// Provider is S3, CodeCommit, CodeStarSourceConnection or ECR.
	Provider string `yaml:"provider"`
	// OutputArtifact names the artifact the source produces; default "SourceArtifact".
	OutputArtifact string `yaml:"outputArtifact,omitempty"`
	// Bucket and ObjectKey: the S3 source (bucket in account A).
	Bucket string `yaml:"bucket,omitempty"`
	// ObjectKey is the S3 source's object key (a .zip).
	ObjectKey string `yaml:"objectKey,omitempty"`
	// Repository and Branch: CodeCommit, or FullRepositoryId ("owner/repo") and branch for a connection.
	Repository string `yaml:"repository,omitempty"`
	// Branch is the CodeCommit or connection branch.
	Branch string `yaml:"branch,omitempty"`
	// ConnectionArn is the CodeStar/CodeConnections connection.
	ConnectionArn string `yaml:"connectionArn,omitempty"`
	// ImageRepository and ImageTag: the ECR source.
	ImageRepository string `yaml:"imageRepository,omitempty"`
	// ImageTag is the ECR source's tag; default "latest".
	ImageTag string `yaml:"imageTag,omitempty"`
}

// Build is an optional CodeBuild stage in account A.
type Build struct {
	// ProjectName is the CodeBuild project (which must encrypt its output
	// with the pipeline key).
	ProjectName string `yaml:"projectName"`
	// OutputArtifact names the artifact the build produces; default "BuildArtifact".
	OutputArtifact string `yaml:"outputArtifact,omitempty"`
}

// Target is one target account and the deploy that runs in it.
type Target struct {
	// Name is a short name for the account ("prod"); it names the stage
	// ("Deploy-prod") and the generated template (target-prod.yaml).
	Name string `yaml:"name"`
	// AccountID is the target account's 12-digit ID.
	AccountID string `yaml:"accountId"`
	// Region is where the deploy runs; empty means the pipeline's region.
	Region string `yaml:"region,omitempty"`
	// ActionRoleName is the cross-account role the pipeline assumes.
	ActionRoleName string `yaml:"actionRoleName"`
	// RunOrder of the deploy action in its stage, 1–999; 0 means 1.
	RunOrder int `yaml:"runOrder,omitempty"`
	// Deploy is what the action does.
	Deploy Deploy `yaml:"deploy"`
}

// Deploy is the deploy action of a target. Kind selects which of the
// kind-specific blocks must be set; exactly that one may be.
type Deploy struct {
	// Kind is CodeDeployToECS, ECS, CodeDeploy or CloudFormation.
	Kind string `yaml:"kind"`
	// InputArtifact is the artifact the deploy reads; default: the build's
	// output, else the source's.
	InputArtifact string `yaml:"inputArtifact,omitempty"`

	// CodeDeployToECS is set exactly when Kind is CodeDeployToECS.
	CodeDeployToECS *CodeDeployToECS `yaml:"codeDeployToECS,omitempty"`
	// ECS is set exactly when Kind is ECS.
	ECS *ECSDeploy `yaml:"ecs,omitempty"`
	// CodeDeploy is set exactly when Kind is CodeDeploy.
	CodeDeploy *CodeDeployDeploy `yaml:"codeDeploy,omitempty"`
	// CloudFormation is set exactly when Kind is CloudFormation.
	CloudFormation *CloudFormationDeploy `yaml:"cloudFormation,omitempty"`
}

// CodeDeployToECS is an ECS blue/green deploy through CodeDeploy.
type CodeDeployToECS struct {
	// Application is the CodeDeploy application in the target account.
	Application string `yaml:"application"`
	// DeploymentGroup is its ECS deployment group.
	DeploymentGroup string `yaml:"deploymentGroup"`
	// TaskDefinitionArtifact/Path: where taskdef.json is; artifact defaults to the input artifact.
	TaskDefinitionArtifact string `yaml:"taskDefinitionArtifact,omitempty"`
	// TaskDefinitionPath is the task definition file; default taskdef.json.
	TaskDefinitionPath string `yaml:"taskDefinitionPath,omitempty"`
	// AppSpecArtifact/Path: where appspec.yaml is; artifact defaults to the input artifact.
	AppSpecArtifact string `yaml:"appSpecArtifact,omitempty"`
	// AppSpecPath is the AppSpec file; default appspec.yaml.
	AppSpecPath string `yaml:"appSpecPath,omitempty"`
	// Images: 1–4 images, each an artifact with imageDetail.json and the
	// placeholder name used in taskdef.json.
	Images []Image `yaml:"images"`
	// TaskRoleArn and ExecutionRoleArn are the roles the task definition
	// names; the action role must be allowed to pass them.
	TaskRoleArn string `yaml:"taskRoleArn,omitempty"`
	// ExecutionRoleArn is the task execution role; required.
	ExecutionRoleArn string `yaml:"executionRoleArn"`
	// ServiceRoleName, if set, generates the CodeDeploy service role (with
	// AWSCodeDeployRoleForECS) in the target template as its own role.
	ServiceRoleName string `yaml:"serviceRoleName,omitempty"`
}

// Image is one image of a CodeDeployToECS deploy.
type Image struct {
	// Artifact holds imageDetail.json.
	Artifact string `yaml:"artifact"`
	// ContainerName is the placeholder in taskdef.json ("IMAGE1_NAME").
	ContainerName string `yaml:"containerName"`
}

// ECSDeploy is an ECS standard deploy.
type ECSDeploy struct {
	// Cluster is the ECS cluster in the target account.
	Cluster string `yaml:"cluster"`
	// Service is the ECS service to update.
	Service string `yaml:"service"`
	// FileName is the image definitions file; default imagedefinitions.json.
	FileName string `yaml:"fileName,omitempty"`
	// TaskRoleArn and ExecutionRoleArn: roles the action role must pass.
	TaskRoleArn string `yaml:"taskRoleArn,omitempty"`
	// ExecutionRoleArn: see TaskRoleArn.
	ExecutionRoleArn string `yaml:"executionRoleArn,omitempty"`
}

// CodeDeployDeploy is a CodeDeploy deploy to EC2/on-premises instances.
type CodeDeployDeploy struct {
	// Application is the CodeDeploy application in the target account.
	Application string `yaml:"application"`
	// DeploymentGroup is its deployment group.
	DeploymentGroup string `yaml:"deploymentGroup"`
}

// CloudFormationDeploy deploys a CloudFormation stack in the target account.
type CloudFormationDeploy struct {
	// StackName is the stack in the target account.
	StackName string `yaml:"stackName"`
	// DeploymentRoleName is the role CloudFormation uses in the target
	// account; generated in the target template.
	DeploymentRoleName string `yaml:"deploymentRoleName"`
	// TemplatePath is "ArtifactName::path/in/artifact.yaml" or a path in the input artifact.
	TemplatePath string `yaml:"templatePath"`
	// Capabilities such as CAPABILITY_IAM, CAPABILITY_NAMED_IAM.
	Capabilities []string `yaml:"capabilities,omitempty"`
	// OutputArtifact, if set, receives the stack outputs (this action then writes artifacts).
	OutputArtifact string `yaml:"outputArtifact,omitempty"`
}
