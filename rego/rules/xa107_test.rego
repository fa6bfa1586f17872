package xacct.rules.xa107_test

import data.xacct.rules.xa107
import data.xacct.test.fixtures

test_article_grant_statement_has_the_condition if {
	count(xa107.deny) == 0 with input as fixtures.article
}

test_grant_without_condition if {
	inp := fixtures.article_with({"statements": {"key-policy": {"grants": {"conditions": []}}}})
	findings := xa107.deny with input as inp
	count(findings) == 1 # account B; the pipeline role is in the key's account
	some f in findings
	contains(f.message, "account 222222222222 (arn:aws:iam::222222222222:root) kms:CreateGrant")
	contains(f.message, "kms:GrantIsForAWSResource")
	f.loc.pointer == "/Resources/KMSKey/Properties/KeyPolicy/Statement/grants"
}

test_kms_star_to_another_account if {
	inp := fixtures.article_with({"statements": {"key-policy": {"use": {"actions": ["kms:*"]}}}})
	count(xa107.deny) == 1 with input as inp
}

test_same_account_is_fine if {
	inp := fixtures.article_with({"statements": {"key-policy": {"grants": {"conditions": [], "principals": [fixtures.aws(fixtures.pipeline_role_arn)]}}}})
	count(xa107.deny) == 0 with input as inp
}

test_unknown_principal_or_action_is_silent if {
	inp := fixtures.article_with({"statements": {"key-policy": {"grants": {"conditions": [], "principals": [fixtures.aws("{{?Target}}")]}}}})
	count(xa107.deny) == 0 with input as inp
	inp2 := fixtures.article_with({"statements": {"key-policy": {"grants": {"conditions": [], "actions": ["{{?Act}}"]}}}})
	count(xa107.deny) == 0 with input as inp2
}
