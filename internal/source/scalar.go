package source

// plainKind decides the kind of a plain (unquoted, untagged) YAML scalar
// the way the YAML 1.2 core schema does: null, bool, int (decimal, 0o
// octal, 0x hex) and float (including .inf and .nan) by their exact
// spellings; everything else ("yes", "1_000", "2012-10-17") is a string.
func plainKind(s string) NodeKind {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return Null
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return Bool
	case ".nan", ".NaN", ".NAN":
		return Number
	}
	if isCoreNumber(s) {
		return Number
	}
	return String
}

// isCoreNumber reports whether s is an int or float of the YAML 1.2 core
// schema.
func isCoreNumber(s string) bool {
	if len(s) > 2 && s[0] == '0' {
		switch s[1] {
		case 'o':
			return allBytes(s[2:], func(c byte) bool { return c >= '0' && c <= '7' })
		case 'x':
			return allBytes(s[2:], isHexDigit)
		}
	}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	switch s[i:] {
	case ".inf", ".Inf", ".INF":
		return true
	}
	// [0-9]+(\.[0-9]*)? | \.[0-9]+ , then ([eE][-+]?[0-9]+)?
	intDigits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		intDigits++
	}
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			fracDigits++
		}
	}
	if intDigits == 0 && fracDigits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHexDigit(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func allBytes(s string, f func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !f(s[i]) {
			return false
		}
	}
	return true
}
