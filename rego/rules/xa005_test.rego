package xacct.rules.xa005_test

import data.xacct.rules.xa005
import data.xacct.test.fixtures

with_statement(pid, s) := fixtures.article_with({"statements": {pid: {"extra": s}}})

messages(inp) := m if {
	m := {f.message | some f in xa005.deny} with input as inp
}

test_article_is_grammatical if {
	count(xa005.deny) == 0 with input as fixtures.article
}

test_effect_case if {
	some m in messages(with_statement("deploy-policy", fixtures.stmt({"effect": "allow", "actions": ["s3:GetObject"], "resources": ["*"]})))
	contains(m, "Effect \"allow\"")
}

test_principal_in_identity_policy if {
	s := fixtures.stmt({"principals": [fixtures.aws("222222222222")], "actions": ["s3:GetObject"], "resources": ["*"]})
	some m in messages(with_statement("deploy-policy", s))
	contains(m, "must not name a Principal")
	contains(m, "IAM refuses the whole policy")
}

test_missing_principal_in_bucket_policy if {
	s := fixtures.stmt({"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::artifact-bucket/*"]})
	some m in messages(with_statement("bucket-policy", s))
	contains(m, "no Principal")
	contains(m, "S3 refuses the whole bucket policy")
}

test_missing_action if {
	s := fixtures.stmt({"resources": ["*"]})
	some m in messages(with_statement("deploy-policy", s))
	contains(m, "neither Action nor NotAction")
}

test_missing_resource_in_key_policy if {
	s := fixtures.stmt({"principals": [fixtures.aws("222222222222")], "actions": ["kms:Decrypt"]})
	some m in messages(with_statement("key-policy", s))
	contains(m, "key policy statement has no Resource")
}

test_resource_in_trust_policy if {
	s := fixtures.stmt({"principals": [fixtures.aws("111111111111")], "actions": ["sts:AssumeRole"], "resources": ["*"]})
	some m in messages(with_statement("deploy-trust", s))
	contains(m, "trust policy statement must not have Resource")
}

test_unknown_key if {
	s := object.union(fixtures.stmt({"actions": ["s3:GetObject"], "resources": ["*"]}), {"has": {"unknown": ["Actions"]}})
	some m in messages(with_statement("deploy-policy", s))
	contains(m, "\"Actions\" is not part of the policy grammar")
}

test_bad_version if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": "/policies/0/version", "value": "2012-10-18"}])
	some m in messages(inp)
	contains(m, "Version \"2012-10-18\"")
}

test_shape_problems if {
	prob := {"message": "Statement must be a list or a map", "loc": fixtures.loc("tools.yaml", "/x")}
	inp := json.patch(fixtures.article, [{"op": "replace", "path": "/policies/0/problems", "value": [prob]}])
	some m in messages(inp)
	contains(m, "Statement must be a list or a map")
}

test_unknown_effect_is_silent if {
	s := fixtures.stmt({"effect": "{{?EffectParam}}", "actions": ["s3:GetObject"], "resources": ["*"]})
	count(messages(with_statement("deploy-policy", s))) == 0
}

test_principal_as_bare_string if {
	s := fixtures.stmt({"principals": [{"type": "", "value": "arn:aws:iam::222222222222:root", "account": "", "root": false}], "actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::artifact-bucket/*"]})
	some m in messages(with_statement("bucket-policy", s))
	contains(m, "must be \"*\" or a map")
	contains(m, "S3 refuses the whole bucket policy")
}

test_unknown_principal_type if {
	s := fixtures.stmt({"principals": [{"type": "Aws", "value": "222222222222", "account": "", "root": false}], "actions": ["kms:Decrypt"], "resources": ["*"]})
	some m in messages(with_statement("key-policy", s))
	contains(m, "principal type \"Aws\"")
}
