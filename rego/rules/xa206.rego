# METADATA
# title: Artifact bucket open to everyone
# description: |
#   A bucket policy statement allows Principal `"*"` (or `{"AWS": "*"}`)
#   without a condition that pins the caller (`aws:PrincipalAccount`,
#   `aws:PrincipalOrgID`, `aws:PrincipalArn`, `aws:SourceVpce`,
#   `aws:SourceIp`, …): anyone on the internet gets the statement's access
#   to the artifacts, which hold your build output and often secrets. If
#   the bucket's Block Public Access setting `BlockPublicPolicy` is on
#   (the default for buckets created since April 2023) S3 refuses the policy
#   instead, and the stack fails. Also reported, as a warning: a
#   `PublicAccessBlockConfiguration` that turns one of its four settings
#   off. A bucket without `PublicAccessBlockConfiguration` is not reported:
#   S3 blocks public access on new buckets by default.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html
# custom:
#   id: XA206
#   severity: error
#   remediation: |
#     Name the principals (`{"AWS": "arn:aws:iam::ACCOUNT_B:root"}`) or add a
#     condition such as `{"StringEquals": {"aws:PrincipalAccount":
#     ["ACCOUNT_B"]}}`; keep all four `PublicAccessBlockConfiguration`
#     settings `true`.
package xacct.rules.xa206

import data.xacct.lib.buckets
import data.xacct.lib.facts
import data.xacct.lib.util

flags := ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]

# blocks_public_policy(b): S3 refuses a public bucket policy for b (the
# setting is on, or absent and on by default).
blocks_public_policy(b) if b.publicAccessBlock == null

blocks_public_policy(b) if not b.publicAccessBlock

blocks_public_policy(b) if b.publicAccessBlock.blockPublicPolicy == true

owner_bucket(s) := facts.bucket(s.owner)

consequence(s) := ": S3 refuses this bucket policy because the bucket's BlockPublicAccess setting BlockPublicPolicy is on (the default), so the stack fails" if {
	blocks_public_policy(owner_bucket(s))
} else := sprintf(": anyone on the internet may %s on %s", [concat(", ", util.as_list(s.actions)), concat(", ", buckets.resources(s))])

deny contains f if {
	some s in input.statements
	s.kind == "bucket"
	s.effect == "Allow"
	some p in util.as_list(s.principals)
	buckets.is_everyone(p)
	not buckets.restricted(s)
	f := {
		"message": sprintf(
			"bucket policy statement allows Principal \"*\" without a condition that pins the caller%s; name the principals ({\"AWS\": \"arn:aws:iam::ACCOUNT:root\"}) or add {\"StringEquals\": {\"aws:PrincipalAccount\": [\"ACCOUNT\"]}}",
			[consequence(s)],
		),
		"loc": util.loc_or(s, "Principal", s.loc),
	}
}

deny contains f if {
	some b in input.buckets
	pab := b.publicAccessBlock
	is_object(pab)
	off := [name | some name in flags; object.get(pab, name, false) != true]
	count(off) > 0
	f := {
		"message": sprintf(
			"bucket %s turns off Block Public Access (%s): a public ACL or policy would then take effect; set all four PublicAccessBlockConfiguration settings to true",
			[b.name, concat(", ", [sprintf("%s: false", [upper_first(n)]) | some n in off])],
		),
		"loc": util.loc_or(b, "PublicAccessBlockConfiguration", b.loc),
		"severity": "warning",
	}
}

upper_first(s) := concat("", [upper(substring(s, 0, 1)), substring(s, 1, -1)])
