# METADATA
# title: Artifact bucket versioning not enabled
# description: |
#   The bucket a pipeline uses as its artifact store does not enable
#   versioning. CodePipeline's documentation describes the artifact store as
#   a versioned S3 bucket, and the bucket the console creates is versioned:
#   with versioning an overwritten or deleted artifact can be recovered and
#   a stage's input stays the version that was produced for that
#   execution. The pipeline runs without it, so this is information only.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/security_iam_resource-based-policy-examples.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
# custom:
#   id: XA208
#   severity: info
#   remediation: |
#     Add `VersioningConfiguration: {Status: Enabled}` to the bucket, and a
#     lifecycle rule that expires noncurrent versions to bound the cost.
package xacct.rules.xa208

import data.xacct.lib.buckets
import data.xacct.lib.util

state(b) := "is suspended" if {
	b.versioning == "Suspended"
} else := "is not enabled"

pipeline_label(p) := p.name if {
	p.name != ""
} else := p.id

deny contains f if {
	some x in buckets.artifact_buckets
	b := x.bucket
	b.versioning != "Enabled"
	not util.is_unknown(b.versioning)
	f := {
		"message": sprintf(
			"versioning of artifact bucket %s (pipeline %s) %s: overwritten or deleted artifacts cannot be recovered; add VersioningConfiguration: {Status: Enabled}",
			[b.name, pipeline_label(x.pipeline), state(b)],
		),
		"loc": util.loc_or(b, "VersioningConfiguration", b.loc),
	}
}
