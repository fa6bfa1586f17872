package generate

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/xacct-lint/xacct-lint/pkg/model"
)

// policy is an IAM, KMS or S3 policy document. Field order is the order
// people read policies in; json.Marshal keeps it.
type policy struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

// statement is one policy statement. Action and Resource hold a string or a
// []string (a list of one is written as a plain string); values may be
// intrinsic functions (sub, getAtt, ref) inside templates.
type statement struct {
	Sid       string     `json:"Sid"`
	Effect    string     `json:"Effect"`
	Principal any        `json:"Principal,omitempty"`
	Action    any        `json:"Action"`
	Resource  any        `json:"Resource,omitempty"`
	Condition conditions `json:"Condition,omitempty"`
}

// principal names AWS principals or a service.
type principal struct {
	AWS     any `json:"AWS,omitempty"`
	Service any `json:"Service,omitempty"`
}

// conditions is operator → key → value; encoding/json sorts both levels.
type conditions map[string]map[string]any

func newPolicy(sts ...statement) policy { return policy{Version: "2012-10-17", Statement: sts} }

func allow(sid string, actions []string, resources ...any) statement {
	return statement{Sid: sid, Effect: "Allow", Action: one(actions), Resource: oneAny(resources)}
}

func one(xs []string) any {
	if len(xs) == 1 {
		return xs[0]
	}
	return xs
}

func oneAny(xs []any) any {
	if len(xs) == 1 {
		return xs[0]
	}
	return xs
}

