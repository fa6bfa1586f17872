package xacct.rules.xa309_test

import data.xacct.rules.xa309
import data.xacct.test.fixtures

acct_c := "333333333333"

# A build in account B produces an artifact that a deploy in account C reads.
two_targets(ownership) := json.patch(fixtures.article, [
	{"op": "replace", "path": "/pipelines/0/stages/1/actions/0/roleArn", "value": "arn:aws:iam::222222222222:role/build"},
	{"op": "replace", "path": "/pipelines/0/stages/1/actions/0/account", "value": fixtures.acct_b},
	{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": "arn:aws:iam::333333333333:role/deploy"},
	{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": acct_c},
	{"op": "add", "path": "/buckets/0/objectOwnership", "value": ownership},
])

test_article_is_silent if {
	count(xa309.deny) == 0 with input as fixtures.article
}

test_object_writer_is_an_error if {
	findings := xa309.deny with input as two_targets("ObjectWriter")
	count(findings) == 1
	some f in findings
	f.severity == "error"
	contains(f.message, `artifact "BuildArtifact" is written by action Build/Build in account 222222222222 and read by action Deploy/Deploy in account 333333333333, neither of which is the pipeline's account 111111111111`)
	contains(f.message, "Set OwnershipControls ObjectOwnership BucketOwnerEnforced")
	f.related[0].loc.pointer == "/pipeline/stages/1/actions/0"
}

test_enforced_is_silent if {
	count(xa309.deny) == 0 with input as two_targets("BucketOwnerEnforced")
}

test_default_ownership_is_silent if {
	# a bucket declared without OwnershipControls is created BucketOwnerEnforced
	count(xa309.deny) == 0 with input as two_targets("")
}

test_preferred_is_info if {
	some f in xa309.deny with input as two_targets("BucketOwnerPreferred")
	f.severity == "info"
}

test_unknown_bucket_is_info if {
	inp := json.patch(two_targets("ObjectWriter"), [{"op": "replace", "path": "/pipelines/0/artifactStores/0/bucket", "value": ""}])
	findings := xa309.deny with input as inp
	count(findings) == 1
	some f in findings
	f.severity == "info"
	contains(f.message, "works only if the artifact bucket \"artifact-bucket\" enforces bucket-owner ownership")
}

test_same_target_account_is_silent if {
	inp := json.patch(two_targets("ObjectWriter"), [
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": fixtures.acct_b},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": fixtures.deploy_role_arn},
	])
	count(xa309.deny) == 0 with input as inp
}

test_unknown_account_is_silent if {
	inp := json.patch(two_targets("ObjectWriter"), [
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": ""},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": "{{?DeployRole.Arn}}"},
	])
	count(xa309.deny) == 0 with input as inp
}
