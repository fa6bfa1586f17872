package xacct.lib.roles_test

import data.xacct.lib.roles
import data.xacct.test.fixtures

test_action_roles if {
	uses := roles.action_roles with input as fixtures.article
	count(uses) == 1
	[x] := uses["target.yaml#CodeDeployRole"]
	x.action.name == "Deploy"
	roles.pipeline_role_ids == {"tools.yaml#PipelineRole"} with input as fixtures.article
}

test_direct_decision_leaves_out_account_roots if {
	request := {"action": "kms:Decrypt", "resource": fixtures.key_arn, "principal": {"type": "AWS", "arn": fixtures.pipeline_role_arn, "account": fixtures.acct_a}}
	roles.direct_decision(["key-policy"], request).level == 2 with input as fixtures.article

	# the "use" statement names the role; without it only the root statement is left
	inp := fixtures.article_without([["statements", "key-policy", "use"]])
	roles.direct_decision(["key-policy"], request).level == 0 with input as inp
}

test_direct_decision_keeps_denies if {
	inp := fixtures.article_with({
		"policies": {"key-policy": {"order": ["root", "admins", "use", "grants", "deny"]}},
		"statements": {"key-policy": {"deny": fixtures.stmt({"effect": "Deny", "principals": [fixtures.aws("arn:aws:iam::111111111111:root")], "actions": ["kms:*"], "resources": ["*"]})}},
	})
	request := {"action": "kms:Decrypt", "resource": fixtures.key_arn, "principal": {"type": "AWS", "arn": fixtures.pipeline_role_arn, "account": fixtures.acct_a}}
	roles.direct_decision(["key-policy"], request).level == 0 with input as inp
}

test_missing if {
	role := fixtures.article.roles[0]
	role.id == "target.yaml#CodeDeployRole"
	requests := [
		{"action": "ecs:RegisterTaskDefinition", "resource": "*"},
		{"action": "ecs:UpdateService", "resource": "arn:aws:ecs:ap-northeast-1:222222222222:service/c/s"},
	]
	lacking := roles.missing(role, requests) with input as fixtures.article
	[r] := lacking
	r.action == "ecs:UpdateService"
	roles.missing(object.union(role, {"complete": false}), requests) == [] with input as fixtures.article
}

test_resources_of_an_action if {
	some x in roles.target_actions with input as fixtures.article
	roles.codedeploy_resource(x, "codedeploy:CreateDeployment") == "arn:aws:codedeploy:ap-northeast-1:222222222222:deploymentgroup:{{?ApplicationName}}/{{?DeploymentGroupName}}"
	roles.codedeploy_resource(x, "codedeploy:GetApplication") == "arn:aws:codedeploy:ap-northeast-1:222222222222:application:{{?ApplicationName}}"
	roles.ecs_resource(x, "ecs:RegisterTaskDefinition") == "*"
	roles.task_role_arn(x) == "arn:aws:iam::222222222222:role/{{?task-role}}"
}