// sidPart turns a target name into something usable inside a Sid, which IAM
// limits to ASCII letters and digits: "prod-eu" → "ProdEu".
func sidPart(name string) string {
	var b strings.Builder
	up := true
	for _, r := range name {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// refs are the values that differ between a policy inside a CloudFormation
// template (intrinsics) and the same policy as a standalone document
// (literal ARNs).
type refs struct {
	bucketArn  any // the artifact bucket ARN
	objectsArn any // bucketArn + "/*"
	toolsRoot  any // account A's root
}

func literalRefs(p *plan, st store) refs {
	return refs{
		bucketArn:  p.bucketArn(st),
		objectsArn: p.bucketArn(st) + "/*",
		toolsRoot:  p.root(p.tools),
	}
}

// templateRefs are the refs inside a tools template, where the bucket is a
// resource of the same stack.
func templateRefs() refs {
	return refs{
		bucketArn:  getAtt("ArtifactBucket.Arn"),
		objectsArn: sub("${ArtifactBucket.Arn}/*"),
		toolsRoot:  sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"),
	}
}

// actionRoleIs is the condition that narrows a grant to a target account's
// root down to its action role. Naming the root (which always exists) rather
// than the role lets the stacks deploy in any order: KMS and S3 reject a
// policy whose principal is a role that does not exist yet.
func actionRoleIs(t target) conditions {
	return principalArnIs(t.actionRoleArn)
}

// readersAre narrows a grant to the roles of t's account that read artifacts.
func readersAre(t target) conditions {
	return principalArnIs(t.readers()...)
}

func principalArnIs(arns ...string) conditions {
	return conditions{"ArnEquals": {"aws:PrincipalArn": one(arns)}}
}

// keyPolicy is the artifact key's policy for the store's region.
// Statements: account A's root keeps full control (so IAM policies in A —
// the pipeline role's — can use the key, and the key is never left without
// an administrator); optional key administrators; per target, use of the
// key by its action role (decrypt always, encrypt only where the action
// writes artifacts) and grants only for AWS resources.
func keyPolicy(p *plan, st store, r refs) policy {
	sts := []statement{{
		Sid:       "EnableRootPermissions",
		Effect:    "Allow",
		Principal: principal{AWS: r.toolsRoot},
		Action:    "kms:*",
		Resource:  "*",
	}}
	if admins := p.s.Tools.KeyAdministrators; len(admins) > 0 {
		sts = append(sts, statement{
			Sid:       "AllowKeyAdministrators",
			Effect:    "Allow",
			Principal: principal{AWS: one(admins)},
			Action: []string{
				"kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*",
				"kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*",
				"kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
			},
			Resource: "*",
		})
	}
	for _, t := range p.targetsIn(st.region) {
		sp := sidPart(t.Name)
		sts = append(sts, statement{
			Sid:       "AllowUseOfKey" + sp,
			Effect:    "Allow",
			Principal: principal{AWS: p.root(t.AccountID)},
			Action:    kmsActions(t.writes),
			Resource:  "*",
			Condition: actionRoleIs(t),
		})
		if t.deploymentRoleArn != "" {
			sts = append(sts, statement{
				Sid:       "AllowDecrypt" + sp + "DeploymentRole",
				Effect:    "Allow",
				Principal: principal{AWS: p.root(t.AccountID)},
				Action:    kmsActions(false),
				Resource:  "*",
				Condition: principalArnIs(t.deploymentRoleArn),
			})
		}
		sts = append(sts, statement{
			Sid:       "AllowGrantsForAWSResources" + sp,
			Effect:    "Allow",
			Principal: principal{AWS: p.root(t.AccountID)},
			Action:    []string{"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"},
			Resource:  "*",
			Condition: conditions{
				"ArnEquals": {"aws:PrincipalArn": t.actionRoleArn},
				"Bool":      {"kms:GrantIsForAWSResource": "true"},
			},
		})
	}
	return newPolicy(sts...)
}

func kmsActions(writes bool) []string {
	if writes {
		return []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*"}
	}
	return []string{"kms:Decrypt", "kms:DescribeKey"}
}

// bucketPolicy is the artifact bucket's policy for the store's region: TLS
// only, uploads only SSE-KMS, and per target read on the objects, list on the
// bucket, and write only where its action produces artifacts.
func bucketPolicy(p *plan, st store, r refs) policy {
	sts := []statement{{
		Sid:       "DenyInsecureTransport",
		Effect:    "Deny",
		Principal: "*",
		Action:    "s3:*",
		Resource:  []any{r.bucketArn, r.objectsArn},
		Condition: conditions{"Bool": {"aws:SecureTransport": "false"}},
	}, {
		Sid:       "DenyUnencryptedObjectUploads",
		Effect:    "Deny",
		Principal: "*",
		Action:    "s3:PutObject",
		Resource:  r.objectsArn,
		Condition: conditions{"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
	}}
	for _, t := range p.targetsIn(st.region) {
		sp := sidPart(t.Name)
		pr := principal{AWS: p.root(t.AccountID)}
		sts = append(sts, statement{
			Sid: "AllowRead" + sp, Effect: "Allow", Principal: pr,
			Action:    []string{"s3:GetObject", "s3:GetObjectVersion"},
			Resource:  r.objectsArn,
			Condition: readersAre(t),
		}, statement{
			Sid: "AllowList" + sp, Effect: "Allow", Principal: pr,
			Action:    []string{"s3:GetBucketLocation", "s3:ListBucket"},
			Resource:  r.bucketArn,
			Condition: readersAre(t),
		})
		if t.writes {
			sts = append(sts, statement{
				Sid: "AllowWrite" + sp, Effect: "Allow", Principal: pr,
				Action:    "s3:PutObject",
				Resource:  r.objectsArn,
				Condition: actionRoleIs(t),
			})
		}
	}
	return newPolicy(sts...)
}

// pipelineTrust lets CodePipeline assume the pipeline role.
func pipelineTrust() policy {
	return newPolicy(statement{
		Sid:       "TrustCodePipeline",
		Effect:    "Allow",
		Principal: principal{Service: "codepipeline.amazonaws.com"},
		Action:    "sts:AssumeRole",
	})
}

// pipelineRolePolicy is the least-privilege policy of the pipeline role:
// artifacts in every store, the keys, the action roles, the source and the
// build. mainBucket/mainObjects/mainKey are the main store's values (which
// are intrinsics inside tools-account.yaml).
//
// Permissions per provider follow the CodePipeline user guide, "Manage the
// CodePipeline service role" (how-to-custom-role) and the action references.
func pipelineRolePolicy(p *plan, mainBucket, mainObjects, mainKey any) policy {
	buckets := []any{mainBucket}
	objects := []any{mainObjects}
	keys := []any{mainKey}
	for _, st := range p.stores[1:] {
		buckets = append(buckets, p.bucketArn(st))
		objects = append(objects, p.bucketArn(st)+"/*")
		k, _ := p.keyArn(st)
		keys = append(keys, k)
	}
	sts := []statement{
		allow("ArtifactObjects", []string{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"}, objects...),
		allow("ArtifactBuckets", []string{"s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:ListBucket"}, buckets...),
		allow("ArtifactKeys", []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*"}, keys...),
	}
	var roles []any
	for _, t := range p.targets {
		roles = append(roles, t.actionRoleArn)
	}
	roles = dedupe(roles)
	sts = append(sts, allow("AssumeActionRoles", []string{"sts:AssumeRole"}, roles...))
	sts = append(sts, sourceStatements(p)...)
	if b := p.s.Build; b != nil {
		sts = append(sts, allow("Build", []string{"codebuild:BatchGetBuilds", "codebuild:StartBuild"},
			fmt.Sprintf("arn:%s:codebuild:%s:%s:project/%s", p.partition, p.region, p.tools, b.ProjectName)))
	}
	return newPolicy(sts...)
}

func sourceStatements(p *plan) []statement {
	src := p.s.Source
	switch src.Provider {
	case model.SourceConnection:
		// Connections made as CodeStar connections and as CodeConnections
		// answer to their own service prefix.
		action := "codestar-connections:UseConnection"
		if strings.HasPrefix(src.ConnectionArn, "arn:"+p.partition+":codeconnections:") {
			action = "codeconnections:UseConnection"
		}
		return []statement{allow("SourceConnection", []string{action}, src.ConnectionArn)}
	case model.SourceCodeCommit:
		return []statement{allow("SourceCodeCommit", []string{
			"codecommit:CancelUploadArchive", "codecommit:GetBranch", "codecommit:GetCommit",
			"codecommit:GetRepository", "codecommit:GetUploadArchiveStatus", "codecommit:UploadArchive",
		}, fmt.Sprintf("arn:%s:codecommit:%s:%s:%s", p.partition, p.region, p.tools, src.Repository))}
	case model.SourceS3:
		return []statement{
			allow("SourceObject", []string{"s3:GetObject", "s3:GetObjectVersion"},
				fmt.Sprintf("arn:%s:s3:::%s/%s", p.partition, src.Bucket, src.ObjectKey)),
			allow("SourceBucket", []string{"s3:GetBucketVersioning"},
				fmt.Sprintf("arn:%s:s3:::%s", p.partition, src.Bucket)),
		}
	case model.SourceECR:
		return []statement{allow("SourceImage", []string{"ecr:DescribeImages"},
			fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", p.partition, p.region, p.tools, src.ImageRepository))}
	}
	return nil
}

func dedupe(xs []any) []any {
	var out []any
	seen := map[any]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// actionRoleTrust admits account A's root, narrowed to the pipeline role by
// aws:PrincipalArn: the role stays assumable if the pipeline role is
// re-created, and the stack deploys before the pipeline role exists.
func actionRoleTrust(p *plan) policy {
	return newPolicy(statement{
		Sid:       "TrustPipelineRole",
		Effect:    "Allow",
		Principal: principal{AWS: p.root(p.tools)},
		Action:    "sts:AssumeRole",
		Condition: conditions{"ArnEquals": {"aws:PrincipalArn": p.roleArn}},
	})
}

// deploymentRolePolicy lets a CloudFormation deployment role read the
// artifacts: CloudFormation deploys with it, and a template may point at code
// in the artifact (as AWS CDK's CloudFormation deploy action grants too).
// What the stack's resources need is the user's to add.
func deploymentRolePolicy(p *plan, t target) policy {
	st := p.storeFor(t.region)
	key, _ := p.keyArn(st)
	return newPolicy(
		allow("ReadArtifacts", []string{"s3:GetObject", "s3:GetObjectVersion"}, p.bucketArn(st)+"/*"),
		allow("UseArtifactKey", kmsActions(false), key),
	)
}

// serviceTrust lets an AWS service assume a role.
func serviceTrust(sid, service string) policy {
	return newPolicy(statement{
		Sid:       sid,
		Effect:    "Allow",
		Principal: principal{Service: service},
		Action:    "sts:AssumeRole",
	})
}

// actionRolePolicy is what the cross-account action role of t may do:
// read (and, where its action writes, write) the artifacts, use the key,
// and the permissions of its deploy provider. Sources: CodePipeline user
// guide "action-reference-ECSbluegreen", "action-reference-ECS",
// "action-reference-CodeDeploy", "action-reference-CloudFormation" and
// "how-to-custom-role" (service role permissions per action), and
// "pipelines-create-cross-account" (artifact and key access).
func actionRolePolicy(p *plan, t target) policy {
	st := p.storeFor(t.region)
	key, _ := p.keyArn(st) // key/* until known: the key policy in A restricts
	s3Sid, s3Actions := "ReadArtifacts", []string{"s3:GetObject", "s3:GetObjectVersion"}
	if t.writes {
		s3Sid, s3Actions = "ReadWriteArtifacts", append(s3Actions, "s3:PutObject")
	}
	sts := []statement{
		allow(s3Sid, s3Actions, p.bucketArn(st)+"/*"),
		allow("UseArtifactKey", kmsActions(t.writes), key),
	}
	part, region, acct := p.partition, t.region, t.AccountID
	cdArns := func(app, group string) []statement {
		return []statement{
			allow("CodeDeployApplication", []string{
				"codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision",
			}, fmt.Sprintf("arn:%s:codedeploy:%s:%s:application:%s", part, region, acct, app)),
			allow("CodeDeployDeployment", []string{"codedeploy:CreateDeployment", "codedeploy:GetDeployment"},
				fmt.Sprintf("arn:%s:codedeploy:%s:%s:deploymentgroup:%s/%s", part, region, acct, app, group)),
			allow("CodeDeployConfig", []string{"codedeploy:GetDeploymentConfig"},
				fmt.Sprintf("arn:%s:codedeploy:%s:%s:deploymentconfig:*", part, region, acct)),
		}
	}
	passToECS := func(roles ...string) statement {
		var rs []any
		for _, r := range roles {
			if r != "" {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			// No task role named: any role of the account, but only to ECS tasks.
			rs = []any{fmt.Sprintf("arn:%s:iam::%s:role/*", part, acct)}
		}
		s := allow("PassTaskRoles", []string{"iam:PassRole"}, dedupe(rs)...)
		s.Condition = conditions{"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
		return s
	}
	taskDefs := fmt.Sprintf("arn:%s:ecs:%s:%s:task-definition/*", part, region, acct)
	d := t.Deploy
	switch d.Kind {
	case model.DeployCodeDeployToECS:
		c := d.CodeDeployToECS
		sts = append(sts, cdArns(c.Application, c.DeploymentGroup)...)
		sts = append(sts,
			allow("RegisterTaskDefinition", []string{"ecs:RegisterTaskDefinition"}, "*"),
			allow("TagTaskDefinition", []string{"ecs:TagResource"}, taskDefs),
			passToECS(c.TaskRoleArn, c.ExecutionRoleArn))
	case model.DeployECS:
		e := d.ECS
		sts = append(sts,
			allow("UpdateService", []string{"ecs:DescribeServices", "ecs:UpdateService"},
				fmt.Sprintf("arn:%s:ecs:%s:%s:service/%s/%s", part, region, acct, e.Cluster, e.Service)),
			allow("TaskDefinitions", []string{
				"ecs:DescribeTaskDefinition", "ecs:DescribeTasks", "ecs:ListTasks", "ecs:RegisterTaskDefinition",
			}, "*"),
			allow("TagTaskDefinition", []string{"ecs:TagResource"}, taskDefs),
			passToECS(e.TaskRoleArn, e.ExecutionRoleArn))
	case model.DeployCodeDeploy:
		c := d.CodeDeploy
		sts = append(sts, cdArns(c.Application, c.DeploymentGroup)...)
	case model.DeployCloudFormation:
		c := d.CloudFormation
		sts = append(sts,
			allow("DeployStack", []string{
				"cloudformation:CreateChangeSet", "cloudformation:CreateStack", "cloudformation:DeleteChangeSet",
				"cloudformation:DeleteStack", "cloudformation:DescribeChangeSet", "cloudformation:DescribeStackEvents",
				"cloudformation:DescribeStacks", "cloudformation:ExecuteChangeSet", "cloudformation:SetStackPolicy",
				"cloudformation:UpdateStack",
			}, fmt.Sprintf("arn:%s:cloudformation:%s:%s:stack/%s/*", part, region, acct, c.StackName)),
			allow("ValidateTemplate", []string{"cloudformation:ValidateTemplate"}, "*"))
		pass := allow("PassDeploymentRole", []string{"iam:PassRole"}, p.roleArnIn(acct, c.DeploymentRoleName))
		pass.Condition = conditions{"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}}
		sts = append(sts, pass)
	}
	return newPolicy(sts...)
}
