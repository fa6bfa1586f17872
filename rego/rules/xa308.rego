# METADATA
# title: V2-only field on a V1 pipeline
# description: |
#   A pipeline declared `"pipelineType": "V1"` uses a field that only V2
#   pipelines have: `variables`, `triggers`, or an `executionMode` of
#   `QUEUED` or `PARALLEL`. CodePipeline refuses the pipeline. Without
#   `pipelineType`, such fields make the pipeline a V2 pipeline and are
#   accepted (V2 is billed per action-minute instead of per active
#   pipeline), so that case is not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipeline-types.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html
# custom:
#   id: XA308
#   severity: error
#   remediation: |
#     Either set `"pipelineType": "V2"` (and accept V2 pricing), or remove the
#     V2-only fields (`variables`, `triggers`) and use `"executionMode":
#     "SUPERSEDED"`, the only mode of V1 pipelines.
package xacct.rules.xa308

import data.xacct.lib.pipelines

deny contains f if {
	some p in input.pipelines
	p.pipelineType == "V1"
	some field in v2_fields(p)
	f := {
		"message": sprintf(
			"pipeline %q is declared pipelineType V1 but uses %s, which only V2 pipelines have, and CodePipeline refuses it: set \"pipelineType\": \"V2\", or remove %s",
			[p.name, field.what, field.remove],
		),
		"loc": object.get(pipelines.locs(p), field.key, p.loc),
		"related": [{"message": "declared V1 here", "loc": object.get(pipelines.locs(p), "pipelineType", p.loc)}],
	}
}

v2_fields(p) := [field |
	some field in [
		{"on": p.hasVariables, "key": "variables", "what": "variables", "remove": "variables"},
		{"on": p.hasTriggers, "key": "triggers", "what": "triggers", "remove": "triggers"},
		{
			"on": p.executionMode in {"QUEUED", "PARALLEL"}, "key": "executionMode",
			"what": sprintf("executionMode %s", [p.executionMode]),
			"remove": "executionMode (V1 runs SUPERSEDED)",
		},
	]
	field.on
]
