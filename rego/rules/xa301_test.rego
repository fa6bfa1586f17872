package xacct.rules.xa301_test

import data.xacct.rules.xa301
import data.xacct.test.fixtures

with_owner(owner) := json.patch(fixtures.article, [{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/owner"]), "value": owner}])

test_article_is_silent if {
	count(xa301.deny) == 0 with input as fixtures.article
}

test_third_party_with_role if {
	findings := xa301.deny with input as with_owner("ThirdParty")
	count(findings) == 1
	some f in findings
	contains(f.message, "Deploy/Deploy")
	contains(f.message, `owner is "ThirdParty"`)
	contains(f.message, "remove roleArn")
	f.loc.pointer == "/pipeline/stages/2/actions/0/roleArn"
}

test_custom_with_role if {
	count(xa301.deny) == 1 with input as with_owner("Custom")
}

test_third_party_without_role_is_silent if {
	inp := json.patch(with_owner("ThirdParty"), [{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/roleArn"]), "value": ""}])
	count(xa301.deny) == 0 with input as inp
}

test_unknown_owner_is_silent if {
	count(xa301.deny) == 0 with input as with_owner("{{?Owner}}")
}
