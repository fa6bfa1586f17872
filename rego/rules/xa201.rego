# METADATA
# title: Bucket policy does not let the target account read artifacts
# description: |
#   A pipeline action in account B reads input artifacts from the artifact
#   bucket in account A, but the bucket policy does not allow account B (its
#   root, delegating to B's identity policies, or the action's role)
#   `s3:GetObject` on `arn:aws:s3:::BUCKET/*`. For a request from another
#   account S3 needs both the bucket policy and the caller's identity policy
#   to allow it. Deny statements count (the usual `aws:SecureTransport`
#   Deny does not apply: CodePipeline uses TLS). When the linted documents
#   hold no policy for the bucket the finding is a warning: the policy may
#   live elsewhere.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
# custom:
#   id: XA201
#   severity: error
#   remediation: |
#     Add a bucket policy statement with Principal `{"AWS":
#     "arn:aws:iam::ACCOUNT_B:root"}` (or the action role's ARN), Action
#     `s3:Get*` (at least `s3:GetObject` and `s3:GetObjectVersion`) and
#     Resource `arn:aws:s3:::BUCKET/*`.
package xacct.rules.xa201

import data.xacct.lib.facts

deny contains f if {
	some x in facts.cross_account_actions
	facts.reads_artifacts(x.action)
	st := facts.store_for(x.pipeline, x.action)
	b := facts.store_bucket(st)
	pids := facts.bucket_policies(b)
	count(pids) > 0
	principal := facts.action_principal(x.pipeline, x.action)
	d := facts.policies_decision(pids, {
		"action": "s3:GetObject",
		"resource": facts.artifact_object(b.arn),
		"principal": principal,
		"context": {"aws:SecureTransport": "true"},
	})
	d.level == 0
	f := {
		"message": sprintf(
			"bucket policy of %s does not allow account %s (role %s) s3:GetObject on %s/*, which action %s needs to read its input artifacts%s: add a statement with Principal {\"AWS\": \"arn:aws:iam::%s:root\"} (or the role ARN), Action s3:Get* and Resource %s/*",
			[b.name, principal.account, x.action.roleArn, b.arn, facts.action_name(x), facts.denial_note(d), principal.account, b.arn],
		),
		"loc": facts.policy(pids[0]).loc,
		"related": [{"message": sprintf("action %s runs in account %s", [facts.action_name(x), principal.account]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}

deny contains f if {
	some x in facts.cross_account_actions
	facts.reads_artifacts(x.action)
	st := facts.store_for(x.pipeline, x.action)
	b := facts.store_bucket(st)
	count(facts.bucket_policies(b)) == 0
	account := facts.action_account(x.pipeline, x.action)
	f := {
		"message": sprintf(
			"no bucket policy for %s among the linted documents: without one account %s cannot read the artifacts of action %s; add a bucket policy allowing arn:aws:iam::%s:root s3:Get* on %s/*, or lint the file that holds it",
			[b.name, account, facts.action_name(x), account, b.arn],
		),
		"loc": b.loc,
		"severity": "warning",
		"related": [{"message": sprintf("action %s runs in account %s", [facts.action_name(x), account]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}
