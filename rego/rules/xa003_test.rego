package xacct.rules.xa003_test

import data.xacct.rules.xa003
import data.xacct.test.fixtures

value(expect, v) := {"expect": expect, "value": v, "field": "Field", "loc": fixtures.loc("tools.yaml", "/x")}

findings(values) := r if {
	r := xa003.deny with input as fixtures.article_with({"values": values})
}

messages(values) := {f.message | some f in findings(values)}

test_good_values if {
	count(findings([
		value("role-arn", "arn:aws:iam::222222222222:role/cross-account-codedeploy-role"),
		value("role-arn", "arn:aws:iam::222222222222:role/service-role/path/x"),
		value("key-arn", fixtures.key_arn),
		value("key-ref", "1234abcd-12ab-34cd-56ef-1234567890ab"),
		value("key-ref", "alias/pipeline"),
		value("bucket-arn", "arn:aws:s3:::artifact-bucket/*"),
		value("account-id", "011111111111"),
		value("principal", "222222222222"),
		value("principal", "arn:aws:iam::222222222222:root"),
		value("principal", "codepipeline.amazonaws.com"),
		value("principal", "*"),
		value("arn", "arn:aws:kms:ap-northeast-1:111111111111:key/*"),
		value("arn", "*"),
		value("arn", "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"),
	])) == 0
}

test_account_id_length if {
	some m in messages([value("account-id", "22222222222")])
	contains(m, "has 11 digits, not 12")
}

test_account_id_in_arn if {
	some m in messages([value("principal", "arn:aws:iam::2222222222222:root")])
	contains(m, "has 13 digits")
}

test_account_with_dashes if {
	some m in messages([value("account-id", "2222-2222-2222")])
	contains(m, "digits only")
}

test_iam_arn_with_region if {
	some m in messages([value("role-arn", "arn:aws:iam:ap-northeast-1:222222222222:role/x")])
	contains(m, "empty region field")
}

test_role_arn_that_is_a_user if {
	count(findings([value("role-arn", "arn:aws:iam::222222222222:user/x")])) == 1
}

test_key_arn_without_key_prefix if {
	count(findings([value("key-arn", "arn:aws:kms:ap-northeast-1:111111111111:1234abcd-12ab-34cd-56ef-1234567890ab")])) == 1
}

test_short_arn if {
	some m in messages([value("arn", "arn:aws:s3:artifact-bucket")])
	contains(m, "six colon-separated fields")
}

test_unknown_parts_are_checked_as_far_as_known if {
	# a CDK-style join with unknown account: fine
	count(findings([value("role-arn", "arn:aws:iam::{{?AWS::AccountId}}:role/{{?DeployRole}}")])) == 0
	count(findings([value("key-arn", "{{?KMSKey.Arn}}")])) == 0

	# the wrong service is visible even with an unknown account
	count(findings([value("role-arn", "arn:aws:s3::{{?AWS::AccountId}}:role/x")])) == 1
}

test_placeholders_are_left_to_xa002 if {
	count(findings([value("account-id", "<アカウントBのアカウントID>")])) == 0
}

test_whole_document_refusal_is_said if {
	some m in messages([{"expect": "principal", "value": "arn:aws:iam::2222:root", "field": "Principal.AWS", "loc": fixtures.loc("tools.yaml", "/x")}])
	contains(m, "refuses the whole policy")
}
