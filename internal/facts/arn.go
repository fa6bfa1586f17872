package facts

import "strings"

// tok returns the symbolic string for an unknown value described by what.
func tok(what string) string {
	what = strings.ReplaceAll(strings.ReplaceAll(what, UnknownOpen, ""), UnknownClose, "")
	return UnknownOpen + what + UnknownClose
}

// hasUnknown reports whether s holds an unknown part.
func hasUnknown(s string) bool { return strings.Contains(s, UnknownOpen) }

// isAccountID reports whether s is 12 digits.
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

// arnParts splits an ARN into partition, service, region, account and
// resource; ok is false when s is not "arn:…" with six parts.
type arnParts struct {
	partition, service, region, account, resource string
}

func parseArn(s string) (arnParts, bool) {
	// Unknown parts may hold "::" (AWS::AccountId): split around them.
	parts := splitKeepingTokens(s, ':', 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return arnParts{}, false
	}
	return arnParts{partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts[5]}, true
}

// splitKeepingTokens splits s at sep into at most n parts (the last keeps
// the rest), never inside a "{{?…}}" unknown.
func splitKeepingTokens(s string, sep byte, n int) []string {
	var out []string
	start := 0
	for i := 0; i < len(s) && len(out) < n-1; i++ {
		if strings.HasPrefix(s[i:], UnknownOpen) {
			if j := strings.Index(s[i:], UnknownClose); j >= 0 {
				i += j + len(UnknownClose) - 1
				continue
			}
		}
		if s[i] == sep {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// arnAccount returns the 12-digit account of an ARN, "" when it has none
// or it is unknown.
func arnAccount(s string) string {
	a, ok := parseArn(s)
	if !ok || !isAccountID(a.account) {
		return ""
	}
	return a.account
}

// principalAccount returns the account of an AWS principal value and
// whether it is an account (root) principal.
func principalAccount(s string) (account string, root bool) {
	if isAccountID(s) {
		return s, true
	}
	a, ok := parseArn(s)
	if !ok || a.service != "iam" && a.service != "sts" {
		return "", false
	}
	root = a.service == "iam" && a.resource == "root"
	if isAccountID(a.account) {
		return a.account, root
	}
	return "", root
}

// roleArnName returns the role name (last path segment) and path of an IAM
// role ARN, and whether s is one.
func roleArnName(s string) (name, account string, ok bool) {
	a, ok := parseArn(s)
	if !ok || a.service != "iam" || !strings.HasPrefix(a.resource, "role/") {
		return "", "", false
	}
	res := a.resource[len("role/"):]
	if i := strings.LastIndexByte(res, '/'); i >= 0 {
		res = res[i+1:]
	}
	if res == "" {
		return "", "", false
	}
	acct := ""
	if isAccountID(a.account) {
		acct = a.account
	}
	return res, acct, true
}

// roleArn builds an IAM role ARN.
func roleArn(account, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:aws:iam::" + account + ":role" + path + name
}

// bucketFromArn returns the bucket name of an S3 ARN ("arn:aws:s3:::b" or
// "arn:aws:s3:::b/key").
func bucketFromArn(s string) (string, bool) {
	a, ok := parseArn(s)
	if !ok || a.service != "s3" || a.resource == "" {
		return "", false
	}
	name, _, _ := strings.Cut(a.resource, "/")
	return name, name != ""
}

// aliasName returns "alias/x" for "alias/x" or an alias ARN.
func aliasName(s string) (string, bool) {
	if strings.HasPrefix(s, "alias/") {
		return s, true
	}
	a, ok := parseArn(s)
	if ok && a.service == "kms" && strings.HasPrefix(a.resource, "alias/") {
		return a.resource, true
	}
	return "", false
}
