# METADATA
# title: Bucket policy requires SSE-KMS while default encryption is SSE-S3
# description: |
#   The bucket policy denies `s3:PutObject` unless the request carries
#   `x-amz-server-side-encryption: aws:kms`, while the bucket's default
#   encryption is SSE-S3 (`AES256`, or nothing set, which S3 has applied as
#   SSE-S3 to every bucket since January 2023). Default encryption does not
#   add the header to a request, so the condition only sees what the writer
#   sends. CodePipeline sends the KMS header itself when the artifact store
#   has a KMS key, so the pipeline works; every other writer that relies on
#   the bucket default (a CodeBuild or CLI upload, a replication, a
#   colleague's script) is refused with AccessDenied, and the bucket's
#   stated default contradicts its policy.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/security_iam_resource-based-policy-examples.html
# custom:
#   id: XA205
#   severity: warning
#   remediation: |
#     Make SSE-KMS the bucket default: `BucketEncryption:
#     ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault:
#     {SSEAlgorithm: aws:kms, KMSMasterKeyID: KEY_ARN}, BucketKeyEnabled:
#     true}]` with the artifact store's key. Or drop the Deny if SSE-S3 is
#     what you want.
package xacct.rules.xa205

import data.xacct.lib.buckets
import data.xacct.lib.facts
import data.xacct.lib.util

put(b, pids, sse) := facts.policies_decision(pids, {
	"action": "s3:PutObject",
	"resource": facts.artifact_object(b.arn),
	"principal": buckets.account_principal("999999999999"),
	"context": {
		"aws:SecureTransport": "true",
		"s3:x-amz-server-side-encryption": sse,
		"s3:x-amz-server-side-encryption-aws-kms-key-id": null,
	},
})

default_text(b) := "is AES256 (SSE-S3)" if {
	b.encryption == "AES256"
} else := "is not set, so S3 applies SSE-S3 (AES256)"

key_hint(b) := ks[0] if {
	ks := sort({k |
		some x in buckets.artifact_buckets
		x.bucket.id == b.id
		k := facts.store_key_arn(x.store)
	})
	count(ks) > 0
} else := "the artifact store's KMS key ARN"

deny contains f if {
	some b in input.buckets
	b.encryption in {"AES256", ""}
	pids := facts.bucket_policies(b)
	count(pids) > 0
	plain := put(b, pids, null)
	plain.denied
	not put(b, pids, "aws:kms").denied
	f := {
		"message": sprintf(
			"default encryption of bucket %s %s, but its policy denies s3:PutObject without x-amz-server-side-encryption: aws:kms: CodePipeline sends that header itself, every other writer relying on the bucket default is refused; set SSEAlgorithm: aws:kms with KMSMasterKeyID %s in BucketEncryption",
			[b.name, default_text(b), key_hint(b)],
		),
		"loc": util.loc_or(b, "BucketEncryption", b.loc),
		"related": [{"message": "this statement denies uploads without the aws:kms header", "loc": buckets.statement_loc(id)} | some id in plain.deniedBy],
	}
}
