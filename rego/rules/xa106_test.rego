package xacct.rules.xa106_test

import data.xacct.rules.xa106
import data.xacct.test.fixtures

use_with(fields) := fixtures.article_with({"statements": {"key-policy": {"use": fields}}})

test_article_names_its_principals if {
	count(xa106.deny) == 0 with input as fixtures.article
}

test_everyone_without_condition if {
	findings := xa106.deny with input as use_with({"principals": [fixtures.everyone], "sid": "Use"})
	count(findings) == 1
	some f in findings
	contains(f.message, "statement \"Use\" allows Principal \"*\" kms:Encrypt, kms:Decrypt")
	contains(f.message, "kms:CallerAccount\": \"111111111111\"")
	f.loc.pointer == "/Resources/KMSKey/Properties/KeyPolicy/Statement/use"
}

test_aws_star_too if {
	count(xa106.deny) == 1 with input as use_with({"principals": [fixtures.aws("*")]})
}

test_restricting_conditions_are_fine if {
	every key in ["kms:CallerAccount", "aws:PrincipalOrgID", "AWS:PrincipalAccount", "kms:ViaService", "aws:PrincipalArn"] {
		cond := [{"operator": "StringEquals", "key": key, "values": ["111111111111"]}]
		count(xa106.deny) == 0 with input as use_with({"principals": [fixtures.everyone], "conditions": cond})
	}
}

test_other_conditions_do_not_restrict if {
	cond := [{"operator": "Bool", "key": "kms:GrantIsForAWSResource", "values": ["true"]}]
	count(xa106.deny) == 1 with input as use_with({"principals": [fixtures.everyone], "conditions": cond})
}

test_deny_and_other_policies_are_not_judged if {
	count(xa106.deny) == 0 with input as use_with({"principals": [fixtures.everyone], "effect": "Deny"})
	inp := fixtures.article_with({"statements": {"bucket-policy": {"get-put": {"principals": [fixtures.everyone]}}}})
	count(xa106.deny) == 0 with input as inp
}
