package xacct.rules.xa202_test

import data.xacct.rules.xa202
import data.xacct.test.fixtures

list(fields) := fixtures.article_with({"statements": {"bucket-policy": {"list": fields}}})

objects := "arn:aws:s3:::artifact-bucket/*"

test_article_lists_bucket_and_objects if {
	# the article grants ListBucket on bucket/* AND the bucket ARN: it works
	count(xa202.deny) == 0 with input as fixtures.article
}

test_bucket_policy_objects_only_is_an_error if {
	findings := xa202.deny with input as list({"resources": [objects]})
	count(findings) == 1
	some f in findings
	f.severity == "error"
	contains(f.message, "s3:ListBucket applies to the bucket")
	contains(f.message, "refuses this whole bucket policy")
	contains(f.message, "add arn:aws:s3:::artifact-bucket to")
	f.loc.file == "tools.yaml"
}

test_identity_policy_objects_only_is_a_warning if {
	inp := fixtures.article_with({"statements": {"deploy-policy": {"s3": {"actions": ["s3:GetObject*", "s3:ListBucket"]}}}})
	findings := xa202.deny with input as inp
	count(findings) == 1
	some f in findings
	not f.severity
	contains(f.message, "has no effect")
	f.loc.file == "target.yaml"
}

test_case_and_other_bucket_actions if {
	count(xa202.deny) == 1 with input as list({"actions": ["S3:LISTBUCKET"], "resources": [objects]})
	count(xa202.deny) == 1 with input as list({"actions": ["s3:GetBucketLocation"], "resources": [objects]})
}

test_wildcards_and_bucket_arns_are_silent if {
	count(xa202.deny) == 0 with input as list({"actions": ["s3:List*"], "resources": [objects]})
	count(xa202.deny) == 0 with input as list({"resources": ["arn:aws:s3:::artifact-bucket"]})
	count(xa202.deny) == 0 with input as list({"resources": ["arn:aws:s3:::artifact-*"]})
	count(xa202.deny) == 0 with input as list({"resources": ["*"]})
	count(xa202.deny) == 0 with input as list({"resources": ["{{?ArtifactBucketArn}}"]})
}

test_symbolic_object_arn_fires if {
	count(xa202.deny) == 1 with input as list({"resources": ["{{?ArtifactBucket.Arn}}/*"]})
	count(xa202.deny) == 1 with input as list({"resources": ["arn:aws:s3:::{{?ArtifactBucket}}/*"]})
}

test_deny_and_non_s3_are_silent if {
	count(xa202.deny) == 0 with input as list({"effect": "Deny", "resources": [objects]})
	count(xa202.deny) == 0 with input as list({"resources": ["arn:aws:iam::111111111111:role/x"]})
}
