# METADATA
# title: Artifact store has no customer-managed KMS key
# description: |
#   The pipeline has an action that runs in another account (its roleArn is
#   in account B), but the artifact store that action uses has no
#   `encryptionKey`, or names the AWS managed key `alias/aws/s3`. CodePipeline
#   then encrypts artifacts with the AWS managed S3 key, whose key policy
#   cannot be changed: account B can never decrypt them, and the action fails
#   with an access error on the artifact.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/S3-artifact-encryption.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ArtifactStore.html
# custom:
#   id: XA101
#   severity: error
#   remediation: |
#     Create a symmetric customer-managed KMS key in the pipeline's account,
#     allow the target account `kms:Decrypt` (and `kms:GenerateDataKey*` if
#     its actions write artifacts) in the key policy, and set the artifact
#     store's `encryptionKey` to `{"id": "<key ARN>", "type": "KMS"}`.
package xacct.rules.xa101

import data.xacct.lib.facts

deny contains f if {
	some p in input.pipelines
	some st in p.artifactStores
	reason := no_customer_key(st)
	xs := [x |
		some x in facts.cross_account_actions
		x.pipeline.id == p.id
		facts.store_for(p, x.action) == st
	]
	count(xs) > 0
	accounts := concat(", ", sort({facts.action_account(p, x.action) | some x in xs}))
	f := {
		"message": sprintf(
			"artifact store %s %s, so artifacts are encrypted with the AWS managed key aws/s3, whose key policy cannot grant account %s: its cross-account actions cannot decrypt them. Create a customer-managed KMS key in account %s, allow account %s kms:Decrypt in its key policy, and set encryptionKey {\"id\": \"<key ARN>\", \"type\": \"KMS\"}",
			[store_label(st), reason, accounts, facts.pipeline_account(p), accounts],
		),
		"loc": key_loc(st),
		"related": [{"message": sprintf("action %s runs in account %s", [facts.action_name(x), facts.action_account(p, x.action)]), "loc": x.action.loc} | some x in xs],
	}
}

no_customer_key(st) := "has no encryptionKey" if {
	object.get(st, "encryptionKey", null) == null
} else := "names alias/aws/s3" if {
	regex.match(`(^|:)alias/aws/s3$`, st.encryptionKey.id)
}

store_label(st) := sprintf("%q (region %s)", [st.location, st.region]) if {
	st.region != ""
} else := sprintf("%q", [st.location])

key_loc(st) := st.encryptionKey.loc if {
	object.get(st, "encryptionKey", null) != null
} else := st.loc
