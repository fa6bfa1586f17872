package xacct.rules.xa403_test

import data.xacct.rules.xa403
import data.xacct.test.fixtures

trust(fields) := fixtures.article_with({"statements": {"pipeline-trust": {"service": fields}}})

service(name) := {"type": "Service", "value": name, "account": "", "root": false}

test_article_trusts_codepipeline if {
	count(xa403.deny) == 0 with input as fixtures.article
}

test_wrong_service if {
	findings := xa403.deny with input as trust({"principals": [service("codebuild.amazonaws.com")]})
	count(findings) == 1
	some f in findings
	contains(f.message, "does not admit codepipeline.amazonaws.com")
	f.loc.pointer == "/Resources/PipelineRole/Properties/AssumeRolePolicyDocument"
}

test_account_principal_is_not_the_service if {
	count(xa403.deny) == 1 with input as trust({"principals": [fixtures.aws("arn:aws:iam::111111111111:root")]})
}

test_wrong_action if {
	count(xa403.deny) == 1 with input as trust({"actions": ["sts:TagSession"]})
}

test_case_and_wildcards if {
	count(xa403.deny) == 0 with input as trust({"principals": [service("CodePipeline.amazonaws.com")]})
	count(xa403.deny) == 0 with input as trust({"actions": ["sts:*"]})
}

test_source_conditions_are_silent if {
	cond := [{"operator": "StringEquals", "key": "aws:SourceAccount", "values": ["111111111111"]}]
	count(xa403.deny) == 0 with input as trust({"conditions": cond})
}

test_unknown_trust_is_silent if {
	inp := fixtures.article_with({
		"statements": {"pipeline-trust": {"service": {"principals": [service("codebuild.amazonaws.com")]}}},
		"roles": {"tools.yaml#PipelineRole": {"trust": ""}},
	})
	count(xa403.deny) == 0 with input as inp
}

test_explicit_deny if {
	inp := fixtures.article_with({
		"policies": {"pipeline-trust": {"order": ["service", "deny"]}},
		"statements": {"pipeline-trust": {"deny": fixtures.stmt({
			"effect": "Deny", "principals": [fixtures.everyone], "actions": ["sts:AssumeRole"],
		})}},
	})
	count(xa403.deny) == 1 with input as inp
}
