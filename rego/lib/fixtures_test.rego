# Test fixtures: the reference article's setup in the JSON form of
# facts.Input, with the placeholders filled in (account A 111111111111,
# account B 222222222222). Rule tests mutate it with json.patch or by
# replacing parts (see article_with).
package xacct.test.fixtures

acct_a := "111111111111"

acct_b := "222222222222"

region := "ap-northeast-1"

pipeline_role_arn := "arn:aws:iam::111111111111:role/cross-pipeline-role"

deploy_role_arn := "arn:aws:iam::222222222222:role/cross-account-codedeploy-role"

key_arn := "arn:aws:kms:ap-northeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"

bucket_arn := "arn:aws:s3:::artifact-bucket"

loc(file, pointer) := {"file": file, "line": 1, "column": 1, "pointer": pointer}

# stmt fills a statement's defaults; parts give id, policy and the fields.
stmt(fields) := object.union(
	{
		"sid": "", "effect": "Allow", "principals": [], "notPrincipals": [],
		"actions": [], "notActions": [], "resources": [], "notResources": [], "conditions": [],
		"has": {
			"principal": count(object.get(fields, "principals", [])) > 0,
			"notPrincipal": false,
			"action": count(object.get(fields, "actions", [])) > 0,
			"notAction": false,
			"resource": count(object.get(fields, "resources", [])) > 0,
			"notResource": false,
			"condition": count(object.get(fields, "conditions", [])) > 0,
			"unknown": [],
		},
		"loc": loc("file.yaml", "/Statement"),
		"locs": {},
	},
	fields,
)

aws(value) := {"type": "AWS", "value": value, "account": account_of(value), "root": is_root(value)}

account_of(v) := v if {
	regex.match(`^[0-9]{12}$`, v)
} else := split(v, ":")[4] if {
	regex.match(`^arn:aws:iam::[0-9]{12}:`, v)
} else := ""

is_root(v) if regex.match(`^([0-9]{12}|arn:aws:iam::[0-9]{12}:root)$`, v)

else := false

everyone := {"type": "*", "value": "*", "account": "", "root": false}

# The article's documents, by policy. Each policy: kind, owner, account,
# file, statements by short name (in order of the "order" list).
policies := {
	"bucket-policy": {
		"kind": "bucket", "owner": "tools.yaml#ArtifactBucket", "account": acct_a, "file": "tools.yaml",
		"pointer": "/Resources/ArtifactBucketPolicy/Properties/PolicyDocument",
		"order": ["tls", "sse", "get-put", "list"],
	},
	"key-policy": {
		"kind": "key", "owner": "tools.yaml#KMSKey", "account": acct_a, "file": "tools.yaml",
		"pointer": "/Resources/KMSKey/Properties/KeyPolicy",
		"order": ["root", "admins", "use", "grants"],
	},
	"pipeline-policy": {
		"kind": "identity", "owner": "tools.yaml#PipelineRole", "account": acct_a, "file": "pipeline-role-policy.json",
		"pointer": "", "order": ["s3", "assume"],
	},
	"pipeline-trust": {
		"kind": "trust", "owner": "tools.yaml#PipelineRole", "account": acct_a, "file": "tools.yaml",
		"pointer": "/Resources/PipelineRole/Properties/AssumeRolePolicyDocument", "order": ["service"],
	},
	"deploy-policy": {
		"kind": "identity", "owner": "target.yaml#CodeDeployRole", "account": acct_b, "file": "target.yaml",
		"pointer": "/Resources/CodeDeployRole/Properties/Policies/0/PolicyDocument",
		"order": ["s3", "kms", "deploy"],
	},
	"deploy-trust": {
		"kind": "trust", "owner": "target.yaml#CodeDeployRole", "account": acct_b, "file": "target.yaml",
		"pointer": "/Resources/CodeDeployRole/Properties/AssumeRolePolicyDocument", "order": ["trust"],
	},
	"managed:AWSCodeDeployRoleForECS": {
		"kind": "identity", "owner": "", "account": "", "file": "", "pointer": "", "managed": "AWSCodeDeployRoleForECS",
		"order": ["passrole"],
	},
}

