package xacct.rules.xa606_test

import data.xacct.rules.xa606
import data.xacct.test.fixtures

pass_role(fields) := fixtures.article_with({
	"policies": {"deploy-policy": {"order": ["s3", "kms", "deploy", "pass"]}},
	"statements": {"deploy-policy": {"pass": fixtures.stmt(object.union({"actions": ["iam:PassRole"]}, fields))}},
})

test_article_managed_policy_has_the_condition if {
	count(xa606.deny) == 0 with input as fixtures.article
}

test_any_role_any_service if {
	findings := xa606.deny with input as pass_role({"resources": ["*"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "may iam:PassRole on * to any service")
	contains(f.message, "ecs-tasks.amazonaws.com")
	f.loc.file == "target.yaml"
}

test_every_role_of_an_account if {
	count(xa606.deny) == 1 with input as pass_role({"resources": ["arn:aws:iam::222222222222:role/*"]})
	count(xa606.deny) == 1 with input as pass_role({"actions": ["iam:*"], "resources": ["*"]})
}

test_condition_or_named_roles_are_silent if {
	cond := [{"operator": "StringEquals", "key": "iam:PassedToService", "values": ["ecs-tasks.amazonaws.com"]}]
	count(xa606.deny) == 0 with input as pass_role({"resources": ["*"], "conditions": cond})
	count(xa606.deny) == 0 with input as pass_role({"resources": ["arn:aws:iam::222222222222:role/app-task-role"]})
}

test_admin_statement_is_not_this_rule if {
	count(xa606.deny) == 0 with input as pass_role({"actions": ["*"], "resources": ["*"]})
}

test_pipeline_role_too if {
	inp := fixtures.article_with({"statements": {"pipeline-policy": {"assume": {"actions": ["sts:AssumeRole", "iam:PassRole"], "resources": ["*"]}}}})
	count(xa606.deny) == 1 with input as inp
}
