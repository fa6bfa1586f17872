# METADATA
# title: CreateGrant to another account without kms:GrantIsForAWSResource
# description: |
#   A key policy statement gives a principal of another account
#   `kms:CreateGrant` (directly or through `kms:*`) with no condition on
#   `kms:GrantIsForAWSResource`. With CreateGrant that account can give any
#   principal, for any time, the key's cryptographic operations, outside the
#   key policy. CodePipeline's cross-account actions do not need grants; AWS
#   services that do (EBS, ECS with encrypted volumes…) create them on the
#   caller's behalf, which the condition
#   `{"Bool": {"kms:GrantIsForAWSResource": "true"}}` allows while it
#   refuses grants a principal creates by itself. The article's grant
#   statement has the condition.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-service-integration
# custom:
#   id: XA107
#   severity: warning
#   remediation: |
#     Add `"Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}` to
#     the statement, or move `kms:CreateGrant` out of the statement that
#     grants the other account its key use.
package xacct.rules.xa107

import data.xacct.lib.iam
import data.xacct.lib.util

deny contains f if {
	some s in input.statements
	s.kind == "key"
	s.effect == "Allow"
	util.known_account(s.account)
	iam.action_level(s, "kms:CreateGrant") == util.certain
	not grant_condition(s)
	some p in util.as_list(object.get(s, "principals", []))
	upper(p.type) == "AWS"
	acct := iam.principal_account(p)
	acct != s.account
	f := {
		"message": sprintf(
			"key policy statement%s gives account %s (%s) kms:CreateGrant without a kms:GrantIsForAWSResource condition: it can grant anyone the key's use outside the key policy; add \"Condition\": {\"Bool\": {\"kms:GrantIsForAWSResource\": \"true\"}}",
			[sid(s), acct, p.value],
		),
		"loc": s.loc,
	}
}

grant_condition(s) if {
	some c in util.as_list(object.get(s, "conditions", []))
	lower(c.key) == "kms:grantisforawsresource"
}

sid(s) := sprintf(" %q", [s.sid]) if {
	s.sid != ""
} else := ""
