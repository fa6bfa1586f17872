# METADATA
# title: Action role lacks CodeDeploy permissions
# description: |
#   A `CodeDeploy` or `CodeDeployToECS` action runs in another account, but
#   its role may not call every CodeDeploy operation CodePipeline makes for
#   it: `codedeploy:CreateDeployment`, `GetDeployment` (on the deployment
#   group), `GetApplication`, `GetApplicationRevision`,
#   `RegisterApplicationRevision` (on the application) and
#   `GetDeploymentConfig`. Only the role's own identity policies count: the
#   action role is the caller. Unknown names, regions and roles with
#   attachments the linter cannot read keep the rule silent.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeDeploy.html
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html
# custom:
#   id: XA603
#   severity: error
#   remediation: |
#     Add to the action role's policy `{"Effect": "Allow", "Action":
#     ["codedeploy:CreateDeployment", "codedeploy:GetApplication",
#     "codedeploy:GetApplicationRevision", "codedeploy:GetDeployment",
#     "codedeploy:GetDeploymentConfig", "codedeploy:RegisterApplicationRevision"],
#     "Resource": "*"}` (or the application, deployment group and
#     deployment config ARNs).
package xacct.rules.xa603

import data.xacct.lib.facts
import data.xacct.lib.roles

deny contains f if {
	some x in roles.target_actions
	x.action.provider in roles.uses_codedeploy
	requests := [{"action": op, "resource": roles.codedeploy_resource(x, op)} | some op in roles.codedeploy_actions]
	lacking := roles.missing(x.role, requests)
	count(lacking) > 0
	f := {
		"message": sprintf(
			"role %s of action %s may not %s, which CodePipeline calls in account %s to deploy: add {\"Effect\": \"Allow\", \"Action\": [%s], \"Resource\": \"*\"} to its policy",
			[facts.role_label(x.role), facts.action_name(x), roles.action_list(lacking), roles.account_of(x), concat(", ", [sprintf("%q", [r.action]) | some r in lacking])],
		),
		"loc": facts.role_fix_loc(x.role),
		"related": [{"message": sprintf("action %s (%s) assumes this role", [facts.action_name(x), x.action.provider]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}
