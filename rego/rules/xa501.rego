# METADATA
# title: Action role does not trust the pipeline
# description: |
#   The trust policy (AssumeRolePolicyDocument) of an action's role admits
#   neither the pipeline's service role nor the pipeline's account, so
#   CodePipeline cannot assume it and the action fails with an access error.
#   Principals the linter cannot resolve (a parameter, a placeholder) and
#   conditions it cannot evaluate keep the rule silent.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: XA501
#   severity: error
#   remediation: |
#     Add to the role's trust policy a statement with Action `sts:AssumeRole`
#     and Principal `{"AWS": "<pipeline role ARN>"}` (or
#     `arn:aws:iam::ACCOUNT_A:root` with an `aws:PrincipalArn` condition).
package xacct.rules.xa501

import data.xacct.lib.facts

deny contains f if {
	some p in input.pipelines
	some rid in {a.role | some s in p.stages; some a in s.actions; a.role != ""}
	role := facts.role(rid)
	role.trust != ""
	principal := facts.pipeline_principal(p)
	d := facts.policy_decision(role.trust, {"action": "sts:AssumeRole", "resource": role.arn, "principal": principal})
	d.level == 0
	f := {
		"message": sprintf(
			"trust policy of role %s does not admit the pipeline role %s%s: add a statement with Action sts:AssumeRole and Principal {\"AWS\": \"%s\"}%s",
			[facts.role_label(role), p.roleArn, facts.denial_note(d), p.roleArn, root_alternative(principal)],
		),
		"loc": facts.policy(role.trust).loc,
		"related": [{"message": sprintf("action %s/%s uses this role", [s.name, a.name]), "loc": facts.action_loc(a, "roleArn")} |
			some s in p.stages
			some a in s.actions
			a.role == rid
		],
	}
}

root_alternative(principal) := sprintf(" (or arn:aws:iam::%s:root)", [principal.account]) if {
	principal.account != ""
} else := ""
