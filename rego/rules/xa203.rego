# METADATA
# title: Object action granted only on the bucket ARN
# description: |
#   An Allow statement names an object action (`s3:GetObject`,
#   `s3:GetObjectVersion`, `s3:PutObject`, `s3:PutObjectAcl`,
#   `s3:DeleteObject`, …) but every Resource entry is the bucket ARN
#   (`arn:aws:s3:::BUCKET`), which names the bucket, not the objects in it.
#   In an identity policy the grant has no effect: reading or writing
#   artifacts fails with AccessDenied. In a bucket policy S3 refuses the
#   whole policy with "Action does not apply to any resource(s) in
#   statement", so none of its grants exist. Wildcards such as `s3:Get*`,
#   which S3 accepts, are not checked.
# related_resources:
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html
# custom:
#   id: XA203
#   severity: error
#   remediation: |
#     Add `arn:aws:s3:::BUCKET/*` to the statement's Resource (keep the
#     bucket ARN for bucket actions such as `s3:ListBucket`).
package xacct.rules.xa203

import data.xacct.lib.buckets
import data.xacct.lib.util

deny contains f if {
	some s in input.statements
	s.effect == "Allow"
	s.kind in {"bucket", "identity", "unknown"}
	buckets.own_statement(s)
	names := buckets.explicit_actions(s, buckets.object_actions)
	count(names) > 0
	rs := buckets.resources(s)
	count(rs) > 0
	every r in rs {
		buckets.bucket_only(r)
	}
	f := {
		"message": sprintf(
			"%s %s to objects, but the statement's Resource names only the bucket (%s)%s; add %s/* to the statement's Resource",
			[concat(", ", names), verb(names), concat(", ", rs), effect(s), rs[0]],
		),
		"loc": util.loc_or(s, "Resource", s.loc),
	}
}

effect(s) := `: S3 refuses this whole bucket policy ("Action does not apply to any resource(s) in statement"), so none of its grants take effect` if {
	s.kind == "bucket"
} else := ": the grant has no effect and every object request is refused"

verb(names) := "applies" if {
	count(names) == 1
} else := "apply"
