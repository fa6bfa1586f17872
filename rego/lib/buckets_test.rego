package xacct.lib.buckets_test

import data.xacct.lib.buckets
import data.xacct.test.fixtures

test_object_only if {
	buckets.object_only("arn:aws:s3:::b/*")
	buckets.object_only("arn:aws:s3:::b*/x")
	buckets.object_only("{{?Bucket.Arn}}/*")
	not buckets.object_only("arn:aws:s3:::b")
	not buckets.object_only("arn:aws:s3:::b*")
	not buckets.object_only("*")

	# a "/" inside an unknown part is not a literal "/"
	not buckets.object_only("{{?Fn::Join a/b}}")
}

test_bucket_only if {
	buckets.bucket_only("arn:aws:s3:::b") with input as {"buckets": []}
	buckets.bucket_only("arn:aws-cn:s3:::b") with input as {"buckets": []}
	not buckets.bucket_only("arn:aws:s3:::b*") with input as {"buckets": []}
	not buckets.bucket_only("arn:aws:s3:::b/*") with input as {"buckets": []}
	not buckets.bucket_only("{{?BucketArn}}") with input as {"buckets": []}
	not buckets.bucket_only("*") with input as {"buckets": []}
	buckets.bucket_only("arn:aws:s3:::{{?B}}") with input as {"buckets": [{"arn": "arn:aws:s3:::{{?B}}"}]}
}

test_explicit_actions_ignore_case_and_wildcards if {
	buckets.explicit_actions({"actions": ["S3:ListBucket", "s3:List*", "s3:GetObject"]}, buckets.bucket_actions) == ["S3:ListBucket"]
	buckets.explicit_actions({"actions": "s3:getobject"}, buckets.object_actions) == ["s3:getobject"]
}

test_resources_ignore_not_resource if {
	buckets.resources({"resources": ["a"], "has": {"notResource": false}}) == ["a"]
	buckets.resources({"notResources": ["a"], "resources": [], "has": {"notResource": true}}) == []
}

test_restricted if {
	buckets.restricted({"conditions": [{"operator": "StringEquals", "key": "AWS:PrincipalOrgID", "values": ["o-1"]}]})
	not buckets.restricted({"conditions": [{"operator": "StringEquals", "key": "aws:PrincipalOrgID", "values": ["*"]}]})
	not buckets.restricted({"conditions": [{"operator": "StringNotEquals", "key": "aws:PrincipalAccount", "values": ["1"]}]})
	not buckets.restricted({"conditions": [{"operator": "Bool", "key": "aws:SecureTransport", "values": ["true"]}]})
	not buckets.restricted({"conditions": []})
}

test_artifact_buckets if {
	xs := buckets.artifact_buckets with input as fixtures.article
	count(xs) == 1
	some x in xs
	x.bucket.id == "tools.yaml#ArtifactBucket"
	x.pipeline.name == "cross-pipeline"
}

test_is_everyone if {
	buckets.is_everyone(fixtures.everyone)
	buckets.is_everyone(fixtures.aws("*"))
	not buckets.is_everyone(fixtures.aws("222222222222"))
}
