package xacct.rules.xa608_test

import data.xacct.rules.xa608
import data.xacct.test.fixtures

cfn_role := "arn:aws:iam::222222222222:role/cfn-deploy"

# cfn(mode, fields) is the article with a CloudFormation deploy action and
# the role's deploy statement replaced by fields.
cfn(mode, fields) := json.patch(fixtures.article_with({"statements": {"deploy-policy": {"deploy": fields}}}), [
	{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/provider"]), "value": "CloudFormation"},
	{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/configuration"]), "value": {
		"ActionMode": mode, "StackName": "app", "RoleArn": cfn_role,
	}},
])

stack := "arn:aws:cloudformation:ap-northeast-1:222222222222:stack/app/*"

full := {
	"actions": ["cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack", "cloudformation:DescribeStacks", "cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", "iam:PassRole"],
	"resources": [stack, cfn_role],
}

test_codedeploy_action_is_not_checked if {
	count(xa608.deny) == 0 with input as fixtures.article
}

test_documented_role_works if {
	every mode in ["CREATE_UPDATE", "REPLACE_ON_FAILURE", "DELETE_ONLY", "CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE"] {
		count(xa608.deny) == 0 with input as cfn(mode, full)
	}
}

test_no_cloudformation if {
	findings := xa608.deny with input as cfn("CREATE_UPDATE", {"actions": ["iam:PassRole"], "resources": [cfn_role]})
	count(findings) == 1
	some f in findings
	contains(f.message, "may not cloudformation:DescribeStacks, cloudformation:UpdateStack, cloudformation:CreateStack on stack app:")
	not f.severity
}

test_update_only_works_on_an_existing_stack if {
	findings := xa608.deny with input as cfn("CREATE_UPDATE", {"actions": ["cloudformation:UpdateStack", "cloudformation:DescribeStack*", "iam:PassRole"], "resources": [stack, cfn_role]})
	count(findings) == 1
	some f in findings
	f.severity == "warning"
	contains(f.message, "may not cloudformation:CreateStack on stack app, so it works only on a stack that already exists")
}

test_create_only_fails_on_the_second_run if {
	findings := xa608.deny with input as cfn("CREATE_UPDATE", {"actions": ["cloudformation:CreateStack", "cloudformation:DescribeStacks", "iam:PassRole"], "resources": [stack, cfn_role]})
	count(findings) == 1
	some f in findings
	not f.severity
	contains(f.message, "may not cloudformation:UpdateStack on stack app:")
}

test_change_set_modes if {
	count(xa608.deny) == 1 with input as cfn("CHANGE_SET_EXECUTE", {"actions": ["cloudformation:CreateChangeSet"], "resources": [stack]})
	count(xa608.deny) == 1 with input as cfn("CHANGE_SET_REPLACE", {"actions": ["cloudformation:DescribeStacks", "cloudformation:ExecuteChangeSet", "iam:PassRole"], "resources": [stack, cfn_role]})
}

test_another_stack if {
	other := {"actions": full.actions, "resources": ["arn:aws:cloudformation:ap-northeast-1:222222222222:stack/other/*", cfn_role]}
	count(xa608.deny) == 1 with input as cfn("CREATE_UPDATE", other)
}

test_pass_role if {
	findings := xa608.deny with input as cfn("CREATE_UPDATE", {"actions": ["cloudformation:*"], "resources": [stack]})
	count(findings) == 1
	some f in findings
	contains(f.message, sprintf("may not iam:PassRole the stack's deployment role %s", [cfn_role]))
}

test_pass_role_to_another_service if {
	to_ecs := [{"operator": "StringEquals", "key": "iam:PassedToService", "values": ["ecs-tasks.amazonaws.com"]}]
	count(xa608.deny) == 1 with input as cfn("CREATE_UPDATE", object.union(full, {"conditions": to_ecs}))
	to_cfn := [{"operator": "StringEquals", "key": "iam:PassedToService", "values": ["cloudformation.amazonaws.com"]}]
	count(xa608.deny) == 0 with input as cfn("CREATE_UPDATE", object.union(full, {"conditions": to_cfn}))
}

test_no_pass_role_for_execute if {
	count(xa608.deny) == 0 with input as cfn("CHANGE_SET_EXECUTE", {"actions": ["cloudformation:ExecuteChangeSet"], "resources": [stack]})
}

test_unknown_mode_or_names_are_silent if {
	count(xa608.deny) == 0 with input as cfn("{{?Mode}}", {"actions": ["s3:GetObject"]})
	inp := json.patch(cfn("CREATE_UPDATE", full), [{
		"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/configuration/StackName"]), "value": "{{?StackName}}",
	}])
	count(xa608.deny) == 0 with input as inp
}

test_incomplete_role_is_silent if {
	inp := json.patch(cfn("CREATE_UPDATE", {"actions": ["s3:GetObject"]}), [{"op": "replace", "path": "/roles/0/complete", "value": false}])
	inp.roles[0].id == "target.yaml#CodeDeployRole"
	count(xa608.deny) == 0 with input as inp
}
