# METADATA
# title: Action role lacks CloudFormation permissions or cannot pass the deployment role
# description: |
#   A `CloudFormation` deploy action runs in another account, but its role
#   may not call the CloudFormation operations its `ActionMode` makes on the
#   stack (`CREATE_UPDATE` and `REPLACE_ON_FAILURE`: `DescribeStacks`,
#   `UpdateStack`, and `CreateStack` while the stack does not exist, a
#   warning alone; `DELETE_ONLY`: `DescribeStacks`, `DeleteStack`;
#   `CHANGE_SET_REPLACE`: `DescribeStacks`, `CreateChangeSet`;
#   `CHANGE_SET_EXECUTE`: `ExecuteChangeSet`), or may not
#   `iam:PassRole` the stack's deployment role (configuration `RoleArn`) to
#   `cloudformation.amazonaws.com`. CodePipeline calls CloudFormation as the
#   action role, and CloudFormation refuses a `RoleARN` the caller may not
#   pass. An unknown `ActionMode`, unknown names and roles with attachments
#   the linter cannot read keep the rule silent.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
# custom:
#   id: XA608
#   severity: error
#   remediation: |
#     Add to the action role's policy `{"Effect": "Allow", "Action":
#     ["cloudformation:CreateStack", "cloudformation:UpdateStack",
#     "cloudformation:DeleteStack", "cloudformation:DescribeStacks",
#     "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet",
#     "cloudformation:ExecuteChangeSet", "cloudformation:DeleteChangeSet"],
#     "Resource": "arn:aws:cloudformation:REGION:ACCOUNT_B:stack/STACK/*"}` and
#     `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "<RoleArn>",
#     "Condition": {"StringEquals": {"iam:PassedToService":
#     "cloudformation.amazonaws.com"}}}`.
package xacct.rules.xa608

import data.xacct.lib.facts
import data.xacct.lib.roles
import data.xacct.lib.util

# needs[mode] are the operations each ActionMode calls on every run (or
# whenever the stack exists, which is the normal case) and first_run[mode]
# those it calls only while the stack does not exist yet (or, for
# REPLACE_ON_FAILURE, after a failure): without them the action works only
# on a stack created some other way, which is a warning.
needs := {
	"CREATE_UPDATE": ["cloudformation:DescribeStacks", "cloudformation:UpdateStack"],
	"REPLACE_ON_FAILURE": ["cloudformation:DescribeStacks", "cloudformation:UpdateStack"],
	"DELETE_ONLY": ["cloudformation:DescribeStacks", "cloudformation:DeleteStack"],
	"CHANGE_SET_REPLACE": ["cloudformation:DescribeStacks", "cloudformation:CreateChangeSet"],
	"CHANGE_SET_EXECUTE": ["cloudformation:ExecuteChangeSet"],
}

first_run := {
	"CREATE_UPDATE": ["cloudformation:CreateStack"],
	"REPLACE_ON_FAILURE": ["cloudformation:CreateStack", "cloudformation:DeleteStack"],
}

# Modes that hand the deployment role to CloudFormation.
passes_role := {"CREATE_UPDATE", "REPLACE_ON_FAILURE", "DELETE_ONLY", "CHANGE_SET_REPLACE"}

cfn_actions[k] := x if {
	some k, x in roles.target_actions
	x.action.provider == "CloudFormation"
}

mode(x) := object.get(object.get(x.action, "configuration", {}), "ActionMode", "")

stack_arn(x) := sprintf("arn:aws:cloudformation:%s:%s:stack/%s/{{?stack-id}}", [roles.region_of(x), roles.account_of(x), roles.config(x, "StackName")])

lacking(x, ops) := roles.missing(x.role, [{"action": op, "resource": stack_arn(x)} | some op in ops])

deny contains f if {
	some x in cfn_actions
	always := lacking(x, needs[mode(x)])
	count(always) > 0
	all := array.concat(always, lacking(x, object.get(first_run, mode(x), [])))
	f := stack_finding(x, all, "")
}

deny contains f if {
	some x in cfn_actions
	count(lacking(x, needs[mode(x)])) == 0
	first := lacking(x, object.get(first_run, mode(x), []))
	count(first) > 0
	f := object.union(
		stack_finding(x, first, ", so it works only on a stack that already exists (created some other way, and never failed)"),
		{"severity": "warning"},
	)
}

stack_finding(x, lacks, consequence) := {
	"message": sprintf(
		"role %s of CloudFormation action %s (%s) may not %s on stack %s%s: add {\"Effect\": \"Allow\", \"Action\": [%s], \"Resource\": \"arn:aws:cloudformation:%s:%s:stack/%s/*\"} to its policy",
		[
			facts.role_label(x.role), facts.action_name(x), mode(x), roles.action_list(lacks), roles.config(x, "StackName"), consequence,
			concat(", ", [sprintf("%q", [r.action]) | some r in lacks]), roles.region_of(x), roles.account_of(x), roles.config(x, "StackName"),
		],
	),
	"loc": facts.role_fix_loc(x.role),
	"related": [{"message": sprintf("action %s (CloudFormation) assumes this role", [facts.action_name(x)]), "loc": facts.action_loc(x.action, "roleArn")}],
}

deny contains f if {
	some x in cfn_actions
	mode(x) in passes_role
	deployment_role := object.get(x.action.configuration, "RoleArn", "")
	is_string(deployment_role)
	deployment_role != ""
	d := facts.role_decision(x.role, {
		"action": "iam:PassRole",
		"resource": deployment_role,
		"context": {"iam:PassedToService": "cloudformation.amazonaws.com"},
	})
	d.level == 0
	f := {
		"message": sprintf(
			"role %s of CloudFormation action %s may not iam:PassRole the stack's deployment role %s to cloudformation.amazonaws.com, so CloudFormation refuses the RoleARN%s: add {\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"%s\", \"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"cloudformation.amazonaws.com\"}}} to its policy",
			[facts.role_label(x.role), facts.action_name(x), deployment_role, facts.denial_note(d), deployment_role],
		),
		"loc": facts.role_fix_loc(x.role),
		"related": [{"message": "the stack's deployment role", "loc": util.loc_or(x.action, "configuration.RoleArn", x.action.loc)}],
	}
}
