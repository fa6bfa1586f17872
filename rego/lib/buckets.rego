# METADATA
# description: |
#   S3 questions for the artifact bucket rules (XA202–XA210): which actions
#   apply to the bucket and which to its objects, whether a Resource entry
#   can name a bucket or an object, which buckets are artifact stores, and
#   which statements grant to "everyone".
package xacct.lib.buckets

import data.xacct.lib.facts
import data.xacct.lib.util

# bucket_actions are S3 actions whose only resource type is the bucket
# (lower case). Service Authorization Reference, "Actions defined by
# Amazon S3".
bucket_actions := {
	"s3:listbucket",
	"s3:listbucketversions",
	"s3:listbucketmultipartuploads",
	"s3:getbucketlocation",
	"s3:getbucketversioning",
	"s3:getbucketacl",
	"s3:getbucketpolicy",
	"s3:putbucketpolicy",
}

# object_actions are S3 actions whose only resource type is the object
# (lower case).
object_actions := {
	"s3:getobject",
	"s3:getobjectversion",
	"s3:getobjectacl",
	"s3:getobjectversionacl",
	"s3:getobjecttagging",
	"s3:putobject",
	"s3:putobjectacl",
	"s3:putobjecttagging",
	"s3:deleteobject",
	"s3:deleteobjectversion",
	"s3:abortmultipartupload",
	"s3:listmultipartuploadparts",
	"s3:restoreobject",
}

# write_actions are the object actions that change what an artifact holds.
write_actions := ["s3:PutObject", "s3:PutObjectAcl"]

# _plain(r) is r with each unknown part replaced by "U".
_plain(r) := regex.replace(r, util.unknown_re, "U")

# is_s3(r) is true for an S3 ARN or a value that starts with an unknown part
# (`${Bucket.Arn}/*`, a parameter) and might be one.
is_s3(r) if regex.match(`^arn:(aws[a-z-]*|\*):s3:::`, r)

is_s3(r) if regex.match(`^(\{\{\?|<)`, r)

# object_only(r) is true when the Resource entry r cannot name a bucket: a
# bucket ARN never has a "/", so an entry with a literal "/" names objects
# (or nothing) whatever its wildcards and unknown parts.
object_only(r) if contains(_plain(r), "/")

# bucket_only(r) is true when the Resource entry r can only name a bucket:
# a literal S3 ARN without "/" and without wildcards, or the (possibly
# symbolic) ARN of a bucket declared in the linted documents.
bucket_only(r) if {
	util.is_known(r)
	regex.match(`^arn:aws[a-z-]*:s3:::[^/*?]+$`, r)
}

bucket_only(r) if bucket_arns[r]

# bucket_arns are the ARNs of the declared buckets, as facts give them.
bucket_arns contains b.arn if {
	some b in input.buckets
	b.arn != ""
}

# explicit_actions(s, set) are the Action entries of s that name one of the
# actions in set exactly (no wildcard), as written. S3 accepts a wildcard
# that matches actions of either kind, so only exact names are checked.
explicit_actions(s, set) := [a |
	some a in util.as_list(object.get(s, "actions", []))
	set[lower(a)]
]

# resources(s) are the Resource entries of s ([] when it uses NotResource).
resources(s) := [] if {
	s.has.notResource == true
} else := util.as_list(object.get(s, "resources", []))

# artifact_buckets are the Bucket facts that are a pipeline's artifact
# store, with where they are used: {"bucket", "pipeline", "store"}.
artifact_buckets contains {"bucket": b, "pipeline": p, "store": st} if {
	some p in input.pipelines
	some st in util.as_list(p.artifactStores)
	b := facts.store_bucket(st)
}

# is_everyone(p) is true for Principal "*" or {"AWS": "*"}.
is_everyone(p) if p.type == "*"

is_everyone(p) if {
	upper(p.type) == "AWS"
	p.value == "*"
}

# restricting_keys are condition keys that keep a grant to "*" from being
# public in S3's sense: they pin the caller's account, organisation, ARN,
# network or the calling service's source.
restricting_keys := {
	"aws:principalaccount",
	"aws:principalarn",
	"aws:principalorgid",
	"aws:principalorgpaths",
	"aws:sourceaccount",
	"aws:sourcearn",
	"aws:sourceowner",
	"aws:sourceip",
	"aws:sourcevpc",
	"aws:sourcevpce",
	"aws:userid",
	"kms:calleraccount",
}

# restricted(s) is true when a condition of s pins the caller with a value
# that is not a bare wildcard.
restricted(s) if {
	some c in util.as_list(object.get(s, "conditions", []))
	restricting_keys[lower(c.key)]
	not startswith(c.operator, "StringNot")
	not startswith(c.operator, "ArnNot")
	some v in util.as_list(c.values)
	v != "*"
}

# account_principal(account) is the request principal of "some role in
# account" (its root, standing for every principal of the account).
account_principal(account) := {"type": "AWS", "arn": util.root_arn(account), "account": account}

# own_statement(s) is true unless s belongs to an AWS managed policy, which
# its users cannot change.
own_statement(s) if not _managed(s)

_managed(s) if facts.policy(s.policy).managed != ""

# statement_loc(id) is the location of a statement.
statement_loc(id) := facts.statement(id).loc
