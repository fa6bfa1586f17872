# METADATA
# title: Cross-account action cannot write its output artifacts
# description: |
#   An action that runs in another account has output artifacts (a
#   cross-account source, a CloudFormation action with `OutputFileName`, …),
#   so CodePipeline uploads them to the artifact bucket with the action's
#   role. Across accounts S3 needs both the bucket policy and the role's
#   identity policy to allow `s3:PutObject` on `arn:aws:s3:::BUCKET/*`;
#   when either does not, the action fails with AccessDenied after doing its
#   work. The request is taken as CodePipeline makes it: over TLS and with
#   `x-amz-server-side-encryption: aws:kms`. Roles with attachments the
#   linter cannot read, buckets whose policy is not among the linted
#   documents and grants that depend on unknown values are not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
# custom:
#   id: XA209
#   severity: error
#   remediation: |
#     Allow the action's account `s3:PutObject` on `arn:aws:s3:::BUCKET/*`
#     in the bucket policy (Principal `{"AWS": "arn:aws:iam::ACCOUNT:root"}`
#     or the role ARN), and add `{"Effect": "Allow", "Action":
#     "s3:PutObject", "Resource": "arn:aws:s3:::BUCKET/*"}` to the role's
#     policy.
package xacct.rules.xa209

import data.xacct.lib.facts

request(x, st, bucket_arn) := {
	"action": "s3:PutObject",
	"resource": facts.artifact_object(bucket_arn),
	"principal": facts.action_principal(x.pipeline, x.action),
	"context": object.union(
		{"aws:SecureTransport": "true", "s3:x-amz-server-side-encryption": "aws:kms"},
		key_context(st),
	),
}

key_context(st) := {"s3:x-amz-server-side-encryption-aws-kms-key-id": k} if {
	k := facts.store_key_arn(st)
} else := {}

outputs(a) := concat(", ", a.outputArtifacts)

# The bucket policy does not let the action's account write.
deny contains f if {
	some x in facts.cross_account_actions
	facts.writes_artifacts(x.action)
	st := facts.store_for(x.pipeline, x.action)
	b := facts.store_bucket(st)
	pids := facts.bucket_policies(b)
	count(pids) > 0
	req := request(x, st, b.arn)
	d := facts.policies_decision(pids, req)
	d.level == 0
	account := req.principal.account
	f := {
		"message": sprintf(
			"bucket policy of %s does not allow account %s (role %s) s3:PutObject on %s/*, which action %s needs to store its output artifacts (%s)%s: add a statement with Principal {\"AWS\": \"arn:aws:iam::%s:root\"} (or the role ARN), Action s3:PutObject and Resource %s/*",
			[b.name, account, x.action.roleArn, b.arn, facts.action_name(x), outputs(x.action), facts.denial_note(d), account, b.arn],
		),
		"loc": facts.policy(pids[0]).loc,
		"related": [{"message": sprintf("action %s runs in account %s and writes %s", [facts.action_name(x), account, outputs(x.action)]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}

# The action's role may not write.
deny contains f if {
	some x in facts.cross_account_actions
	facts.writes_artifacts(x.action)
	role := facts.action_role(x.action)
	st := facts.store_for(x.pipeline, x.action)
	bucket_arn := facts.store_bucket_arn(st)
	d := facts.role_decision(role, request(x, st, bucket_arn))
	d.level == 0
	f := {
		"message": sprintf(
			"role %s of action %s may not s3:PutObject on %s/*, so it cannot store its output artifacts (%s)%s: add {\"Effect\": \"Allow\", \"Action\": \"s3:PutObject\", \"Resource\": \"%s/*\"} to its policy",
			[facts.role_label(role), facts.action_name(x), bucket_arn, outputs(x.action), facts.denial_note(d), bucket_arn],
		),
		"loc": facts.role_fix_loc(role),
		"related": [{"message": sprintf("action %s writes %s to %s", [facts.action_name(x), outputs(x.action), bucket_arn]), "loc": facts.action_loc(x.action, "roleArn")}],
	}
}
