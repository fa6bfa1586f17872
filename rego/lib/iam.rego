# METADATA
# description: |
#   IAM policy semantics, written once for every rule: action, resource and
#   principal matching with wildcards, NotAction/NotResource/NotPrincipal,
#   root delegation, explicit Deny over Allow, a conservative reading of
#   Conditions, and unknown values. Every answer is a level: 2 certain,
#   1 possible (an unknown value or an unevaluated condition might make it
#   so), 0 no.
#
#   A request is {"action": "kms:Decrypt", "resource": "arn:…",
#   "principal": {"type": "AWS", "arn": "arn:…", "account": "123456789012"}
#   (or {"type": "Service", "value": "codepipeline.amazonaws.com"}),
#   "context": {"aws:SecureTransport": "true", …}}. Context keys are matched
#   case-insensitively; a key given as null is known to be absent from the
#   request; a key not given at all is unknown.
package xacct.lib.iam

import data.xacct.lib.util

# decision(statements, request) evaluates a request against statements (of
# one or several policies of the same side: identity, or one resource
# policy). It returns {"level", "certain", "possible", "denied",
# "allowedBy": [statement ids], "deniedBy": [statement ids]}: "level" is the
# highest level of the Allow statements that apply (statement_level),
# combined with the Deny statements' (combine); "denied" is an explicit Deny
# that certainly applies; "allowedBy"/"deniedBy" list the statements that
# certainly or possibly apply, for messages and traces. A statement without
# an id is "#<index>". Evaluated by a builtin (internal/iameval), with the
# semantics of the functions below.
decision(statements, request) := xacct.iam_decision(statements, request)

# allows(statements, request) is decision(statements, request).
allows(statements, request) := decision(statements, request)

# level(statements, request) is the level of decision(statements, request).
level(statements, request) := decision(statements, request).level

# combine(allow, deny) applies "an explicit Deny overrides any Allow".
combine(allow, deny) := util.no if {
	deny == util.certain
} else := allow if {
	deny == util.no
} else := min({allow, util.possible})

# statement_level(s, request) is how surely statement s applies to request,
# whatever its effect: the least of action_level, resource_level (resource
# "*" when the request has none), principal_level and conditions_level.
# Evaluated by a builtin (internal/iameval).
statement_level(s, request) := xacct.iam_statement_level(s, request)

# --- Action / NotAction -------------------------------------------------

# action_level(s, action) matches Action or NotAction, ignoring case.
action_level(s, action) := _invert(max({util.wild_level_ci(p, action) | some p in _field(s, "notActions")} | {util.no})) if {
	_has(s, "notAction", "notActions")
} else := max({util.wild_level_ci(p, action) | some p in _field(s, "actions")} | {util.no})

# action_matches(pattern, action) is the level of one Action entry against
# one action name, ignoring case ("kms:*", "s3:Get*", "*").
action_matches(pattern, action) := util.wild_level_ci(pattern, action)

# --- Resource / NotResource ---------------------------------------------

# resource_level(s, resource) matches Resource or NotResource. A statement
# without either (a trust policy) applies to its own resource.
resource_level(s, resource) := _invert(max({util.wild_level(p, resource) | some p in _field(s, "notResources")} | {util.no})) if {
	_has(s, "notResource", "notResources")
} else := max({util.wild_level(p, resource) | some p in _field(s, "resources")} | {util.no}) if {
	_has(s, "resource", "resources")
} else := util.certain

# --- Principal / NotPrincipal -------------------------------------------

# principal_level(s, principal) matches the statement's Principal or
# NotPrincipal. Identity policies have none: they apply to their principal.
# An account principal (bare ID or ":root") matches every principal of that
# account: in a resource policy this is root delegation, and the principal's
# identity policy must allow the request as well (see delegated).
principal_level(s, principal) := util.certain if {
	object.get(s, "kind", "") == "identity"
} else := util.certain if {
	not _has(s, "principal", "principals")
	not _has(s, "notPrincipal", "notPrincipals")
	object.get(s, "kind", "") == "unknown"
} else := _invert(max({principal_matches(p, principal) | some p in _field(s, "notPrincipals")} | {util.no})) if {
	_has(s, "notPrincipal", "notPrincipals")
} else := max({principal_matches(p, principal) | some p in _field(s, "principals")} | {util.no})

# principal_matches(p, r) is the level at which one statement principal p
# ({"type", "value", "account", "root"}) names the request principal r.
principal_matches(p, r) := util.certain if {
	p.type == "*"
} else := util.certain if {
	upper(p.type) == "AWS"
	p.value == "*"
} else := util.equal_level(lower(p.value), lower(_r_value(r))) if {
	lower(p.type) == "service"
	lower(object.get(r, "type", "AWS")) == "service"
} else := max({
	util.equal_level(p.value, object.get(r, "arn", "")),
	_root_level(p, r),
}) if {
	upper(p.type) == "AWS"
	upper(object.get(r, "type", "AWS")) == "AWS"
} else := util.no

_r_value(r) := object.get(r, "value", object.get(r, "arn", ""))

