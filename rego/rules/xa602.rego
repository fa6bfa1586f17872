# METADATA
# title: Action role cannot use the artifact key
# description: |
#   The role of an action in another account has no identity policy statement
#   allowing `kms:Decrypt` on the artifact store's key ARN. A key in another
#   account needs both its key policy (XA103) and the caller's identity
#   policy, and the Resource must be the key's ARN in the key's account
#   (account A): `arn:aws:kms:*:ACCOUNT_B:key/*` does not cover it. Without
#   it S3 cannot decrypt the artifacts for the action. An action that writes
#   output artifacts also needs `kms:GenerateDataKey` on the key, or S3
#   refuses its SSE-KMS uploads. Roles with attachments the linter cannot
#   read are not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
# custom:
#   id: XA602
#   severity: error
#   remediation: |
#     Add to the action role's policy: `{"Effect": "Allow", "Action":
#     ["kms:Decrypt", "kms:DescribeKey"], "Resource": "<key ARN in account A>"}`
#     (add `kms:GenerateDataKey*` and `kms:Encrypt` when the action writes artifacts).
package xacct.rules.xa602

import data.xacct.lib.facts

deny contains f if {
	some x in facts.cross_account_actions
	facts.reads_artifacts(x.action)
	role := facts.action_role(x.action)
	st := facts.store_for(x.pipeline, x.action)
	key := facts.store_key_arn(st)
	d := facts.role_decision(role, {"action": "kms:Decrypt", "resource": key})
	d.level == 0
	f := {
		"message": sprintf(
			"role %s of action %s may not kms:Decrypt with the artifact key %s, so it cannot read its input artifacts%s: add {\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\", \"kms:DescribeKey\"], \"Resource\": \"%s\"} to its policy",
			[facts.role_label(role), facts.action_name(x), key, facts.denial_note(d), key],
		),
		"loc": facts.role_fix_loc(role),
		"related": [{"message": sprintf("artifact store key of action %s", [facts.action_name(x)]), "loc": key_loc(st)}],
	}
}

deny contains f if {
	some x in facts.cross_account_actions
	facts.writes_artifacts(x.action)
	role := facts.action_role(x.action)
	st := facts.store_for(x.pipeline, x.action)
	key := facts.store_key_arn(st)
	d := facts.role_decision(role, {"action": "kms:GenerateDataKey", "resource": key})
	d.level == 0
	f := {
		"message": sprintf(
			"role %s of action %s may not kms:GenerateDataKey with the artifact key %s, so S3 refuses the SSE-KMS upload of its output artifacts%s: add {\"Effect\": \"Allow\", \"Action\": [\"kms:GenerateDataKey*\", \"kms:Encrypt\"], \"Resource\": \"%s\"} to its policy",
			[facts.role_label(role), facts.action_name(x), key, facts.denial_note(d), key],
		),
		"loc": facts.role_fix_loc(role),
		"related": [{"message": sprintf("artifact store key of action %s", [facts.action_name(x)]), "loc": key_loc(st)}],
	}
}

key_loc(st) := st.encryptionKey.loc if {
	st.encryptionKey.loc
} else := st.loc
