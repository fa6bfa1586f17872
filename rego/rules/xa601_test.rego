package xacct.rules.xa601_test

import data.xacct.rules.xa601
import data.xacct.test.fixtures

s3(fields) := fixtures.article_with({"statements": {"deploy-policy": {"s3": fields}}})

test_article_role_reads if {
	count(xa601.deny) == 0 with input as fixtures.article
}

test_no_s3_statement if {
	findings := xa601.deny with input as fixtures.article_without([["statements", "deploy-policy", "s3"]])
	count(findings) == 1
	some f in findings
	contains(f.message, "may not s3:GetObject on arn:aws:s3:::artifact-bucket/*")
	f.loc.file == "target.yaml"
}

test_bucket_arn_only if {
	count(xa601.deny) == 1 with input as s3({"resources": ["arn:aws:s3:::artifact-bucket"]})
}

test_wildcards if {
	count(xa601.deny) == 0 with input as s3({"actions": ["s3:Get*"]})
	count(xa601.deny) == 0 with input as s3({"actions": ["S3:GETOBJECT"]})
	count(xa601.deny) == 0 with input as s3({"resources": ["arn:aws:s3:::artifact-*/*"]})
	count(xa601.deny) == 0 with input as s3({"resources": "*", "actions": "s3:*"})
	count(xa601.deny) == 1 with input as s3({"actions": ["s3:PutObject"]})
}

test_unknown_resource_is_silent if {
	count(xa601.deny) == 0 with input as s3({"resources": ["<アーティファクト用S3のArn>/*"]})
	count(xa601.deny) == 0 with input as s3({"resources": ["{{?ArtifactBucketArn}}/*"]})
}

test_symbolic_bucket_location if {
	# the store's location is a parameter: the same symbol in the policy matches
	inp := json.patch(s3({"resources": ["arn:aws:s3:::{{?ArtifactBucketName}}/*"]}), [
		{"op": "replace", "path": "/pipelines/0/artifactStores/0/bucket", "value": ""},
		{"op": "replace", "path": "/pipelines/0/artifactStores/0/location", "value": "{{?ArtifactBucketName}}"},
	])
	count(xa601.deny) == 0 with input as inp
}

test_explicit_deny if {
	deny := fixtures.stmt({"effect": "Deny", "actions": ["s3:*"], "resources": ["*"]})
	inp := fixtures.article_with({"statements": {"deploy-policy": {"zdeny": deny}}, "policies": {"deploy-policy": {"order": ["s3", "kms", "deploy", "zdeny"]}}})
	some f in xa601.deny with input as inp
	contains(f.message, "explicit Deny")
}

test_incomplete_role_is_silent if {
	inp := fixtures.article_with({
		"statements": {"deploy-policy": {"s3": {"actions": ["s3:PutObject"]}}},
		"roles": {"target.yaml#CodeDeployRole": {"complete": false}},
	})
	count(xa601.deny) == 0 with input as inp
}
