package xacct.rules.xa505_test

import data.xacct.rules.xa505
import data.xacct.test.fixtures

trust(fields) := fixtures.article_with({"statements": {"deploy-trust": {"trust": fields}}})

test_article_trusts_the_role_arn if {
	findings := xa505.deny with input as fixtures.article
	count(findings) == 1
	some f in findings
	contains(f.message, sprintf("names the role %s by ARN", [fixtures.pipeline_role_arn]))
	contains(f.message, "arn:aws:iam::111111111111:root")
	f.loc.file == "target.yaml"
}

test_root_with_principal_arn_is_silent if {
	cond := [{"operator": "ArnEquals", "key": "aws:PrincipalArn", "values": [fixtures.pipeline_role_arn]}]
	count(xa505.deny) == 0 with input as trust({"principals": [fixtures.aws("arn:aws:iam::111111111111:root")], "conditions": cond})
}

test_symbolic_role_arn if {
	p := {"type": "AWS", "value": "arn:aws:iam::{{?ToolsAccount}}:role/cross-pipeline-role", "account": "", "root": false}
	count(xa505.deny) == 1 with input as trust({"principals": [p]})
}

test_only_roles_used_by_actions if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/role"]), "value": ""}])
	count(xa505.deny) == 0 with input as inp
}

test_deny_is_not_checked if {
	count(xa505.deny) == 0 with input as trust({"effect": "Deny"})
}
