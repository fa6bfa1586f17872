# METADATA
# title: Pipeline role cannot use the artifact key
# description: |
#   CodePipeline encrypts and decrypts artifacts with the artifact store's
#   KMS key as the pipeline's service role: it needs `kms:GenerateDataKey`
#   to write artifacts and `kms:Decrypt` to read them. The key policy must
#   allow the role, either by naming it (or `"*"`), or by naming its
#   account's root, which only delegates: then the role's own identity policy
#   must allow the KMS actions on the key as well. The rule reports when the
#   key policy allows neither, or allows only the account root while the
#   role's identity policies grant no KMS action on the key. It stays silent
#   when a principal, condition or attachment it cannot read might grant it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/control-access.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/S3-artifact-encryption.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
# custom:
#   id: XA104
#   severity: error
#   remediation: |
#     Name the pipeline role in the key policy: a statement with Principal
#     `{"AWS": "<pipeline role ARN>"}`, Action `["kms:Decrypt",
#     "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*",
#     "kms:GenerateDataKey*"]`, Resource `"*"`. Or, when the key policy
#     allows the account root, add those actions on the key ARN to the
#     pipeline role's policy.
package xacct.rules.xa104

import data.xacct.lib.facts
import data.xacct.lib.keys
import data.xacct.lib.util

ops := {
	"kms:GenerateDataKey": "to write artifacts",
	"kms:Decrypt": "to read artifacts",
}

# checks are the (pipeline, store, key, operation) the pipeline role needs.
checks contains c if {
	some x in keys.store_keys
	p := x.pipeline
	util.is_known(p.roleArn)
	p.roleArn != ""
	x.key.policy != ""
	some op, why in ops
	principal := facts.pipeline_principal(p)
	req := {
		"action": op,
		"resource": keys.key_arn(x.store, x.key),
		"principal": principal,
		"context": {"kms:GrantIsForAWSResource": null},
	}
	c := object.union(x, {"op": op, "why": why, "request": req})
}

# Neither the role nor its account.
deny contains f if {
	some c in checks
	d := facts.policy_decision(c.key.policy, c.request)
	d.level == 0
	f := {
		"message": sprintf(
			"key policy of %s does not allow the pipeline role %s %s, which CodePipeline needs %s%s: add a statement with Principal {\"AWS\": \"%s\"} and Action [\"kms:Decrypt\", \"kms:DescribeKey\", \"kms:Encrypt\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\"]",
			[keys.key_label(c.store, c.key), c.pipeline.roleArn, c.op, c.why, facts.denial_note(d), c.pipeline.roleArn],
		),
		"loc": facts.policy(c.key.policy).loc,
		"related": [{"message": "the pipeline's role", "loc": util.loc_or(c.pipeline, "roleArn", c.pipeline.loc)}],
	}
}

# Only the account root, and the role's own policies do not allow it.
deny contains f if {
	some c in checks
	d := facts.policy_decision(c.key.policy, c.request)
	d.level > 0
	keys.direct_decision(c.key, c.request).level == 0
	role := facts.pipeline_role(c.pipeline)
	rd := facts.role_decision(role, c.request)
	rd.level == 0
	f := {
		"message": sprintf(
			"the pipeline role %s may not %s with key %s, which CodePipeline needs %s: the key policy allows only its account's root, which delegates to the role's identity policies, and they do not allow it%s: add {\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\", \"kms:DescribeKey\", \"kms:Encrypt\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\"], \"Resource\": \"%s\"} to the role's policy, or name the role in the key policy",
			[c.pipeline.roleArn, c.op, keys.key_label(c.store, c.key), c.why, facts.denial_note(rd), keys.key_label(c.store, c.key)],
		),
		"loc": facts.role_fix_loc(role),
		"related": [{"message": "the key policy delegates to the account root here", "loc": facts.policy(c.key.policy).loc}],
	}
}
