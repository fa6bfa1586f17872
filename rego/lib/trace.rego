# METADATA
# description: |
#   The hops of every cross-account action, for `xacct-lint trace`: the
#   calls AWS makes on the action's behalf, in order (assume the action's
#   role, read, decrypt, write and encrypt artifacts, the deploy provider's
#   calls, iam:PassRole), each evaluated with iam.decision against every
#   policy that must allow it (identity policy and resource policy). The
#   requests are those of the rules that report each broken hop (XA401,
#   XA501, XA601, XA201, XA602, XA103, XA209, XA603–XA608), so that a hop
#   the trace denies is one `lint` reports; each check names that rule.
#
#   A check is {"rule", "level", "because": [{"message", "loc"}]}; a hop is
#   {"hop", "verdict", "level", "because"} with verdict "allowed" (every
#   check certain), "denied" (a check certainly fails) or "unknown".
package xacct.lib.trace

import data.xacct.lib.facts
import data.xacct.lib.roles
import data.xacct.lib.util

# actions are the traced actions, one per cross-account action:
# {"key", "pipeline", "stage", "action", "provider", "account", "region",
# "roleArn", "pipelineRoleArn", "bucket", "keyArn", "loc", "hops"}.
actions contains t if {
	some k, x in facts.cross_account_actions
	st := _store(x)
	t := {
		"key": k,
		"pipeline": object.get(x.pipeline, "name", ""),
		"stage": x.stage,
		"action": x.action.name,
		"provider": object.get(x.action, "provider", ""),
		"account": roles.account_of(x),
		"region": roles.region_of(x),
		"roleArn": object.get(x.action, "roleArn", ""),
		"pipelineRoleArn": object.get(x.pipeline, "roleArn", ""),
		"pipelineAccount": object.get(x.pipeline, "account", ""),
		"bucket": _bucket_arn(st),
		"keyArn": _key_arn(st),
		"loc": facts.action_loc(x.action, "roleArn"),
		"hops": [h |
			some name in hop_names
			checks := hop_checks(name, x, st)
			count(checks) > 0
			h := _hop(name, checks)
		],
	}
}

# hop_names are the hops in the order AWS makes the calls.
hop_names := [
	"assume-role",
	"read-artifacts",
	"decrypt-artifacts",
	"write-artifacts",
	"encrypt-artifacts",
	"deploy-calls",
	"pass-role",
]

_hop(name, checks) := {
	"hop": name,
	"level": lvl,
	"verdict": verdict(lvl),
	"rules": sort({c.rule | some c in checks; c.level == lvl; lvl < util.certain}),
	"because": [b | some c in checks; some b in c.because],
} if {
	lvl := min({c.level | some c in checks})
}

# verdict(level) names a hop's level.
verdict(2) := "allowed"

verdict(1) := "unknown"

verdict(0) := "denied"

# --- Checks of each hop ---------------------------------------------------

# hop_checks(name, x, st) are the checks of hop name for action x using
# artifact store st ([] when the hop does not apply to the action).
hop_checks("assume-role", x, _) := [
	_identity("XA401", object.get(x.pipeline, "role", ""), {"action": "sts:AssumeRole", "resource": x.action.roleArn}),
	_trust(x),
]

hop_checks("read-artifacts", x, st) := [
	_identity("XA601", object.get(x.action, "role", ""), {"action": "s3:GetObject", "resource": facts.artifact_object(_bucket_arn(st))}),
	_bucket("XA201", st, _request(x, "s3:GetObject", facts.artifact_object(_bucket_arn(st)), {"aws:SecureTransport": "true"})),
] if {
	facts.reads_artifacts(x.action)
} else := []

hop_checks("decrypt-artifacts", x, st) := [
	_identity("XA602", object.get(x.action, "role", ""), {"action": "kms:Decrypt", "resource": _key_arn(st)}),
	_key("XA103", st, _request(x, "kms:Decrypt", _key_arn(st), {"kms:GrantIsForAWSResource": null})),
] if {
	facts.reads_artifacts(x.action)
} else := []

