package xacct.rules.xa503_test

import data.xacct.rules.xa503
import data.xacct.test.fixtures

trust_cond(conds) := fixtures.article_with({"statements": {"deploy-trust": {"trust": {"conditions": conds}}}})

test_article_has_no_condition if {
	count(xa503.deny) == 0 with input as fixtures.article
}

test_external_id if {
	findings := xa503.deny with input as trust_cond([{"operator": "StringEquals", "key": "sts:ExternalId", "values": ["secret"]}])
	count(findings) == 1
	some f in findings
	contains(f.message, "only with StringEquals sts:ExternalId")
	contains(f.message, fixtures.pipeline_role_arn)
	f.loc.file == "target.yaml"
}

test_mfa if {
	count(xa503.deny) == 1 with input as trust_cond([{"operator": "Bool", "key": "aws:MultiFactorAuthPresent", "values": ["true"]}])
}

test_if_exists_lets_it_through if {
	count(xa503.deny) == 0 with input as trust_cond([{"operator": "BoolIfExists", "key": "aws:MultiFactorAuthPresent", "values": ["true"]}])
}

test_another_statement_admits_the_pipeline if {
	inp := fixtures.article_with({
		"policies": {"deploy-trust": {"order": ["trust", "ext"]}},
		"statements": {"deploy-trust": {"ext": fixtures.stmt({
			"principals": [fixtures.aws("arn:aws:iam::333333333333:root")], "actions": ["sts:AssumeRole"],
			"conditions": [{"operator": "StringEquals", "key": "sts:ExternalId", "values": ["secret"]}],
		})}},
	})
	count(xa503.deny) == 0 with input as inp
}

test_other_conditions_are_not_this_rule if {
	count(xa503.deny) == 0 with input as trust_cond([{"operator": "StringEquals", "key": "aws:PrincipalTag/team", "values": ["ci"]}])
}

test_pipeline_role_trust if {
	inp := fixtures.article_with({"statements": {"pipeline-trust": {"service": {"conditions": [{"operator": "StringEquals", "key": "sts:ExternalId", "values": ["x"]}]}}}})
	findings := xa503.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "admits codepipeline.amazonaws.com only with")
}
