# METADATA
# title: Action region without an artifact store
# description: |
#   An action runs in a region for which the pipeline has no artifact store.
#   With `artifactStores`, CodePipeline needs one entry for the pipeline's
#   region and one for every region an action runs in; it copies artifacts
#   into that region's bucket before the action starts. With a single
#   `artifactStore`, every action must run in the pipeline's region: an
#   action with another `region` is refused. The pipeline's region is the
#   stack's region (from the configuration) or, for a pipeline.json, the
#   region of the single store's key ARN; when neither is known, only the
#   explicit regions of actions are checked against `artifactStores`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html
# custom:
#   id: XA303
#   severity: error
#   remediation: |
#     Use `artifactStores` with one store per region: the pipeline's region
#     and each action `region`, each a bucket in that region with a KMS key of
#     that region (`{"<region>": {"type": "S3", "location": "<bucket>",
#     "encryptionKey": {"id": "<key ARN in region>", "type": "KMS"}}}`).
package xacct.rules.xa303

import data.xacct.lib.facts
import data.xacct.lib.pipelines
import data.xacct.lib.util

# Single artifactStore: an action in another region than the pipeline's.
deny contains f if {
	some x in facts.actions
	p := x.pipeline
	p.hasArtifactStore
	not p.hasArtifactStores
	r := x.action.region
	pipelines.known(r)
	home := home_region(p)
	r != home.region
	f := {
		"message": sprintf(
			"action %s runs in region %s, but the pipeline has a single artifactStore, which serves only the pipeline's region %s (%s): CodePipeline refuses the action. Replace artifactStore with artifactStores holding a store for %s and one for %s (a bucket and KMS key in each region)",
			[facts.action_name(x), r, home.region, home.why, home.region, r],
		),
		"loc": facts.action_loc(x.action, "region"),
		"related": [{"message": "the single artifact store", "loc": object.get(pipelines.locs(p), "artifactStore", p.loc)}],
	}
}

# artifactStores: an action region without an entry.
deny contains f if {
	some x in facts.actions
	p := x.pipeline
	p.hasArtifactStores
	not p.hasArtifactStore
	regions := store_regions(p)
	r := facts.action_region(p, x.action)
	pipelines.known(r)
	not regions[r]
	r != object.get(p, "region", "") # the pipeline's own region has its own finding
	f := {
		"message": sprintf(
			"action %s runs in region %s, but artifactStores has no entry for it (it has %s): CodePipeline cannot hand the action its artifacts and refuses the pipeline. Add an artifactStores entry for %s: a bucket in %s with a KMS key of %s",
			[facts.action_name(x), r, concat(", ", sort(regions)), r, r, r],
		),
		"loc": facts.action_loc(x.action, "region"),
		"related": [{"message": "artifactStores", "loc": object.get(pipelines.locs(p), "artifactStores", p.loc)}],
	}
}

# artifactStores: no entry for the pipeline's own region.
deny contains f if {
	some p in input.pipelines
	p.hasArtifactStores
	not p.hasArtifactStore
	regions := store_regions(p)
	r := object.get(p, "region", "")
	pipelines.known(r)
	not regions[r]
	f := {
		"message": sprintf(
			"artifactStores of pipeline %q has no entry for the pipeline's own region %s (it has %s), and CodePipeline refuses it: add an entry for %s with a bucket and a KMS key in %s",
			[p.name, r, concat(", ", sort(regions)), r, r],
		),
		"loc": object.get(pipelines.locs(p), "artifactStores", p.loc),
	}
}

# store_regions(p) are the regions of the artifactStores entries; undefined
# when one of them is unknown (then any region might be served).
store_regions(p) := regions if {
	regions := {st.region | some st in p.artifactStores}
	every r in regions {
		pipelines.known(r)
	}
}

# home_region(p) is the pipeline's region with the reason it is known.
home_region(p) := {"region": p.region, "why": "the region it is deployed to"} if {
	pipelines.known(object.get(p, "region", ""))
} else := {"region": r, "why": sprintf("the region of its artifact key %s", [arn])} if {
	some st in p.artifactStores
	st.region == ""
	arn := st.encryptionKey.id
	util.is_known(arn)
	r := util.arn_parts(arn).region
	regex.match(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`, r)
}
