package xacct.rules.xa506_test

import data.xacct.rules.xa506
import data.xacct.test.fixtures

test_article_doubles_the_role if {
	findings := xa506.deny with input as fixtures.article
	count(findings) == 1
	some f in findings
	contains(f.message, "action role of Deploy/Deploy and a CodeDeploy service role")
	f.loc.pointer == "/Resources/CodeDeployRole/Properties/AssumeRolePolicyDocument/Statement/trust"
}

test_separate_roles_are_silent if {
	inp := fixtures.article_with({"statements": {"deploy-trust": {"trust": {"principals": [fixtures.aws(fixtures.pipeline_role_arn)]}}}})
	count(xa506.deny) == 0 with input as inp
}

test_role_not_used_by_an_action if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/role"]), "value": ""}])
	count(xa506.deny) == 0 with input as inp
}

test_case_of_the_service_name if {
	svc := {"type": "Service", "value": "CodeDeploy.amazonaws.com", "account": "", "root": false}
	inp := fixtures.article_with({"statements": {"deploy-trust": {"trust": {"principals": [svc, fixtures.aws(fixtures.pipeline_role_arn)]}}}})
	count(xa506.deny) == 1 with input as inp
}
