package main

import rego.v1

test_wildcard_without_condition if {
	count(deny) == 1 with input as {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}]}
}

test_wildcard_with_condition_passes if {
	count(deny) == 0 with input as {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/r"}}}]}
}

test_list_bucket_on_objects if {
	count(deny) == 1 with input as {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::b/*"}]}
}

test_list_bucket_on_objects_in_template if {
	count(deny) == 1 with input as {"Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": {"Fn::Sub": "${B.Arn}/*"}}]}}}}}
}

tls := {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}

read := {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}

test_bucket_policy_without_tls_deny if {
	count(deny) == 1 with input as {"Statement": [read]}
}

test_bucket_policy_with_tls_deny if {
	count(deny) == 0 with input as {"Statement": [tls, read]}
}

test_template_bucket_policy_without_tls_deny if {
	count(deny) == 1 with input as {"Resources": {"BP": {"Type": "AWS::S3::BucketPolicy", "Properties": {"PolicyDocument": {"Statement": [read]}}}}}
}