statements := {
	"bucket-policy": {
		"tls": stmt({
			"effect": "Deny", "principals": [everyone], "actions": ["s3:*"],
			"resources": [concat("", [bucket_arn, "/*"]), bucket_arn],
			"conditions": [{"operator": "Bool", "key": "aws:SecureTransport", "values": ["false"]}],
		}),
		"sse": stmt({
			"effect": "Deny", "principals": [everyone], "actions": ["s3:PutObject"],
			"resources": [concat("", [bucket_arn, "/*"])],
			"conditions": [{"operator": "StringNotEquals", "key": "s3:x-amz-server-side-encryption", "values": ["aws:kms"]}],
		}),
		"get-put": stmt({
			"principals": [aws("arn:aws:iam::222222222222:root")], "actions": ["s3:Get*", "s3:Put*"],
			"resources": [concat("", [bucket_arn, "/*"])],
		}),
		"list": stmt({
			"principals": [aws("arn:aws:iam::222222222222:root")], "actions": ["s3:ListBucket"],
			"resources": [concat("", [bucket_arn, "/*"]), bucket_arn],
		}),
	},
	"key-policy": {
		"root": stmt({"principals": [aws("arn:aws:iam::111111111111:root")], "actions": ["kms:*"], "resources": ["*"]}),
		"admins": stmt({
			"principals": [aws("arn:aws:iam::111111111111:role/admin")],
			"actions": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"],
			"resources": ["*"],
		}),
		"use": stmt({
			"principals": [aws("arn:aws:iam::222222222222:root"), aws(pipeline_role_arn)],
			"actions": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
			"resources": ["*"],
		}),
		"grants": stmt({
			"principals": [aws("arn:aws:iam::222222222222:root"), aws(pipeline_role_arn)],
			"actions": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
			"resources": ["*"],
			"conditions": [{"operator": "Bool", "key": "kms:GrantIsForAWSResource", "values": ["true"]}],
		}),
	},
	"pipeline-policy": {
		"s3": stmt({"actions": ["s3:Get*", "s3:PutObject"], "resources": [bucket_arn, concat("", [bucket_arn, "/*"])]}),
		"assume": stmt({"actions": ["sts:AssumeRole"], "resources": [deploy_role_arn]}),
	},
	"pipeline-trust": {"service": stmt({
		"principals": [{"type": "Service", "value": "codepipeline.amazonaws.com", "account": "", "root": false}],
		"actions": ["sts:AssumeRole"],
	})},
	"deploy-policy": {
		"s3": stmt({"actions": ["s3:GetObject*", "s3:PutObject", "s3:PutObjectAcl"], "resources": ["arn:aws:s3:::artifact-bucket/*"]}),
		"kms": stmt({"actions": ["kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt", "kms:ReEncrypt*", "kms:Decrypt"], "resources": [key_arn]}),
		"deploy": stmt({
			"actions": ["codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision", "codedeploy:GetDeploymentConfig", "ecs:RegisterTaskDefinition", "ecs:TagResource"],
			"resources": ["*"],
		}),
	},
	"deploy-trust": {"trust": stmt({
		"principals": [{"type": "Service", "value": "codedeploy.amazonaws.com", "account": "", "root": false}, aws(pipeline_role_arn)],
		"actions": ["sts:AssumeRole"],
	})},
	"managed:AWSCodeDeployRoleForECS": {"passrole": stmt({
		"actions": ["iam:PassRole"], "resources": ["*"],
		"conditions": [{"operator": "StringLike", "key": "iam:PassedToService", "values": ["ecs-tasks.amazonaws.com"]}],
	})},
}

roles := {
	"tools.yaml#PipelineRole": {
		"name": "cross-pipeline-role", "arn": pipeline_role_arn, "account": acct_a,
		"trust": "pipeline-trust", "policies": ["pipeline-policy"], "managedPolicies": [], "complete": true,
		"loc": loc("tools.yaml", "/Resources/PipelineRole"),
	},
	"target.yaml#CodeDeployRole": {
		"name": "cross-account-codedeploy-role", "arn": deploy_role_arn, "account": acct_b,
		"trust": "deploy-trust", "policies": ["deploy-policy", "managed:AWSCodeDeployRoleForECS"],
		"managedPolicies": [{
			"arn": "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS", "known": true,
			"policy": "managed:AWSCodeDeployRoleForECS", "loc": loc("target.yaml", "/Resources/CodeDeployRole/Properties/ManagedPolicyArns/0"),
		}],
		"complete": true, "loc": loc("target.yaml", "/Resources/CodeDeployRole"),
	},
}

key := {
	"id": "tools.yaml#KMSKey", "arn": key_arn, "keyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
	"account": acct_a, "region": region, "aliases": [], "keySpec": "SYMMETRIC_DEFAULT", "keyUsage": "ENCRYPT_DECRYPT",
	"rotation": "", "bypassLockout": false, "policy": "key-policy",
	"loc": loc("tools.yaml", "/Resources/KMSKey"), "locs": {},
}

