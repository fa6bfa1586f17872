# METADATA
# title: Action role lacks ecs:RegisterTaskDefinition
# description: |
#   A `CodeDeployToECS` or `ECS` deploy action runs in another account, but
#   its role may not `ecs:RegisterTaskDefinition`. Both actions register a
#   new task definition revision (from `taskdef.json`, or from the service's
#   current revision with the new image) as the action role before they
#   deploy it, so the action fails at its first step. The action supports no
#   resource-level permissions: the statement needs `"Resource": "*"`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
# custom:
#   id: XA604
#   severity: error
#   remediation: |
#     Add to the action role's policy `{"Effect": "Allow", "Action":
#     "ecs:RegisterTaskDefinition", "Resource": "*"}`.
package xacct.rules.xa604

import data.xacct.lib.facts
import data.xacct.lib.roles

deny contains f if {
	some x in roles.target_actions
	x.action.provider in roles.registers_task_definitions
	d := facts.role_decision(x.role, {"action": "ecs:RegisterTaskDefinition", "resource": "*"})
	d.level == 0
	f := {
		"message": sprintf(
			"role %s of action %s may not ecs:RegisterTaskDefinition, which the %s action calls in account %s before it deploys%s: add {\"Effect\": \"Allow\", \"Action\": \"ecs:RegisterTaskDefinition\", \"Resource\": \"*\"} to its policy",
			[facts.role_label(x.role), facts.action_name(x), x.action.provider, roles.account_of(x), facts.denial_note(d)],
		),
		"loc": facts.role_fix_loc(x.role),
		"related": [{"message": sprintf("action %s (%s) assumes this role", [facts.action_name(x), x.action.provider]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}
