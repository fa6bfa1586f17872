package xacct.rules.xa101_test

import data.xacct.rules.xa101
import data.xacct.test.fixtures

store := "/pipelines/0/artifactStores/0"

test_article_has_a_customer_key if {
	count(xa101.deny) == 0 with input as fixtures.article
}

test_no_encryption_key if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": concat("", [store, "/encryptionKey"]), "value": null}])
	findings := xa101.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "has no encryptionKey")
	contains(f.message, "account 222222222222")
	f.related[0].loc.pointer == "/pipeline/stages/2/actions/0"
}

test_aws_managed_alias if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": concat("", [store, "/encryptionKey/id"]), "value": "arn:aws:kms:ap-northeast-1:111111111111:alias/aws/s3"}])
	some f in xa101.deny with input as inp
	contains(f.message, "alias/aws/s3")
}

test_same_account_pipeline_needs_no_key if {
	inp := json.patch(fixtures.article, [
		{"op": "replace", "path": concat("", [store, "/encryptionKey"]), "value": null},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": "111111111111"},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": "arn:aws:iam::111111111111:role/deploy"},
	])
	count(xa101.deny) == 0 with input as inp
}

test_unknown_action_account_is_silent if {
	inp := json.patch(fixtures.article, [
		{"op": "replace", "path": concat("", [store, "/encryptionKey"]), "value": null},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": ""},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": "{{?DeployRoleArn}}"},
	])
	count(xa101.deny) == 0 with input as inp
}

test_multi_region_store_of_the_action if {
	# two regional stores; only the one the cross-account action uses matters
	stores := [
		{"region": "ap-northeast-1", "type": "S3", "location": "artifact-bucket", "encryptionKey": null, "bucket": "", "key": "", "loc": fixtures.loc("pipeline.json", "/pipeline/artifactStores/ap-northeast-1")},
		{"region": "us-east-1", "type": "S3", "location": "artifact-bucket-us", "encryptionKey": null, "bucket": "", "key": "", "loc": fixtures.loc("pipeline.json", "/pipeline/artifactStores/us-east-1")},
	]
	inp := json.patch(fixtures.article, [{"op": "replace", "path": "/pipelines/0/artifactStores", "value": stores}])
	findings := xa101.deny with input as inp
	count(findings) == 1
	some f in findings
	f.loc.pointer == "/pipeline/artifactStores/ap-northeast-1"
}
