package xacct.rules.xa401_test

import data.xacct.rules.xa401
import data.xacct.test.fixtures

assume(fields) := fixtures.article_with({"statements": {"pipeline-policy": {"assume": fields}}})

test_article_pipeline_role_works if {
	count(xa401.deny) == 0 with input as fixtures.article
}

test_missing_assume_role if {
	findings := xa401.deny with input as fixtures.article_without([["statements", "pipeline-policy", "assume"]])
	count(findings) == 1
	some f in findings
	contains(f.message, "may not sts:AssumeRole on arn:aws:iam::222222222222:role/cross-account-codedeploy-role")
	f.loc.file == "pipeline-role-policy.json"
	f.related[0].loc.pointer == "/pipeline/stages/2/actions/0/roleArn"
}

test_wrong_role if {
	count(xa401.deny) == 1 with input as assume({"resources": ["arn:aws:iam::222222222222:role/other"]})
}

test_wildcards if {
	count(xa401.deny) == 0 with input as assume({"resources": ["arn:aws:iam::222222222222:role/*"]})
	count(xa401.deny) == 0 with input as assume({"resources": ["*"], "actions": ["sts:*"]})
	count(xa401.deny) == 0 with input as assume({"actions": ["STS:assumerole"]})
}

test_unknown_resource_is_silent if {
	count(xa401.deny) == 0 with input as assume({"resources": ["arn:aws:iam::{{?TargetAccount}}:role/{{?DeployRoleName}}"]})
}

test_incomplete_role_is_silent if {
	inp := fixtures.article_with({
		"statements": {"pipeline-policy": {"assume": {"resources": ["arn:aws:iam::222222222222:role/other"]}}},
		"roles": {"tools.yaml#PipelineRole": {"complete": false}},
	})
	count(xa401.deny) == 0 with input as inp
}

test_same_account_action_is_not_checked if {
	inp := json.patch(fixtures.article_without([["statements", "pipeline-policy", "assume"]]), [
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": "111111111111"},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": "arn:aws:iam::111111111111:role/deploy"},
	])
	count(xa401.deny) == 0 with input as inp
}
