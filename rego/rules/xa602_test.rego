package xacct.rules.xa602_test

import data.xacct.rules.xa602
import data.xacct.test.fixtures

kms(fields) := fixtures.article_with({"statements": {"deploy-policy": {"kms": fields}}})

test_article_role_decrypts if {
	count(xa602.deny) == 0 with input as fixtures.article
}

test_no_kms_statement if {
	findings := xa602.deny with input as fixtures.article_without([["statements", "deploy-policy", "kms"]])
	count(findings) == 1
	some f in findings
	contains(f.message, sprintf("may not kms:Decrypt with the artifact key %s", [fixtures.key_arn]))
	f.related[0].loc.pointer == "/pipeline/artifactStore/encryptionKey"
}

test_key_in_the_wrong_account if {
	count(xa602.deny) == 1 with input as kms({"resources": ["arn:aws:kms:ap-northeast-1:222222222222:key/*"]})
}

test_wildcards if {
	count(xa602.deny) == 0 with input as kms({"actions": ["kms:*"]})
	count(xa602.deny) == 0 with input as kms({"actions": ["KMS:Decrypt"]})
	count(xa602.deny) == 0 with input as kms({"resources": ["arn:aws:kms:*:111111111111:key/*"]})
	count(xa602.deny) == 0 with input as kms({"resources": "*"})
	count(xa602.deny) == 1 with input as kms({"actions": ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"]})
}

test_cdk_style_arn if {
	arn := concat("", ["arn:aws:kms:", fixtures.region, ":", fixtures.acct_a, ":key/1234abcd-12ab-34cd-56ef-1234567890ab"])
	count(xa602.deny) == 0 with input as kms({"resources": [arn]})
}

test_unknown_resource_is_silent if {
	count(xa602.deny) == 0 with input as kms({"resources": ["<KMSのArn>"]})
	count(xa602.deny) == 0 with input as kms({"resources": ["arn:aws:kms:{{?AWS::Region}}:{{?ToolsAccount}}:key/{{?KeyId}}"]})
}

test_unknown_key_arn if {
	# the key ARN is a GetAtt in another stack; only the same symbol matches for sure
	inp := json.patch(fixtures.article, [
		{"op": "replace", "path": "/pipelines/0/artifactStores/0/key", "value": ""},
		{"op": "replace", "path": "/pipelines/0/artifactStores/0/encryptionKey/id", "value": "{{?KMSKey.Arn}}"},
	])
	count(xa602.deny) == 0 with input as inp
}

test_incomplete_role_is_silent if {
	inp := fixtures.article_with({
		"statements": {"deploy-policy": {"kms": {"actions": ["kms:Encrypt"]}}},
		"roles": {"target.yaml#CodeDeployRole": {"complete": false}},
	})
	count(xa602.deny) == 0 with input as inp
}

test_literal_key_arn_is_preferred_over_a_symbolic_fact if {
	# the key is defined in a template (ARN unknown there) but pipeline.json names it literally
	base := json.patch(fixtures.article, [{"op": "replace", "path": "/keys/0/arn", "value": "{{?KMSKey.Arn}}"}])
	count(xa602.deny) == 0 with input as base
	wrong := fixtures.article_with({"statements": {"deploy-policy": {"kms": {"resources": ["arn:aws:kms:ap-northeast-1:222222222222:key/*"]}}}})
	inp := json.patch(wrong, [{"op": "replace", "path": "/keys/0/arn", "value": "{{?KMSKey.Arn}}"}])
	count(xa602.deny) == 1 with input as inp
}

# The article's deploy action, made to write an output artifact.
writes(changes) := json.patch(
	fixtures.article_with(changes),
	[{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/outputArtifacts"]), "value": ["DeployOutput"]}],
)

test_writer_with_generate_data_key if {
	# the article's role has kms:GenerateDataKey*
	count(xa602.deny) == 0 with input as writes({})
}

test_writer_without_generate_data_key if {
	findings := xa602.deny with input as writes({"statements": {"deploy-policy": {"kms": {"actions": ["kms:Decrypt", "kms:DescribeKey"]}}}})
	count(findings) == 1
	some f in findings
	contains(f.message, sprintf("may not kms:GenerateDataKey with the artifact key %s", [fixtures.key_arn]))
	contains(f.message, "output artifacts")
}

test_reader_needs_no_generate_data_key if {
	count(xa602.deny) == 0 with input as kms({"actions": ["kms:Decrypt", "kms:DescribeKey"]})
}
