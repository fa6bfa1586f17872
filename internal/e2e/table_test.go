package e2e

import (
	"fmt"
	"strings"
)

// Files of the setups, for the edits below.
const (
	afTools    = "tools-account.yaml"
	afTarget   = "target-account.yaml"
	afPolicy   = "pipeline-role-policy.json"
	afPipeline = "pipeline.json"
	cdkTools   = "PipelineStack.template.json"
	cdkTarget  = "TargetStack.template.json"
	config     = ".xacct-lint.yaml"
)

// Statements of article-fixed/tools-account.yaml, as written.
const (
	afReadStmt = `          - Effect: Allow
            Action:
              - 's3:GetObject'
              - 's3:GetObjectVersion'
            Principal:
              AWS: 'arn:aws:iam::222222222222:root'
`
	afTLSStmt = `          - Effect: Deny
            Action: 's3:*'
            Principal: '*'
            Resource:
              - !Sub '${ArtifactBucket.Arn}/*'
              - !GetAtt ArtifactBucket.Arn
            Condition:
              Bool:
                aws:SecureTransport: false
`
	afUseStmt = `              "Sid" : "Allow use of the key",
              "Effect" : "Allow",
              "Principal" : {
                "AWS" : [
                  "arn:aws:iam::222222222222:root",
                  "arn:aws:iam::111111111111:role/cross-pipeline-role"
                ]`
	afGrantCond = `              "Resource" : "*",
              "Condition" : {
                "Bool" : {
                  "kms:GrantIsForAWSResource" : "true"
                }
              }`
	afTrust = `            Principal:
              AWS: arn:aws:iam::111111111111:root
            Action: sts:AssumeRole
            Condition:
              ArnEquals:
                aws:PrincipalArn: arn:aws:iam::111111111111:role/cross-pipeline-role
`
	afPassRole = `                  "Resource": [
                    "arn:aws:iam::222222222222:role/cross-app-task-role",
                    "arn:aws:iam::222222222222:role/cross-app-task-execution-role"
                  ],
                  "Condition": {
                    "StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}
                  },
`
)

// replaceIn replaces old with new inside context, a text that occurs once
// in file and contains old once.
func replaceIn(file, context, old, new string) edit {
	return edit{file, func(data []byte) ([]byte, error) {
		if n := strings.Count(context, old); n != 1 {
			return nil, fmt.Errorf("%q occurs %d times in %q, want once", old, n, context)
		}
		return sub(file, context, strings.Replace(context, old, new, 1)).apply(data)
	}}
}

// stmtWith returns the statement of the policy document at path whose
// Action is action.
func stmtWith(doc any, action string, path ...any) (map[string]any, error) {
	l, err := at(doc, append(path, "Statement")...)
	if err != nil {
		return nil, err
	}
	list, _ := l.([]any)
	for _, x := range list {
		if m, ok := x.(map[string]any); ok && m["Action"] == action {
			return m, nil
		}
	}
	return nil, fmt.Errorf("%v: no statement with Action %q", path, action)
}

// Paths into the CDK templates and pipeline.json files.
var (
	cdkPipelinePolicy = []any{"Resources", "PipelineRoleDefaultPolicyC7A05455", "Properties", "PolicyDocument"}
	cdkKeyPolicy      = []any{"Resources", "PipelineArtifactsBucketEncryptionKey01D58D69", "Properties", "KeyPolicy"}
	cdkBucketPolicy   = []any{"Resources", "PipelineArtifactsBucketPolicyD4F9712A", "Properties", "PolicyDocument"}
	cdkStore          = []any{"Resources", "PipelineC660917D", "Properties", "ArtifactStore"}
	cdkActionTrust    = []any{"Resources", "PipelineDeployActionRole6B3F9A1C", "Properties", "AssumeRolePolicyDocument", "Statement", 0}
	afDeployAction    = []any{"pipeline", "stages", 2, "actions", 0}
	cdkDeployAction   = []any{"Resources", "PipelineC660917D", "Properties", "Stages", 2, "Actions", 0}
)

