package xacct.rules.xa208_test

import data.xacct.rules.xa208
import data.xacct.test.fixtures

versioning(v) := json.patch(fixtures.article, [{"op": "replace", "path": "/buckets/0/versioning", "value": v}])

test_article_is_versioned if {
	count(xa208.deny) == 0 with input as fixtures.article
}

test_not_set if {
	findings := xa208.deny with input as versioning("")
	count(findings) == 1
	some f in findings
	contains(f.message, "artifact-bucket (pipeline cross-pipeline) is not enabled")
	f.loc.pointer == "/Resources/ArtifactBucket"
}

test_suspended if {
	some f in xa208.deny with input as versioning("Suspended")
	contains(f.message, "is suspended")
}

test_unknown_is_silent if {
	count(xa208.deny) == 0 with input as versioning("{{?VersioningParam}}")
}

test_bucket_that_is_not_an_artifact_store if {
	inp := json.patch(versioning(""), [{"op": "replace", "path": "/pipelines/0/artifactStores/0/bucket", "value": ""}])
	count(xa208.deny) == 0 with input as inp
}
