# Frozen copy of rego/lib/util.rego as of commit d4189e6, before its decision
# procedure moved to Go (internal/iameval): the reference the builtins are
# tested against. Change the Go code and this file only together.

# METADATA
# description: |
#   String helpers shared by the rules: unknown values ("{{?…}}" markers and
#   "<…>" placeholders), IAM-style wildcard matching with certain/possible
#   answers, and ARN pieces.
package xacct.reference.util

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

# _literal(s) escapes every glob metacharacter of s.
_literal(s) := glob.quote_meta(s)

# _wild(s) escapes glob metacharacters except IAM's own wildcards * and ?.
_wild(s) := replace(replace(glob.quote_meta(s), `\*`, "*"), `\?`, "?")

# possible_pattern(s) turns an IAM pattern into a glob where each unknown
# part is a "*" (it might stand for anything).
possible_pattern(s) := concat("*", [_wild(part) | some part in regex.split(unknown_re, s)])

# certain_pattern(s) turns an IAM pattern into a glob where each unknown part
# stands for itself: the same "{{?X}}" on both sides denotes the same value.
certain_pattern(s) := s if {
	not is_unknown(s)
	not contains(s, `\`)
	not regex.match(`[\[\]{}]`, s)
} else := p if {
	literals := regex.split(unknown_re, s)
	tokens := regex.find_n(unknown_re, s, -1)
	p := concat("", [piece |
		some i, lit in literals
		piece := concat("", [_wild(lit), _token_at(tokens, i)])
	])
}

_token_at(tokens, i) := _literal(tokens[i]) if {
	i < count(tokens)
} else := ""

# wild_level(pattern, value) says whether the IAM wildcard pattern (with * and
# ?) matches value, case-sensitively: certain, possible (an unknown part on
# either side might make it match), or no.
wild_level(pattern, value) := certain if {
	_certain_match(pattern, value)
} else := possible if {
	_possible_match(pattern, value)
} else := no

_certain_match(pattern, value) if pattern == value

_certain_match(pattern, value) if {
	pattern != value
	glob.match(certain_pattern(pattern), null, value)
}

_possible_match(pattern, value) if {
	is_known(value)
	glob.match(possible_pattern(pattern), null, value)
}

# Both sides have wildcards: over-approximate the intersection by the literal
# prefix and suffix around the wildcards.
_possible_match(pattern, value) if {
	is_unknown(value)
	_globs_intersect(possible_pattern(pattern), possible_pattern(value))
}

# _globs_intersect(a, b) over-approximates "some string matches both globs":
# exact when one side has no wildcard, else by the literal prefix and suffix.
_globs_intersect(a, b) if {
	not _has_wildcard(a)
	glob.match(b, null, _unquote(a))
}

_globs_intersect(a, b) if {
	not _has_wildcard(b)
	glob.match(a, null, _unquote(b))
}

_globs_intersect(a, b) if {
	_has_wildcard(a)
	_has_wildcard(b)
	_prefix_compatible(_prefix(a), _prefix(b))
	_suffix_compatible(_suffix(a), _suffix(b))
}

_has_wildcard(g) if regex.match(`(^|[^\\])[*?]`, g)

_prefix(g) := regex.split(`\*|\?`, g)[0]

_suffix(g) := parts[count(parts) - 1] if parts := regex.split(`\*|\?`, g)

_prefix_compatible(a, b) if startswith(_unquote(a), _unquote(b))

_prefix_compatible(a, b) if startswith(_unquote(b), _unquote(a))

_suffix_compatible(a, b) if endswith(_unquote(a), _unquote(b))

_suffix_compatible(a, b) if endswith(_unquote(b), _unquote(a))

_unquote(s) := regex.replace(s, `\\(.)`, "$1")

# wild_level_ci is wild_level ignoring case (IAM actions, service names).
wild_level_ci(pattern, value) := wild_level(lower(pattern), lower(value))

# equal_level(a, b) compares two values exactly (no wildcards; only unknown
# parts may stand for anything).
equal_level(a, b) := certain if {
	a == b
} else := possible if {
	_equal_possible(a, b)
} else := no

_equal_possible(a, b) if {
	is_unknown(a)
	is_known(b)
	glob.match(_exact_pattern(a), null, b)
}

_equal_possible(a, b) if {
	is_known(a)
	is_unknown(b)
	glob.match(_exact_pattern(b), null, a)
}

_equal_possible(a, b) if {
	is_unknown(a)
	is_unknown(b)
	_globs_intersect(_exact_pattern(a), _exact_pattern(b))
}

# _exact_pattern(s) is a glob in which only the unknown parts are wildcards.
_exact_pattern(s) := concat("*", [_literal(part) | some part in regex.split(unknown_re, s)])

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
