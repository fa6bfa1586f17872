# METADATA
# title: Another account may write artifacts it never produces
# description: |
#   The artifact bucket's policy lets another account write objects
#   (`s3:PutObject` or `s3:PutObjectAcl`, e.g. through `s3:Put*`) although
#   none of that account's actions in the pipelines using the bucket has
#   output artifacts, so it never needs to write. With that grant anyone in
#   the account (not only the action's role: a root principal delegates to
#   every identity policy there) can overwrite artifacts that later stages
#   consume, such as the build output a production deploy reads. Grants
#   that depend on unknown values, and accounts with no action in the
#   linted pipelines, are not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html
# custom:
#   id: XA210
#   severity: warning
#   remediation: |
#     Grant the account only `s3:GetObject*` (e.g. replace `s3:Put*` with
#     nothing, or move `s3:PutObject` to a statement for the accounts whose
#     actions write output artifacts), and drop `s3:PutObject` /
#     `s3:PutObjectAcl` from its action role's policy.
package xacct.rules.xa210

import data.xacct.lib.buckets
import data.xacct.lib.facts
import data.xacct.lib.iam
import data.xacct.lib.util

# users are [bucket id, account] pairs: an account other than the
# pipeline's runs an action that uses the bucket as its artifact store.
users contains [st.bucket, account] if {
	some x in facts.cross_account_actions
	st := facts.store_for(x.pipeline, x.action)
	st.bucket != ""
	account := facts.action_account(x.pipeline, x.action)
}

actions_of(bid, account) := [x |
	some x in facts.cross_account_actions
	facts.store_for(x.pipeline, x.action).bucket == bid
	facts.action_account(x.pipeline, x.action) == account
]

# grants are the certain write grants of the bucket policy to an account
# none of whose actions writes: {bucket, account, action, statement, x}.
grants contains g if {
	some [bid, account] in users
	xs := actions_of(bid, account)
	every x in xs {
		not facts.writes_artifacts(x.action)
	}
	b := facts.bucket(bid)
	pids := facts.bucket_policies(b)
	count(pids) > 0
	some x in xs
	some action in buckets.write_actions
	req := {
		"action": action,
		"resource": facts.artifact_object(b.arn),
		"principal": facts.action_principal(x.pipeline, x.action),
		"context": {"aws:SecureTransport": "true", "s3:x-amz-server-side-encryption": "aws:kms"},
	}
	d := facts.policies_decision(pids, req)
	d.certain
	some sid in d.allowedBy
	s := facts.statement(sid)
	s.effect == "Allow"
	iam.statement_level(s, req) == util.certain
	g := {"bucket": bid, "account": account, "action": action, "statement": sid}
}

# findings group the grants by statement and account.
deny contains f if {
	some g in grants
	b := facts.bucket(g.bucket)
	s := facts.statement(g.statement)
	xs := actions_of(g.bucket, g.account)
	names := sort({facts.action_name(x) | some x in xs})
	writes := sort({h.action | some h in grants; h.statement == g.statement; h.account == g.account})
	f := {
		"message": sprintf(
			"bucket policy of %s lets account %s %s on %s/*, but none of its actions (%s) has output artifacts: anyone in that account could overwrite artifacts that later stages consume; grant it only s3:GetObject* (remove %s from this statement, or move them to one for the accounts that write)",
			[b.name, g.account, concat(", ", writes), b.arn, concat(", ", names), concat(", ", granting(s))],
		),
		"loc": util.loc_or(s, "Action", s.loc),
		"related": role_related(xs),
	}
}

# granting(s) are the statement's Action entries that grant a write action.
granting(s) := sort({a |
	some a in util.as_list(s.actions)
	some w in buckets.write_actions
	iam.action_matches(a, w) > util.no
})

# role_related: the action roles' statements that allow writing, too.
role_related(xs) := [r |
	some sid in sort({sid |
		some x in xs
		role := facts.action_role(x.action)
		some action in buckets.write_actions
		d := facts.role_decision(role, {"action": action, "resource": facts.artifact_object(facts.store_bucket_arn(facts.store_for(x.pipeline, x.action)))})
		d.possible
		some sid in d.allowedBy
	})
	r := {"message": "the action role may write artifacts too; drop s3:PutObject / s3:PutObjectAcl here", "loc": buckets.statement_loc(sid)}
]
