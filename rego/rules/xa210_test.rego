package xacct.rules.xa210_test

import data.xacct.rules.xa210
import data.xacct.test.fixtures

test_article_account_b_may_write if {
	findings := xa210.deny with input as fixtures.article
	count(findings) == 1
	some f in findings
	contains(f.message, "lets account 222222222222 s3:PutObject, s3:PutObjectAcl on arn:aws:s3:::artifact-bucket/*")
	contains(f.message, "none of its actions (Deploy/Deploy) has output artifacts")
	contains(f.message, "remove s3:Put* from this statement")
	f.loc.pointer == "/Resources/ArtifactBucketPolicy/Properties/PolicyDocument/Statement/get-put"
	count(f.related) == 1
	f.related[0].loc.pointer == "/Resources/CodeDeployRole/Properties/Policies/0/PolicyDocument/Statement/s3"
}

test_read_only_grant_is_silent if {
	count(xa210.deny) == 0 with input as fixtures.article_with({"statements": {"bucket-policy": {"get-put": {"actions": ["s3:Get*"]}}}})
}

test_writer_account_is_silent if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/outputArtifacts"]), "value": ["Out"]}])
	count(xa210.deny) == 0 with input as inp
}

test_put_object_acl_alone if {
	findings := xa210.deny with input as fixtures.article_with({"statements": {"bucket-policy": {"get-put": {"actions": ["s3:Get*", "s3:PutObjectAcl"]}}}})
	some f in findings
	contains(f.message, "lets account 222222222222 s3:PutObjectAcl on")
}

test_grant_to_role_without_role_statement if {
	inp := fixtures.article_with({"statements": {
		"bucket-policy": {"get-put": {"principals": [fixtures.aws(fixtures.deploy_role_arn)]}},
		"deploy-policy": {"s3": {"actions": ["s3:GetObject*"]}},
	}})
	findings := xa210.deny with input as inp
	count(findings) == 1
	some f in findings
	f.related == []
}

test_unknown_or_conditional_grants_are_silent if {
	count(xa210.deny) == 0 with input as fixtures.article_with({"statements": {"bucket-policy": {"get-put": {"principals": [fixtures.aws("arn:aws:iam::{{?Target}}:root")]}}}})
	count(xa210.deny) == 0 with input as fixtures.article_with({"statements": {"bucket-policy": {"get-put": {"conditions": [{"operator": "StringEquals", "key": "aws:SourceVpce", "values": ["vpce-1"]}]}}}})
}
