package iameval

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Levels of an answer, as in rego/lib/util.rego.
const (
	No       = 0 // certainly not
	Possible = 1 // an unknown value or an unevaluated condition might make it so
	Certain  = 2 // certainly
)

// str is the Go string of a Rego string term.
func str(t *ast.Term) (string, bool) {
	if t == nil {
		return "", false
	}
	s, ok := t.Value.(ast.String)
	return string(s), ok
}

// WildLevel is util.wild_level(pattern, value): whether the IAM wildcard
// pattern (with * and ?) matches value, case-sensitively.
func WildLevel(pattern, value *ast.Term) int {
	if pattern.Equal(value) {
		return Certain
	}
	p, ok1 := str(pattern)
	v, ok2 := str(value)
	switch {
	case !ok2:
		return No
	case !ok1:
		// In Rego, possible_pattern of a non-string is "" (its
		// comprehension fails, so it is empty) and the certain match
		// fails.
		return possibleLevel("", v)
	}
	return wildLevel(p, v)
}

func wildLevel(p, v string) int {
	if p == v || globMatch(certainPattern(p), v) {
		return Certain
	}
	return possibleLevel(possiblePattern(p), v)
}

// possibleLevel is util._possible_match(pattern, value) as a level, with
// the pattern's possible_pattern pp.
func possibleLevel(pp, v string) int {
	if !isUnknown(v) {
		if globMatch(pp, v) {
			return Possible
		}
		return No
	}
	if globsIntersect(pp, possiblePattern(v)) {
		return Possible
	}
	return No
}

// EqualLevel is util.equal_level(a, b): exact comparison where only unknown
// parts may stand for anything.
func EqualLevel(a, b *ast.Term) int {
	if a.Equal(b) {
		return Certain
	}
	as, ok1 := str(a)
	bs, ok2 := str(b)
	if !ok1 || !ok2 {
		return No
	}
	return equalLevel(as, bs)
}

func equalLevel(a, b string) int {
	if a == b {
		return Certain
	}
	ua, ub := isUnknown(a), isUnknown(b)
	switch {
	case ua && !ub:
		if globMatch(exactPattern(a), b) {
			return Possible
		}
	case !ua && ub:
		if globMatch(exactPattern(b), a) {
			return Possible
		}
	case ua && ub:
		if globsIntersect(exactPattern(a), exactPattern(b)) {
			return Possible
		}
	}
	return No
}

// isAccountID is util.known_account for a string: twelve digits.
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// knownAccount is util.known_account(t).
func knownAccount(t *ast.Term) (string, bool) {
	s, ok := str(t)
	if !ok || !isAccountID(s) {
		return "", false
	}
	return s, true
}

// arnAccount is util.arn_account(t).
func arnAccount(t *ast.Term) (string, bool) {
	s, ok := str(t)
	if !ok || !strings.HasPrefix(s, "arn:") {
		return "", false
	}
	parts := strings.Split(s, ":")
	if len(parts) < 6 || !isAccountID(parts[4]) {
		return "", false
	}
	return parts[4], true
}

// accountOf is util.account_of(t).
func accountOf(t *ast.Term) (string, bool) {
	if s, ok := knownAccount(t); ok {
		return s, true
	}
	return arnAccount(t)
}

// invert is 2 - l.
func invert(l int) int { return Certain - l }
