package xacct.rules.xa302_test

import data.xacct.rules.xa302
import data.xacct.test.fixtures

flags(store, stores) := json.patch(fixtures.article, [
	{"op": "replace", "path": "/pipelines/0/hasArtifactStore", "value": store},
	{"op": "replace", "path": "/pipelines/0/hasArtifactStores", "value": stores},
	{"op": "replace", "path": "/pipelines/0/locs", "value": {
		"artifactStore": fixtures.loc("pipeline.json", "/pipeline/artifactStore"),
		"artifactStores": fixtures.loc("pipeline.json", "/pipeline/artifactStores"),
	}},
])

test_article_is_silent if {
	count(xa302.deny) == 0 with input as fixtures.article
}

test_stores_only_is_silent if {
	count(xa302.deny) == 0 with input as flags(false, true)
}

test_both if {
	findings := xa302.deny with input as flags(true, true)
	count(findings) == 1
	some f in findings
	contains(f.message, "both artifactStore and artifactStores")
	f.loc.pointer == "/pipeline/artifactStores"
	f.related[0].loc.pointer == "/pipeline/artifactStore"
}

test_neither if {
	findings := xa302.deny with input as flags(false, false)
	count(findings) == 1
	some f in findings
	contains(f.message, "neither artifactStore nor artifactStores")
	contains(f.message, `"type": "KMS"`)
	f.loc.pointer == "/pipeline"
}
