package xacct.rules.xa204_test

import data.xacct.rules.xa204
import data.xacct.test.fixtures

tls(fields) := fixtures.article_with({"statements": {"bucket-policy": {"tls": fields}}})

test_article_denies_plain_http if {
	count(xa204.deny) == 0 with input as fixtures.article
}

test_no_tls_statement if {
	inp := fixtures.article_without([["statements", "bucket-policy", "tls"]])
	findings := xa204.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "the bucket (arn:aws:s3:::artifact-bucket) and the objects")
	contains(f.message, "aws:SecureTransport")
	f.loc.pointer == "/Resources/ArtifactBucketPolicy/Properties/PolicyDocument"
}

test_objects_only if {
	findings := xa204.deny with input as tls({"resources": ["arn:aws:s3:::artifact-bucket/*"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "without TLS to the bucket (arn:aws:s3:::artifact-bucket):")
}

test_deny_for_one_account_only if {
	count(xa204.deny) == 1 with input as tls({"principals": [fixtures.aws("222222222222")]})
}

test_allow_is_not_a_deny if {
	count(xa204.deny) == 1 with input as tls({"effect": "Allow"})
}

test_equivalent_forms_are_silent if {
	count(xa204.deny) == 0 with input as tls({"principals": [fixtures.aws("*")], "actions": ["*"], "resources": ["arn:aws:s3:::artifact-bucket*"]})
	count(xa204.deny) == 0 with input as tls({"conditions": [{"operator": "BoolIfExists", "key": "AWS:SecureTransport", "values": ["false"]}]})

	# CDK-style symbolic ARNs: the same symbol on both sides
	inp := json.patch(
		tls({"resources": ["{{?B.Arn}}", "{{?B.Arn}}/*"]}),
		[{"op": "replace", "path": "/buckets/0/arn", "value": "{{?B.Arn}}"}],
	)
	count(xa204.deny) == 0 with input as inp
}

test_bucket_without_policy_is_silent if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": "/buckets/0/policies", "value": []}])
	count(xa204.deny) == 0 with input as inp
}
