# METADATA
# title: Trust by role ARN breaks when the role is re-created
# description: |
#   The trust policy of an action role names a role by its ARN
#   (`arn:aws:iam::ACCOUNT_A:role/NAME`). IAM stores such a principal as the
#   role's unique ID: if the pipeline role is deleted and created again (a
#   stack replaced, a rename and back), the trust policy silently points at
#   the old ID (the console shows it as `AROA…`), and the pipeline can no
#   longer assume the action role although every document still reads
#   right. Trusting account A's root with an `aws:PrincipalArn` condition
#   naming the role does not have this problem.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
# custom:
#   id: XA505
#   severity: info
#   remediation: |
#     Use `"Principal": {"AWS": "arn:aws:iam::ACCOUNT_A:root"}` with
#     `"Condition": {"ArnEquals": {"aws:PrincipalArn": "<role ARN>"}}`.
package xacct.rules.xa505

import data.xacct.lib.facts
import data.xacct.lib.roles
import data.xacct.lib.util

deny contains f if {
	some rid, _ in roles.action_roles
	role := facts.role(rid)
	some s in roles.trust_statements(role)
	roles.allows_assume(s)
	some p in util.as_list(object.get(s, "principals", []))
	upper(p.type) == "AWS"
	regex.match(`^arn:aws[a-z-]*:iam::[^:]*:role/.+`, p.value)
	acct := account_label(p)
	f := {
		"message": sprintf(
			"trust policy of role %s names the role %s by ARN: IAM keeps its unique ID, so if that role is ever re-created the trust silently stops working: trust \"arn:aws:iam::%s:root\" with \"Condition\": {\"ArnEquals\": {\"aws:PrincipalArn\": \"%s\"}} instead",
			[facts.role_label(role), p.value, acct, p.value],
		),
		"loc": roles.statement_loc(s, "Principal"),
	}
}

account_label(p) := a if {
	a := util.account_of(p.value)
} else := split(p.value, ":")[4]
