package xacct.rules.xa502_test

import data.xacct.rules.xa502
import data.xacct.test.fixtures

trust(fields) := fixtures.article_with({"statements": {"deploy-trust": {"trust": fields}}})

test_article_trusts_with_assume_role if {
	count(xa502.deny) == 0 with input as fixtures.article
}

test_web_identity if {
	findings := xa502.deny with input as trust({"actions": ["sts:AssumeRoleWithWebIdentity"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "not sts:AssumeRole")
	contains(f.message, fixtures.pipeline_role_arn)
	f.loc.file == "target.yaml"
}

test_pipeline_role_trust if {
	inp := fixtures.article_with({"statements": {"pipeline-trust": {"service": {"actions": ["sts:AssumeRoleWithSAML"]}}}})
	findings := xa502.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "codepipeline.amazonaws.com")
}

test_companions_are_fine if {
	count(xa502.deny) == 0 with input as trust({"actions": ["sts:AssumeRole", "sts:TagSession"]})
	count(xa502.deny) == 0 with input as trust({"actions": ["sts:*"]})
	count(xa502.deny) == 0 with input as trust({"actions": ["STS:assumerole"]})
	inp := fixtures.article_with({
		"policies": {"deploy-trust": {"order": ["trust", "tags"]}},
		"statements": {"deploy-trust": {"tags": fixtures.stmt({
			"principals": [fixtures.aws(fixtures.pipeline_role_arn)],
			"actions": ["sts:TagSession", "sts:SetSourceIdentity"],
		})}},
	})
	count(xa502.deny) == 0 with input as inp
}

test_federated_principal_is_not_checked if {
	fed := {"type": "Federated", "value": "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com", "account": "", "root": false}
	inp := fixtures.article_with({
		"policies": {"deploy-trust": {"order": ["trust", "oidc"]}},
		"statements": {"deploy-trust": {"oidc": fixtures.stmt({"principals": [fed], "actions": ["sts:AssumeRoleWithWebIdentity"]})}},
	})
	count(xa502.deny) == 0 with input as inp
}

test_deny_statements_are_not_checked if {
	inp := fixtures.article_with({
		"policies": {"deploy-trust": {"order": ["trust", "deny"]}},
		"statements": {"deploy-trust": {"deny": fixtures.stmt({
			"effect": "Deny", "principals": [fixtures.everyone], "actions": ["sts:AssumeRoleWithSAML"],
		})}},
	})
	count(xa502.deny) == 0 with input as inp
}
