# METADATA
# title: Pipeline role may not assume the action's role
# description: |
#   An action in another account names a `roleArn`, but the pipeline's
#   service role has no identity policy statement allowing `sts:AssumeRole`
#   on that ARN. Assuming a role in another account needs both the caller's
#   identity policy and the role's trust policy (XA501) to allow it, so the
#   pipeline fails when it reaches the action. A role with an attachment the
#   linter cannot read (an unknown managed policy) is not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
# custom:
#   id: XA401
#   severity: error
#   remediation: |
#     Add to the pipeline role's policy: `{"Effect": "Allow", "Action":
#     "sts:AssumeRole", "Resource": "<the action's roleArn>"}`.
package xacct.rules.xa401

import data.xacct.lib.facts

deny contains f if {
	some x in facts.cross_account_actions
	arn := x.action.roleArn
	arn != ""
	role := facts.pipeline_role(x.pipeline)
	d := facts.role_decision(role, {"action": "sts:AssumeRole", "resource": arn})
	d.level == 0
	f := {
		"message": sprintf(
			"pipeline role %s may not sts:AssumeRole on %s, the role of action %s in account %s%s: add {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"%s\"} to its policy",
			[facts.role_label(role), arn, facts.action_name(x), facts.action_account(x.pipeline, x.action), facts.denial_note(d), arn],
		),
		"loc": facts.role_fix_loc(role),
		"related": [{"message": sprintf("action %s assumes %s", [facts.action_name(x), arn]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}
