package xacct.rules.xa306_test

import data.xacct.rules.xa306
import data.xacct.test.fixtures

deploy(fields) := json.patch(fixtures.article, [{"op": "replace", "path": fixtures.deploy_action_path, "value": object.union(fixtures.article.pipelines[0].stages[2].actions[0], fields)}])

messages(inp) := {f.message | some f in xa306.deny with input as inp}

cfn(config) := deploy({"provider": "CloudFormation", "configuration": config, "locs": {
	"roleArn": fixtures.loc("pipeline.json", "/pipeline/stages/2/actions/0/roleArn"),
	"configuration.RoleArn": fixtures.loc("pipeline.json", "/pipeline/stages/2/actions/0/configuration/RoleArn"),
}})

stack := {
	"ActionMode": "CREATE_UPDATE", "StackName": "app", "TemplatePath": "BuildArtifact::template.yaml",
	"RoleArn": "arn:aws:iam::222222222222:role/cfn-deploy",
}

test_article_is_silent if {
	count(xa306.deny) == 0 with input as fixtures.article
}

test_ecs_standard_good if {
	count(xa306.deny) == 0 with input as deploy({"provider": "ECS", "configuration": {"ClusterName": "c", "ServiceName": "s", "FileName": "imagedefinitions.json"}})
}

test_ecs_missing_service if {
	ms := messages(deploy({"provider": "ECS", "configuration": {"ClusterName": "c"}}))
	count(ms) == 1
	some m in ms
	contains(m, "ECS action Deploy/Deploy lacks configuration ServiceName")
}

test_ecs_two_inputs if {
	ms := messages(deploy({"provider": "ECS", "configuration": {"ClusterName": "c", "ServiceName": "s"}, "inputArtifacts": ["BuildArtifact", "SourceArtifact"]}))
	some m in ms
	contains(m, "has 2 inputArtifacts; the provider takes exactly 1")
}

test_codedeploy_output if {
	ms := messages(deploy({"provider": "CodeDeploy", "configuration": {"ApplicationName": "a", "DeploymentGroupName": "g"}, "outputArtifacts": ["Out"]}))
	count(ms) == 1
	some m in ms
	contains(m, "has 1 outputArtifacts; the provider takes exactly 0")
	contains(m, "remove outputArtifacts")
}

test_codedeploy_unreadable_configuration_is_silent if {
	count(xa306.deny) == 0 with input as deploy({"provider": "CodeDeploy", "configuration": {}})
}

test_cloudformation_same_account_role_is_silent if {
	count(xa306.deny) == 0 with input as cfn(stack)
}

test_cloudformation_role_in_pipeline_account if {
	findings := xa306.deny with input as cfn(object.union(stack, {"RoleArn": "arn:aws:iam::111111111111:role/cfn-deploy"}))
	count(findings) == 1
	some f in findings
	contains(f.message, "(account 111111111111)")
	contains(f.message, "in account 222222222222")
	contains(f.message, "Cross-account pass role is not allowed")
	f.loc.pointer == "/pipeline/stages/2/actions/0/configuration/RoleArn"
	f.related[0].loc.pointer == "/pipeline/stages/2/actions/0/roleArn"
}

test_cloudformation_unknown_role_is_silent if {
	count(xa306.deny) == 0 with input as cfn(object.union(stack, {"RoleArn": "{{?DeployRole.Arn}}"}))
}

test_cloudformation_without_action_role if {
	# the action runs as the pipeline role, in account A
	inp := json.patch(cfn(stack), [
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": ""},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": ""},
	])
	some m in messages(inp)
	contains(m, "runs as the pipeline role in account 111111111111")
}

test_cloudformation_missing_stack_name if {
	some m in messages(cfn(json.remove(stack, ["StackName"])))
	contains(m, "lacks configuration StackName")
}

test_cloudformation_unknown_mode if {
	some m in messages(cfn(object.union(stack, {"ActionMode": "CREATE"})))
	contains(m, `ActionMode "CREATE", which CloudFormation does not know`)
}

test_cloudformation_change_set_needs_name if {
	ms := messages(cfn(object.union(stack, {"ActionMode": "CHANGE_SET_REPLACE"})))
	count(ms) == 1
	some m in ms
	contains(m, "with ActionMode CHANGE_SET_REPLACE lacks ChangeSetName")
}

test_cloudformation_execute_needs_no_template if {
	count(xa306.deny) == 0 with input as cfn({"ActionMode": "CHANGE_SET_EXECUTE", "StackName": "app", "ChangeSetName": "cs"})
}

test_cloudformation_two_outputs if {
	some m in messages(deploy({"provider": "CloudFormation", "configuration": stack, "outputArtifacts": ["A", "B"]}))
	contains(m, "has 2 outputArtifacts; the provider takes 0 to 1")
}
