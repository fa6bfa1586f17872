# Single-document checks of xacct-lint's kind, written for conftest, so that
# bench/compare.sh times both tools on the same files doing comparable work.
# They look at one file at a time: a standalone policy document or the
# policies inside a CloudFormation template (found with walk, as a conftest
# user would write it).
package main

import rego.v1

# statements are every IAM/KMS/S3 policy statement in the document.
statements contains s if {
	walk(input, [_, v])
	is_object(v)
	some s in as_array(v.Statement)
	is_object(s)
}

as_array(x) := x if is_array(x)

as_array(x) := [x] if not is_array(x)

wildcard("*")

wildcard(p) if p.AWS == "*"

wildcard(p) if "*" in p.AWS

sid(s) := object.get(s, "Sid", "(no Sid)")

# A wildcard principal that no condition narrows.
deny contains msg if {
	some s in statements
	s.Effect == "Allow"
	wildcard(s.Principal)
	not s.Condition
	msg := sprintf("statement %s allows any principal without a condition", [sid(s)])
}

# s3:ListBucket applies to the bucket ARN, never to object ARNs.
deny contains msg if {
	some s in statements
	s.Effect == "Allow"
	"s3:ListBucket" in as_array(s.Action)
	some r in as_array(s.Resource)
	endswith(resource_text(r), "/*")
	msg := sprintf("statement %s grants s3:ListBucket on the object ARN %v; name the bucket ARN", [sid(s), r])
}

resource_text(r) := r if is_string(r)

resource_text(r) := r["Fn::Sub"] if is_string(r["Fn::Sub"])

resource_text(r) := r["Fn::Sub"][0] if is_array(r["Fn::Sub"])

# A bucket policy denies requests without TLS.
deny contains msg if {
	some doc in bucket_policies
	not tls_deny(doc)
	msg := "bucket policy has no Deny on aws:SecureTransport false"
}

# bucket_policies are the PolicyDocuments of AWS::S3::BucketPolicy
# resources, or the document itself when it is a standalone policy with a
# principal on S3 actions.
bucket_policies contains r.Properties.PolicyDocument if {
	some r in input.Resources
	r.Type == "AWS::S3::BucketPolicy"
}

bucket_policies contains input if {
	some s in as_array(input.Statement)
	s.Principal
	some a in as_array(s.Action)
	startswith(a, "s3:")
}

tls_deny(doc) if {
	some s in as_array(doc.Statement)
	s.Effect == "Deny"
	s.Condition.Bool["aws:SecureTransport"] in {"false", false}
}
