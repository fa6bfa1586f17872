package xacct.lib.iam_test

import data.xacct.lib.iam
import data.xacct.lib.util

acct_a := "111111111111"

acct_b := "222222222222"

role_b := "arn:aws:iam::222222222222:role/cross-account-deploy"

pipeline_role := "arn:aws:iam::111111111111:role/pipeline-role"

principal_b := {"type": "AWS", "arn": role_b, "account": acct_b}

key_arn := "arn:aws:kms:ap-northeast-1:111111111111:key/0f1e2d3c-aaaa-bbbb-cccc-111122223333"

bucket := "arn:aws:s3:::artifact-bucket"

stmt(fields) := object.union(
	{
		"id": "s", "kind": "identity", "effect": "Allow",
		"principals": [], "notPrincipals": [], "actions": [], "notActions": [],
		"resources": [], "notResources": [], "conditions": [],
	},
	fields,
)

aws(value) := {"type": "AWS", "value": value}

req(action, resource) := {"action": action, "resource": resource, "principal": principal_b}

# --- util ---------------------------------------------------------------

test_wild_level if {
	util.wild_level("arn:aws:s3:::artifact-bucket/*", "arn:aws:s3:::artifact-bucket/p/a/x") == 2
	util.wild_level("arn:aws:s3:::artifact-bucket/*", "arn:aws:s3:::artifact-bucket") == 0
	util.wild_level("arn:aws:s3:::artifact-bucket", "arn:aws:s3:::artifact-bucket/x") == 0
	util.wild_level("arn:aws:s3:::art?fact-bucket", "arn:aws:s3:::artifact-bucket") == 2
	util.wild_level("*", "{{?Bucket.Arn}}") == 2
}

test_wild_level_unknown_pattern_is_possible if {
	util.wild_level("{{?ArtifactBucket.Arn}}/*", "arn:aws:s3:::artifact-bucket/x") == 1
	util.wild_level("<アーティファクト用S3のArn>/*", "arn:aws:s3:::artifact-bucket/x") == 1
	util.wild_level("arn:aws:kms:{{?AWS::Region}}:111111111111:key/*", key_arn) == 1
	util.wild_level("arn:aws:kms:{{?AWS::Region}}:333333333333:key/*", key_arn) == 0
}

test_wild_level_unknown_value if {
	# the same symbol denotes the same value
	util.wild_level("{{?ArtifactBucket.Arn}}/*", "{{?ArtifactBucket.Arn}}/{{?artifact-object}}") == 2
	util.wild_level("{{?Key.Arn}}", "{{?Key.Arn}}") == 2
	util.wild_level("arn:aws:s3:::artifact-bucket/*", "arn:aws:s3:::artifact-bucket/{{?artifact-object}}") == 2

	# a wildcard pattern that only might cover the unknown part
	util.wild_level("arn:aws:s3:::artifact-bucket/pipe/*", "arn:aws:s3:::artifact-bucket/{{?artifact-object}}") == 1
	util.wild_level("arn:aws:kms:ap-northeast-1:111111111111:key/x", "{{?Key.Arn}}") == 1

	# a pattern without wildcards never covers more than itself
	util.wild_level("arn:aws:s3:::artifact-bucket", "arn:aws:s3:::artifact-bucket/{{?artifact-object}}") == 0

	# literal parts that cannot agree
	util.wild_level("arn:aws:s3:::other-bucket/*", "arn:aws:s3:::artifact-bucket/{{?artifact-object}}") == 0
}

test_literal_glob_characters if {
	util.wild_level("arn:aws:s3:::b/{a,b}", "arn:aws:s3:::b/a") == 0
	util.wild_level("arn:aws:s3:::b/[ab]", "arn:aws:s3:::b/[ab]") == 2
}

test_equal_level if {
	util.equal_level("a*", "abc") == 0
	util.equal_level("{{?X}}", "abc") == 1
	util.equal_level("arn:aws:iam::{{?AWS::AccountId}}:root", "arn:aws:iam::222222222222:root") == 1
	util.equal_level("arn:aws:iam::{{?AWS::AccountId}}:root", "arn:aws:iam::222222222222:role/x") == 0
}

