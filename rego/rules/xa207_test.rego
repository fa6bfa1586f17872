package xacct.rules.xa207_test

import data.xacct.rules.xa207
import data.xacct.test.fixtures

get_put(fields) := fixtures.article_with({"statements": {"bucket-policy": {"get-put": fields}}})

test_article_is_silent if {
	# the TLS Deny names s3:* for everyone: a Deny, not a grant
	count(xa207.deny) == 0 with input as fixtures.article
}

test_s3_star_to_account_b if {
	findings := xa207.deny with input as get_put({"actions": ["s3:*"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "grants s3:* to account 222222222222")
	contains(f.message, "s3:GetObject* on arn:aws:s3:::artifact-bucket/*")
}

test_star_and_case if {
	count(xa207.deny) == 1 with input as get_put({"actions": ["*"]})
	count(xa207.deny) == 1 with input as get_put({"actions": ["S3:*"]})
	count(xa207.deny) == 1 with input as get_put({"actions": ["s3:*"], "principals": [fixtures.aws(fixtures.deploy_role_arn)]})
}

test_silent_cases if {
	# own account
	count(xa207.deny) == 0 with input as get_put({"actions": ["s3:*"], "principals": [fixtures.aws("111111111111")]})

	# unknown account
	count(xa207.deny) == 0 with input as get_put({"actions": ["s3:*"], "principals": [fixtures.aws("arn:aws:iam::{{?Target}}:root")]})

	# narrower wildcards
	count(xa207.deny) == 0 with input as get_put({"actions": ["s3:Get*", "s3:PutObject"]})
}
