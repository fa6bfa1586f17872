package xacct.rules.xa104_test

import data.xacct.rules.xa104
import data.xacct.test.fixtures

root_a := fixtures.aws("arn:aws:iam::111111111111:root")

use_principals(ps) := fixtures.article_with({"statements": {"key-policy": {
	"use": {"principals": ps},
	"grants": {"principals": [fixtures.aws("arn:aws:iam::222222222222:root")]},
}}})

pipeline_policy_kms := fixtures.stmt({"actions": ["kms:Decrypt", "kms:GenerateDataKey*"], "resources": [fixtures.key_arn]})

test_article_names_the_pipeline_role if {
	# The article's pipeline role policy has no kms statement: the key policy
	# names the role directly, so it works.
	count(xa104.deny) == 0 with input as fixtures.article
}

test_only_root_delegation_and_no_kms_in_role_policy if {
	findings := xa104.deny with input as use_principals([fixtures.aws("arn:aws:iam::222222222222:root")])
	count(findings) == 2 # the root of A delegates, the role's policy lacks kms
	some f in findings
	contains(f.message, "allows only its account's root")
	contains(f.message, fixtures.key_arn)
	f.loc.file == "pipeline-role-policy.json"
}

test_root_delegation_with_identity_policy_works if {
	inp := fixtures.article_with({
		"statements": {
			"key-policy": {"use": {"principals": [fixtures.aws("arn:aws:iam::222222222222:root")]}},
			"pipeline-policy": {"kms": pipeline_policy_kms},
		},
		"policies": {"pipeline-policy": {"order": ["s3", "assume", "kms"]}},
	})
	count(xa104.deny) == 0 with input as inp
}

test_no_principal_of_account_a if {
	findings := xa104.deny with input as build_without_a
	count(findings) == 2
	some f in findings
	contains(f.message, "does not allow the pipeline role arn:aws:iam::111111111111:role/cross-pipeline-role")
	f.loc.pointer == "/Resources/KMSKey/Properties/KeyPolicy"
}

build_without_a := fixtures.build(json.patch(
	json.remove(fixtures.parts, [["statements", "key-policy", "root"]]),
	[{"op": "replace", "path": "/statements/key-policy/use/principals", "value": [fixtures.aws("arn:aws:iam::222222222222:root")]}],
))

test_incomplete_role_is_silent if {
	inp := fixtures.article_with({
		"statements": {"key-policy": {"use": {"principals": [fixtures.aws("arn:aws:iam::222222222222:root")]}}},
		"roles": {"tools.yaml#PipelineRole": {"complete": false}},
	})
	count(xa104.deny) == 0 with input as inp
}

test_unknown_role_or_key_policy_is_silent if {
	inp := json.patch(build_without_a, [{"op": "replace", "path": "/pipelines/0/roleArn", "value": "{{?PipelineRole.Arn}}"}])
	count(xa104.deny) == 0 with input as inp
	inp2 := json.patch(build_without_a, [{"op": "replace", "path": "/keys/0/policy", "value": ""}])
	count(xa104.deny) == 0 with input as inp2
}

test_condition_it_cannot_evaluate_is_silent if {
	cond := [{"operator": "StringEquals", "key": "kms:ViaService", "values": ["s3.ap-northeast-1.amazonaws.com"]}]
	inp := fixtures.article_with({"statements": {"key-policy": {"use": {"conditions": cond}}}})
	count(xa104.deny) == 0 with input as inp
}