hop_checks("write-artifacts", x, st) := [
	_identity("XA209", object.get(x.action, "role", ""), object.remove(_put(x, st), ["principal"])),
	_bucket("XA209", st, _put(x, st)),
] if {
	facts.writes_artifacts(x.action)
} else := []

hop_checks("encrypt-artifacts", x, st) := [
	_identity("XA602", object.get(x.action, "role", ""), {"action": "kms:GenerateDataKey", "resource": _key_arn(st)}),
	_key("XA103", st, _request(x, "kms:GenerateDataKey", _key_arn(st), {"kms:GrantIsForAWSResource": null})),
] if {
	facts.writes_artifacts(x.action)
} else := []

hop_checks("deploy-calls", x, _) := [_identity(rule, object.get(x.action, "role", ""), r) |
	some [rule, r] in deploy_requests(x)
]

hop_checks("pass-role", x, _) := [_identity(rule, object.get(x.action, "role", ""), r) |
	some [rule, r] in pass_requests(x)
]

# deploy_requests(x) are [rule, request] pairs of the deploy provider's own
# calls in the target account, as XA603, XA604, XA607 and XA608 make them.
deploy_requests(x) := array.concat(
	array.concat(
		[["XA603", {"action": op, "resource": roles.codedeploy_resource(x, op)}] |
			x.action.provider in roles.uses_codedeploy
			some op in roles.codedeploy_actions
		],
		[["XA604", {"action": "ecs:RegisterTaskDefinition", "resource": "*"}] |
			x.action.provider in roles.registers_task_definitions
		],
	),
	array.concat(
		[["XA607", {"action": op, "resource": roles.ecs_resource(x, op)}] |
			x.action.provider == "ECS"
			some op in roles.ecs_actions
		],
		[["XA608", {"action": op, "resource": _stack_arn(x)}] |
			x.action.provider == "CloudFormation"
			some op in object.get(data.xacct.rules.xa608.needs, _mode(x), [])
		],
	),
)

# pass_requests(x) are the iam:PassRole requests of XA605 and XA608.
pass_requests(x) := array.concat(
	[["XA605", {
		"action": "iam:PassRole",
		"resource": roles.task_role_arn(x),
		"context": {"iam:PassedToService": "ecs-tasks.amazonaws.com"},
	}] |
		x.action.provider in roles.registers_task_definitions
	],
	[["XA608", {
		"action": "iam:PassRole",
		"resource": r,
		"context": {"iam:PassedToService": "cloudformation.amazonaws.com"},
	}] |
		x.action.provider == "CloudFormation"
		_mode(x) in data.xacct.rules.xa608.passes_role
		r := object.get(object.get(x.action, "configuration", {}), "RoleArn", "")
		is_string(r)
		r != ""
	],
)

_mode(x) := object.get(object.get(x.action, "configuration", {}), "ActionMode", "")

_stack_arn(x) := sprintf("arn:aws:cloudformation:%s:%s:stack/%s/{{?stack-id}}", [roles.region_of(x), roles.account_of(x), roles.config(x, "StackName")])

_put(x, st) := _request(x, "s3:PutObject", facts.artifact_object(_bucket_arn(st)), object.union(
	{"aws:SecureTransport": "true", "s3:x-amz-server-side-encryption": "aws:kms"},
	_key_context(st),
))

_key_context(st) := {"s3:x-amz-server-side-encryption-aws-kms-key-id": k} if {
	k := facts.store_key_arn(st)
} else := {}

_request(x, action, resource, context) := {
	"action": action,
	"resource": resource,
	"principal": facts.action_principal(x.pipeline, x.action),
	"context": context,
}

# --- One check: a decision with the statements that made it ---------------

