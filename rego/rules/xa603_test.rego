package xacct.rules.xa603_test

import data.xacct.rules.xa603
import data.xacct.test.fixtures

deploy(fields) := fixtures.article_with({"statements": {"deploy-policy": {"deploy": fields}}})

configured := json.patch(fixtures.article, [{
	"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/configuration"]),
	"value": {"ApplicationName": "cross-app", "DeploymentGroupName": "cross-app-dg"},
}])

test_article_has_the_codedeploy_actions if {
	count(xa603.deny) == 0 with input as fixtures.article
	count(xa603.deny) == 0 with input as configured
}

test_no_codedeploy_statement if {
	findings := xa603.deny with input as fixtures.article_without([["statements", "deploy-policy", "deploy"]])
	count(findings) == 1
	some f in findings
	contains(f.message, "may not codedeploy:CreateDeployment, codedeploy:GetApplication")
	contains(f.message, "account 222222222222")
	f.loc.file == "target.yaml"
}

test_one_missing if {
	findings := xa603.deny with input as deploy({"actions": ["codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision", "ecs:RegisterTaskDefinition"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "may not codedeploy:GetDeploymentConfig,")
}

test_wildcards if {
	count(xa603.deny) == 0 with input as deploy({"actions": ["codedeploy:*"]})
	count(xa603.deny) == 0 with input as deploy({"actions": ["CodeDeploy:Get*", "codedeploy:CreateDeployment", "codedeploy:RegisterApplicationRevision"]})
}

test_scoped_resources if {
	app := "arn:aws:codedeploy:ap-northeast-1:222222222222:application:cross-app"
	dg := "arn:aws:codedeploy:ap-northeast-1:222222222222:deploymentgroup:cross-app/cross-app-dg"
	cfg := "arn:aws:codedeploy:ap-northeast-1:222222222222:deploymentconfig:*"
	ok := json.patch(fixtures.article_with({"statements": {"deploy-policy": {"deploy": {"resources": [app, dg, cfg]}}}}), [{
		"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/configuration"]),
		"value": {"ApplicationName": "cross-app", "DeploymentGroupName": "cross-app-dg"},
	}])
	count(xa603.deny) == 0 with input as ok
	wrong := json.patch(fixtures.article_with({"statements": {"deploy-policy": {"deploy": {"resources": [app, dg, cfg]}}}}), [{
		"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/configuration"]),
		"value": {"ApplicationName": "other-app", "DeploymentGroupName": "other-dg"},
	}])
	count(xa603.deny) == 1 with input as wrong
}

test_unknown_names_are_possible if {
	# configuration without names: the application is unknown
	app := "arn:aws:codedeploy:ap-northeast-1:222222222222:application:cross-app"
	dg := "arn:aws:codedeploy:ap-northeast-1:222222222222:deploymentgroup:cross-app/cross-app-dg"
	cfg := "arn:aws:codedeploy:ap-northeast-1:222222222222:deploymentconfig:*"
	count(xa603.deny) == 0 with input as deploy({"resources": [app, dg, cfg]})
}

test_incomplete_role_is_silent if {
	inp := fixtures.article_with({
		"statements": {"deploy-policy": {"deploy": {"actions": ["ecs:RegisterTaskDefinition"]}}},
		"roles": {"target.yaml#CodeDeployRole": {"complete": false}},
	})
	count(xa603.deny) == 0 with input as inp
}

test_other_providers_are_not_checked if {
	inp := json.patch(fixtures.article_without([["statements", "deploy-policy", "deploy"]]), [{
		"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/provider"]), "value": "ECS",
	}])
	count(xa603.deny) == 0 with input as inp
}

test_same_account_is_not_checked if {
	inp := json.patch(fixtures.article_without([["statements", "deploy-policy", "deploy"]]), [
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": "111111111111"},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": "arn:aws:iam::111111111111:role/deploy"},
	])
	count(xa603.deny) == 0 with input as inp
}
