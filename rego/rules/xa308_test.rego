package xacct.rules.xa308_test

import data.xacct.rules.xa308
import data.xacct.test.fixtures

pipeline(fields) := json.patch(fixtures.article, [{"op": "replace", "path": "/pipelines/0", "value": object.union(fixtures.article.pipelines[0], fields)}])

locs := {
	"pipelineType": fixtures.loc("pipeline.json", "/pipeline/pipelineType"),
	"variables": fixtures.loc("pipeline.json", "/pipeline/variables"),
	"executionMode": fixtures.loc("pipeline.json", "/pipeline/executionMode"),
}

test_article_is_silent if {
	count(xa308.deny) == 0 with input as fixtures.article
}

test_v1_with_variables if {
	findings := xa308.deny with input as pipeline({"pipelineType": "V1", "hasVariables": true, "locs": locs})
	count(findings) == 1
	some f in findings
	contains(f.message, "declared pipelineType V1 but uses variables")
	contains(f.message, `set "pipelineType": "V2"`)
	f.loc.pointer == "/pipeline/variables"
	f.related[0].loc.pointer == "/pipeline/pipelineType"
}

test_v1_with_triggers_and_queued if {
	findings := xa308.deny with input as pipeline({"pipelineType": "V1", "hasTriggers": true, "executionMode": "QUEUED", "locs": locs})
	count(findings) == 2
	some f in findings
	contains(f.message, "executionMode QUEUED")
	f.loc.pointer == "/pipeline/executionMode"
}

test_v1_superseded_is_silent if {
	count(xa308.deny) == 0 with input as pipeline({"pipelineType": "V1", "executionMode": "SUPERSEDED"})
}

test_v2_is_silent if {
	count(xa308.deny) == 0 with input as pipeline({"pipelineType": "V2", "hasVariables": true, "executionMode": "PARALLEL"})
}

test_no_type_is_silent if {
	# without pipelineType the V2 fields make the pipeline V2
	count(xa308.deny) == 0 with input as pipeline({"hasVariables": true, "hasTriggers": true, "executionMode": "QUEUED"})
}
