# METADATA
# title: Key policy does not let the target account use the artifact key
# description: |
#   A pipeline action runs in account B, but the key policy of the artifact
#   store's KMS key does not allow account B (its root, which delegates to
#   B's identity policies, or the action's role) `kms:Decrypt`, which the
#   action needs to read its input artifacts, or `kms:GenerateDataKey`, which
#   it needs to write output artifacts. A KMS key policy is the only way into
#   a key from another account: no identity policy in B helps without it.
#   The rule stays silent when a principal or condition it cannot evaluate
#   might grant it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
# custom:
#   id: XA103
#   severity: error
#   remediation: |
#     Add a key policy statement with Principal `{"AWS":
#     "arn:aws:iam::ACCOUNT_B:root"}` (or the action role's ARN) and the
#     actions `kms:Decrypt`, `kms:DescribeKey`, and, for actions that write
#     artifacts, `kms:GenerateDataKey*` and `kms:Encrypt`; Resource `"*"`.
package xacct.rules.xa103

import data.xacct.lib.facts
import data.xacct.lib.util

# needs(a) are the KMS actions an action's artifacts need, with why.
needs(a) := {op: why |
	some op, why in {
		"kms:Decrypt": "to read its input artifacts",
		"kms:GenerateDataKey": "to write its output artifacts",
	}
	needed(op, a)
}

needed("kms:Decrypt", a) if facts.reads_artifacts(a)

needed("kms:GenerateDataKey", a) if facts.writes_artifacts(a)

deny contains f if {
	some x in facts.cross_account_actions
	p := x.pipeline
	a := x.action
	st := facts.store_for(p, a)
	k := facts.store_key(st)
	k.policy != ""
	some op, why in needs(a)
	principal := facts.action_principal(p, a)
	d := facts.policy_decision(k.policy, {
		"action": op,
		"resource": key_arn(st, k),
		"principal": principal,
		"context": {"kms:GrantIsForAWSResource": null},
	})
	d.level == 0
	f := {
		"message": sprintf(
			"key policy of %s does not allow account %s (role %s) %s, which action %s needs %s%s: add a statement with Principal {\"AWS\": \"arn:aws:iam::%s:root\"} (or the role ARN) and Action %s",
			[key_label(st, k), principal.account, a.roleArn, op, facts.action_name(x), why, facts.denial_note(d), principal.account, op],
		),
		"loc": facts.policy(k.policy).loc,
		"related": [{"message": sprintf("action %s runs in account %s", [facts.action_name(x), principal.account]), "loc": facts.action_loc(a, "roleArn")}],
	}
}

key_arn(st, _) := arn if {
	arn := facts.store_key_arn(st)
} else := k.arn if {
	k := facts.store_key(st)
}

key_label(st, k) := arn if {
	arn := key_arn(st, k)
	util.is_known(arn)
} else := k.id