# _root_level: an account principal admits every principal of its account.
_root_level(p, r) := util.certain if {
	principal_is_root(p)
	principal_account(p) == request_account(r)
} else := util.possible if {
	principal_is_root(p)
	not request_account(r)
} else := util.possible if {
	not principal_account(p)
	util.is_unknown(p.value)
	ra := request_account(r)
	max({util.equal_level(p.value, util.root_arn(ra)), util.equal_level(p.value, ra)}) > util.no
} else := util.possible if {
	not principal_account(p)
	util.is_unknown(p.value)
	not request_account(r)
} else := util.no

# delegated(p, r) is true when p admits r only as "its account's root":
# the principal's identity policy must allow the request too.
delegated(p, r) if {
	principal_is_root(p)
	util.equal_level(p.value, object.get(r, "arn", "")) == util.no
}

# principal_is_root(p) is true for an account principal (bare ID or ":root").
principal_is_root(p) if p.root == true

principal_is_root(p) if {
	not p.root == false
	regex.match(`^([0-9]{12}|arn:aws[a-z-]*:iam::[0-9]{12}:root)$`, p.value)
}

# principal_account(p) is the known account of a statement principal.
principal_account(p) := p.account if {
	util.known_account(p.account)
} else := util.account_of(p.value)

# request_account(r) is the known account of a request principal.
request_account(r) := r.account if {
	util.known_account(r.account)
} else := util.arn_account(r.arn)

# --- Conditions ---------------------------------------------------------

# conditions_level(s, request): all conditions must hold.
conditions_level(s, request) := min({condition_level(c, request) | some c in _field(s, "conditions")} | {util.certain})

# context(request) is the request context with lower-case keys, plus what
# the principal tells (aws:PrincipalArn, aws:PrincipalAccount,
# kms:CallerAccount).
context(request) := object.union(derived, given) if {
	given := {lower(k): v | some k, v in object.get(request, "context", {})}
	r := object.get(request, "principal", {})
	derived := {k: v |
		some k, v in {
			"aws:principalarn": object.get(r, "arn", null),
			"aws:principalaccount": object.get(r, "account", null),
			"kms:calleraccount": object.get(r, "account", null),
		}
		is_string(v)
		v != ""
	}
}

# condition_level(c, request) evaluates one operator/key pair. Anything it
# cannot evaluate (an operator it does not know, a set qualifier, a key the
# request context does not give) is "possible": an Allow that depends on it
# is possible, a Deny that depends on it is not certain.
condition_level(c, request) := util.possible if {
	contains(c.operator, ":") # ForAnyValue: / ForAllValues:
} else := _absent_level(c) if {
	v := context(request)[lower(c.key)]
	v == null
} else := _present_level(c, util.as_list(context(request)[lower(c.key)])) if {
	context(request)[lower(c.key)]
} else := util.possible

_base(op) := trim_suffix(op, "IfExists")

_negated := {
	"StringNotEquals": "StringEquals",
	"StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
	"StringNotLike": "StringLike",
	"ArnNotEquals": "ArnEquals",
	"ArnNotLike": "ArnLike",
}

_positive := {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool"}

# A key known to be absent: ...IfExists holds, negated operators hold, Null
# "true" holds; everything else fails.
_absent_level(c) := util.certain if {
	c.operator == "Null"
	some v in c.values
	lower(v) == "true"
} else := util.no if {
	c.operator == "Null"
} else := util.certain if {
	endswith(c.operator, "IfExists")
} else := util.certain if {
	_negated[_base(c.operator)]
} else := util.no if {
	_positive[_base(c.operator)]
} else := util.possible

_present_level(c, xs) := util.certain if {
	c.operator == "Null"
	some v in c.values
	lower(v) == "false"
} else := util.no if {
	c.operator == "Null"
} else := max({_value_level(_base(c.operator), cv, xv) | some cv in c.values; some xv in xs} | {util.no}) if {
	_positive[_base(c.operator)]
} else := _invert(max({_value_level(_negated[_base(c.operator)], cv, xv) | some cv in c.values; some xv in xs} | {util.no})) if {
	_negated[_base(c.operator)]
} else := util.possible

_value_level(op, cv, xv) := util.possible if {
	contains(cv, "${") # a policy variable
} else := util.equal_level(cv, xv) if {
	op == "StringEquals"
} else := util.equal_level(lower(cv), lower(xv)) if {
	op in {"StringEqualsIgnoreCase", "Bool"}
} else := util.wild_level(cv, xv) if {
	op in {"StringLike", "ArnEquals", "ArnLike"}
} else := util.possible

# --- Helpers ------------------------------------------------------------

_invert(l) := util.certain - l

# _field(s, name) is a statement field as a list (a lone string is a list of one).
_field(s, name) := util.as_list(object.get(s, name, []))

# _has(s, hasKey, field): the statement has the key (from "has", or a
# non-empty field when "has" is missing).
_has(s, key, _) if s.has[key] == true

_has(s, key, field) if {
	not s.has[key] == false
	count(_field(s, field)) > 0
}