test_arn_account if {
	util.arn_account(role_b) == acct_b
	util.arn_account(key_arn) == acct_a
	not util.arn_account("arn:aws:s3:::artifact-bucket")
	not util.arn_account("arn:aws:iam::{{?AWS::AccountId}}:root")
	util.account_of("222222222222") == acct_b
}

# --- actions ------------------------------------------------------------

test_action_wildcards if {
	iam.action_matches("kms:*", "kms:Decrypt") == 2
	iam.action_matches("s3:Get*", "s3:GetObject") == 2
	iam.action_matches("s3:GetObject*", "s3:GetObjectVersion") == 2
	iam.action_matches("*", "sts:AssumeRole") == 2
	iam.action_matches("s3:Put*", "s3:GetObject") == 0
	iam.action_matches("kms:ReEncrypt*", "kms:Decrypt") == 0
}

test_action_case_insensitive if {
	iam.action_matches("KMS:decrypt", "kms:Decrypt") == 2
	iam.action_matches("S3:get*", "s3:GetObject") == 2
	iam.level([stmt({"actions": ["STS:AssumeRole"], "resources": [role_b]})], req("sts:AssumeRole", role_b)) == 2
}

test_not_action if {
	s := stmt({"notActions": ["s3:Delete*"], "resources": ["*"], "has": {"notAction": true}})
	iam.level([s], req("s3:GetObject", "arn:aws:s3:::b/x")) == 2
	iam.level([s], req("s3:DeleteObject", "arn:aws:s3:::b/x")) == 0
}

test_string_fields_are_lists if {
	s := stmt({"actions": "s3:GetObject", "resources": "arn:aws:s3:::b/*"})
	iam.level([s], req("s3:GetObject", "arn:aws:s3:::b/x")) == 2
}

# --- resources ----------------------------------------------------------

test_listbucket_on_bucket_and_objects if {
	# the article's statement: one statement with both ARNs works for both uses
	s := stmt({"actions": ["s3:ListBucket", "s3:GetObject"], "resources": [concat("", [bucket, "/*"]), bucket]})
	iam.level([s], req("s3:ListBucket", bucket)) == 2
	iam.level([s], req("s3:GetObject", concat("", [bucket, "/x"]))) == 2
}

test_not_resource if {
	s := stmt({"actions": ["s3:*"], "notResources": ["arn:aws:s3:::secret/*"], "has": {"notResource": true}})
	iam.level([s], req("s3:GetObject", "arn:aws:s3:::b/x")) == 2
	iam.level([s], req("s3:GetObject", "arn:aws:s3:::secret/x")) == 0
}

test_cdk_style_resolved_arn if {
	s := stmt({
		"actions": ["kms:Decrypt"],
		"resources": [concat(":", ["arn", "aws", "kms", "ap-northeast-1", acct_a, "key/0f1e2d3c-aaaa-bbbb-cccc-111122223333"])],
	})
	iam.level([s], req("kms:Decrypt", key_arn)) == 2
	s2 := stmt({"actions": ["kms:Decrypt"], "resources": ["arn:aws:kms:{{?AWS::Region}}:{{?AWS::AccountId}}:key/{{?PipelineKey}}"]})
	iam.level([s2], req("kms:Decrypt", key_arn)) == 1
}

# --- principals ---------------------------------------------------------

resource_stmt(principals, actions) := stmt({"kind": "key", "principals": principals, "actions": actions, "resources": ["*"]})

test_principal_root_delegation if {
	s := resource_stmt([aws("arn:aws:iam::222222222222:root")], ["kms:Decrypt"])
	iam.level([s], req("kms:Decrypt", key_arn)) == 2
	iam.delegated(aws("arn:aws:iam::222222222222:root"), principal_b)
}

test_principal_bare_account_id if {
	s := resource_stmt([aws(acct_b)], ["kms:*"])
	iam.level([s], req("kms:Decrypt", key_arn)) == 2
}

