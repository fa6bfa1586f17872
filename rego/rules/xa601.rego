# METADATA
# title: Action role cannot read the artifacts
# description: |
#   The role of an action in another account has no identity policy statement
#   allowing `s3:GetObject` on the artifact bucket's objects
#   (`arn:aws:s3:::BUCKET/*`). Across accounts S3 needs the caller's identity
#   policy as well as the bucket policy (XA201), so the action fails to fetch
#   its input artifacts. `s3:Get*`, `s3:GetObject*` and wildcards in the ARN
#   count; a grant on the bucket ARN alone does not cover objects. Roles with
#   attachments the linter cannot read are not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
# custom:
#   id: XA601
#   severity: error
#   remediation: |
#     Add to the action role's policy: `{"Effect": "Allow", "Action":
#     ["s3:GetObject*"], "Resource": "arn:aws:s3:::BUCKET/*"}`.
package xacct.rules.xa601

import data.xacct.lib.facts

deny contains f if {
	some x in facts.cross_account_actions
	facts.reads_artifacts(x.action)
	role := facts.action_role(x.action)
	st := facts.store_for(x.pipeline, x.action)
	bucket := facts.store_bucket_arn(st)
	d := facts.role_decision(role, {"action": "s3:GetObject", "resource": facts.artifact_object(bucket)})
	d.level == 0
	f := {
		"message": sprintf(
			"role %s of action %s may not s3:GetObject on %s/*, so it cannot read its input artifacts%s: add {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject*\", \"Resource\": \"%s/*\"} to its policy",
			[facts.role_label(role), facts.action_name(x), bucket, facts.denial_note(d), bucket],
		),
		"loc": facts.role_fix_loc(role),
		"related": [{"message": sprintf("action %s reads artifacts from %s", [facts.action_name(x), bucket]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}
