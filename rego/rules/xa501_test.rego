package xacct.rules.xa501_test

import data.xacct.rules.xa501
import data.xacct.test.fixtures

trust(principals) := fixtures.article_with({"statements": {"deploy-trust": {"trust": {"principals": principals}}}})

codedeploy := {"type": "Service", "value": "codedeploy.amazonaws.com", "account": "", "root": false}

test_article_trust_works if {
	count(xa501.deny) == 0 with input as fixtures.article
}

test_only_codedeploy_trusted if {
	findings := xa501.deny with input as trust([codedeploy])
	count(findings) == 1
	some f in findings
	contains(f.message, "does not admit the pipeline role arn:aws:iam::111111111111:role/cross-pipeline-role")
	contains(f.message, "arn:aws:iam::111111111111:root")
	f.loc.pointer == "/Resources/CodeDeployRole/Properties/AssumeRolePolicyDocument"
	count(f.related) == 1
}

test_account_root_and_bare_id if {
	count(xa501.deny) == 0 with input as trust([codedeploy, fixtures.aws("arn:aws:iam::111111111111:root")])
	count(xa501.deny) == 0 with input as trust([fixtures.aws("111111111111")])
}

test_wrong_account if {
	count(xa501.deny) == 1 with input as trust([fixtures.aws("arn:aws:iam::333333333333:root")])
}

test_principal_arn_condition if {
	cond := [{"operator": "ArnLike", "key": "aws:PrincipalArn", "values": ["arn:aws:iam::111111111111:role/cross-*"]}]
	root := [fixtures.aws("arn:aws:iam::111111111111:root")]
	inp := fixtures.article_with({"statements": {"deploy-trust": {"trust": {"principals": root, "conditions": cond}}}})
	count(xa501.deny) == 0 with input as inp
	bad := [{"operator": "StringEquals", "key": "aws:PrincipalArn", "values": ["arn:aws:iam::111111111111:role/someone-else"]}]
	inp2 := fixtures.article_with({"statements": {"deploy-trust": {"trust": {"principals": root, "conditions": bad}}}})
	count(xa501.deny) == 1 with input as inp2
}

test_unknown_principal_is_silent if {
	count(xa501.deny) == 0 with input as trust([fixtures.aws("arn:aws:iam::{{?ToolsAccountId}}:root")])
	count(xa501.deny) == 0 with input as trust([fixtures.aws("<CodePipelineのRoleArn>")])
}

test_unknown_pipeline_role_is_silent if {
	inp := json.patch(trust([fixtures.aws("arn:aws:iam::111111111111:role/x")]), [
		{"op": "replace", "path": "/pipelines/0/roleArn", "value": "{{?PipelineRole.Arn}}"},
		{"op": "replace", "path": "/pipelines/0/account", "value": ""},
	])
	count(xa501.deny) == 0 with input as inp
}

test_external_id_condition_is_not_certain if {
	# CodePipeline sends no ExternalId, but that is XA503's finding; here the
	# condition is unevaluated, so the grant is only possible: silent.
	cond := [{"operator": "StringEquals", "key": "sts:ExternalId", "values": ["abc"]}]
	inp := fixtures.article_with({"statements": {"deploy-trust": {"trust": {"conditions": cond}}}})
	count(xa501.deny) == 0 with input as inp
}
