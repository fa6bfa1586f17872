# METADATA
# title: Key policy leaves no administrator
# description: |
#   No Allow statement of the key policy gives any principal
#   `kms:PutKeyPolicy` (or `kms:*`), the permission to change the key
#   policy. KMS's policy lockout safety check refuses to create or update a
#   key with such a policy unless `BypassPolicyLockoutSafetyCheck` is set;
#   with it set, the key becomes unmanageable: nobody, not even the
#   account's root user, can change its policy again, and only AWS Support
#   can help. The usual administrator statement gives the key's account root
#   `kms:*`, which lets the account's IAM policies grant key administration.
#   A key declared without KeyPolicy gets KMS's default policy, which has
#   that statement.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key
#   - ref: https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html
# custom:
#   id: XA105
#   severity: error
#   remediation: |
#     Add the default administrator statement: `{"Sid": "Enable IAM User
#     Permissions", "Effect": "Allow", "Principal": {"AWS":
#     "arn:aws:iam::ACCOUNT_A:root"}, "Action": "kms:*", "Resource": "*"}`,
#     or give a key administrator role `kms:PutKeyPolicy` among its actions.
package xacct.rules.xa105

import data.xacct.lib.facts
import data.xacct.lib.iam
import data.xacct.lib.keys
import data.xacct.lib.util

# administers(s) is true for an Allow statement that may give a principal
# kms:PutKeyPolicy.
administers(s) if {
	s.effect == "Allow"
	iam.action_level(s, "kms:PutKeyPolicy") > util.no
}

# judged(k) is true for a key whose policy the linter read whole.
judged(k) if {
	k.policy != ""
	pol := facts.policy(k.policy)
	count(object.get(pol, "problems", [])) == 0
	count(pol.statements) > 0
}

deny contains f if {
	some k in input.keys
	judged(k)
	not any_admin(k)
	f := {
		"message": sprintf("no statement of the key policy of %s allows kms:PutKeyPolicy%s: add {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::%s:root\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"} or give a key administrator kms:PutKeyPolicy", [
			label(k), consequence(k), account(k),
		]),
		"loc": facts.policy(k.policy).loc,
		"related": [{"message": "the key", "loc": k.loc}],
	}
}

any_admin(k) if {
	some s in keys.statements(k)
	administers(s)
}

consequence(k) := ", and BypassPolicyLockoutSafetyCheck is set: once created nobody, not even the account's root user, can change the key policy again" if {
	k.bypassLockout == true
} else := ": KMS refuses the key policy (policy lockout safety check), so the key cannot be created or its policy updated"

label(k) := k.arn if {
	k.arn != ""
} else := k.id

account(k) := k.account if {
	util.known_account(k.account)
} else := "ACCOUNT_A"
