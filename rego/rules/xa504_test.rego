package xacct.rules.xa504_test

import data.xacct.rules.xa504
import data.xacct.test.fixtures

root_a := fixtures.aws("arn:aws:iam::111111111111:root")

trust(fields) := fixtures.article_with({"statements": {"deploy-trust": {"trust": fields}}})

test_article_names_the_role if {
	count(xa504.deny) == 0 with input as fixtures.article
}

test_account_root if {
	findings := xa504.deny with input as trust({"principals": [root_a]})
	count(findings) == 1
	some f in findings
	contains(f.message, "admits every principal of account 111111111111")
	contains(f.message, fixtures.pipeline_role_arn)
}

test_bare_account_id if {
	count(xa504.deny) == 1 with input as trust({"principals": [fixtures.aws("111111111111")]})
}

test_principal_arn_condition if {
	cond := [{"operator": "ArnEquals", "key": "aws:PrincipalArn", "values": [fixtures.pipeline_role_arn]}]
	count(xa504.deny) == 0 with input as trust({"principals": [root_a], "conditions": cond})
	lower_case := [{"operator": "ArnLike", "key": "AWS:principalarn", "values": ["arn:aws:iam::111111111111:role/cross-*"]}]
	count(xa504.deny) == 0 with input as trust({"principals": [root_a], "conditions": lower_case})
}

test_other_account_root_is_not_this_rule if {
	count(xa504.deny) == 0 with input as trust({"principals": [fixtures.aws("arn:aws:iam::333333333333:root")]})
}

test_deny_is_not_checked if {
	count(xa504.deny) == 0 with input as trust({"principals": [root_a], "effect": "Deny"})
}
