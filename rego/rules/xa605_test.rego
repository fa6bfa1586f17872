package xacct.rules.xa605_test

import data.xacct.rules.xa605
import data.xacct.test.fixtures

without_managed := fixtures.article_with({"roles": {"target.yaml#CodeDeployRole": {"policies": ["deploy-policy"], "managedPolicies": []}}})

pass_role(fields) := fixtures.article_with({
	"roles": {"target.yaml#CodeDeployRole": {"policies": ["deploy-policy"], "managedPolicies": []}},
	"policies": {"deploy-policy": {"order": ["s3", "kms", "deploy", "pass"]}},
	"statements": {"deploy-policy": {"pass": fixtures.stmt(object.union({"actions": ["iam:PassRole"]}, fields))}},
})

to_ecs := [{"operator": "StringEquals", "key": "iam:PassedToService", "values": ["ecs-tasks.amazonaws.com"]}]

test_article_gets_it_from_the_managed_policy if {
	count(xa605.deny) == 0 with input as fixtures.article
}

test_without_the_managed_policy if {
	findings := xa605.deny with input as without_managed
	count(findings) == 1
	some f in findings
	contains(f.message, "may not iam:PassRole the task and execution roles of account 222222222222")
	contains(f.message, "arn:aws:iam::222222222222:role/TASK_ROLE")
	f.loc.file == "target.yaml"
}

test_named_roles_may_be_the_task_roles if {
	count(xa605.deny) == 0 with input as pass_role({"resources": ["arn:aws:iam::222222222222:role/app-task-role"], "conditions": to_ecs})
}

test_roles_of_another_account if {
	count(xa605.deny) == 1 with input as pass_role({"resources": ["arn:aws:iam::111111111111:role/*"]})
}

test_passed_to_another_service if {
	to_cfn := [{"operator": "StringEquals", "key": "iam:PassedToService", "values": ["cloudformation.amazonaws.com"]}]
	count(xa605.deny) == 1 with input as pass_role({"resources": ["*"], "conditions": to_cfn})
	count(xa605.deny) == 0 with input as pass_role({"resources": ["*"], "conditions": to_ecs})
}

test_other_providers_are_not_checked if {
	inp := json.patch(without_managed, [{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/provider"]), "value": "CodeDeploy"}])
	count(xa605.deny) == 0 with input as inp
}

test_incomplete_role_is_silent if {
	inp := fixtures.article_with({"roles": {"target.yaml#CodeDeployRole": {"policies": ["deploy-policy"], "managedPolicies": [], "complete": false}}})
	count(xa605.deny) == 0 with input as inp
}
