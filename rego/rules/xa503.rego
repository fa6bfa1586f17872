# METADATA
# title: Trust requires an external ID or MFA
# description: |
#   The trust policy of an action role (or of the pipeline role) admits the
#   pipeline only under a condition on `sts:ExternalId` or on MFA
#   (`aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge`). CodePipeline
#   assumes roles itself: it sends no external ID and has no MFA session, so
#   the condition never holds and the action fails with an AssumeRole access
#   error. The rule fires only when those conditions are what keeps the
#   pipeline out: the same trust policy without them would admit it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
# custom:
#   id: XA503
#   severity: error
#   remediation: |
#     Remove the `sts:ExternalId` / MFA condition from the statement that
#     admits the pipeline; narrow it with `aws:PrincipalArn` (the pipeline
#     role's ARN) instead.
package xacct.rules.xa503

import data.xacct.lib.facts
import data.xacct.lib.roles
import data.xacct.lib.util

keys := {"sts:externalid", "aws:multifactorauthpresent", "aws:multifactorauthage"}

# absent is the request context CodePipeline's AssumeRole call carries.
absent := {k: null | some k in keys}

# callers are [role, principal, who] pairs: the action roles with the
# pipeline role as caller, the pipeline roles with CodePipeline.
callers contains [rid, principal, sprintf("pipeline role %s", [p.roleArn])] if {
	some p in input.pipelines
	some rid in {a.role | some st in p.stages; some a in st.actions; object.get(a, "role", "") != ""}
	principal := facts.pipeline_principal(p)
}

callers contains [rid, {"type": "Service", "value": "codepipeline.amazonaws.com"}, "codepipeline.amazonaws.com"] if {
	some rid in roles.pipeline_role_ids
}

deny contains f if {
	some [rid, principal, who] in callers
	role := facts.role(rid)
	role.trust != ""
	request := {"action": "sts:AssumeRole", "resource": role.arn, "principal": principal}
	facts.policy_decision(role.trust, request).level > 0
	facts.policy_decision(role.trust, object.union(request, {"context": absent})).level == 0
	some s in roles.trust_statements(role)
	some c in util.as_list(object.get(s, "conditions", []))
	lower(c.key) in keys
	f := {
		"message": sprintf(
			"trust policy of role %s admits %s only with %s %s, which CodePipeline cannot send when it assumes the role: remove the condition (narrow the statement with aws:PrincipalArn instead)",
			[facts.role_label(role), who, c.operator, c.key],
		),
		"loc": roles.statement_loc(s, "Condition"),
	}
}
