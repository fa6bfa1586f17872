# METADATA
# title: Bucket action granted only on object ARNs
# description: |
#   An Allow statement names `s3:ListBucket` (or another action whose only
#   resource is the bucket: `s3:ListBucketVersions`, `s3:GetBucketLocation`,
#   `s3:GetBucketVersioning`, …) but every Resource entry names objects
#   (`arn:aws:s3:::BUCKET/*`), none the bucket ARN. In an identity policy the
#   grant has no effect (listing fails with AccessDenied). In a bucket policy
#   it is worse: S3 refuses the whole policy with "Action does not apply to
#   any resource(s) in statement", so none of its grants exist. A statement
#   that names the bucket ARN as well as `BUCKET/*` works and is not
#   reported; wildcards such as `s3:List*` are accepted by S3 and not
#   checked.
# related_resources:
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html
# custom:
#   id: XA202
#   severity: warning
#   remediation: |
#     Add the bucket ARN `arn:aws:s3:::BUCKET` to the statement's Resource
#     (keep `arn:aws:s3:::BUCKET/*` for object actions), or move the bucket
#     actions to a statement of their own with Resource `arn:aws:s3:::BUCKET`.
package xacct.rules.xa202

import data.xacct.lib.buckets
import data.xacct.lib.util

deny contains f if {
	some s in input.statements
	s.effect == "Allow"
	s.kind in {"bucket", "identity", "unknown"}
	buckets.own_statement(s)
	names := buckets.explicit_actions(s, buckets.bucket_actions)
	count(names) > 0
	rs := buckets.resources(s)
	count(rs) > 0
	every r in rs {
		buckets.object_only(r)
	}
	some r in rs
	buckets.is_s3(r)
	f := finding(s, names, rs)
}

bucket_arn(r) := regex.replace(r, `/.*$`, "")

finding(s, names, rs) := {
	"message": sprintf(
		"%s %s to the bucket, but the statement's Resource names only objects (%s): S3 refuses this whole bucket policy (\"Action does not apply to any resource(s) in statement\"), so none of its grants take effect; add %s to the statement's Resource",
		[concat(", ", names), verb(names), concat(", ", rs), bucket_arn(rs[0])],
	),
	"loc": util.loc_or(s, "Resource", s.loc),
	"severity": "error",
} if {
	s.kind == "bucket"
} else := {
	"message": sprintf(
		"%s %s to the bucket, but the statement's Resource names only objects (%s): the grant has no effect and listing is refused; add %s to the statement's Resource",
		[concat(", ", names), verb(names), concat(", ", rs), bucket_arn(rs[0])],
	),
	"loc": util.loc_or(s, "Resource", s.loc),
}

verb(names) := "applies" if {
	count(names) == 1
} else := "apply"
