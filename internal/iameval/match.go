package iameval

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gobwas/glob"
)

// The regular expressions of rego/lib/util.rego, compiled once. They are
// immutable and safe for concurrent use.
var (
	unknownRE   = regexp.MustCompile(`\{\{\?.*?\}\}|<[^<>]+>`)
	bracketRE   = regexp.MustCompile(`[\[\]{}]`)
	wildcardRE  = regexp.MustCompile(`(^|[^\\])[*?]`)
	wildSplitRE = regexp.MustCompile(`\*|\?`)
	unquoteRE   = regexp.MustCompile(`\\(.)`)
	rootRE      = regexp.MustCompile(`^([0-9]{12}|arn:aws[a-z-]*:iam::[0-9]{12}:root)$`)
)

// isUnknown is util.is_unknown for a string: it has a "{{?…}}" marker or a
// "<…>" placeholder.
func isUnknown(s string) bool {
	if !strings.Contains(s, "{{?") && !strings.Contains(s, "<") {
		return false // the cheap test first: most strings have neither
	}
	return unknownRE.MatchString(s)
}

// wild is util._wild: glob metacharacters escaped except IAM's * and ?.
func wild(s string) string {
	q := glob.QuoteMeta(s)
	if !strings.ContainsAny(s, "*?") {
		return q
	}
	return strings.ReplaceAll(strings.ReplaceAll(q, `\*`, "*"), `\?`, "?")
}

// possiblePattern is util.possible_pattern: each unknown part becomes "*".
func possiblePattern(s string) string {
	parts := unknownRE.Split(s, -1)
	for i, p := range parts {
		parts[i] = wild(p)
	}
	return strings.Join(parts, "*")
}

// certainPattern is util.certain_pattern: unknown parts stand for themselves.
func certainPattern(s string) string {
	if !isUnknown(s) && !strings.Contains(s, `\`) && !bracketRE.MatchString(s) {
		return s
	}
	lits := unknownRE.Split(s, -1)
	toks := unknownRE.FindAllString(s, -1)
	var b strings.Builder
	for i, lit := range lits {
		b.WriteString(wild(lit))
		if i < len(toks) {
			b.WriteString(glob.QuoteMeta(toks[i]))
		}
	}
	return b.String()
}

// exactPattern is util._exact_pattern: only unknown parts are wildcards.
func exactPattern(s string) string {
	parts := unknownRE.Split(s, -1)
	for i, p := range parts {
		parts[i] = glob.QuoteMeta(p)
	}
	return strings.Join(parts, "*")
}

// unquote is util._unquote.
func unquote(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return unquoteRE.ReplaceAllString(s, "$1")
}

// globsIntersect is util._globs_intersect: an over-approximation of "some
// string matches both globs", exact when one side has no wildcard.
func globsIntersect(a, b string) bool {
	wa, wb := wildcardRE.MatchString(a), wildcardRE.MatchString(b)
	if !wa && globMatch(b, unquote(a)) {
		return true
	}
	if !wb && globMatch(a, unquote(b)) {
		return true
	}
	if !wa || !wb {
		return false
	}
	pa, pb := wildSplitRE.Split(a, -1), wildSplitRE.Split(b, -1)
	prefA, prefB := unquote(pa[0]), unquote(pb[0])
	sufA, sufB := unquote(pa[len(pa)-1]), unquote(pb[len(pb)-1])
	return (strings.HasPrefix(prefA, prefB) || strings.HasPrefix(prefB, prefA)) &&
		(strings.HasSuffix(sufA, sufB) || strings.HasSuffix(sufB, sufA))
}

// globMatch is OPA's glob.match(pattern, null, value): gobwas/glob syntax
// without separators. The globs the library builds hold only literals,
// escapes, "*" and "?"; those are matched here without compiling, in time
// O(len(pattern)·len(value)) at worst. Anything else (a character class,
// alternatives) goes to gobwas/glob itself. A pattern gobwas cannot
// compile matches nothing, as glob.match is then undefined.
func globMatch(pattern, value string) bool {
	if !simpleGlob(pattern) {
		g, err := glob.Compile(pattern)
		if err != nil {
			return false
		}
		return g.Match(value)
	}
	return wildcardMatch(pattern, value)
}

// simpleGlob reports whether pattern has no unescaped "[", "]", "{" or "}",
// no dangling escape at its end and is valid UTF-8 (gobwas reads an invalid
// byte as U+FFFD): wildcardMatch matches it as gobwas would.
func simpleGlob(p string) bool {
	if !utf8.ValidString(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			if i+1 == len(p) {
				return false
			}
			i++
		case '[', ']', '{', '}':
			return false
		}
	}
	return true
}

// wildcardMatch matches value against a glob of literals, "\x" escapes,
// "*" (any run of characters) and "?" (one character), by the classic
// backtracking to the last star, which never backtracks further.
func wildcardMatch(p, v string) bool {
	pi, vi := 0, 0
	starP, starV := -1, 0
	for vi < len(v) {
		if pi < len(p) {
			switch c := p[pi]; c {
			case '*':
				starP, starV = pi+1, vi
				pi++
				continue
			case '?':
				_, n := utf8.DecodeRuneInString(v[vi:])
				pi++
				vi += n
				continue
			case '\\':
				if pi+1 < len(p) && p[pi+1] == v[vi] {
					pi += 2
					vi++
					continue
				}
			default:
				if c == v[vi] {
					pi++
					vi++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		_, n := utf8.DecodeRuneInString(v[starV:])
		starV += n
		pi, vi = starP, starV
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
