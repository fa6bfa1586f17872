# METADATA
# title: Action role lacks the ECS deploy permissions
# description: |
#   An `ECS` (standard) deploy action runs in another account, but its role
#   may not call every ECS operation the action makes:
#   `ecs:DescribeServices`, `ecs:DescribeTaskDefinition`,
#   `ecs:DescribeTasks`, `ecs:ListTasks` and `ecs:UpdateService` (besides
#   `ecs:RegisterTaskDefinition`, XA604, and `iam:PassRole`, XA605). The
#   action reads the service's task definition, registers a revision with the
#   new image, updates the service and watches its tasks, all as the action
#   role. Resources it cannot pin down are treated as possible matches.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
# custom:
#   id: XA607
#   severity: error
#   remediation: |
#     Add to the action role's policy `{"Effect": "Allow", "Action":
#     ["ecs:DescribeServices", "ecs:DescribeTaskDefinition",
#     "ecs:DescribeTasks", "ecs:ListTasks", "ecs:RegisterTaskDefinition",
#     "ecs:UpdateService"], "Resource": "*"}`.
package xacct.rules.xa607

import data.xacct.lib.facts
import data.xacct.lib.roles

deny contains f if {
	some x in roles.target_actions
	x.action.provider == "ECS"
	requests := [{"action": op, "resource": roles.ecs_resource(x, op)} | some op in roles.ecs_actions]
	lacking := roles.missing(x.role, requests)
	count(lacking) > 0
	f := {
		"message": sprintf(
			"role %s of ECS deploy action %s may not %s, which the action calls in account %s: add {\"Effect\": \"Allow\", \"Action\": [%s], \"Resource\": \"*\"} to its policy",
			[facts.role_label(x.role), facts.action_name(x), roles.action_list(lacking), roles.account_of(x), concat(", ", [sprintf("%q", [r.action]) | some r in lacking])],
		),
		"loc": facts.role_fix_loc(x.role),
		"related": [{"message": sprintf("action %s (ECS) assumes this role", [facts.action_name(x)]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}
