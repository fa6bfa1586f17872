package xacct.rules.xa203_test

import data.xacct.rules.xa203
import data.xacct.test.fixtures

get_put(fields) := fixtures.article_with({"statements": {"bucket-policy": {"get-put": fields}}})

test_article_is_silent if {
	count(xa203.deny) == 0 with input as fixtures.article
}

test_bucket_policy_on_bucket_arn_is_refused_whole if {
	findings := xa203.deny with input as get_put({"actions": ["s3:GetObject", "s3:PutObject"], "resources": [fixtures.bucket_arn]})
	count(findings) == 1
	some f in findings
	contains(f.message, "s3:GetObject, s3:PutObject apply to objects")
	contains(f.message, "refuses this whole bucket policy")
	contains(f.message, "add arn:aws:s3:::artifact-bucket/* to")
}

test_identity_policy_on_bucket_arn if {
	inp := fixtures.article_with({"statements": {"deploy-policy": {"s3": {"actions": ["s3:GetObject"], "resources": [fixtures.bucket_arn]}}}})
	findings := xa203.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "has no effect")
	f.loc.file == "target.yaml"
}

test_symbolic_bucket_arn_of_a_declared_bucket if {
	inp := json.patch(
		get_put({"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::{{?ArtifactBucket}}"]}),
		[{"op": "replace", "path": "/buckets/0/arn", "value": "arn:aws:s3:::{{?ArtifactBucket}}"}],
	)
	count(xa203.deny) == 1 with input as inp
}

test_silent_cases if {
	# wildcard actions are accepted by S3
	count(xa203.deny) == 0 with input as get_put({"actions": ["s3:Get*"], "resources": [fixtures.bucket_arn]})

	# the objects are named too
	count(xa203.deny) == 0 with input as get_put({"actions": ["s3:GetObject"], "resources": [fixtures.bucket_arn, "arn:aws:s3:::artifact-bucket/*"]})

	# a wildcard in the ARN may cover objects
	count(xa203.deny) == 0 with input as get_put({"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::artifact-bucket*"]})

	# an unknown value that is not a declared bucket's ARN might be anything
	count(xa203.deny) == 0 with input as get_put({"actions": ["s3:GetObject"], "resources": ["{{?BucketArnParam}}"]})

	# Deny statements grant nothing
	count(xa203.deny) == 0 with input as get_put({"effect": "Deny", "actions": ["s3:GetObject"], "resources": [fixtures.bucket_arn]})
}

test_aws_managed_policy_is_not_reported if {
	inp := fixtures.article_with({"statements": {"managed:AWSCodeDeployRoleForECS": {"passrole": {"actions": ["s3:GetObject"], "resources": [fixtures.bucket_arn]}}}})
	count(xa203.deny) == 0 with input as inp
}
