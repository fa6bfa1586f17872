# METADATA
# title: Both or neither of artifactStore and artifactStores
# description: |
#   A pipeline declares both `artifactStore` and `artifactStores`, or
#   neither. The CreatePipeline API accepts exactly one: `artifactStore` for a
#   pipeline whose actions all run in its own region, `artifactStores` (one
#   store per region) for a pipeline with cross-region actions. The AWS CLI
#   sends both without complaint; the service refuses the pipeline.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html
# custom:
#   id: XA302
#   severity: error
#   remediation: |
#     Keep one of the two. Without cross-region actions, keep `artifactStore`.
#     With actions in other regions, keep `artifactStores` with one entry per
#     region (the pipeline's own region included) and remove `artifactStore`.
package xacct.rules.xa302

import data.xacct.lib.pipelines

deny contains f if {
	some p in input.pipelines
	p.hasArtifactStore
	p.hasArtifactStores
	f := {
		"message": sprintf(
			"pipeline %q declares both artifactStore and artifactStores; CodePipeline accepts only one and refuses the pipeline: keep artifactStores (one store per region, the pipeline's region included) for cross-region actions, else remove it and keep artifactStore",
			[p.name],
		),
		"loc": object.get(pipelines.locs(p), "artifactStores", p.loc),
		"related": [{"message": "artifactStore is declared here", "loc": object.get(pipelines.locs(p), "artifactStore", p.loc)}],
	}
}

deny contains f if {
	some p in input.pipelines
	not p.hasArtifactStore
	not p.hasArtifactStores
	f := {
		"message": sprintf(
			"pipeline %q declares neither artifactStore nor artifactStores, and CodePipeline refuses it: add \"artifactStore\": {\"type\": \"S3\", \"location\": \"<artifact bucket in the pipeline's account>\", \"encryptionKey\": {\"id\": \"<KMS key ARN>\", \"type\": \"KMS\"}}",
			[p.name],
		),
		"loc": p.loc,
	}
}
