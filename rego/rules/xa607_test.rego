package xacct.rules.xa607_test

import data.xacct.rules.xa607
import data.xacct.test.fixtures

ecs(fields) := json.patch(
	fixtures.article_with({"statements": {"deploy-policy": {"deploy": fields}}}),
	[{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/provider"]), "value": "ECS"}],
)

all_ecs := ["ecs:DescribeServices", "ecs:DescribeTaskDefinition", "ecs:DescribeTasks", "ecs:ListTasks", "ecs:RegisterTaskDefinition", "ecs:UpdateService"]

test_codedeploy_to_ecs_is_not_checked if {
	count(xa607.deny) == 0 with input as fixtures.article
}

test_article_role_for_an_ecs_deploy if {
	# the article's role has only RegisterTaskDefinition and TagResource of ECS
	findings := xa607.deny with input as ecs({})
	count(findings) == 1
	some f in findings
	contains(f.message, "may not ecs:DescribeServices, ecs:DescribeTaskDefinition, ecs:DescribeTasks, ecs:ListTasks, ecs:UpdateService")
}

test_documented_policy if {
	count(xa607.deny) == 0 with input as ecs({"actions": all_ecs})
	count(xa607.deny) == 0 with input as ecs({"actions": ["ecs:*"]})
	count(xa607.deny) == 0 with input as ecs({"actions": ["ecs:Describe*", "ecs:List*", "ecs:UpdateService"]})
}

test_one_missing if {
	findings := xa607.deny with input as ecs({"actions": ["ecs:DescribeServices", "ecs:DescribeTaskDefinition", "ecs:DescribeTasks", "ecs:ListTasks"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "may not ecs:UpdateService,")
}

test_scoped_to_the_account if {
	count(xa607.deny) == 0 with input as ecs({"actions": all_ecs, "resources": ["arn:aws:ecs:ap-northeast-1:222222222222:*"]})
	count(xa607.deny) == 1 with input as ecs({"actions": all_ecs, "resources": ["arn:aws:ecs:ap-northeast-1:111111111111:*"]})
}

test_incomplete_role_is_silent if {
	inp := json.patch(
		fixtures.article_with({"roles": {"target.yaml#CodeDeployRole": {"complete": false}}}),
		[{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/provider"]), "value": "ECS"}],
	)
	count(xa607.deny) == 0 with input as inp
}
