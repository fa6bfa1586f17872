// Package source reads YAML and JSON files into a tree of nodes that keeps
// every key's and value's line and column, normalises CloudFormation
// short-form tags (!Ref, !Sub, !GetAtt a.b, …) into their long form
// ({"Ref": …}, {"Fn::Sub": …}, {"Fn::GetAtt": ["a", "b"]}), and tells what
// kind of document a file holds. It is the first step of the lint data path:
// files → documents → facts → rules → findings → reports.
package source

import "fmt"

// Pos is a 1-based line and column in a file. The zero Pos means unknown.
// Column counts characters (Unicode code points), not bytes, so a value
// after Japanese text on the same line has the column an editor shows.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// NodeKind is the kind of a Node.
type NodeKind int

// Node kinds.
const (
	Null NodeKind = iota
	String
	Number
	Bool
	Map
	Seq
)

// Node is one value of a parsed document. Scalars keep their text in Str
// (numbers and booleans as written: "1", "true"). Maps keep key order.
// Values reached through a YAML alias share their children with the
// anchored value: treat a parsed tree as read-only.
type Node struct {
	Kind NodeKind
	// Pos is where the value starts.
	Pos Pos
	// Tag is the CloudFormation short-form tag the value was written with
	// ("!Sub"), kept for messages; the node itself is already in long form.
	Tag string
	// Str is a scalar's text.
	Str string
	// Entries are a map's keys and values, in source order.
	Entries []Entry
	// Items are a sequence's values.
	Items []*Node
}

// Entry is one key of a map node.
type Entry struct {
	Key    string
	KeyPos Pos
	Value  *Node
}

// Get returns the value of key in a map node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i := range n.Entries {
		if n.Entries[i].Key == key {
			return n.Entries[i].Value
		}
	}
	return nil
}

// DocKind is what a document is, detected from its content.
type DocKind string

// Document kinds.
const (
	KindUnknown     DocKind = ""             // not a document the linter reads; skipped quietly
	KindTemplate    DocKind = "template"     // CloudFormation template (Resources / AWSTemplateFormatVersion)
	KindPolicy      DocKind = "policy"       // bare IAM/KMS/S3 policy document (Statement)
	KindTrustPolicy DocKind = "trust-policy" // policy whose statements are sts:AssumeRole with Principal
	KindPipeline    DocKind = "pipeline"     // pipeline.json for create-pipeline / update-pipeline
)

// Document is one parsed file.
type Document struct {
	// Path is the file's path as given by the caller.
	Path string
	// Format is "yaml" or "json".
	Format string
	// Kind is the detected kind.
	Kind DocKind
	// Root is the document's top node.
	Root *Node
	// Src is the file's content, kept for source excerpts in reports: a
	// UTF-8 byte order mark is removed and CRLF/CR line endings are
	// normalised to LF, so line N of Src is line N of every Pos.
	Src []byte
	// More is true when a YAML file holds further documents after the first
	// ("---"); only the first is in Root.
	More bool
}

// SyntaxError is a file that cannot be parsed, at a position.
type SyntaxError struct {
	Path string
	Pos  Pos
	Msg  string
	// Limit names the field of Limits the document went past ("MaxNodes",
	// "MaxDepth"); "" for a plain syntax error.
	Limit string
}

func (e *SyntaxError) Error() string {
	if e.Pos.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Column, e.Msg)
}
