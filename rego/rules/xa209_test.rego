package xacct.rules.xa209_test

import data.xacct.rules.xa209
import data.xacct.test.fixtures

# The article's deploy action, made to write an output artifact.
writes(changes) := json.patch(
	fixtures.article_with(changes),
	[{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/outputArtifacts"]), "value": ["DeployOutput"]}],
)

test_article_deploy_writes_nothing if {
	count(xa209.deny) == 0 with input as fixtures.article
}

test_article_grants_let_a_writer_write if {
	# s3:Put* in the bucket policy, s3:PutObject in the role; the KMS header CodePipeline sends passes the SSE Deny
	count(xa209.deny) == 0 with input as writes({})
}

test_bucket_policy_without_put if {
	findings := xa209.deny with input as writes({"statements": {"bucket-policy": {"get-put": {"actions": ["s3:Get*"]}}}})
	count(findings) == 1
	some f in findings
	contains(f.message, "does not allow account 222222222222")
	contains(f.message, "output artifacts (DeployOutput)")
	f.loc.pointer == "/Resources/ArtifactBucketPolicy/Properties/PolicyDocument"
	f.related[0].loc.pointer == "/pipeline/stages/2/actions/0/roleArn"
}

test_role_without_put if {
	findings := xa209.deny with input as writes({"statements": {"deploy-policy": {"s3": {"actions": ["s3:GetObject*"]}}}})
	count(findings) == 1
	some f in findings
	contains(f.message, concat("", ["role ", fixtures.deploy_role_arn, " of action Deploy/Deploy may not s3:PutObject"]))
	f.loc.file == "target.yaml"
}

test_incomplete_role_is_silent if {
	inp := writes({
		"statements": {"deploy-policy": {"s3": {"actions": ["s3:GetObject*"]}}},
		"roles": {"target.yaml#CodeDeployRole": {"complete": false}},
	})
	count(xa209.deny) == 0 with input as inp
}

test_unknown_principal_is_silent if {
	count(xa209.deny) == 0 with input as writes({"statements": {"bucket-policy": {"get-put": {"principals": [fixtures.aws("arn:aws:iam::{{?TargetAccount}}:root")]}}}})
}

test_no_bucket_policy_is_silent if {
	inp := json.patch(writes({}), [{"op": "replace", "path": "/buckets/0/policies", "value": []}])
	count(xa209.deny) == 0 with input as inp
}

test_same_account_writer_is_not_checked if {
	# the Build action in account A writes BuildArtifact: not cross-account
	count(xa209.deny) == 0 with input as fixtures.article_with({"statements": {"bucket-policy": {"get-put": {"actions": ["s3:Get*"]}}}})
}
