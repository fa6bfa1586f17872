# METADATA
# title: Action role may not pass the task roles to ECS
# description: |
#   A `CodeDeployToECS` or `ECS` deploy action runs in another account, but
#   its role may not `iam:PassRole` a role of that account to
#   `ecs-tasks.amazonaws.com`. Registering a task definition that names a
#   `taskRoleArn` or `executionRoleArn` (Fargate tasks pulling from ECR need
#   one) passes those roles, so `RegisterTaskDefinition` is refused. The task
#   definition (`taskdef.json`) is not among the linted documents, so the
#   rule asks whether the role may pass *some* role of its account to ECS
#   tasks: a `Resource` naming particular roles, or a condition it cannot
#   evaluate, keeps it silent. `AWSCodeDeployRoleForECS` grants this
#   (`iam:PassRole` on `*` when `iam:PassedToService` is
#   `ecs-tasks.amazonaws.com`).
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
#   - ref: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForECS.html
# custom:
#   id: XA605
#   severity: error
#   remediation: |
#     Add to the action role's policy `{"Effect": "Allow", "Action":
#     "iam:PassRole", "Resource": ["<task role ARN>", "<execution role ARN>"],
#     "Condition": {"StringEquals": {"iam:PassedToService":
#     "ecs-tasks.amazonaws.com"}}}`, or attach `AWSCodeDeployRoleForECS`.
package xacct.rules.xa605

import data.xacct.lib.facts
import data.xacct.lib.roles

deny contains f if {
	some x in roles.target_actions
	x.action.provider in roles.registers_task_definitions
	task_role := roles.task_role_arn(x)
	d := facts.role_decision(x.role, {
		"action": "iam:PassRole",
		"resource": task_role,
		"context": {"iam:PassedToService": "ecs-tasks.amazonaws.com"},
	})
	d.level == 0
	f := {
		"message": sprintf(
			"role %s of action %s may not iam:PassRole the task and execution roles of account %s to ecs-tasks.amazonaws.com, so registering the task definition fails%s: add {\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": [\"arn:aws:iam::%s:role/TASK_ROLE\", \"arn:aws:iam::%s:role/EXECUTION_ROLE\"], \"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"}}} to its policy",
			[facts.role_label(x.role), facts.action_name(x), roles.account_of(x), facts.denial_note(d), roles.account_of(x), roles.account_of(x)],
		),
		"loc": facts.role_fix_loc(x.role),
		"related": [{"message": sprintf("action %s (%s) assumes this role", [facts.action_name(x), x.action.provider]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}
