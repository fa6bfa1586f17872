package source

import (
	"bytes"
	"strings"
)

// Detect tells what kind of document root is:
//   - KindTemplate: a map with Resources (a map) or AWSTemplateFormatVersion;
//   - KindPipeline: a map with a "pipeline" map that has stages, or name and
//     roleArn; or itself a map with stages and artifactStore(s);
//   - KindTrustPolicy: a policy whose every statement has a Principal and
//     only sts:AssumeRole-family actions;
//   - KindPolicy: any other map with Statement;
//   - KindUnknown otherwise.
func Detect(root *Node) DocKind {
	if root == nil || root.Kind != Map {
		return KindUnknown
	}
	if r := root.Get("Resources"); r != nil && r.Kind == Map || root.Get("AWSTemplateFormatVersion") != nil {
		return KindTemplate
	}
	if p := root.Get("pipeline"); p != nil && p.Kind == Map {
		if p.Get("stages") != nil || p.Get("name") != nil && p.Get("roleArn") != nil {
			return KindPipeline
		}
	}
	if root.Get("stages") != nil && (root.Get("artifactStore") != nil || root.Get("artifactStores") != nil) {
		return KindPipeline
	}
	if st := root.Get("Statement"); st != nil {
		if isTrustPolicy(st) {
			return KindTrustPolicy
		}
		return KindPolicy
	}
	return KindUnknown
}

// trustActions are the actions a role trust policy grants.
var trustActions = map[string]bool{
	"sts:assumerole":                true,
	"sts:assumerolewithwebidentity": true,
	"sts:assumerolewithsaml":        true,
	"sts:tagsession":                true,
	"sts:setsourceidentity":         true,
	"sts:setcontext":                true,
}

func isTrustPolicy(st *Node) bool {
	stmts := []*Node{st}
	if st.Kind == Seq {
		stmts = st.Items
	}
	if len(stmts) == 0 {
		return false
	}
	for _, s := range stmts {
		if s.Kind != Map || s.Get("Principal") == nil {
			return false
		}
		a := s.Get("Action")
		if a == nil {
			return false
		}
		actions := []*Node{a}
		if a.Kind == Seq {
			actions = a.Items
		}
		if len(actions) == 0 {
			return false
		}
		for _, x := range actions {
			if x.Kind != String || !trustActions[strings.ToLower(x.Str)] {
				return false
			}
		}
	}
	return true
}

var relevantMarkers = [][]byte{
	[]byte("AWSTemplateFormatVersion"),
	[]byte("Resources"),
	[]byte("Statement"),
	[]byte(`"pipeline"`),
	[]byte("pipeline:"),
	[]byte("artifactStore"),
}

// LooksRelevant is a cheap byte-level check, for walking folders, that a
// file may be a template, a policy or a pipeline declaration. Files that
// fail it (Helm charts, package.json, …) are skipped without parsing, so
// their syntax is never reported.
func LooksRelevant(data []byte) bool {
	for _, m := range relevantMarkers {
		if bytes.Contains(data, m) {
			return true
		}
	}
	return false
}
