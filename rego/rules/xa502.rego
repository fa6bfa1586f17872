# METADATA
# title: Trust statement does not allow sts:AssumeRole
# description: |
#   A trust policy statement of a pipeline role or an action role names an AWS
#   or service principal but allows only other actions
#   (`sts:AssumeRoleWithWebIdentity`, `sts:AssumeRoleWithSAML`, …). AWS
#   accounts, roles and services assume a role with `sts:AssumeRole`; the
#   other actions are for federated principals, so the statement admits
#   nobody and CodePipeline cannot assume the role. Statements that only add
#   `sts:TagSession`, `sts:SetSourceIdentity` or `sts:SetContext` next to
#   another statement's `sts:AssumeRole` are fine.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
# custom:
#   id: XA502
#   severity: error
#   remediation: |
#     Set the statement's Action to `sts:AssumeRole` (add `sts:TagSession`
#     next to it if sessions are tagged).
package xacct.rules.xa502

import data.xacct.lib.facts
import data.xacct.lib.iam
import data.xacct.lib.roles
import data.xacct.lib.util

# Actions that accompany sts:AssumeRole in a trust policy.
companions := {"sts:tagsession", "sts:setsourceidentity", "sts:setcontext"}

deny contains f if {
	some rid in (roles.pipeline_role_ids | {rid | some rid, _ in roles.action_roles})
	role := facts.role(rid)
	some s in roles.trust_statements(role)
	s.effect == "Allow"
	not iam.action_level(s, "sts:AssumeRole") > util.no
	principals := [p.value |
		some p in util.as_list(object.get(s, "principals", []))
		lower(p.type) in {"aws", "service"}
	]
	count(principals) > 0
	actions := util.as_list(object.get(s, "actions", []))
	some a in actions
	not lower(a) in companions
	f := {
		"message": sprintf(
			"trust policy of role %s allows %s to %s, not sts:AssumeRole, so it admits nobody: AWS and service principals assume a role with sts:AssumeRole; set \"Action\": \"sts:AssumeRole\"",
			[facts.role_label(role), concat(", ", principals), concat(", ", actions)],
		),
		"loc": roles.statement_loc(s, "Action"),
	}
}
