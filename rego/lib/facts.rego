# METADATA
# description: |
#   Indexes over the rule input (the JSON form of facts.Input) and the
#   questions rules ask about it: the statements of a policy or role, the
#   decision for a role's identity policies, and the pipeline's actions with
#   their accounts, artifact stores, keys and buckets. Index lookups keep
#   rules free of nested scans over arrays.
package xacct.lib.facts

import data.xacct.lib.iam
import data.xacct.lib.util

# --- Indexes ------------------------------------------------------------

# The indexes map ids to positions in input, so that building them hashes
# short keys and numbers, not whole facts. Look facts up with statement(id),
# policy(id), role(id), key(id) and bucket(id).
_statement_at := {s.id: i | some i, s in input.statements}

_policy_at := {p.id: i | some i, p in input.policies}

_role_at := {r.id: i | some i, r in input.roles}

_key_at := {k.id: i | some i, k in input.keys}

_bucket_at := {b.id: i | some i, b in input.buckets}

# statement(id) is the Statement fact with that id.
statement(id) := input.statements[_statement_at[id]]

# policy(id) is the Policy fact with that id.
policy(id) := input.policies[_policy_at[id]]

# role(id) is the Role fact with that id.
role(id) := input.roles[_role_at[id]]

# key(id) is the Key fact with that id.
key(id) := input.keys[_key_at[id]]

# bucket(id) is the Bucket fact with that id.
bucket(id) := input.buckets[_bucket_at[id]]

# policy_statements(pid) are the statements of policy pid, in order.
policy_statements(pid) := [s |
	some sid in policy(pid).statements
	s := statement(sid)
]

# role_statements(role) are the statements of every identity policy attached
# to role (inline, AWS::IAM::Policy, known managed policies).
role_statements(role) := [s |
	some pid in util.as_list(object.get(role, "policies", []))
	some sid in policy(pid).statements
	s := statement(sid)
]

# role_complete(role) is false when something attached to the role is unknown.
role_complete(role) := object.get(role, "complete", true)

# role_decision(role, request) is iam.decision over the role's identity
# policies. When the role is not complete (an unknown managed policy, an
# unresolved attachment), "no" becomes "possible" unless an explicit Deny
# certainly applies.
role_decision(role, request) := object.union(d, {"level": util.possible, "possible": true, "incomplete": true}) if {
	d := iam.decision(role_statements(role), request)
	d.level == util.no
	not d.denied
	role_complete(role) == false
} else := iam.decision(role_statements(role), request)

# policy_decision(pid, request) is iam.decision over one policy.
policy_decision(pid, request) := iam.decision(policy_statements(pid), request)

# policies_decision(pids, request) is iam.decision over several policies of
# one resource (a bucket with more than one policy fact).
policies_decision(pids, request) := iam.decision(
	[s |
		some pid in pids
		some sid in policy(pid).statements
		s := statement(sid)
	],
	request,
)

# --- Pipelines ----------------------------------------------------------

# pipeline_account(p) is the account of the pipeline (account A), from the
# facts or the account of its roleArn; undefined when unknown.
pipeline_account(p) := p.account if {
	util.known_account(p.account)
} else := util.arn_account(p.roleArn)

# action_account(p, a) is the account an action runs in: its roleArn's,
# else the pipeline's; undefined when unknown.
action_account(p, a) := a.account if {
	util.known_account(a.account)
} else := util.arn_account(a.roleArn) if {
	a.roleArn != ""
} else := pipeline_account(p) if {
	object.get(a, "roleArn", "") == ""
}

# cross_account(p, a) is true when the action certainly runs in another
# account than the pipeline's.
cross_account(p, a) if {
	pa := pipeline_account(p)
	aa := action_account(p, a)
	pa != aa
}

# action_region(p, a) is the region an action runs in ("" unknown).
action_region(p, a) := a.region if {
	a.region != ""
} else := object.get(p, "region", "")

# actions are the pipeline actions with what rules need next to them, keyed
# by [pipeline, stage, action] positions: {"pipeline": p, "action": a,
# "stage": name}. Iterate with `some x in actions`.
actions[[pi, si, ai]] := {"pipeline": p, "action": a, "stage": s.name} if {
	some pi, p in input.pipelines
	some si, s in p.stages
	some ai, a in s.actions
}

# cross_account_actions are the actions that certainly run in another
# account, keyed like actions.
cross_account_actions[k] := x if {
	some k, x in actions
	cross_account(x.pipeline, x.action)
}

