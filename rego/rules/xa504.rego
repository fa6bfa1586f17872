# METADATA
# title: Action role trusts account A's root without aws:PrincipalArn
# description: |
#   The trust policy of an action role admits the pipeline's account by its
#   root (`arn:aws:iam::ACCOUNT_A:root` or the bare ID) with no
#   `aws:PrincipalArn` condition. This works, and it is what AWS documents
#   for cross-account pipelines, but it delegates the decision to account A:
#   every user and role there whose identity policy allows `sts:AssumeRole`
#   on this role may deploy to account B, not only the pipeline. A condition
#   on `aws:PrincipalArn` keeps the trust on the pipeline role and, unlike a
#   role-ARN principal (XA505), survives the role being re-created.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
# custom:
#   id: XA504
#   severity: info
#   remediation: |
#     Add to the statement `"Condition": {"ArnEquals": {"aws:PrincipalArn":
#     "<pipeline role ARN>"}}`.
package xacct.rules.xa504

import data.xacct.lib.facts
import data.xacct.lib.iam
import data.xacct.lib.roles
import data.xacct.lib.util

deny contains f if {
	some rid, uses in roles.action_roles
	role := facts.role(rid)
	some s in roles.trust_statements(role)
	roles.allows_assume(s)
	not narrowed(s)
	some p in util.as_list(object.get(s, "principals", []))
	upper(p.type) == "AWS"
	iam.principal_is_root(p)
	some x in uses
	acct := facts.pipeline_account(x.pipeline)
	iam.principal_account(p) == acct
	f := {
		"message": sprintf(
			"trust policy of role %s admits every principal of account %s (%s) whose own policy allows it, not only the pipeline role: add \"Condition\": {\"ArnEquals\": {\"aws:PrincipalArn\": \"%s\"}}",
			[facts.role_label(role), acct, p.value, x.pipeline.roleArn],
		),
		"loc": roles.statement_loc(s, "Principal"),
	}
}

narrowed(s) if {
	some c in util.as_list(object.get(s, "conditions", []))
	lower(c.key) == "aws:principalarn"
}
