package xacct.rules.xa404_test

import data.xacct.rules.xa404
import data.xacct.test.fixtures

pipeline_s3(fields) := fixtures.article_with({"statements": {"pipeline-policy": {"s3": fields}}})

test_article_pipeline_role_works if {
	count(xa404.deny) == 0 with input as fixtures.article
}

test_no_s3 if {
	findings := xa404.deny with input as fixtures.article_without([["statements", "pipeline-policy", "s3"]])
	count(findings) == 1
	some f in findings
	contains(f.message, "may not s3:GetObject, s3:PutObject on arn:aws:s3:::artifact-bucket/*")
	f.loc.file == "pipeline-role-policy.json"
}

test_read_only if {
	findings := xa404.deny with input as pipeline_s3({"actions": ["s3:Get*"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "may not s3:PutObject on")
}

test_bucket_arn_only if {
	count(xa404.deny) == 1 with input as pipeline_s3({"resources": [fixtures.bucket_arn]})
}

test_bucket_policy_naming_the_role_grants if {
	inp := fixtures.article_with({
		"statements": {
			"pipeline-policy": {"s3": {"actions": ["s3:ListBucket"]}},
			"bucket-policy": {"get-put": {"principals": [fixtures.aws(fixtures.pipeline_role_arn)]}},
		},
	})
	count(xa404.deny) == 0 with input as inp
}

test_key_is_not_this_rule if {
	# the key policy names only the account root and the role's policy has no KMS statement: XA104
	inp := fixtures.article_with({"statements": {"key-policy": {"use": {"principals": [fixtures.aws("arn:aws:iam::222222222222:root")]}}}})
	count(xa404.deny) == 0 with input as inp
}

test_incomplete_role_is_silent if {
	inp := fixtures.article_with({
		"statements": {"pipeline-policy": {"s3": {"actions": ["s3:ListBucket"]}}},
		"roles": {"tools.yaml#PipelineRole": {"complete": false}},
	})
	count(xa404.deny) == 0 with input as inp
}

test_unknown_bucket_is_silent if {
	# the bucket policy is not among the documents: it might name the role
	base := fixtures.article_without([["statements", "pipeline-policy", "s3"]])
	inp := json.patch(base, [{"op": "replace", "path": "/pipelines/0/artifactStores/0/bucket", "value": ""}])
	count(xa404.deny) == 0 with input as inp
}
