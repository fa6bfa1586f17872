package xacct.rules.xa201_test

import data.xacct.rules.xa201
import data.xacct.test.fixtures

get_put(fields) := fixtures.article_with({"statements": {"bucket-policy": {"get-put": fields}}})

test_article_bucket_policy_works if {
	count(xa201.deny) == 0 with input as fixtures.article
}

test_target_account_missing if {
	findings := xa201.deny with input as get_put({"principals": [fixtures.aws("arn:aws:iam::333333333333:root")]})
	count(findings) == 1
	some f in findings
	contains(f.message, "does not allow account 222222222222")
	contains(f.message, "arn:aws:s3:::artifact-bucket/*")
	f.loc.pointer == "/Resources/ArtifactBucketPolicy/Properties/PolicyDocument"
}

test_get_wildcards if {
	count(xa201.deny) == 0 with input as get_put({"actions": ["s3:GetObject*"]})
	count(xa201.deny) == 0 with input as get_put({"actions": ["S3:getobject"]})
	count(xa201.deny) == 0 with input as get_put({"actions": ["s3:*"]})
	count(xa201.deny) == 1 with input as get_put({"actions": ["s3:Put*"]})
}

test_bare_account_and_role_principals if {
	count(xa201.deny) == 0 with input as get_put({"principals": [fixtures.aws("222222222222")]})
	count(xa201.deny) == 0 with input as get_put({"principals": [fixtures.aws(fixtures.deploy_role_arn)]})
}

test_bucket_arn_only_does_not_cover_objects if {
	# the "list" statement names the bucket and bucket/*, but only ListBucket
	count(xa201.deny) == 1 with input as get_put({"resources": [fixtures.bucket_arn]})
}

test_prefix_that_might_cover_artifacts_is_silent if {
	count(xa201.deny) == 0 with input as get_put({"resources": ["arn:aws:s3:::artifact-bucket/cross-pipeline/*"]})
}

test_unknown_bucket_arn if {
	# CDK-style: the bucket ARN is a GetAtt; the same symbol in the policy matches
	inp := json.patch(
		get_put({"resources": ["{{?ArtifactBucket.Arn}}/*"]}),
		[{"op": "replace", "path": "/buckets/0/arn", "value": "{{?ArtifactBucket.Arn}}"}],
	)
	count(xa201.deny) == 0 with input as inp
}

test_placeholder_principal_is_silent if {
	count(xa201.deny) == 0 with input as get_put({"principals": [fixtures.aws("arn:aws:iam::<アカウントBのアカウントID>:root")]})
}

test_explicit_deny_for_the_account if {
	deny := fixtures.stmt({"effect": "Deny", "principals": [fixtures.aws("222222222222")], "actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::artifact-bucket/*"]})
	inp := fixtures.article_with({"statements": {"bucket-policy": {"zdeny": deny}}, "policies": {"bucket-policy": {"order": ["tls", "sse", "get-put", "list", "zdeny"]}}})
	some f in xa201.deny with input as inp
	contains(f.message, "explicit Deny")
}

test_no_bucket_policy_is_a_warning if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": "/buckets/0/policies", "value": []}])
	findings := xa201.deny with input as inp
	count(findings) == 1
	some f in findings
	f.severity == "warning"
}