test_principal_role_arn if {
	s := resource_stmt([aws(role_b)], ["kms:Decrypt"])
	iam.level([s], req("kms:Decrypt", key_arn)) == 2
	not iam.delegated(aws(role_b), principal_b)
	other := resource_stmt([aws("arn:aws:iam::222222222222:role/other")], ["kms:Decrypt"])
	iam.level([other], req("kms:Decrypt", key_arn)) == 0
}

test_principal_other_account if {
	s := resource_stmt([aws("arn:aws:iam::333333333333:root")], ["kms:*"])
	iam.level([s], req("kms:Decrypt", key_arn)) == 0
}

test_principal_star if {
	iam.level([resource_stmt([{"type": "*", "value": "*"}], ["kms:Decrypt"])], req("kms:Decrypt", key_arn)) == 2
	iam.level([resource_stmt([aws("*")], ["kms:Decrypt"])], req("kms:Decrypt", key_arn)) == 2
}

test_principal_unknown if {
	s := resource_stmt([aws("arn:aws:iam::{{?AWS::AccountId}}:root")], ["kms:Decrypt"])
	iam.level([s], req("kms:Decrypt", key_arn)) == 1
	p := resource_stmt([aws("<アカウントBのアカウントID>")], ["kms:Decrypt"])
	iam.level([p], req("kms:Decrypt", key_arn)) == 1
}

test_unknown_request_principal if {
	s := resource_stmt([aws("arn:aws:iam::222222222222:root")], ["kms:Decrypt"])
	r := {"action": "kms:Decrypt", "resource": key_arn, "principal": {"type": "AWS", "arn": "{{?DeployRole.Arn}}", "account": ""}}
	iam.level([s], r) == 1
}

test_service_principal if {
	s := stmt({"kind": "trust", "principals": [{"type": "Service", "value": "codepipeline.amazonaws.com"}], "actions": ["sts:AssumeRole"]})
	iam.level([s], {"action": "sts:AssumeRole", "principal": {"type": "Service", "value": "codepipeline.amazonaws.com"}}) == 2
	iam.level([s], {"action": "sts:AssumeRole", "principal": principal_b}) == 0
}

# --- Deny and conditions ------------------------------------------------

test_explicit_deny_wins if {
	allow := resource_stmt([aws(acct_b)], ["kms:*"])
	deny := object.union(resource_stmt([aws("*")], ["kms:Decrypt"]), {"id": "d", "effect": "Deny"})
	d := iam.decision([allow, deny], req("kms:Decrypt", key_arn))
	d.level == 0
	d.denied
	d.deniedBy == ["d"]
}

test_secure_transport_deny if {
	allow := object.union(resource_stmt([aws(acct_b)], ["s3:Get*"]), {"kind": "bucket", "resources": ["arn:aws:s3:::artifact-bucket/*"]})
	deny := stmt({
		"id": "tls", "kind": "bucket", "effect": "Deny", "principals": [{"type": "*", "value": "*"}], "actions": ["s3:*"],
		"resources": ["arn:aws:s3:::artifact-bucket/*", bucket],
		"conditions": [{"operator": "Bool", "key": "aws:SecureTransport", "values": ["false"]}],
	})
	r := req("s3:GetObject", "arn:aws:s3:::artifact-bucket/x")
	iam.level([allow, deny], object.union(r, {"context": {"aws:SecureTransport": "true"}})) == 2
	iam.level([allow, deny], object.union(r, {"context": {"aws:SecureTransport": "false"}})) == 0

	# without the key in the context the Deny is possible, so the answer is not certain
	iam.level([allow, deny], r) == 1
}

test_sse_deny if {
	deny := stmt({
		"kind": "bucket", "effect": "Deny", "principals": [{"type": "*", "value": "*"}], "actions": ["s3:PutObject"],
		"resources": ["arn:aws:s3:::artifact-bucket/*"],
		"conditions": [{"operator": "StringNotEquals", "key": "s3:x-amz-server-side-encryption", "values": ["aws:kms"]}],
	})
	allow := object.union(deny, {"effect": "Allow", "conditions": []})
	r := req("s3:PutObject", "arn:aws:s3:::artifact-bucket/x")
	iam.level([allow, deny], object.union(r, {"context": {"s3:x-amz-server-side-encryption": "aws:kms"}})) == 2
	iam.level([allow, deny], object.union(r, {"context": {"s3:x-amz-server-side-encryption": "AES256"}})) == 0

	# header absent: the negated operator holds, so the Deny applies
	iam.level([allow, deny], object.union(r, {"context": {"s3:x-amz-server-side-encryption": null}})) == 0
}

