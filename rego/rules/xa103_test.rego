package xacct.rules.xa103_test

import data.xacct.rules.xa103
import data.xacct.test.fixtures

use_principals(ps) := fixtures.article_with({"statements": {"key-policy": {"use": {"principals": ps}}}})

use_actions(acts) := fixtures.article_with({"statements": {"key-policy": {"use": {"actions": acts}}}})

test_article_key_policy_works if {
	count(xa103.deny) == 0 with input as fixtures.article
}

test_target_account_missing if {
	findings := xa103.deny with input as use_principals([fixtures.aws(fixtures.pipeline_role_arn)])
	count(findings) == 1
	some f in findings
	contains(f.message, "does not allow account 222222222222")
	contains(f.message, "kms:Decrypt")
	contains(f.message, "arn:aws:iam::222222222222:root")
	f.loc.pointer == "/Resources/KMSKey/Properties/KeyPolicy"
}

test_other_account_does_not_count if {
	count(xa103.deny) == 1 with input as use_principals([fixtures.aws("arn:aws:iam::333333333333:root")])
}

test_bare_account_id_principal if {
	count(xa103.deny) == 0 with input as use_principals([fixtures.aws("222222222222")])
}

test_role_principal if {
	count(xa103.deny) == 0 with input as use_principals([fixtures.aws(fixtures.deploy_role_arn)])
}

test_kms_wildcard if {
	count(xa103.deny) == 0 with input as use_actions(["kms:*"])
	count(xa103.deny) == 0 with input as use_actions(["KMS:decrypt"])
	count(xa103.deny) == 1 with input as use_actions(["kms:Encrypt", "kms:ReEncrypt*"])
}

test_writer_needs_generate_data_key if {
	inp := json.patch(
		use_actions(["kms:Decrypt", "kms:DescribeKey"]),
		[{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/outputArtifacts"]), "value": ["Out"]}],
	)
	findings := xa103.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "kms:GenerateDataKey")
}

test_explicit_deny if {
	deny := fixtures.stmt({"effect": "Deny", "principals": [fixtures.everyone], "actions": ["kms:Decrypt"], "resources": ["*"]})
	inp := fixtures.article_with({"statements": {"key-policy": {"zdeny": deny}}, "policies": {"key-policy": {"order": ["root", "admins", "use", "grants", "zdeny"]}}})
	some f in xa103.deny with input as inp
	contains(f.message, "explicit Deny")
}

test_unknown_principal_is_silent if {
	count(xa103.deny) == 0 with input as use_principals([fixtures.aws("arn:aws:iam::{{?TargetAccount}}:root")])
	count(xa103.deny) == 0 with input as use_principals([fixtures.aws("<アカウントBのアカウントID>")])
}

test_unevaluated_condition_is_silent if {
	cond := [{"operator": "StringEquals", "key": "kms:ViaService", "values": ["s3.ap-northeast-1.amazonaws.com"]}]
	count(xa103.deny) == 0 with input as fixtures.article_with({"statements": {"key-policy": {"use": {"conditions": cond}}}})
}

test_grant_statement_alone_does_not_grant_decrypt if {
	inp := fixtures.article_without([["statements", "key-policy", "use"]])
	count(xa103.deny) == 1 with input as inp
}

test_key_policy_unknown_is_silent if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": "/keys/0/policy", "value": ""}])
	count(xa103.deny) == 0 with input as inp
}
