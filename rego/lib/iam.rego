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
# where an explicit Deny overrides any Allow (a certain Deny makes it 0, a
# possible one lowers it to at most 1); "denied" is an explicit Deny
# that certainly applies; "allowedBy"/"deniedBy" list the statements that
# certainly or possibly apply, for messages and traces. A statement without
# an id is "#<index>". Evaluated by a builtin (internal/iameval), with the
# semantics of the functions below.
decision(statements, request) := xacct.iam_decision(statements, request)

# allows(statements, request) is decision(statements, request).
allows(statements, request) := decision(statements, request)

# level(statements, request) is the level of decision(statements, request).
level(statements, request) := decision(statements, request).level

# statement_level(s, request) is how surely statement s applies to request,
# whatever its effect: the least of action_level, resource_level (resource
# "*" when the request has none), principal_level and conditions_level.
# Evaluated by a builtin (internal/iameval).
statement_level(s, request) := xacct.iam_statement_level(s, request)

# --- The parts of a statement's level ----------------------------------
#
# Each is a builtin too (internal/iameval), with the semantics the rules
# have always seen; the frozen Rego form they are tested against is
# internal/iameval/testdata/reference/iam.rego.

# action_level(s, action) matches Action or NotAction, ignoring case.
action_level(s, action) := xacct.iam_action_level(s, action)

# action_matches(pattern, action) is the level of one Action entry against
# one action name, ignoring case ("kms:*", "s3:Get*", "*").
action_matches(pattern, action) := util.wild_level_ci(pattern, action)

# resource_level(s, resource) matches Resource or NotResource. A statement
# without either (a trust policy) applies to its own resource.
resource_level(s, resource) := xacct.iam_resource_level(s, resource)

# principal_level(s, principal) matches the statement's Principal or
# NotPrincipal. Identity policies have none: they apply to their principal.
# An account principal (bare ID or ":root") matches every principal of that
# account: in a resource policy this is root delegation, and the principal's
# identity policy must allow the request as well (see delegated).
principal_level(s, principal) := xacct.iam_principal_level(s, principal)

# principal_matches(p, r) is the level at which one statement principal p
# ({"type", "value", "account", "root"}) names the request principal r: "*"
# and {"AWS": "*"} name everyone, a service its service, an ARN itself, an
# account principal every principal of its account (certainly when the
# accounts are known and equal, possibly when either is unknown).
principal_matches(p, r) := xacct.iam_principal_matches(p, r)

# delegated(p, r) is true when p admits r only as "its account's root":
# the principal's identity policy must allow the request too.
delegated(p, r) if {
	principal_is_root(p)
	util.equal_level(p.value, object.get(r, "arn", "")) == util.no
}

# principal_is_root(p) is true for an account principal (bare ID or ":root",
# or "root": true from the facts).
principal_is_root(p) if xacct.iam_principal_is_root(p)

# principal_account(p) is the known account of a statement principal.
principal_account(p) := xacct.iam_principal_account(p)

# request_account(r) is the known account of a request principal.
request_account(r) := xacct.iam_request_account(r)

# conditions_level(s, request): all conditions must hold.
conditions_level(s, request) := xacct.iam_conditions_level(s, request)

# condition_level(c, request) evaluates one operator/key pair against the
# request context (keys matched case-insensitively, plus aws:PrincipalArn,
# aws:PrincipalAccount and kms:CallerAccount from the principal). Anything
# it cannot evaluate (an operator it does not know, a set qualifier, a key
# the request context does not give, a policy variable) is "possible": an
# Allow that depends on it is possible, a Deny that depends on it is not
# certain. A key given as null is known to be absent: ...IfExists and the
# negated operators hold, Null "true" holds, the rest fail.
condition_level(c, request) := xacct.iam_condition_level(c, request)
