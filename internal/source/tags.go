package source

// cfnTags maps each CloudFormation YAML short-form tag to the key of its
// long form. !GetAtt with a scalar is special: "a.b" becomes ["a", "b"].
var cfnTags = map[string]string{
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!GetAtt":       "Fn::GetAtt",
	"!Sub":          "Fn::Sub",
	"!If":           "Fn::If",
	"!Join":         "Fn::Join",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!FindInMap":    "Fn::FindInMap",
	"!ImportValue":  "Fn::ImportValue",
	"!Base64":       "Fn::Base64",
	"!Cidr":         "Fn::Cidr",
	"!GetAZs":       "Fn::GetAZs",
	"!Equals":       "Fn::Equals",
	"!And":          "Fn::And",
	"!Or":           "Fn::Or",
	"!Not":          "Fn::Not",
	"!Transform":    "Fn::Transform",
	"!ToJsonString": "Fn::ToJsonString",
	"!Length":       "Fn::Length",
	"!ForEach":      "Fn::ForEach",
	// Rules-section functions, accepted by CloudFormation and cfn-lint.
	"!Contains":         "Fn::Contains",
	"!EachMemberEquals": "Fn::EachMemberEquals",
	"!EachMemberIn":     "Fn::EachMemberIn",
	"!RefAll":           "Fn::RefAll",
	"!ValueOf":          "Fn::ValueOf",
	"!ValueOfAll":       "Fn::ValueOfAll",
}

// LongForm returns the long-form key ("Fn::Sub", "Ref") of a CloudFormation
// short-form tag ("!Sub", "!Ref"), and whether tag is one.
func LongForm(tag string) (string, bool) {
	k, ok := cfnTags[tag]
	return k, ok
}

// coreTag returns the YAML core tag name ("str", "int", …) of a "!!x" or
// verbatim "!<tag:yaml.org,2002:x>" tag.
func coreTag(tag string) (string, bool) {
	const verbatim = "!<tag:yaml.org,2002:"
	switch {
	case len(tag) > 2 && tag[:2] == "!!":
		return tag[2:], true
	case len(tag) > len(verbatim) && tag[:len(verbatim)] == verbatim && tag[len(tag)-1] == '>':
		return tag[len(verbatim) : len(tag)-1], true
	}
	return "", false
}
