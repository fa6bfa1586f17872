package xacct.rules.xa402_test

import data.xacct.rules.xa402
import data.xacct.test.fixtures

assume(fields) := fixtures.article_with({"statements": {"pipeline-policy": {"assume": fields}}})

test_article_names_the_role if {
	count(xa402.deny) == 0 with input as fixtures.article
}

test_any_resource if {
	findings := xa402.deny with input as assume({"resources": ["*"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "may sts:AssumeRole on *")
	contains(f.message, fixtures.deploy_role_arn)
	f.loc.file == "pipeline-role-policy.json"
}

test_every_role_of_an_account if {
	count(xa402.deny) == 1 with input as assume({"resources": ["arn:aws:iam::222222222222:role/*"]})
	count(xa402.deny) == 1 with input as assume({"resources": ["arn:aws:iam::*:role/*"]})
	count(xa402.deny) == 1 with input as assume({"actions": ["sts:*"], "resources": ["*"]})
	count(xa402.deny) == 1 with input as assume({"actions": ["STS:AssumeRole"], "resources": ["*"]})
}

test_narrow_patterns_are_silent if {
	count(xa402.deny) == 0 with input as assume({"resources": ["arn:aws:iam::222222222222:role/cross-*"]})
	count(xa402.deny) == 0 with input as assume({"actions": ["sts:TagSession"], "resources": ["*"]})
}

test_admin_statement_is_not_this_rule if {
	count(xa402.deny) == 0 with input as assume({"actions": ["*"], "resources": ["*"]})
}

test_condition_keeps_it_silent if {
	cond := [{"operator": "StringEquals", "key": "aws:ResourceAccount", "values": ["222222222222"]}]
	count(xa402.deny) == 0 with input as assume({"resources": ["*"], "conditions": cond})
}

test_action_role_is_checked_too if {
	inp := fixtures.article_with({"statements": {"deploy-policy": {"deploy": {"actions": ["sts:AssumeRole"], "resources": ["*"]}}}})
	findings := xa402.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, fixtures.deploy_role_arn)
}
