# METADATA
# title: Bucket policy does not deny plain-HTTP requests
# description: |
#   The artifact bucket's policy has no Deny for requests made without TLS
#   (`"Condition": {"Bool": {"aws:SecureTransport": "false"}}`) that covers
#   both the bucket (`arn:aws:s3:::BUCKET`) and its objects
#   (`arn:aws:s3:::BUCKET/*`). Without it S3 accepts HTTP requests, so
#   artifacts and credentials-bearing requests can travel unencrypted.
#   CodePipeline itself always uses TLS; the Deny guards every other
#   client. Buckets with no policy among the linted documents are not
#   checked (the policy may live elsewhere).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/security_iam_resource-based-policy-examples.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
# custom:
#   id: XA204
#   severity: warning
#   remediation: |
#     Add to the bucket policy: `{"Effect": "Deny", "Principal": "*",
#     "Action": "s3:*", "Resource": ["arn:aws:s3:::BUCKET",
#     "arn:aws:s3:::BUCKET/*"], "Condition": {"Bool":
#     {"aws:SecureTransport": "false"}}}`.
package xacct.rules.xa204

import data.xacct.lib.buckets
import data.xacct.lib.facts

# A stranger's plain-HTTP requests: each should meet a Deny.
probes(b) := [
	{"what": sprintf("the bucket (%s)", [b.arn]), "action": "s3:ListBucket", "resource": b.arn},
	{"what": sprintf("the objects (%s/*)", [b.arn]), "action": "s3:GetObject", "resource": facts.artifact_object(b.arn)},
	{"what": sprintf("the objects (%s/*)", [b.arn]), "action": "s3:PutObject", "resource": facts.artifact_object(b.arn)},
]

uncovered(b, pids) := {p.what |
	some p in probes(b)
	d := facts.policies_decision(pids, {
		"action": p.action,
		"resource": p.resource,
		"principal": buckets.account_principal("999999999999"),
		"context": {"aws:SecureTransport": "false"},
	})
	count(d.deniedBy) == 0
}

deny contains f if {
	some b in input.buckets
	pids := facts.bucket_policies(b)
	count(pids) > 0
	missing := uncovered(b, pids)
	count(missing) > 0
	f := {
		"message": sprintf(
			"bucket policy of %s does not deny requests without TLS to %s: add {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": [\"%s\", \"%s/*\"], \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}}",
			[b.name, concat(" and ", sort(missing)), b.arn, b.arn],
		),
		"loc": facts.policy(pids[0]).loc,
	}
}
