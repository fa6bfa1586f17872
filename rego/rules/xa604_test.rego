package xacct.rules.xa604_test

import data.xacct.rules.xa604
import data.xacct.test.fixtures

deploy(fields) := fixtures.article_with({"statements": {"deploy-policy": {"deploy": fields}}})

provider(inp, name) := json.patch(inp, [{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/provider"]), "value": name}])

test_article_registers if {
	count(xa604.deny) == 0 with input as fixtures.article
}

test_missing if {
	findings := xa604.deny with input as deploy({"actions": ["codedeploy:*"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "may not ecs:RegisterTaskDefinition, which the CodeDeployToECS action calls in account 222222222222")
	f.related[0].loc.pointer == "/pipeline/stages/2/actions/0/roleArn"
}

test_ecs_provider if {
	count(xa604.deny) == 1 with input as provider(deploy({"actions": ["codedeploy:*"]}), "ECS")
	count(xa604.deny) == 0 with input as provider(deploy({"actions": ["codedeploy:*"]}), "CodeDeploy")
}

test_scoped_resource_does_not_work if {
	count(xa604.deny) == 1 with input as deploy({"resources": ["arn:aws:ecs:ap-northeast-1:222222222222:task-definition/app:*"]})
}

test_wildcards if {
	count(xa604.deny) == 0 with input as deploy({"actions": ["ecs:*"]})
	count(xa604.deny) == 0 with input as deploy({"actions": ["ECS:register*"]})
}

test_explicit_deny if {
	inp := fixtures.article_with({
		"policies": {"deploy-policy": {"order": ["s3", "kms", "deploy", "deny"]}},
		"statements": {"deploy-policy": {"deny": fixtures.stmt({"effect": "Deny", "actions": ["ecs:Register*"], "resources": ["*"]})}},
	})
	findings := xa604.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "an explicit Deny refuses it")
}

test_incomplete_role_is_silent if {
	inp := fixtures.article_with({
		"statements": {"deploy-policy": {"deploy": {"actions": ["codedeploy:*"]}}},
		"roles": {"target.yaml#CodeDeployRole": {"complete": false}},
	})
	count(xa604.deny) == 0 with input as inp
}
