# METADATA
# description: |
#   Questions about the roles of a cross-account pipeline, shared by the
#   pipeline-role (XA40x), trust (XA50x) and action-role (XA60x) rules: which
#   roles the pipelines use and how, which permissions a deploy provider
#   needs in the target account, which of them a role lacks for certain, and
#   what a resource policy grants a principal directly (without delegation
#   through the account's root).
package xacct.lib.roles

import data.xacct.lib.facts
import data.xacct.lib.iam
import data.xacct.lib.util

# --- Roles the pipelines use ---------------------------------------------

# action_roles[rid] are the uses of role rid as an action's roleArn:
# [{"pipeline", "action", "stage"}], for every action that names it.
action_roles[rid] := uses if {
	some rid in {x.action.role | some x in facts.actions; object.get(x.action, "role", "") != ""}
	uses := [x | some x in facts.actions; x.action.role == rid]
}

# pipeline_role_ids are the ids of the Role facts pipelines run as.
pipeline_role_ids contains rid if {
	some p in input.pipelines
	rid := object.get(p, "role", "")
	rid != ""
}

# trust_statements(role) are the statements of a role's trust policy
# ([] when the trust policy is unknown).
trust_statements(role) := facts.policy_statements(role.trust) if {
	role.trust != ""
} else := []

# allows_assume(s) is true for an Allow statement that may allow
# sts:AssumeRole (ignoring principal and conditions).
allows_assume(s) if {
	s.effect == "Allow"
	iam.action_level(s, "sts:AssumeRole") > util.no
}

# --- Resource policies without delegation ---------------------------------

# direct_decision(pids, request) is the decision of resource policies pids
# when account principals (bare ID or ":root") are left out of their Allow
# statements: what the policies grant the request's principal by naming it
# (or "*"), so that it needs no identity policy in its own account.
direct_decision(pids, request) := iam.decision(
	[_without_roots(s) |
		some pid in pids
		some sid in facts.policy(pid).statements
		s := facts.statement(sid)
	],
	request,
)

_without_roots(s) := object.union(s, {"principals": [p |
	some p in util.as_list(object.get(s, "principals", []))
	not iam.principal_is_root(p)
]}) if {
	s.effect == "Allow"
} else := s

# --- What a deploy provider needs in the target account ----------------

# Permissions of the action role for each deploy provider, after the
# CodePipeline user guide ("Manage the CodePipeline service role", the action
# reference pages): codedeploy for CodeDeploy and CodeDeployToECS, ECS for
# ECS standard deploys, CloudFormation by ActionMode.
codedeploy_actions := [
	"codedeploy:CreateDeployment",
	"codedeploy:GetApplication",
	"codedeploy:GetApplicationRevision",
	"codedeploy:GetDeployment",
	"codedeploy:GetDeploymentConfig",
	"codedeploy:RegisterApplicationRevision",
]

# ecs_actions are the ECS standard deploy's actions besides
# ecs:RegisterTaskDefinition (XA604) and iam:PassRole (XA605).
ecs_actions := [
	"ecs:DescribeServices",
	"ecs:DescribeTaskDefinition",
	"ecs:DescribeTasks",
	"ecs:ListTasks",
	"ecs:UpdateService",
]

# registers_task_definitions are the providers that register a task
# definition revision (and pass its task and execution roles to ECS).
registers_task_definitions := {"CodeDeployToECS", "ECS"}

# uses_codedeploy are the providers that call CodeDeploy.
uses_codedeploy := {"CodeDeploy", "CodeDeployToECS"}

# target_actions are the deploy actions that certainly run in another
# account with an owner of AWS and a known role, keyed like facts.actions:
# {"pipeline", "action", "stage", "role"}.
target_actions[k] := object.union(x, {"role": role}) if {
	some k, x in facts.cross_account_actions
	object.get(x.action, "owner", "AWS") == "AWS"
	role := facts.action_role(x.action)
}

# region_of(x) is the region an action runs in, "{{?region}}" if unknown.
region_of(x) := r if {
	r := facts.action_region(x.pipeline, x.action)
	r != ""
} else := "{{?region}}"

# account_of(x) is the account an action runs in, "{{?account}}" if unknown.
account_of(x) := a if {
	a := facts.action_account(x.pipeline, x.action)
} else := "{{?account}}"

# config(x, key) is a configuration value of an action, "{{?key}}" when
# absent or empty.
config(x, key) := v if {
	v := object.get(object.get(x.action, "configuration", {}), key, "")
	is_string(v)
	v != ""
} else := sprintf("{{?%s}}", [key])

# codedeploy_resource(x, op) is the ARN a CodeDeploy call of the action is
# authorised on (Service Authorization Reference: application,
# deploymentgroup, deploymentconfig).
codedeploy_resource(x, op) := sprintf("arn:aws:codedeploy:%s:%s:deploymentgroup:%s/%s", [region_of(x), account_of(x), config(x, "ApplicationName"), config(x, "DeploymentGroupName")]) if {
	op in {"codedeploy:CreateDeployment", "codedeploy:GetDeployment"}
} else := sprintf("arn:aws:codedeploy:%s:%s:deploymentconfig:{{?deployment-config}}", [region_of(x), account_of(x)]) if {
	op == "codedeploy:GetDeploymentConfig"
} else := sprintf("arn:aws:codedeploy:%s:%s:application:%s", [region_of(x), account_of(x), config(x, "ApplicationName")])

# ecs_resource(x, op) is the resource an ECS call is authorised on: "*" for
# ecs:RegisterTaskDefinition, which takes no resource-level permissions,
# else some ECS resource of the action's account and region.
ecs_resource(x, op) := "*" if {
	op == "ecs:RegisterTaskDefinition"
} else := sprintf("arn:aws:ecs:%s:%s:{{?ecs-resource}}", [region_of(x), account_of(x)])

# task_role_arn(x) stands for the task and execution roles of the task
# definition, which live in taskdef.json or the ECS service, outside the
# linted documents: any role of the action's account.
task_role_arn(x) := sprintf("arn:aws:iam::%s:role/{{?task-role}}", [account_of(x)])

# missing(role, requests) are the requests ({"action", "resource",
# "context"?}) that the role's identity policies certainly do not allow.
# Roles with unknown attachments miss nothing.
missing(role, requests) := [r |
	some r in requests
	facts.role_decision(role, r).level == util.no
]

# action_list(requests) is the actions of requests, for messages.
action_list(requests) := concat(", ", [r.action | some r in requests])

# statement_loc(s, field) is the location of a statement field, else the statement's.
statement_loc(s, field) := util.loc_or(s, field, s.loc)
