# METADATA
# title: ECS, CodeDeploy or CloudFormation action configuration
# description: |
#   A deploy action of provider `ECS` (standard deployment), `CodeDeploy`
#   or `CloudFormation` lacks a configuration key its provider requires, has
#   an ActionMode CloudFormation does not know, has a number of input or
#   output artifacts its provider does not accept, or, for CloudFormation,
#   names a `RoleArn` (the stack's deployment role) in another account than
#   the role the action runs as. CloudFormation accepts only a role of its
#   own account: a cross-account pass role fails with "Cross-account pass
#   role is not allowed", so the deployment role must live in the target
#   account next to the action role.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeDeploy.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html
# custom:
#   id: XA306
#   severity: error
#   remediation: |
#     Add the configuration keys the message names. For a CloudFormation
#     action in account B, create the stack's deployment role in account B
#     and name it in `RoleArn`; the action's own `roleArn` must be in the same
#     account.
package xacct.rules.xa306

import data.xacct.lib.facts
import data.xacct.lib.pipelines
import data.xacct.lib.util

# What each provider needs: required keys, and [min, max] input and output artifacts.
providers := {
	"ECS": {"required": ["ClusterName", "ServiceName"], "inputs": [1, 1], "outputs": [0, 0]},
	"CodeDeploy": {"required": ["ApplicationName", "DeploymentGroupName"], "inputs": [1, 1], "outputs": [0, 0]},
	"CloudFormation": {"required": ["ActionMode", "StackName"], "inputs": [0, 10], "outputs": [0, 1]},
}

# Keys CloudFormation needs for an ActionMode.
cfn_mode_keys := {
	"CREATE_UPDATE": ["TemplatePath"],
	"REPLACE_ON_FAILURE": ["TemplatePath"],
	"CHANGE_SET_REPLACE": ["ChangeSetName", "TemplatePath"],
	"CHANGE_SET_EXECUTE": ["ChangeSetName"],
	"DELETE_ONLY": [],
}

deploys contains [x, spec] if {
	some x in facts.actions
	some provider, spec in providers
	pipelines.is_provider(x.action, "Deploy", provider)
}

deny contains f if {
	some [x, spec] in deploys
	missing := pipelines.missing_config(x.action, spec.required)
	count(missing) > 0
	f := {
		"message": sprintf(
			"%s action %s lacks configuration %s, which the provider requires: add %s",
			[x.action.provider, facts.action_name(x), concat(", ", missing), concat(", ", missing)],
		),
		"loc": facts.action_loc(x.action, "configuration"),
	}
}

deny contains f if {
	some [x, spec] in deploys
	some field in ["inputArtifacts", "outputArtifacts"]
	limits := spec[{"inputArtifacts": "inputs", "outputArtifacts": "outputs"}[field]]
	n := count(util.as_list(object.get(x.action, field, [])))
	not between(n, limits)
	f := {
		"message": sprintf(
			"%s action %s has %d %s; the provider takes %s, and CodePipeline refuses the action: %s",
			[x.action.provider, facts.action_name(x), n, field, range_text(limits), artifact_fix(field, limits)],
		),
		"loc": facts.action_loc(x.action, field),
	}
}

between(n, limits) if {
	n >= limits[0]
	n <= limits[1]
}

range_text(l) := sprintf("exactly %d", [l[0]]) if {
	l[0] == l[1]
} else := sprintf("%d to %d", [l[0], l[1]])

artifact_fix("outputArtifacts", l) := "remove outputArtifacts" if {
	l[1] == 0
} else := "keep one output artifact (the stack outputs file)" if {
	l[1] == 1
}

artifact_fix("inputArtifacts", l) := "list the one artifact that holds the deployment files" if {
	l == [1, 1]
} else := sprintf("keep at most %d", [l[1]])

deny contains f if {
	some [x, _] in deploys
	x.action.provider == "CloudFormation"
	mode := object.get(pipelines.configuration(x.action), "ActionMode", "")
	pipelines.known(mode)
	not cfn_mode_keys[mode]
	f := {
		"message": sprintf(
			"CloudFormation action %s has ActionMode %q, which CloudFormation does not know: use one of %s",
			[facts.action_name(x), mode, concat(", ", sort(object.keys(cfn_mode_keys)))],
		),
		"loc": pipelines.config_loc(x.action, "ActionMode"),
	}
}

deny contains f if {
	some [x, _] in deploys
	x.action.provider == "CloudFormation"
	mode := pipelines.configuration(x.action).ActionMode
	missing := pipelines.missing_config(x.action, cfn_mode_keys[mode])
	count(missing) > 0
	f := {
		"message": sprintf(
			"CloudFormation action %s with ActionMode %s lacks %s: add %s",
			[facts.action_name(x), mode, concat(", ", missing), concat(", ", missing)],
		),
		"loc": pipelines.config_loc(x.action, "ActionMode"),
	}
}

deny contains f if {
	some [x, _] in deploys
	x.action.provider == "CloudFormation"
	arn := pipelines.configuration(x.action).RoleArn
	util.is_known(arn)
	stack_account := util.arn_account(arn)
	action_account := facts.action_account(x.pipeline, x.action)
	stack_account != action_account
	f := {
		"message": sprintf(
			"CloudFormation action %s passes RoleArn %s (account %s) to CloudFormation, but the action runs as %s in account %s: CloudFormation refuses a role of another account (\"Cross-account pass role is not allowed\"). Create the stack's deployment role in account %s and name it in RoleArn",
			[facts.action_name(x), arn, stack_account, runs_as(x), action_account, action_account],
		),
		"loc": pipelines.config_loc(x.action, "RoleArn"),
		"related": [{"message": "the role the action runs as", "loc": facts.action_loc(x.action, "roleArn")}],
	}
}

runs_as(x) := x.action.roleArn if {
	x.action.roleArn != ""
} else := "the pipeline role"
