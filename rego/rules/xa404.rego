# METADATA
# title: Pipeline role cannot use the artifact bucket
# description: |
#   The pipeline's service role may not `s3:GetObject` and `s3:PutObject` on
#   the artifact bucket's objects. CodePipeline reads and writes every
#   artifact as this role, so the first stage that passes an artifact fails.
#   In the pipeline's own account either side may grant: the role's identity
#   policy, or a bucket policy that names the role itself (a bucket policy
#   that names only the account's root delegates to identity policies and
#   does not count on its own). The artifact key is XA104's. Roles with
#   attachments the linter cannot read, buckets whose policies are not
#   linted, and unknown values keep the rule silent.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-policy-language-overview.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
# custom:
#   id: XA404
#   severity: error
#   remediation: |
#     Add to the pipeline role's policy `{"Effect": "Allow", "Action":
#     ["s3:GetObject*", "s3:PutObject"], "Resource": "arn:aws:s3:::BUCKET/*"}`,
#     or name the role in the bucket policy.
package xacct.rules.xa404

import data.xacct.lib.facts
import data.xacct.lib.roles
import data.xacct.lib.util

deny contains f if {
	some p in input.pipelines
	role := facts.pipeline_role(p)
	some st in util.as_list(p.artifactStores)
	b := facts.store_bucket(st)
	arn := facts.store_bucket_arn(st)
	object_arn := facts.artifact_object(arn)
	ops := [op |
		some op in ["s3:GetObject", "s3:PutObject"]
		lacks(p, role, facts.bucket_policies(b), {"action": op, "resource": object_arn})
	]
	count(ops) > 0
	f := {
		"message": sprintf(
			"pipeline role %s may not %s on %s/*, so CodePipeline cannot read and write the artifacts of pipeline %s: add {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject*\", \"s3:PutObject\"], \"Resource\": \"%s/*\"} to its policy",
			[facts.role_label(role), concat(", ", ops), arn, p.name, arn],
		),
		"loc": facts.role_fix_loc(role),
		"related": [{"message": sprintf("artifact store of pipeline %s", [p.name]), "loc": st.loc}],
	}
}

# lacks: neither the role's identity policies nor the resource policies
# (naming the role itself) allow the request.
lacks(p, role, pids, request) if {
	facts.role_decision(role, request).level == 0
	roles.direct_decision(pids, object.union(request, {"principal": facts.pipeline_principal(p)})).level == 0
}