# store_for(p, a) is the artifact store an action uses: the single
# artifactStore (region ""), or the artifactStores entry of its region.
store_for(p, a) := stores[0] if {
	stores := [st | some st in util.as_list(p.artifactStores); object.get(st, "region", "") == ""]
	count(stores) > 0
} else := stores[0] if {
	r := action_region(p, a)
	r != ""
	stores := [st | some st in util.as_list(p.artifactStores); st.region == r]
	count(stores) > 0
}

# store_key(st) is the Key fact of an artifact store, when known.
store_key(st) := key(st.key)

# store_key_arn(st) is the key ARN an artifact store names: encryptionKey.id
# when it is a literal key ARN, else the Key fact's ARN (possibly symbolic).
store_key_arn(st) := st.encryptionKey.id if {
	regex.match(`^arn:aws[a-z-]*:kms:[^:]*:[^:]*:key/`, st.encryptionKey.id)
	util.is_known(st.encryptionKey.id)
} else := k.arn if {
	k := store_key(st)
	k.arn != ""
} else := st.encryptionKey.id if {
	regex.match(`^arn:aws[a-z-]*:kms:[^:]*:[^:]*:key/`, st.encryptionKey.id)
}

# store_bucket(st) is the Bucket fact of an artifact store, when known.
store_bucket(st) := bucket(st.bucket)

# store_bucket_arn(st) is the bucket ARN: the Bucket fact's when known,
# else built from location, else the fact's symbolic ARN.
store_bucket_arn(st) := b.arn if {
	b := store_bucket(st)
	util.is_known(b.arn)
	b.arn != ""
} else := concat("", ["arn:aws:s3:::", st.location]) if {
	util.is_known(st.location)
	st.location != ""
} else := b.arn if {
	b := store_bucket(st)
	b.arn != ""
} else := concat("", ["arn:aws:s3:::", st.location]) if {
	st.location != ""
}

# artifact_object(bucket_arn) stands for "an artifact object in the bucket":
# CodePipeline writes objects under a prefix of the pipeline name, which
# a policy may or may not name, so the object part is unknown.
artifact_object(bucket_arn) := concat("", [bucket_arn, "/{{?artifact-object}}"])

# action_principal(p, a) is the request principal of an action's role.
action_principal(p, a) := {"type": "AWS", "arn": a.roleArn, "account": acct} if {
	acct := action_account(p, a)
} else := {"type": "AWS", "arn": a.roleArn, "account": ""}

# pipeline_principal(p) is the request principal of the pipeline's role.
pipeline_principal(p) := {"type": "AWS", "arn": p.roleArn, "account": acct} if {
	acct := pipeline_account(p)
} else := {"type": "AWS", "arn": p.roleArn, "account": ""}

# action_role(a) is the Role fact of an action's roleArn, when known.
action_role(a) := role(a.role)

# pipeline_role(p) is the Role fact of the pipeline's roleArn, when known.
pipeline_role(p) := role(p.role)

# reads_artifacts(a) / writes_artifacts(a): the action has input / output artifacts.
reads_artifacts(a) if count(util.as_list(object.get(a, "inputArtifacts", []))) > 0

writes_artifacts(a) if count(util.as_list(object.get(a, "outputArtifacts", []))) > 0

# bucket_policies(b) are the bucket's policy ids ([] when none or null).
bucket_policies(b) := util.as_list(object.get(b, "policies", []))

# action_name(x) is "Stage/Action" for messages.
action_name(x) := sprintf("%s/%s", [x.stage, x.action.name])

# action_loc(a, field) is the location of an action field, else the action's.
action_loc(a, field) := util.loc_or(a, field, a.loc)

# role_fix_loc(role) is where a missing permission of role is best added:
# its first own (not AWS managed) identity policy, else the role itself.
role_fix_loc(role) := locs[0] if {
	locs := [pol.loc |
		some pid in util.as_list(object.get(role, "policies", []))
		pol := policy(pid)
		object.get(pol, "managed", "") == ""
	]
	count(locs) > 0
} else := role.loc

# role_label(role) names a role in messages.
role_label(role) := role.arn if {
	role.arn != ""
} else := role.id

# denial_note(d) explains an explicit Deny in a decision, for messages.
denial_note(d) := sprintf(" (an explicit Deny refuses it: %s)", [concat(", ", d.deniedBy)]) if {
	d.denied
} else := ""
