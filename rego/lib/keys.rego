# METADATA
# description: |
#   Questions about the KMS keys of pipelines' artifact stores, shared by the
#   key rules (XA104–XA111): which key each store uses and where, the key's
#   region and label, what a key policy grants a principal by naming it
#   (without delegation through an account's root), and whether a key
#   policy statement's conditions restrict the calling account.
package xacct.lib.keys

import data.xacct.lib.facts
import data.xacct.lib.iam
import data.xacct.lib.util

# store_keys are the artifact stores whose key is a Key fact, keyed by
# [pipeline index, store index]: {"pipeline", "store", "key"}.
store_keys[[pi, si]] := {"pipeline": p, "store": st, "key": k} if {
	some pi, p in input.pipelines
	some si, st in util.as_list(p.artifactStores)
	k := facts.store_key(st)
}

# pipeline_key_ids are the ids of the Key facts some artifact store uses.
pipeline_key_ids contains k.id if {
	some x in store_keys
	k := x.key
}

# key_arn(st, k) is the key ARN the store names, else the Key fact's.
key_arn(st, k) := arn if {
	arn := facts.store_key_arn(st)
} else := k.arn

# key_label(st, k) names a key in messages: its ARN, known or symbolic
# (messages show "{{?KMSKey.Arn}}" as "${KMSKey.Arn}"), else its id.
key_label(st, k) := arn if {
	arn := key_arn(st, k)
	arn != ""
} else := k.id

# store_key_loc(st) is where the store names its key.
store_key_loc(st) := st.encryptionKey.loc if {
	st.encryptionKey.loc
} else := st.loc

# key_loc(k, field) is the location of a key property, else the key's.
key_loc(k, field) := util.loc_or(k, field, k.loc)

# statements(k) are the key policy statements of k ([] when none is known).
statements(k) := facts.policy_statements(k.policy) if {
	k.policy != ""
} else := []

# direct_decision(k, request) is the key policy's decision when account
# principals (bare ID or ":root") are left out of its Allow statements: what
# the policy grants the request's principal by naming it (or "*"), without
# the principal's identity policy.
direct_decision(k, request) := iam.decision([_without_roots(s) | some s in statements(k)], request)

_without_roots(s) := object.union(s, {"principals": [p |
	some p in util.as_list(object.get(s, "principals", []))
	not iam.principal_is_root(p)
]}) if {
	s.effect == "Allow"
} else := s

# is_everyone(p) is true for Principal "*" or {"AWS": "*"}.
is_everyone(p) if p.type == "*"

is_everyone(p) if {
	upper(p.type) == "AWS"
	p.value == "*"
}

# caller_condition_keys are condition keys that restrict who may call (the
# calling account, organization, principal or the service it calls through),
# lower case.
caller_condition_keys := {
	"aws:principalaccount",
	"aws:principalarn",
	"aws:principalorgid",
	"aws:principalorgpaths",
	"aws:principalservicename",
	"aws:sourceaccount",
	"aws:sourcearn",
	"aws:sourceorgid",
	"aws:sourceorgpaths",
	"aws:sourcevpc",
	"aws:sourcevpce",
	"aws:userid",
	"kms:calleraccount",
	"kms:viaservice",
}

# restricts_caller(s) is true when a condition of s restricts the caller.
restricts_caller(s) if {
	some c in util.as_list(object.get(s, "conditions", []))
	caller_condition_keys[lower(c.key)]
	c.operator != "Null"
}

# has_condition_key(s, key) is true when s has a condition on key (any case).
has_condition_key(s, key) if {
	some c in util.as_list(object.get(s, "conditions", []))
	lower(c.key) == lower(key)
}

# store_region(p, st) is the region of an artifact store: its own for an
# artifactStores entry, the pipeline's for the single artifactStore; "" when
# unknown.
store_region(p, st) := st.region if {
	object.get(st, "region", "") != ""
} else := object.get(p, "region", "")

# key_region(st, k) is the region of the key a store uses: the region of the
# key ARN it names, else the Key fact's; "" when unknown.
key_region(st, k) := r if {
	r := util.arn_parts(key_arn(st, k)).region
	util.is_known(r)
	r != ""
} else := object.get(k, "region", "")
