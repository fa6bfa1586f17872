package xacct.rules.xa102_test

import data.xacct.rules.xa102
import data.xacct.test.fixtures

key_id_path := "/pipelines/0/artifactStores/0/encryptionKey/id"

with_key_id(id) := json.patch(fixtures.article, [{"op": "replace", "path": key_id_path, "value": id}])

test_key_arn_is_fine if {
	count(xa102.deny) == 0 with input as fixtures.article
}

test_alias_name if {
	findings := xa102.deny with input as with_key_id("alias/pipeline-key")
	count(findings) == 1
	some f in findings
	contains(f.message, "is an alias")
	contains(f.message, fixtures.key_arn)
	not f.severity
}

test_alias_arn if {
	count(xa102.deny) == 1 with input as with_key_id("arn:aws:kms:ap-northeast-1:111111111111:alias/pipeline-key")
}

test_aws_s3_alias_is_left_to_xa101 if {
	count(xa102.deny) == 0 with input as with_key_id("alias/aws/s3")
}

test_bare_key_id_reading_only_is_a_warning if {
	findings := xa102.deny with input as with_key_id("1234abcd-12ab-34cd-56ef-1234567890ab")
	count(findings) == 1
	some f in findings
	f.severity == "warning"
	contains(f.message, "bare key ID")
}

test_bare_key_id_with_a_writer_is_an_error if {
	inp := json.patch(with_key_id("1234abcd-12ab-34cd-56ef-1234567890ab"), [{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/outputArtifacts"]), "value": ["DeployOut"]}])
	some f in xa102.deny with input as inp
	not f.severity
	contains(f.message, "Deploy/Deploy writes artifacts")
}

test_alias_without_cross_account_actions_is_fine if {
	inp := json.patch(with_key_id("alias/pipeline-key"), [
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": "111111111111"},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": "arn:aws:iam::111111111111:role/deploy"},
	])
	count(xa102.deny) == 0 with input as inp
}

test_unknown_key_id_is_silent if {
	count(xa102.deny) == 0 with input as with_key_id("{{?KMSKey.Arn}}")
}

test_ref_of_the_key_resource_is_a_key_id if {
	# !Ref KMSKey in a template: the facts give the key's symbol, which its ARN ends with
	inp := json.patch(with_key_id("{{?tools.yaml#KMSKey}}"), [{"op": "replace", "path": "/keys/0/arn", "value": "arn:aws:kms:{{?AWS::Region}}:111111111111:key/{{?tools.yaml#KMSKey}}"}])
	some f in xa102.deny with input as inp
	contains(f.message, "!Ref of a KMS key gives its key ID")
	f.severity == "warning"
}

test_getatt_of_the_key_resource_is_fine if {
	arn := "arn:aws:kms:{{?AWS::Region}}:111111111111:key/{{?tools.yaml#KMSKey}}"
	inp := json.patch(with_key_id(arn), [{"op": "replace", "path": "/keys/0/arn", "value": arn}])
	count(xa102.deny) == 0 with input as inp
}