test_principal_arn_condition if {
	s := object.union(resource_stmt([aws("arn:aws:iam::222222222222:root")], ["sts:AssumeRole"]), {
		"kind": "trust",
		"conditions": [{"operator": "ArnLike", "key": "aws:PrincipalArn", "values": ["arn:aws:iam::222222222222:role/cross-*"]}],
	})
	iam.level([s], req("sts:AssumeRole", "")) == 2
	s2 := object.union(s, {"conditions": [{"operator": "StringEquals", "key": "aws:principalarn", "values": ["arn:aws:iam::222222222222:role/other"]}]})
	iam.level([s2], req("sts:AssumeRole", "")) == 0
}

test_grant_condition if {
	s := object.union(resource_stmt([aws(acct_b)], ["kms:CreateGrant"]), {"conditions": [{"operator": "Bool", "key": "kms:GrantIsForAWSResource", "values": ["true"]}]})
	r := req("kms:CreateGrant", key_arn)
	iam.level([s], object.union(r, {"context": {"kms:GrantIsForAWSResource": "true"}})) == 2
	iam.level([s], object.union(r, {"context": {"kms:GrantIsForAWSResource": "false"}})) == 0
	iam.level([s], r) == 1
}

test_passed_to_service_condition if {
	s := stmt({
		"actions": ["iam:PassRole"], "resources": ["*"],
		"conditions": [{"operator": "StringLike", "key": "iam:PassedToService", "values": ["ecs-tasks.amazonaws.com"]}],
	})
	r := req("iam:PassRole", "arn:aws:iam::222222222222:role/task")
	iam.level([s], object.union(r, {"context": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}})) == 2
	iam.level([s], object.union(r, {"context": {"iam:PassedToService": "lambda.amazonaws.com"}})) == 0
}

test_unknown_condition_is_possible if {
	s := object.union(resource_stmt([aws(acct_b)], ["kms:Decrypt"]), {"conditions": [{"operator": "StringEquals", "key": "kms:ViaService", "values": ["s3.ap-northeast-1.amazonaws.com"]}]})
	iam.level([s], req("kms:Decrypt", key_arn)) == 1
	deny := object.union(s, {"effect": "Deny"})
	allow := resource_stmt([aws(acct_b)], ["kms:Decrypt"])
	d := iam.decision([allow, deny], req("kms:Decrypt", key_arn))
	d.level == 1
	not d.denied
}

test_if_exists_and_qualifiers if {
	c := {"operator": "StringEqualsIfExists", "key": "aws:PrincipalArn", "values": ["x"]}
	iam.condition_level(c, {"context": {"aws:PrincipalArn": null}}) == 2
	q := {"operator": "ForAnyValue:StringEquals", "key": "aws:PrincipalArn", "values": ["x"]}
	iam.condition_level(q, {"principal": principal_b}) == 1
}

test_no_allow_is_no if {
	iam.level([], req("kms:Decrypt", key_arn)) == 0
	iam.level([resource_stmt([aws(acct_b)], ["kms:Encrypt"])], req("kms:Decrypt", key_arn)) == 0
}

test_caller_account_condition if {
	s := object.union(resource_stmt([aws("*")], ["kms:Decrypt"]), {"conditions": [{"operator": "StringEquals", "key": "kms:CallerAccount", "values": [acct_b]}]})
	iam.level([s], req("kms:Decrypt", key_arn)) == 2
	other := object.union(s, {"conditions": [{"operator": "StringEquals", "key": "kms:CallerAccount", "values": ["333333333333"]}]})
	iam.level([other], req("kms:Decrypt", key_arn)) == 0
}