bucket := {
	"id": "tools.yaml#ArtifactBucket", "name": "artifact-bucket", "arn": bucket_arn, "account": acct_a, "region": "",
	"encryption": "AES256", "kmsKey": "", "versioning": "Enabled",
	"publicAccessBlock": {"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true},
	"policies": ["bucket-policy"], "loc": loc("tools.yaml", "/Resources/ArtifactBucket"), "locs": {},
}

action(fields) := object.union(
	{
		"category": "Deploy", "owner": "AWS", "provider": "CodeDeployToECS", "version": "1",
		"roleArn": "", "role": "", "account": "", "region": "", "runOrder": "1", "namespace": "",
		"configuration": {}, "inputArtifacts": [], "outputArtifacts": [], "extra": [],
		"loc": loc("pipeline.json", "/pipeline/stages"), "locs": {},
	},
	fields,
)

pipeline := {
	"id": "pipeline.json#cross-pipeline", "source": "pipeline-json", "role": "tools.yaml#PipelineRole",
	"name": "cross-pipeline", "roleArn": pipeline_role_arn, "account": acct_a, "region": region,
	"pipelineType": "", "executionMode": "", "hasVariables": false, "hasTriggers": false,
	"hasArtifactStore": true, "hasArtifactStores": false,
	"artifactStores": [{
		"region": "", "type": "S3", "location": "artifact-bucket",
		"encryptionKey": {"id": key_arn, "type": "KMS", "loc": loc("pipeline.json", "/pipeline/artifactStore/encryptionKey")},
		"bucket": "tools.yaml#ArtifactBucket", "key": "tools.yaml#KMSKey",
		"loc": loc("pipeline.json", "/pipeline/artifactStore"),
	}],
	"stages": [
		{"name": "Source", "loc": loc("pipeline.json", "/pipeline/stages/0"), "actions": [action({
			"name": "Source", "category": "Source", "provider": "CodeCommit", "account": acct_a,
			"outputArtifacts": ["SourceArtifact"], "loc": loc("pipeline.json", "/pipeline/stages/0/actions/0"),
		})]},
		{"name": "Build", "loc": loc("pipeline.json", "/pipeline/stages/1"), "actions": [action({
			"name": "Build", "category": "Build", "provider": "CodeBuild", "account": acct_a,
			"inputArtifacts": ["SourceArtifact"], "outputArtifacts": ["BuildArtifact"],
			"loc": loc("pipeline.json", "/pipeline/stages/1/actions/0"),
		})]},
		{"name": "Deploy", "loc": loc("pipeline.json", "/pipeline/stages/2"), "actions": [action({
			"name": "Deploy", "roleArn": deploy_role_arn, "role": "target.yaml#CodeDeployRole", "account": acct_b,
			"region": region, "namespace": "DeployVariables",
			"inputArtifacts": ["BuildArtifact"],
			"loc": loc("pipeline.json", "/pipeline/stages/2/actions/0"),
			"locs": {"roleArn": loc("pipeline.json", "/pipeline/stages/2/actions/0/roleArn")},
		})]},
	],
	"extra": [], "loc": loc("pipeline.json", "/pipeline"), "locs": {},
}

parts := {
	"policies": policies,
	"statements": statements,
	"roles": roles,
	"keys": {"tools.yaml#KMSKey": key},
	"buckets": {"tools.yaml#ArtifactBucket": bucket},
	"pipelines": {"pipeline.json#cross-pipeline": pipeline},
	"values": [],
	"errors": [],
}

# build turns parts into an input document.
build(p) := {
	"version": 1,
	"files": [],
	"policies": [pol |
		some pid, pd in p.policies
		pol := {
			"id": pid, "kind": pd.kind, "owner": pd.owner, "account": pd.account, "version": "2012-10-17",
			"managed": object.get(pd, "managed", ""),
			"statements": [sid | some name in pd.order; object.get(p.statements, [pid, name], null) != null; sid := concat("#", [pid, name])],
			"loc": loc(pd.file, pd.pointer), "problems": [],
		}
	],
	"statements": [s |
		some pid, byname in p.statements
		pd := p.policies[pid]
		some name, st in byname
		s := object.union(st, {
			"id": concat("#", [pid, name]), "policy": pid, "kind": pd.kind, "owner": pd.owner, "account": pd.account,
			"loc": loc(pd.file, concat("/", [pd.pointer, "Statement", name])),
		})
	],
	"roles": [object.union(r, {"id": id}) | some id, r in p.roles],
	"keys": [k | some k in p.keys],
	"buckets": [b | some b in p.buckets],
	"pipelines": [pl | some pl in p.pipelines],
	"values": p.values,
	"unresolved": [],
	"errors": p.errors,
}

article := build(parts)

# article_with(changes) is the article with parts deep-merged from changes
# (objects merge, everything else replaces).
article_with(changes) := build(object.union(parts, changes))

# article_without(paths) is the article with parts removed, e.g.
# [["statements", "key-policy", "use"]].
article_without(paths) := build(json.remove(parts, paths))

# The deploy action, for patches: /pipelines/0/stages/2/actions/0.
deploy_action_path := "/pipelines/0/stages/2/actions/0"
