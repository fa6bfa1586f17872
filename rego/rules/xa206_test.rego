package xacct.rules.xa206_test

import data.xacct.rules.xa206
import data.xacct.test.fixtures

public(fields) := fixtures.article_with({"statements": {"bucket-policy": {"get-put": object.union({"principals": [fixtures.everyone]}, fields)}}})

pab(value) := json.patch(fixtures.article, [{"op": "replace", "path": "/buckets/0/publicAccessBlock", "value": value}])

test_article_is_silent if {
	# the Deny statements name "*" too: they restrict, they do not open
	count(xa206.deny) == 0 with input as fixtures.article
}

test_public_statement_refused_by_block_public_access if {
	findings := xa206.deny with input as public({})
	count(findings) == 1
	some f in findings
	contains(f.message, "S3 refuses this bucket policy")
	not f.severity
}

test_public_statement_without_block if {
	inp := json.patch(public({}), [{"op": "replace", "path": "/buckets/0/publicAccessBlock/blockPublicPolicy", "value": false}])
	findings := xa206.deny with input as inp
	count(findings) == 2
	some f in findings
	contains(f.message, "anyone on the internet may s3:Get*, s3:Put* on arn:aws:s3:::artifact-bucket/*")
	some g in findings
	g.severity == "warning"
	contains(g.message, "BlockPublicPolicy: false")
}

test_aws_star_principal if {
	count(xa206.deny) == 1 with input as public({"principals": [fixtures.aws("*")]})
}

test_restricting_condition_is_silent if {
	count(xa206.deny) == 0 with input as public({"conditions": [{"operator": "StringEquals", "key": "aws:PrincipalAccount", "values": ["222222222222"]}]})
	count(xa206.deny) == 0 with input as public({"conditions": [{"operator": "StringEquals", "key": "aws:PrincipalOrgID", "values": ["o-abc123"]}]})
}

test_non_restricting_condition_fires if {
	count(xa206.deny) == 1 with input as public({"conditions": [{"operator": "Bool", "key": "aws:SecureTransport", "values": ["true"]}]})
	count(xa206.deny) == 1 with input as public({"conditions": [{"operator": "StringLike", "key": "aws:PrincipalAccount", "values": ["*"]}]})
}

test_missing_public_access_block_is_silent if {
	# S3 blocks public access on new buckets by default since April 2023
	count(xa206.deny) == 0 with input as pab(null)
}

test_flags_off if {
	findings := xa206.deny with input as pab({"blockPublicAcls": false, "blockPublicPolicy": true, "ignorePublicAcls": false, "restrictPublicBuckets": true})
	count(findings) == 1
	some f in findings
	f.severity == "warning"
	contains(f.message, "BlockPublicAcls: false, IgnorePublicAcls: false")
}
