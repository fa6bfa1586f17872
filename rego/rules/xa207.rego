# METADATA
# title: s3:* granted to another account
# description: |
#   A bucket policy statement allows `s3:*` (or `*`) to a principal of
#   another account. The target accounts of a cross-account pipeline need
#   to read artifacts (`s3:GetObject*`), and only accounts whose actions
#   produce output artifacts need `s3:PutObject`; `s3:*` also lets them
#   delete and overwrite every pipeline's artifacts, change object ACLs and
#   tags, and read the bucket's configuration, which turns a compromise of
#   a deploy account into a compromise of every stage that consumes the
#   artifacts.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
# custom:
#   id: XA207
#   severity: warning
#   remediation: |
#     Replace `s3:*` with `s3:GetObject*` on `arn:aws:s3:::BUCKET/*` (plus
#     `s3:ListBucket` on `arn:aws:s3:::BUCKET` if needed), and add
#     `s3:PutObject` only for accounts whose actions write output artifacts.
package xacct.rules.xa207

import data.xacct.lib.buckets
import data.xacct.lib.iam
import data.xacct.lib.util

full(a) if lower(a) in {"s3:*", "*"}

deny contains f if {
	some s in input.statements
	s.kind == "bucket"
	s.effect == "Allow"
	util.known_account(s.account)
	some a in util.as_list(s.actions)
	full(a)
	accounts := {acct |
		some p in util.as_list(s.principals)
		not buckets.is_everyone(p)
		upper(p.type) == "AWS"
		acct := iam.principal_account(p)
		acct != s.account
	}
	count(accounts) > 0
	f := {
		"message": sprintf(
			"bucket policy grants %s to account %s, which may then delete or overwrite any artifact and change its ACLs; grant s3:GetObject* on %s (and s3:PutObject only to accounts whose actions write output artifacts) instead",
			[a, concat(", ", sort(accounts)), concat(", ", [r | some r in buckets.resources(s)])],
		),
		"loc": util.loc_or(s, "Action", s.loc),
	}
}
