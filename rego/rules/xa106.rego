# METADATA
# title: Key policy allows everyone without a condition
# description: |
#   A key policy statement allows Principal `"*"` (or `{"AWS": "*"}`) and has
#   no condition that restricts the caller. A key policy is a resource
#   policy: `"*"` there means every principal of every AWS account, so anyone
#   may use the artifact key (decrypt the artifacts, or more, depending on
#   the actions). AWS's own key policies with `"*"` pair it with
#   `kms:CallerAccount` and `kms:ViaService`. Statements whose conditions
#   restrict the calling account, organization, principal, source or the
#   service the call comes through are not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
# custom:
#   id: XA106
#   severity: error
#   remediation: |
#     Name the principals (`{"AWS": ["arn:aws:iam::ACCOUNT_B:root"]}`) instead
#     of `"*"`, or add a condition that restricts the caller, such as
#     `{"StringEquals": {"kms:CallerAccount": ["ACCOUNT_A", "ACCOUNT_B"]}}` or
#     `{"StringEquals": {"aws:PrincipalOrgID": "o-…"}}`.
package xacct.rules.xa106

import data.xacct.lib.keys
import data.xacct.lib.util

deny contains f if {
	some s in input.statements
	s.kind == "key"
	s.effect == "Allow"
	some p in util.as_list(object.get(s, "principals", []))
	keys.is_everyone(p)
	not keys.restricts_caller(s)
	f := {
		"message": sprintf(
			"key policy statement%s allows Principal \"*\" %s with no condition on the caller: every principal of every AWS account may use the key; name the accounts or roles instead, or add a condition such as {\"StringEquals\": {\"kms:CallerAccount\": \"%s\"}}",
			[sid(s), actions(s), account(s)],
		),
		"loc": util.loc_or(s, "Principal", s.loc),
	}
}

sid(s) := sprintf(" %q", [s.sid]) if {
	s.sid != ""
} else := ""

actions(s) := concat(", ", util.as_list(s.actions)) if {
	count(util.as_list(object.get(s, "actions", []))) > 0
} else := sprintf("everything but %s", [concat(", ", util.as_list(s.notActions))])

account(s) := s.account if {
	util.known_account(s.account)
} else := "ACCOUNT_ID"
