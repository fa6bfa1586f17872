package xacct.rules.xa110_test

import data.xacct.rules.xa110
import data.xacct.test.fixtures

with_rotation(r) := fixtures.article_with({"keys": {"tools.yaml#KMSKey": {"rotation": r}}})

test_article_rotation_unset_is_info if {
	findings := xa110.deny with input as fixtures.article
	count(findings) == 1
	some f in findings
	contains(f.message, "EnableKeyRotation is not set")
	f.loc.pointer == "/Resources/KMSKey"
}

test_rotation_off if {
	inp := fixtures.article_with({"keys": {"tools.yaml#KMSKey": {"rotation": "false", "locs": {"EnableKeyRotation": fixtures.loc("tools.yaml", "/Resources/KMSKey/Properties/EnableKeyRotation")}}}})
	some f in xa110.deny with input as inp
	contains(f.message, "is off")
	f.loc.pointer == "/Resources/KMSKey/Properties/EnableKeyRotation"
}

test_rotation_on if {
	count(xa110.deny) == 0 with input as with_rotation("true")
}

test_one_finding_per_key if {
	inp := json.patch(fixtures.article, [{"op": "add", "path": "/pipelines/0/artifactStores/-", "value": object.union(fixtures.pipeline.artifactStores[0], {"region": "us-east-1"})}])
	count(xa110.deny) == 1 with input as inp
}
