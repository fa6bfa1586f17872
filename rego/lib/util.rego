# METADATA
# description: |
#   String helpers shared by the rules: unknown values ("{{?…}}" markers and
#   "<…>" placeholders), IAM-style wildcard matching with certain/possible
#   answers, and ARN pieces.
package xacct.lib.util

# Levels of an answer. Every matcher in the library returns one of these.
no := 0

possible := 1

certain := 2

# Unknown parts of a string: a "{{?…}}" marker written by the facts builder,
# or a "<…>" placeholder left by a human (XA002 reports those; every other
# rule treats them as "could be anything").
unknown_re := `\{\{\?.*?\}\}|<[^<>]+>`

# is_unknown(s) is true when s has an unknown part.
is_unknown(s) if {
	is_string(s)
	regex.match(unknown_re, s)
}

# is_known(s) is true for a string without unknown parts.
is_known(s) if {
	is_string(s)
	not regex.match(unknown_re, s)
}

# _wild(s) escapes glob metacharacters except IAM's own wildcards * and ?.
_wild(s) := replace(replace(glob.quote_meta(s), `\*`, "*"), `\?`, "?")

# possible_pattern(s) turns an IAM pattern into a glob where each unknown
# part is a "*" (it might stand for anything).
possible_pattern(s) := concat("*", [_wild(part) | some part in regex.split(unknown_re, s)])

# wild_level(pattern, value) says whether the IAM wildcard pattern (with * and
# ?) matches value, case-sensitively: certain, possible (an unknown part on
# either side might make it match), or no. A certain match takes the
# pattern's unknown parts as themselves; a possible one takes them as "*"
# (possible_pattern), and when both sides have wildcards,
# over-approximates their intersection by the literal prefix and suffix
# around the wildcards. Evaluated by a builtin (internal/iameval).
wild_level(pattern, value) := xacct.wild_level(pattern, value)

# wild_level_ci is wild_level ignoring case (IAM actions, service names).
wild_level_ci(pattern, value) := wild_level(lower(pattern), lower(value))

# equal_level(a, b) compares two values exactly (no wildcards; only unknown
# parts may stand for anything). Evaluated by a builtin (internal/iameval).
equal_level(a, b) := xacct.equal_level(a, b)

# arn_parts(arn) splits an ARN into its six fields (the resource keeps its colons).
arn_parts(arn) := {
	"partition": parts[1],
	"service": parts[2],
	"region": parts[3],
	"account": parts[4],
	"resource": concat(":", array.slice(parts, 5, count(parts))),
} if {
	startswith(arn, "arn:")
	parts := split(arn, ":")
	count(parts) >= 6
}

# arn_account(arn) is the 12-digit account of an ARN, undefined when the ARN
# has none or it is unknown.
arn_account(arn) := acct if {
	acct := arn_parts(arn).account
	regex.match(`^[0-9]{12}$`, acct)
}

# account_of(s) is the account ID in a bare 12-digit ID or an ARN.
account_of(s) := s if {
	regex.match(`^[0-9]{12}$`, s)
} else := arn_account(s)

# known_account(a) is true for a 12-digit account ID.
known_account(a) if regex.match(`^[0-9]{12}$`, a)

# root_arn(account) is the ARN of an account's root principal.
root_arn(account) := sprintf("arn:aws:iam::%s:root", [account])

# as_list(x) is x when x is an array, [x] for a single value, [] for null.
as_list(x) := x if {
	is_array(x)
} else := [] if {
	x == null
} else := [x]

# loc_or(obj, key, fallback) is obj.locs[key] when present, else fallback.
loc_or(obj, key, fallback) := l if {
	l := obj.locs[key]
} else := fallback