// mutations is the table of TestMutations: at least one documented
// mistake per rule of the catalogue.
var mutations = []mutation{
	// XA0xx: documents as such.
	{setup: "article-fixed", name: "comment in pipeline.json", want: []string{"XA001"},
		edits: []edit{sub(afPipeline, `"pipeline": {`, `"pipeline": { // ~~省略~~`)}},
	{setup: "article-fixed", name: "placeholder left in a Resource", want: []string{"XA002"},
		edits: []edit{sub(afPolicy, `"arn:aws:codebuild:ap-northeast-1:111111111111:project/cross-pipeline-build"`, `"<CodeBuildのArn>"`)}},
	{setup: "article-fixed", name: "11-digit account in the action's roleArn", want: []string{"XA003"},
		edits: []edit{sub(afPipeline, `arn:aws:iam::222222222222:role/cross-account-action-role`, `arn:aws:iam::22222222222:role/cross-account-action-role`)}},
	{setup: "article-fixed", name: "bucket policy: s3:HeadObject (no such action)", want: []string{"XA004"},
		edits: []edit{replaceIn(afTools, afReadStmt, "              - 's3:GetObjectVersion'\n", "              - 's3:GetObjectVersion'\n              - 's3:HeadObject'\n")}},
	{setup: "cdk-style", name: "action role: kms:ReEncrypt (no such action)", want: []string{"XA004"},
		edits: []edit{sub(cdkTarget, `"kms:DescribeKey"
       ],`, `"kms:DescribeKey",
        "kms:ReEncrypt"
       ],`)}},
	{setup: "article-fixed", name: `Effect "allow" (lower case)`, want: []string{"XA005"},
		edits: []edit{sub(afPolicy, `cross-pipeline-build",
      "Effect": "Allow"`, `cross-pipeline-build",
      "Effect": "allow"`)}},

	// XA1xx: the key.
	{setup: "article-fixed", name: "artifact store without encryptionKey", want: []string{"XA101"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error { return del(d, "encryptionKey", "pipeline", "artifactStore") })}},
	{setup: "cdk-style", name: "ArtifactStore without EncryptionKey", want: []string{"XA101"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error { return del(d, "EncryptionKey", cdkStore...) })}},
	{setup: "article-fixed", name: "encryptionKey.id is the key's alias", want: []string{"XA102"},
		edits: []edit{sub(afPipeline, `"arn:aws:kms:ap-northeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"`, `"alias/codepipeline-artifacts"`)}},
	{setup: "cdk-style", name: "EncryptionKey.Id is Ref of the key (bare key ID)", want: []string{"XA102"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error {
			return set(d, "Id", map[string]any{"Ref": "PipelineArtifactsBucketEncryptionKey01D58D69"}, append(cdkStore, "EncryptionKey")...)
		})}},
	{setup: "article-fixed", name: "key policy: account B's root removed", want: []string{"XA103"},
		edits: []edit{replaceIn(afTools, afUseStmt, `                  "arn:aws:iam::222222222222:root",
`, "")}},
	{setup: "cdk-style", name: "key policy: statement for account B removed", want: []string{"XA103"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error { return delIndex(d, "Statement", 1, cdkKeyPolicy...) })}},
	{setup: "article", name: "key policy: target statement removed", want: []string{"XA103"},
		edits: []edit{sub("tools-account.yaml", `          - Sid: AllowUseOfKeyProd
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::222222222222:root
            Action:
              - kms:Decrypt
              - kms:DescribeKey
            Resource: "*"
            Condition:
              ArnEquals:
                aws:PrincipalArn: arn:aws:iam::222222222222:role/cross-account-codedeploy-role
`, "")}},
	{setup: "cdk-style", name: "pipeline role: KMS statement removed", want: []string{"XA104"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error { return delIndex(d, "Statement", 1, cdkPipelinePolicy...) })}},
	{setup: "cdk-style", name: "key policy: root may only use the key", want: []string{"XA105"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error {
			return set(d, "Action", []any{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}, append(cdkKeyPolicy, "Statement", 0)...)
		})}},
	{setup: "article-fixed", name: `key policy: administrators are "*"`, want: []string{"XA106"},
		edits: []edit{sub(afTools, `"AWS" : "arn:aws:iam::111111111111:role/KeyAdmin"`, `"AWS" : "*"`)}},
	{setup: "article-fixed", name: "key policy: CreateGrant without GrantIsForAWSResource", want: []string{"XA107"},
		edits: []edit{sub(afTools, afGrantCond, `              "Resource" : "*"`)}},
	{setup: "article-fixed", name: "key spec RSA_2048", want: []string{"XA108"},
		edits: []edit{sub(afTools, "KeySpec: SYMMETRIC_DEFAULT", "KeySpec: RSA_2048")}},
	// The action role may decrypt with the key's real ARN only: XA602 follows.
	{setup: "article-fixed", name: "encryptionKey.id: the key ARN with us-east-1", want: []string{"XA109", "XA602"},
		edits: []edit{sub(afPipeline, `"arn:aws:kms:ap-northeast-1:111111111111:key/`, `"arn:aws:kms:us-east-1:111111111111:key/`)}},
	// The eu action role may decrypt with the eu key only: XA602 follows.
	{setup: "cross-region", name: "eu-west-1 store uses the us-east-1 key", want: []string{"XA109", "XA602"},
		edits: []edit{sub(afPipeline, `"arn:aws:kms:eu-west-1:111111111111:key/7b2e1f4c-3c5d-4e6f-8a91-2b3c4d5e6f70"`, `"arn:aws:kms:us-east-1:111111111111:key/6a1f0e3d-2b4c-4d5e-9f80-1a2b3c4d5e6f"`)}},
	{setup: "cdk-style", name: "key rotation off", info: []string{"XA110"},
		edits: []edit{sub(cdkTools, `"EnableKeyRotation": true`, `"EnableKeyRotation": false`)}},
	{setup: "cdk-style", name: "CodeBuild project without EncryptionKey", want: []string{"XA111"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error {
			return del(d, "EncryptionKey", "Resources", "BuildProject097C5DB7", "Properties")
		})}},

	// XA2xx: the bucket.
	{setup: "article-fixed", name: "bucket policy: read granted to another account", want: []string{"XA201"},
		edits: []edit{replaceIn(afTools, afReadStmt, "222222222222", "333333333333")}},
	{setup: "cdk-style", name: "bucket policy: grant to account B removed", want: []string{"XA201"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error { return delIndex(d, "Statement", 1, cdkBucketPolicy...) })}},
	{setup: "article-fixed", name: "bucket policy: ListBucket only on bucket/*", want: []string{"XA202"},
		edits: []edit{sub(afTools, "              - !GetAtt ArtifactBucket.Arn\n\n  KMSKey:", "\n  KMSKey:")}},
	{setup: "article-fixed", name: "action role: GetObject on the bucket ARN", want: []string{"XA203", "XA601"},
		edits: []edit{sub(afTarget, `"Resource": "arn:aws:s3:::artifact-bucket/*"`, `"Resource": "arn:aws:s3:::artifact-bucket"`)}},
	{setup: "article-fixed", name: "bucket policy: no aws:SecureTransport Deny", want: []string{"XA204"},
		edits: []edit{sub(afTools, afTLSStmt, "")}},
	{setup: "article-fixed", name: "default encryption AES256", want: []string{"XA205"},
		edits: []edit{sub(afTools, "              SSEAlgorithm: aws:kms\n              KMSMasterKeyID: !GetAtt KMSKey.Arn\n", "              SSEAlgorithm: AES256\n")}},
	{setup: "article-fixed", name: "bucket policy: read granted to *", want: []string{"XA206"},
		edits: []edit{replaceIn(afTools, afReadStmt, "AWS: 'arn:aws:iam::222222222222:root'", "AWS: '*'")}},
	// Without PublicAccessBlockConfiguration, S3 blocks public access by
	// default (since April 2023): turning it off is the mistake.
	{setup: "cdk-style", name: "BlockPublicPolicy false", want: []string{"XA206"},
		edits: []edit{sub(cdkTools, `"BlockPublicPolicy": true`, `"BlockPublicPolicy": false`)}},
	{setup: "article-fixed", name: "bucket policy: s3:* for account B", want: []string{"XA207", "XA210"},
		edits: []edit{replaceIn(afTools, afReadStmt, "              - 's3:GetObject'\n              - 's3:GetObjectVersion'\n", "              - 's3:*'\n")}},
	{setup: "article-fixed", name: "versioning suspended", info: []string{"XA208"},
		edits: []edit{sub(afTools, "Status: Enabled", "Status: Suspended")}},
	{setup: "two-targets", name: "prod action role: s3:PutObject removed", want: []string{"XA209"},
		edits: []edit{sub("target-prod.yaml", "                  - s3:GetObjectVersion\n                  - s3:PutObject\n", "                  - s3:GetObjectVersion\n")}},
	{setup: "two-targets", name: "bucket policy: prod's write grant removed", want: []string{"XA209"},
		edits: []edit{sub("tools-account.yaml", `          - Sid: AllowWriteProd
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::333333333333:root
            Action: s3:PutObject
            Resource: !Sub '${ArtifactBucket.Arn}/*'
            Condition:
              ArnEquals:
                aws:PrincipalArn: arn:aws:iam::333333333333:role/two-targets-prod-deploy
`, "")}},
	{setup: "article-fixed", name: "bucket policy: account B may s3:PutObject", want: []string{"XA210"},
		edits: []edit{replaceIn(afTools, afReadStmt, "              - 's3:GetObjectVersion'\n", "              - 's3:GetObjectVersion'\n              - 's3:PutObject'\n")}},

	// XA3xx: the pipeline declaration.
	{setup: "article-fixed", name: "roleArn on a Custom action", want: []string{"XA301"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error {
			return set(d, "owner", "Custom", append(afDeployAction, "actionTypeId")...)
		})}},
	{setup: "cdk-style", name: "pipeline resource: RoleArn on a Custom action", want: []string{"XA301"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error {
			return set(d, "Owner", "Custom", append(cdkDeployAction, "ActionTypeId")...)
		})}},
	{setup: "cdk-style", name: "pipeline resource: ArtifactStore and ArtifactStores", want: []string{"XA302"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error {
			store, err := at(d, cdkStore...)
			if err != nil {
				return err
			}
			return set(d, "ArtifactStores", []any{map[string]any{"Region": "eu-west-1", "ArtifactStore": store}}, cdkStore[:len(cdkStore)-1]...)
		})}},
	{setup: "cdk-style", name: "pipeline resource: RunOrder 0", want: []string{"XA304"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error { return set(d, "RunOrder", 0, cdkDeployAction...) })}},
	{setup: "article-fixed", name: "both artifactStore and artifactStores", want: []string{"XA302"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error {
			store, err := at(d, "pipeline", "artifactStore")
			if err != nil {
				return err
			}
			return set(d, "artifactStores", map[string]any{"ap-northeast-1": store}, "pipeline")
		})}},
	{setup: "cross-region", name: "artifactStores without ap-southeast-2", want: []string{"XA303"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error { return del(d, "ap-southeast-2", "pipeline", "artifactStores") })}},
	{setup: "article-fixed", name: "action in another region, single artifactStore", want: []string{"XA303"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error { return set(d, "region", "us-west-2", afDeployAction...) })}},
	{setup: "article-fixed", name: "runOrder 1000", want: []string{"XA304"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error { return set(d, "runOrder", 1000, afDeployAction...) })}},
	// AppSpecTemplatePath and TaskDefinitionTemplatePath have defaults;
	// the artifacts do not.
	{setup: "article-fixed", name: "CodeDeployToECS without TaskDefinitionTemplateArtifact", want: []string{"XA305"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error {
			return del(d, "TaskDefinitionTemplateArtifact", append(afDeployAction, "configuration")...)
		})}},
	{setup: "two-targets", name: "ECS deploy without ClusterName", want: []string{"XA306"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error {
			return del(d, "ClusterName", "pipeline", "stages", 2, "actions", 0, "configuration")
		})}},
	{setup: "article-fixed", name: "metadata from get-pipeline left in", want: []string{"XA307"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error {
			d["metadata"] = map[string]any{"pipelineArn": "arn:aws:codepipeline:ap-northeast-1:111111111111:cross-pipeline"}
			return nil
		})}},
	{setup: "two-targets", name: "pipelineType V1 with QUEUED execution", want: []string{"XA308"},
		edits: []edit{jsonEdit(afPipeline, func(d map[string]any) error {
			if err := set(d, "pipelineType", "V1", "pipeline"); err != nil {
				return err
			}
			return set(d, "executionMode", "QUEUED", "pipeline")
		})}},
	// With ObjectOwnership BucketOwnerEnforced (the default) the reader
	// can be granted what another account wrote: ObjectWriter breaks it.
	{setup: "two-targets", name: "staging deploys prod's outputs, bucket ObjectWriter", want: []string{"XA309"},
		edits: []edit{sub("tools-account.yaml", "        RestrictPublicBuckets: true\n      VersioningConfiguration:", `        RestrictPublicBuckets: true
      OwnershipControls:
        Rules:
          - ObjectOwnership: ObjectWriter
      VersioningConfiguration:`), jsonEdit(afPipeline, func(d map[string]any) error {
			p, err := objAt(d, "pipeline")
			if err != nil {
				return err
			}
			st := p["stages"].([]any)
			if len(st) != 4 {
				return fmt.Errorf("%d stages, want 4", len(st))
			}
			st[2], st[3] = st[3], st[2]
			return set(d, "inputArtifacts", []any{map[string]any{"name": "ProdStackOutputs"}}, "pipeline", "stages", 3, "actions", 0)
		})}},

	// XA4xx: the pipeline role.
	{setup: "cdk-style", name: "pipeline role: sts:AssumeRole dropped", want: []string{"XA401"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error {
			st, err := stmtWith(d, "sts:AssumeRole", cdkPipelinePolicy...)
			if err != nil {
				return err
			}
			st["Action"] = "sts:TagSession"
			return nil
		})}},
	{setup: "article", name: "pipeline role: AssumeActionRoles removed", want: []string{"XA401"},
		edits: []edit{sub("tools-account.yaml", `              - Sid: AssumeActionRoles
                Effect: Allow
                Action: sts:AssumeRole
                Resource: arn:aws:iam::222222222222:role/cross-account-codedeploy-role
`, "")}},
	{setup: "cdk-style", name: `pipeline role: sts:AssumeRole on "*"`, want: []string{"XA402"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error {
			st, err := stmtWith(d, "sts:AssumeRole", cdkPipelinePolicy...)
			if err != nil {
				return err
			}
			st["Resource"] = "*"
			return nil
		})}},
	{setup: "article-fixed", name: "ignore entry that matches no finding", info: []string{"XA000"},
		edits: []edit{sub(config, "documents:\n", "ignore:\n  - {rule: XA201, path: \"tools-account.yaml\", reason: \"account B reads through another bucket\"}\ndocuments:\n")}},
	{setup: "cdk-style", name: "pipeline role trusts codebuild.amazonaws.com", want: []string{"XA403"},
		edits: []edit{sub(cdkTools, `"Service": "codepipeline.amazonaws.com"`, `"Service": "codebuild.amazonaws.com"`)}},
	{setup: "cdk-style", name: "pipeline role: S3 statement removed", want: []string{"XA404"},
		edits: []edit{jsonEdit(cdkTools, func(d map[string]any) error { return delIndex(d, "Statement", 0, cdkPipelinePolicy...) })}},

	// XA5xx: the action role's trust.
	{setup: "article-fixed", name: "action role trusts another account", want: []string{"XA501"},
		edits: []edit{replaceIn(afTarget, afTrust, "AWS: arn:aws:iam::111111111111:root", "AWS: arn:aws:iam::444444444444:root")}},
	{setup: "cdk-style", name: "trust condition names another role", want: []string{"XA501"},
		edits: []edit{sub(cdkTarget, `":iam::111111111111:role/pipelinestack-pipelinerole-d68726f7"`, `":iam::111111111111:role/pipelinestack-otherrole"`)}},
	{setup: "article-fixed", name: "trust action sts:AssumeRoleWithWebIdentity", want: []string{"XA501", "XA502"},
		edits: []edit{replaceIn(afTarget, afTrust, "Action: sts:AssumeRole", "Action: sts:AssumeRoleWithWebIdentity")}},
	{setup: "article-fixed", name: "trust requires sts:ExternalId", want: []string{"XA503"},
		edits: []edit{sub(afTarget, afTrust, afTrust+"              StringEquals:\n                sts:ExternalId: pipeline-1\n")}},
	{setup: "article-fixed", name: "trust by root without aws:PrincipalArn", info: []string{"XA504"},
		edits: []edit{sub(afTarget, afTrust, `            Principal:
              AWS: arn:aws:iam::111111111111:root
            Action: sts:AssumeRole
`)}},
	{setup: "cdk-style", name: "trust by the pipeline role's ARN", info: []string{"XA505"},
		edits: []edit{jsonEdit(cdkTarget, func(d map[string]any) error {
			if err := del(d, "Condition", cdkActionTrust...); err != nil {
				return err
			}
			return set(d, "Principal", map[string]any{"AWS": "arn:aws:iam::111111111111:role/pipelinestack-pipelinerole-d68726f7"}, cdkActionTrust...)
		})}},
	{setup: "article-fixed", name: "action role also trusts codedeploy.amazonaws.com", info: []string{"XA506"},
		edits: []edit{sub(afTarget, afTrust, afTrust+`          - Effect: Allow
            Principal:
              Service: codedeploy.amazonaws.com
            Action: sts:AssumeRole
`)}},

	// XA6xx: the action role's permissions.
	{setup: "article-fixed", name: "action role reads another bucket", want: []string{"XA601"},
		edits: []edit{sub(afTarget, `"arn:aws:s3:::artifact-bucket/*"`, `"arn:aws:s3:::other-bucket/*"`)}},
	{setup: "article-fixed", name: "action role decrypts another key", want: []string{"XA602"},
		edits: []edit{sub(afTarget, "key/1234abcd-12ab-34cd-56ef-1234567890ab", "key/ffffffff-12ab-34cd-56ef-1234567890ab")}},
	{setup: "cross-region", name: "eu action role decrypts the us-east-1 key", want: []string{"XA602"},
		edits: []edit{sub("target-eu.yaml", "arn:aws:kms:eu-west-1:111111111111:key/7b2e1f4c-3c5d-4e6f-8a91-2b3c4d5e6f70", "arn:aws:kms:us-east-1:111111111111:key/6a1f0e3d-2b4c-4d5e-9f80-1a2b3c4d5e6f")}},
	{setup: "article-fixed", name: "action role without codedeploy:CreateDeployment", want: []string{"XA603"},
		edits: []edit{sub(afTarget, `"codedeploy:CreateDeployment",`, ``)}},
	{setup: "cross-region", name: "EC2 CodeDeploy role without codedeploy:CreateDeployment", want: []string{"XA603"},
		edits: []edit{sub("target-apac.yaml", "                  - codedeploy:CreateDeployment\n", "")}},
	{setup: "article-fixed", name: "action role without ecs:RegisterTaskDefinition", want: []string{"XA604"},
		edits: []edit{sub(afTarget, `"ecs:RegisterTaskDefinition",`, ``)}},
	{setup: "article-fixed", name: "action role without iam:PassRole", want: []string{"XA605"},
		edits: []edit{sub(afTarget, `"Action": "iam:PassRole"`, `"Action": "iam:GetRole"`)}},
	{setup: "cdk-style", name: "action role: iam:PassRole dropped", want: []string{"XA605"},
		edits: []edit{sub(cdkTarget, `"Action": "iam:PassRole"`, `"Action": "iam:GetRole"`)}},
	{setup: "article-fixed", name: `iam:PassRole on "*" without iam:PassedToService`, want: []string{"XA606"},
		edits: []edit{sub(afTarget, afPassRole, "                  \"Resource\": \"*\",\n")}},
	{setup: "two-targets", name: "ECS action role without ecs:UpdateService", want: []string{"XA607"},
		edits: []edit{sub("target-staging.yaml", "                  - ecs:UpdateService\n", "")}},
	{setup: "two-targets", name: "CFN action role cannot pass the deployment role", want: []string{"XA608"},
		edits: []edit{sub("target-prod.yaml", "                Resource: arn:aws:iam::333333333333:role/two-targets-prod-cfn\n", "                Resource: arn:aws:iam::333333333333:role/some-other-role\n")}},
	{setup: "two-targets", name: "CFN action role without cloudformation:UpdateStack", want: []string{"XA608"},
		edits: []edit{sub("target-prod.yaml", "                  - cloudformation:UpdateStack\n", "")}},
}
