package facts

import "strings"

// Readable rewrites the unknown parts of s ("{{?…}}") for people, in the
// ${…} notation of CloudFormation's Fn::Sub: "{{?AWS::Region}}" becomes
// "${AWS::Region}", "{{?tools.yaml#KMSKey}}" becomes "${KMSKey}" (the value
// of that resource in its template), and an unknown value that has no name
// becomes "${…}". Messages that rules build from facts go through it.
func Readable(s string) string {
	if !strings.Contains(s, UnknownOpen) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, UnknownOpen)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i+len(UnknownOpen):], UnknownClose)
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		what := s[i+len(UnknownOpen) : i+len(UnknownOpen)+j]
		b.WriteString(s[:i])
		b.WriteString("${" + readableName(what) + "}")
		s = s[i+len(UnknownOpen)+j+len(UnknownClose):]
	}
}

func readableName(what string) string {
	if k := strings.LastIndex(what, "#"); k >= 0 {
		what = what[k+1:]
	}
	if what == "" || strings.HasPrefix(what, "/") {
		return "…"
	}
	return what
}
