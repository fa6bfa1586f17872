package xacct.rules.xa205_test

import data.xacct.rules.xa205
import data.xacct.test.fixtures

with_bucket(patch) := json.patch(fixtures.article, patch)

test_article_aes256_with_kms_deny if {
	findings := xa205.deny with input as fixtures.article
	count(findings) == 1
	some f in findings
	contains(f.message, "is AES256 (SSE-S3)")
	contains(f.message, concat("", ["KMSMasterKeyID ", fixtures.key_arn]))
	f.loc.pointer == "/Resources/ArtifactBucket"
	count(f.related) == 1
	f.related[0].loc.pointer == "/Resources/ArtifactBucketPolicy/Properties/PolicyDocument/Statement/sse"
}

test_points_at_bucket_encryption if {
	l := {"file": "tools.yaml", "line": 17, "column": 7, "pointer": "/Resources/ArtifactBucket/Properties/BucketEncryption"}
	inp := with_bucket([{"op": "replace", "path": "/buckets/0/locs", "value": {"BucketEncryption": l}}])
	some f in xa205.deny with input as inp
	f.loc == l
}

test_no_default_encryption_is_sse_s3 if {
	findings := xa205.deny with input as with_bucket([{"op": "replace", "path": "/buckets/0/encryption", "value": ""}])
	some f in findings
	contains(f.message, "is not set, so S3 applies SSE-S3")
}

test_kms_default_is_silent if {
	count(xa205.deny) == 0 with input as with_bucket([{"op": "replace", "path": "/buckets/0/encryption", "value": "aws:kms"}])
	count(xa205.deny) == 0 with input as with_bucket([{"op": "replace", "path": "/buckets/0/encryption", "value": "aws:kms:dsse"}])
}

test_no_kms_deny_is_silent if {
	count(xa205.deny) == 0 with input as fixtures.article_without([["statements", "bucket-policy", "sse"]])
}

test_deny_requiring_aes256_is_silent if {
	inp := fixtures.article_with({"statements": {"bucket-policy": {"sse": {"conditions": [{"operator": "StringNotEquals", "key": "s3:x-amz-server-side-encryption", "values": ["AES256"]}]}}}})
	count(xa205.deny) == 0 with input as inp
}

test_deny_only_with_a_wrong_header_is_silent if {
	# Null false: only requests that carry a header other than aws:kms are denied
	inp := fixtures.article_with({"statements": {"bucket-policy": {"sse": {"conditions": [
		{"operator": "StringNotEquals", "key": "s3:x-amz-server-side-encryption", "values": ["aws:kms"]},
		{"operator": "Null", "key": "s3:x-amz-server-side-encryption", "values": ["false"]},
	]}}}})
	count(xa205.deny) == 0 with input as inp
}
