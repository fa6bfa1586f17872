# METADATA
# title: Artifact passed between two target accounts
# description: |
#   An action in account B produces an artifact that an action in account C
#   reads, and neither B nor C is the pipeline's account A. The artifact
#   object is written into account A's bucket by account B's role. Unless
#   the bucket enforces bucket-owner ownership (`ObjectOwnership:
#   BucketOwnerEnforced`), the object belongs to account B, and account A's
#   bucket policy cannot grant account C access to an object A does not
#   own: C's action fails with AccessDenied on the artifact. Buckets created
#   since April 2023 enforce bucket-owner ownership by default, so a bucket
#   declared without OwnershipControls is not reported; a bucket set to
#   `ObjectWriter` is an error, and a bucket the linter cannot see (or one
#   set to `BucketOwnerPreferred`, where it depends on the upload's ACL) gets
#   an info finding.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://github.com/awslabs/aws-deployment-framework/issues/447
# custom:
#   id: XA309
#   severity: error
#   remediation: |
#     Set the artifact bucket's `OwnershipControls` to `{"Rules":
#     [{"ObjectOwnership": "BucketOwnerEnforced"}]}`, so that account A owns
#     every artifact and its bucket and key policies decide who reads it. Or
#     produce the artifact in account A (a build in the tools account) and
#     let the target accounts only read.
package xacct.rules.xa309

import data.xacct.lib.facts
import data.xacct.lib.pipelines

deny contains f if {
	some k, x in facts.actions
	p := x.pipeline
	home := facts.pipeline_account(p)
	reader := facts.action_account(p, x.action)
	reader != home
	some name in pipelines.inputs(x.action)
	pipelines.known(name)
	some pr in pipelines.outputs[[k[0], name]]
	producer := pipelines.action_at(k[0], pr.stage, pr.action)
	writer := facts.action_account(p, producer)
	writer != home
	writer != reader
	st := facts.store_for(p, producer)
	verdict := ownership(st)
	f := {
		"message": sprintf(
			"artifact %q is written by action %s/%s in account %s and read by action %s in account %s, neither of which is the pipeline's account %s: %s",
			[name, p.stages[pr.stage].name, producer.name, writer, facts.action_name(x), reader, home, verdict.why],
		),
		"severity": verdict.severity,
		"loc": facts.action_loc(x.action, "inputArtifacts"),
		"related": [{"message": sprintf("written here by account %s", [writer]), "loc": facts.action_loc(producer, "outputArtifacts")}],
	}
}

# ownership(st) judges the artifact bucket's object ownership; undefined
# when the bucket certainly owns every object.
ownership(st) := {"severity": "error", "why": why} if {
	b := facts.store_bucket(st)
	object.get(b, "objectOwnership", "") == "ObjectWriter"
	why := sprintf(
		"bucket %s has ObjectOwnership ObjectWriter, so the object belongs to the writing account and the bucket policy cannot grant the reader access; the reading action fails with AccessDenied. Set OwnershipControls ObjectOwnership BucketOwnerEnforced on the bucket",
		[b.name],
	)
} else := {"severity": "info", "why": why} if {
	b := facts.store_bucket(st)
	object.get(b, "objectOwnership", "") == "BucketOwnerPreferred"
	why := sprintf(
		"bucket %s has ObjectOwnership BucketOwnerPreferred, so the object belongs to the bucket owner only if the upload grants it bucket-owner-full-control; set ObjectOwnership BucketOwnerEnforced to be sure the reader can be granted access",
		[b.name],
	)
} else := {"severity": "info", "why": why} if {
	not known_ownership(st)
	why := sprintf(
		"this works only if the artifact bucket %q enforces bucket-owner ownership (ObjectOwnership BucketOwnerEnforced, the default for buckets created since April 2023); with ObjectWriter the object belongs to the writing account and the reader gets AccessDenied. Lint the bucket's template with the pipeline, or check its OwnershipControls",
		[st.location],
	)
}

# known_ownership(st) is true when the store's bucket is among the facts
# and its ObjectOwnership is known ("" is S3's default, BucketOwnerEnforced).
known_ownership(st) if {
	b := facts.store_bucket(st)
	v := object.get(b, "objectOwnership", "")
	known_value(v)
}

known_value("")

known_value(v) if pipelines.known(v)