# _identity(rule, rid, request) checks the identity policies of role rid.
_identity(rule, rid, request) := _check(
	rule,
	facts.role_decision(role, request),
	request,
	sprintf("identity policies of %s", [facts.role_label(role)]),
	facts.role_fix_loc(role),
) if {
	role := facts.role(rid)
} else := _unknown(rule, sprintf("the role is not among the linted documents, so whether it may %s is unknown", [request.action]), {})

_trust(x) := _check(
	"XA501",
	facts.policy_decision(role.trust, req),
	req,
	sprintf("trust policy of %s", [facts.role_label(role)]),
	facts.policy(role.trust).loc,
) if {
	role := facts.action_role(x.action)
	role.trust != ""
	req := {"action": "sts:AssumeRole", "resource": role.arn, "principal": facts.pipeline_principal(x.pipeline)}
} else := _unknown("XA501", sprintf("the trust policy of %s is not among the linted documents", [_label(x.action.roleArn)]), facts.action_loc(x.action, "roleArn"))

_bucket(rule, st, request) := _check(
	rule,
	facts.policies_decision(pids, request),
	request,
	sprintf("bucket policy of %s", [b.name]),
	facts.policy(pids[0]).loc,
) if {
	b := facts.store_bucket(st)
	pids := facts.bucket_policies(b)
	count(pids) > 0
} else := _unknown(rule, sprintf("no bucket policy of %s among the linted documents", [_bucket_arn(st)]), _store_loc(st))

_key(rule, st, request) := _check(
	rule,
	facts.policy_decision(k.policy, request),
	request,
	sprintf("key policy of %s", [_key_arn(st)]),
	facts.policy(k.policy).loc,
) if {
	k := facts.store_key(st)
	k.policy != ""
} else := _unknown(rule, sprintf("no key policy of %s among the linted documents", [_key_arn(st)]), _store_loc(st))

# _check turns a decision into a check: the statements that allowed or
# denied it, or where the missing grant belongs.
_check(rule, d, request, side, fix_loc) := {
	"rule": rule,
	"level": d.level,
	"because": _because(rule, d, request, side, fix_loc),
}

_because(rule, d, request, side, fix_loc) := [{"rule": rule, "message": sprintf("explicit Deny in the %s refuses %s on %s", [side, request.action, request.resource]), "loc": facts.statement(id).loc} |
	some id in d.deniedBy
] if {
	d.denied
} else := [{"rule": rule, "message": sprintf("no statement of the %s allows %s on %s", [side, request.action, request.resource]), "loc": fix_loc}] if {
	d.level == util.no
} else := [{"rule": rule, "message": sprintf("%s of the %s %s %s on %s", [_sid_label(id), side, _allows_word(d), request.action, request.resource]), "loc": facts.statement(id).loc} |
	some id in d.allowedBy
	facts.statement(id).effect == "Allow"
] if {
	count([id | some id in d.allowedBy; facts.statement(id)]) > 0
} else := [{"rule": rule, "message": sprintf("the %s may allow %s on %s (an attached policy is unknown)", [side, request.action, request.resource]), "loc": fix_loc}]

_allows_word(d) := "allows" if {
	d.certain
} else := "may allow"

_sid_label(id) := sprintf("statement %q", [facts.statement(id).sid]) if {
	facts.statement(id).sid != ""
} else := "a statement"

_unknown(rule, message, loc) := {"rule": rule, "level": util.possible, "because": [{"rule": rule, "message": message, "loc": loc}]}

_label(s) := s if {
	s != ""
} else := "(unnamed)"

# --- Artifact store -------------------------------------------------------

_store(x) := st if {
	st := facts.store_for(x.pipeline, x.action)
} else := {}

_bucket_arn(st) := a if {
	a := facts.store_bucket_arn(st)
} else := "{{?artifact-bucket}}"

_key_arn(st) := a if {
	a := facts.store_key_arn(st)
} else := "{{?artifact-key}}"

_store_loc(st) := st.loc if {
	st.loc
} else := {}
