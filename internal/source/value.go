package source

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Interface returns the node as plain Go values: map[string]any, []any,
// string, json.Number, bool and nil — the shapes encoding/json and OPA's
// ast.InterfaceToValue take. Numbers are normalised to JSON spelling
// ("+1" → "1", "0x1F" → "31", "1." → "1.0"); YAML's .inf and .nan, which
// JSON cannot hold, stay strings.
func (n *Node) Interface() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Map:
		m := make(map[string]any, len(n.Entries))
		for _, e := range n.Entries {
			m[e.Key] = e.Value.Interface()
		}
		return m
	case Seq:
		s := make([]any, len(n.Items))
		for i, it := range n.Items {
			s[i] = it.Interface()
		}
		return s
	case String:
		return n.Str
	case Number:
		if num, ok := JSONNumber(n.Str); ok {
			return num
		}
		return n.Str
	case Bool:
		return n.Str == "true" || n.Str == "True" || n.Str == "TRUE"
	}
	return nil
}

// JSONNumber converts a number as written in JSON or YAML (core schema)
// to JSON's spelling. It reports false for text that has no JSON form
// (.inf, .nan, or not a number).
func JSONNumber(s string) (json.Number, bool) {
	if isJSONNumber(s) {
		return json.Number(s), true
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o') {
		base := 16
		if s[1] == 'o' {
			base = 8
		}
		if u, err := strconv.ParseUint(s[2:], base, 64); err == nil {
			return json.Number(strconv.FormatUint(u, 10)), true
		}
		return "", false
	}
	if !isCoreNumber(s) || strings.Contains(strings.ToLower(s), "inf") {
		return "", false
	}
	// Decimal forms JSON lacks: a "+" sign, leading zeros, ".5", "1.", "1.e3".
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	mant, exp, hasExp := strings.Cut(s, "e")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(s, "E")
	}
	ip, fp, hasFrac := strings.Cut(mant, ".")
	ip = strings.TrimLeft(ip, "0")
	if ip == "" {
		ip = "0"
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(ip)
	if hasFrac {
		if fp == "" {
			fp = "0"
		}
		b.WriteByte('.')
		b.WriteString(fp)
	}
	if hasExp {
		b.WriteByte('e')
		b.WriteString(exp)
	}
	out := b.String()
	if !isJSONNumber(out) {
		return "", false
	}
	return json.Number(out), true
}

// isJSONNumber matches -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// EscapePointer escapes one reference token of a JSON pointer (RFC 6901):
// "~" becomes "~0" and "/" becomes "~1".
func EscapePointer(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}
