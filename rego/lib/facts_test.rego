package xacct.lib.facts_test

import data.xacct.lib.facts
import data.xacct.test.fixtures

test_lookups if {
	facts.role("target.yaml#CodeDeployRole").arn == fixtures.deploy_role_arn with input as fixtures.article
	count(facts.role_statements(facts.role("target.yaml#CodeDeployRole"))) == 4 with input as fixtures.article
	count(facts.policy_statements("key-policy")) == 4 with input as fixtures.article
	not facts.role("nope") with input as fixtures.article
}

test_cross_account_actions if {
	xs := [x | some x in facts.cross_account_actions] with input as fixtures.article
	count(xs) == 1
	xs[0].action.name == "Deploy"
	facts.action_name(xs[0]) == "Deploy/Deploy"
}

test_accounts_from_arns if {
	# the facts leave the accounts empty; the ARNs tell them
	inp := json.patch(fixtures.article, [
		{"op": "replace", "path": "/pipelines/0/account", "value": ""},
		{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/account"]), "value": ""},
	])
	count(facts.cross_account_actions) == 1 with input as inp
}

test_store_for_regions if {
	p := {"region": "ap-northeast-1", "artifactStores": [
		{"region": "us-east-1", "location": "us"},
		{"region": "ap-northeast-1", "location": "tokyo"},
	]}
	facts.store_for(p, {"region": ""}).location == "tokyo"
	facts.store_for(p, {"region": "us-east-1"}).location == "us"
	not facts.store_for(p, {"region": "eu-west-1"})
	facts.store_for({"region": "", "artifactStores": [{"region": "", "location": "one"}]}, {"region": "eu-west-1"}).location == "one"
}

test_store_arns if {
	st := fixtures.pipeline.artifactStores[0]
	facts.store_key_arn(st) == fixtures.key_arn with input as fixtures.article
	facts.store_bucket_arn(st) == fixtures.bucket_arn with input as fixtures.article
	facts.store_bucket_arn({"bucket": "", "location": "other-bucket"}) == "arn:aws:s3:::other-bucket"
	not facts.store_key_arn({"key": "", "encryptionKey": {"id": "alias/x"}})
}

test_role_decision_incomplete if {
	r := object.union(facts.role("target.yaml#CodeDeployRole"), {"complete": false}) with input as fixtures.article
	d := facts.role_decision(r, {"action": "ec2:RunInstances", "resource": "*"}) with input as fixtures.article
	d.level == 1
	d.incomplete
	complete := facts.role("target.yaml#CodeDeployRole") with input as fixtures.article
	facts.role_decision(complete, {"action": "ec2:RunInstances", "resource": "*"}).level == 0 with input as fixtures.article
}

test_role_fix_loc_skips_managed_policies if {
	r := facts.role("target.yaml#CodeDeployRole") with input as fixtures.article
	facts.role_fix_loc(r).file == "target.yaml" with input as fixtures.article
}
