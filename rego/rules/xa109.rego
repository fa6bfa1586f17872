# METADATA
# title: Artifact key is in another region than its artifact store
# description: |
#   The KMS key an artifact store names is in another region than the
#   store (the pipeline's region for `artifactStore`, the entry's region for
#   `artifactStores`). KMS keys are regional and S3 needs the key in the
#   bucket's region for server-side encryption, so CodePipeline cannot write
#   or read the artifacts. A cross-region pipeline needs one artifact store,
#   with a bucket and a key, in each region where it has actions. The rule
#   judges only when both regions are known.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ArtifactStore.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
# custom:
#   id: XA109
#   severity: error
#   remediation: |
#     Name a key in the store's region (for a multi-Region key, the replica's
#     ARN in that region), or move the store to the key's region.
package xacct.rules.xa109

import data.xacct.lib.keys
import data.xacct.lib.util

deny contains f if {
	some x in keys.store_keys
	sr := keys.store_region(x.pipeline, x.store)
	kr := keys.key_region(x.store, x.key)
	util.is_known(sr)
	util.is_known(kr)
	sr != ""
	kr != ""
	sr != kr
	f := {
		"message": sprintf(
			"the artifact store in %s uses key %s in %s: KMS keys are regional and S3 encrypts with a key of the bucket's region; name a key in %s (for a multi-Region key, its replica there)",
			[sr, keys.key_label(x.store, x.key), kr, sr],
		),
		"loc": keys.store_key_loc(x.store),
		"related": [{"message": sprintf("the key, in %s", [kr]), "loc": x.key.loc}],
	}
}
