package xacct.rules.xa004_test

import data.xacct.rules.xa004
import data.xacct.test.fixtures

# A short action list standing in for data.xacct.aws.actions (the real one
# is tested through the engine in rego/xa004_test.go).
actions := {
	"s3": ["GetObject", "GetObjectVersion", "PutObject", "PutObjectAcl", "ListBucket", "GetBucketLocation"],
	"kms": [
		"CancelKeyDeletion", "CreateAlias", "CreateGrant", "CreateKey", "Decrypt", "DeleteAlias", "DescribeKey", "DisableKey",
		"EnableKey", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GetKeyPolicy", "ListAliases",
		"ListGrants", "PutKeyPolicy", "ReEncryptFrom", "ReEncryptTo", "RevokeGrant", "ScheduleKeyDeletion", "TagResource",
		"UntagResource", "UpdateAlias",
	],
	"sts": ["AssumeRole", "TagSession"],
	"codedeploy": ["CreateDeployment", "GetDeployment", "GetApplication", "GetApplicationRevision", "RegisterApplicationRevision", "GetDeploymentConfig"],
	"ecs": ["RegisterTaskDefinition", "TagResource"],
	"iam": ["PassRole"],
}

deploy_actions(acts) := fixtures.article_with({"statements": {"deploy-policy": {"s3": {"actions": acts}}}})

bucket_actions(acts) := fixtures.article_with({"statements": {"bucket-policy": {"get-put": {"actions": acts}}}})

test_article_uses_known_actions if {
	count(xa004.deny) == 0 with input as fixtures.article with data.xacct.aws.actions as actions
}

test_head_object_in_identity_policy_is_a_warning if {
	findings := xa004.deny with input as deploy_actions(["s3:GetObject", "s3:HeadObject"]) with data.xacct.aws.actions as actions
	count(findings) == 1
	some f in findings
	not f.severity
	contains(f.message, "s3:HeadObject is not an action of s3")
	contains(f.message, "write s3:GetObject instead")
	contains(f.message, "grants nothing")
	f.loc.pointer == "/Resources/CodeDeployRole/Properties/Policies/0/PolicyDocument/Statement/s3"
}

test_unknown_action_in_bucket_policy_is_an_error if {
	findings := xa004.deny with input as bucket_actions(["s3:Get*", "s3:HeadObject"]) with data.xacct.aws.actions as actions
	count(findings) == 1
	some f in findings
	f.severity == "error"
	contains(f.message, "S3 refuses the whole bucket policy")
	contains(f.message, "Policy has invalid action")
}

test_reencrypt_without_suffix if {
	inp := fixtures.article_with({"statements": {"key-policy": {"use": {"actions": ["kms:Decrypt", "kms:ReEncrypt"]}}}})
	findings := xa004.deny with input as inp with data.xacct.aws.actions as actions
	count(findings) == 1
	some f in findings
	contains(f.message, "kms:ReEncrypt is not an action of kms")
	contains(f.message, "kms:ReEncryptFrom and kms:ReEncryptTo")
}

test_case_is_ignored if {
	count(xa004.deny) == 0 with input as deploy_actions(["S3:getobject", "kms:GenerateDataKeyWithoutPlainText"]) with data.xacct.aws.actions as actions
	count(xa004.deny) == 0 with input as deploy_actions(["KMS:REENCRYPTFROM"]) with data.xacct.aws.actions as actions
}

test_wildcards_need_one_match if {
	count(xa004.deny) == 0 with input as deploy_actions(["kms:ReEncrypt*", "s3:Get*", "s3:*", "*", "kms:Generate?ataKey"]) with data.xacct.aws.actions as actions
	findings := xa004.deny with input as deploy_actions(["s3:Head*"]) with data.xacct.aws.actions as actions
	count(findings) == 1
}

test_other_services_are_never_flagged if {
	count(xa004.deny) == 0 with input as deploy_actions(["lambda:NoSuchThing", "elasticloadbalancing:Whatever"]) with data.xacct.aws.actions as actions
}

test_not_action_entries_are_checked if {
	inp := fixtures.article_with({"statements": {"deploy-policy": {"s3": {"actions": [], "notActions": ["kms:ReEncrypt"], "has": {"action": false, "notAction": true}}}}})
	some f in xa004.deny with input as inp with data.xacct.aws.actions as actions
	contains(f.message, "(in NotAction)")
}

test_close_names_suggested if {
	some f in xa004.deny with input as deploy_actions(["kms:GenerateDataKeys"]) with data.xacct.aws.actions as actions
	contains(f.message, "did you mean kms:GenerateDataKey")
}

test_unknown_values_and_managed_policies_are_skipped if {
	count(xa004.deny) == 0 with input as deploy_actions(["s3:{{?Action}}", "<action>"]) with data.xacct.aws.actions as actions
	inp := fixtures.article_with({"statements": {"managed:AWSCodeDeployRoleForECS": {"passrole": {"actions": ["iam:PassRoles"]}}}})
	count(xa004.deny) == 0 with input as inp with data.xacct.aws.actions as actions
}
