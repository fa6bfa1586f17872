package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	yaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/scanner"
	"github.com/goccy/go-yaml/token"
)

// parseYAML parses src with goccy/go-yaml and converts the first document
// to Nodes. more reports further non-empty documents.
func parseYAML(path string, src []byte, lim Limits) (root *Node, more bool, err error) {
	maxTokens := yamlTokensPerNode * lim.MaxNodes
	if off, deep := tooDeepFlow(src, 5*lim.MaxDepth, maxTokens/2); off >= 0 {
		if !deep {
			return nil, false, tooManyTokens(path, posAt(src, off), maxTokens)
		}
		return nil, false, &SyntaxError{Path: path, Pos: posAt(src, off), Msg: fmt.Sprintf("nesting deeper than %d levels", lim.MaxDepth), Limit: LimitMaxDepth}
	}
	if off := tooManyBlockKeys(src, maxBlockKeys); off >= 0 {
		return nil, false, &SyntaxError{Path: path, Pos: posAt(src, off), Msg: fmt.Sprintf("more than %d keys in one map", maxBlockKeys)}
	}
	f, err := parseAST(path, src, maxTokens)
	if err != nil {
		return nil, false, err
	}
	var body ast.Node
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		if _, ok := d.Body.(*ast.DirectiveNode); ok {
			continue
		}
		if body != nil {
			more = true
			break
		}
		body = d.Body
	}
	if body == nil {
		return nil, more, nil
	}
	c := &converter{path: path, src: src, lim: lim, anchors: map[string]ast.Node{}, active: map[ast.Node]bool{}, expanded: map[ast.Node]expansion{}}
	root, err = c.convert(body, 1, block{})
	if err != nil {
		return nil, false, err
	}
	return root, more, nil
}

// tooDeepFlow returns the offset where src nests deeper than guard, with
// deep true, or where it has more than maxSeps commas inside flow
// collections, with deep false; else -1.
//
// goccy's parser takes time quadratic in the nesting depth (it builds a
// path string per level), so a file of a few kilobytes of "[" or "- - -"
// would take minutes; this cheap scan refuses such files first. It counts
// flow brackets outside comments and (inside flow collections) quoted
// strings, and "- " / "? " runs at the start of a line. Real documents
// never come near the guard, which is well above Limits.MaxDepth.
//
// goccy's scanner returns a whole line's tokens at once, so a one-line
// flow list of a million items must be refused before it is scanned: each
// comma in a flow collection comes with a value, two tokens at least.
func tooDeepFlow(src []byte, guard, maxSeps int) (off int, deep bool) {
	depth, seps := 0, 0
	lineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		if lineStart {
			lineStart = false
			run := 0
			j := i
			for j < len(src) {
				for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				if j+1 < len(src) && (src[j] == '-' || src[j] == '?') && (src[j+1] == ' ' || src[j+1] == '\t') {
					run++
					if depth+run > guard {
						return j, true
					}
					j += 2
					continue
				}
				break
			}
			if j > i {
				i = j - 1
				continue
			}
		}
		switch c {
		case '\n':
			lineStart = true
		case '#':
			if i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' {
				for i+1 < len(src) && src[i+1] != '\n' {
					i++
				}
			}
		case '"', '\'':
			if depth == 0 {
				continue
			}
			for i++; i < len(src) && src[i] != c; i++ {
				if c == '"' && src[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			depth++
			if depth > guard {
				return i, true
			}
		case ',':
			if depth > 0 {
				seps++
				if seps > maxSeps {
					return i, false
				}
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return -1, false
}

// maxBlockKeys bounds the keys of one block map. goccy parses a block map
// recursively, one level per key, copying the keys gathered so far: time
// is quadratic in the number of keys (16,000 keys take a second; a 1 MB
// file of keys would take a minute). CloudFormation allows 500 resources.
const maxBlockKeys = 5000

// tooManyBlockKeys returns the offset of the line where a block map, found
// by indentation, passes max keys, or -1. Lines of block scalars ("|",
// ">") and sequence entries are not counted; it is an estimate that only
// needs to stay below goccy's slow zone and far above real files.
func tooManyBlockKeys(src []byte, max int) int {
	type level struct{ indent, keys int }
	var stack []level
	scalarIndent := -1 // inside a block scalar started at this indent
	for off := 0; off < len(src); {
		end := off
		for end < len(src) && src[end] != '\n' {
			end++
		}
		line := src[off:end]
		next := end + 1
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		rest := line[indent:]
		switch {
		case len(rest) == 0 || rest[0] == '#':
		case indent == 0 && isDocumentMarker(line):
			// A new document: its maps are new maps.
			stack, scalarIndent = stack[:0], -1
		case scalarIndent >= 0 && indent > scalarIndent:
		default:
			scalarIndent = -1
			for len(stack) > 0 && stack[len(stack)-1].indent > indent {
				stack = stack[:len(stack)-1]
			}
			if rest[0] != '-' {
				if len(stack) > 0 && stack[len(stack)-1].indent == indent {
					stack[len(stack)-1].keys++
					if stack[len(stack)-1].keys > max {
						return off + indent
					}
				} else {
					stack = append(stack, level{indent, 1})
				}
			}
			if startsBlockScalar(rest) {
				scalarIndent = indent
			}
		}
		off = next
	}
	return -1
}

// isDocumentMarker reports a line that starts or ends a YAML document
// ("---", "..."), which ends any block collection or scalar before it.
func isDocumentMarker(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) && !bytes.HasPrefix(line, []byte("...")) {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r'
}

// startsBlockScalar reports a line ending in a block scalar header
// ("|", ">-", "|2+"), ignoring a trailing comment.
func startsBlockScalar(line []byte) bool {
	if i := bytes.Index(line, []byte(" #")); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, " \t")
	i := len(line)
	for i > 0 && (line[i-1] == '+' || line[i-1] == '-' || line[i-1] >= '0' && line[i-1] <= '9') {
		i--
	}
	return i > 0 && (line[i-1] == '|' || line[i-1] == '>') && (i == 1 || line[i-2] == ' ')
}

// yamlTokensPerNode is how many of goccy's tokens a document may have per
// value allowed by Limits.MaxNodes. A value costs at most about three
// tokens ("key", ":", value; "-", value; value, ","), comments one each;
// real files have 2.7 tokens a value at most (examples/, a generated
// corpus). goccy holds some 230 bytes per token while parsing, so the
// token budget, checked while scanning, bounds the parser's memory before
// it starts: a 1 MiB flow list "[1,1,1,…]" is a million tokens and would
// take 470 MiB.
const yamlTokensPerNode = 3

// parseAST runs goccy's parser, turning its errors (and, defensively, its
// panics) into *SyntaxError. A file of more than maxTokens tokens is
// refused before it is parsed.
func parseAST(path string, src []byte, maxTokens int) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &SyntaxError{Path: path, Msg: fmt.Sprintf("YAML parser failed: %v", r)}
		}
	}()
	tokens, err := scanTokens(path, src, maxTokens)
	if err != nil {
		return nil, err
	}
	// Duplicate keys are found while converting, with both positions.
	f, err = parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	fixTagColumns(tokens)
	if err == nil {
		return f, nil
	}
	// Not err.Error(): goccy's prints a source excerpt, which is slow on
	// big files and not wanted here.
	var ye yaml.Error
	if errors.As(err, &ye) {
		return nil, &SyntaxError{Path: path, Pos: tokenPos(ye.GetToken()), Msg: ye.GetMessage()}
	}
	return nil, &SyntaxError{Path: path, Msg: err.Error()}
}

// scanTokens is lexer.Tokenize with a budget: it stops with an error at
// the first token past maxTokens.
func scanTokens(path string, src []byte, maxTokens int) (token.Tokens, error) {
	var s scanner.Scanner
	s.Init(string(src))
	var tokens token.Tokens
	for {
		sub, err := s.Scan()
		if err == io.EOF {
			return tokens, nil
		}
		tokens.Add(sub...)
		if len(tokens) > maxTokens {
			return nil, tooManyTokens(path, tokenPos(tokens[maxTokens]), maxTokens)
		}
	}
}

func tooManyTokens(path string, pos Pos, maxTokens int) error {
	return &SyntaxError{
		Path: path, Pos: pos, Limit: LimitMaxNodes,
		Msg: fmt.Sprintf("document has more than %d YAML tokens (%d per value allowed)", maxTokens, yamlTokensPerNode),
	}
}

// fixTagColumns corrects goccy's columns after a tag: its scanner counts a
// tag ("!Ref ") one column short, so every later token on the same line is
// one column to the left per tag before it. It runs after parsing, since
// the parser itself relies on its own columns for indentation.
func fixTagColumns(tokens token.Tokens) {
	line, shift := 0, 0
	var done map[*token.Position]bool
	for _, tk := range tokens {
		p := tk.Position
		if p == nil {
			continue
		}
		if p.Line != line {
			line, shift = p.Line, 0
		}
		if shift > 0 {
			if done == nil {
				done = map[*token.Position]bool{}
			}
			if !done[p] {
				done[p] = true
				p.Column += shift
			}
		}
		if tk.Type == token.TagType {
			shift++
		}
	}
}

func tokenPos(tk *token.Token) Pos {
	if tk == nil || tk.Position == nil || tk.Position.Line < 1 || tk.Position.Column < 1 {
		return Pos{}
	}
	return Pos{Line: tk.Position.Line, Column: tk.Position.Column}
}

func nodePos(n ast.Node) Pos {
	if n == nil {
		return Pos{}
	}
	return tokenPos(n.GetToken())
}

// block describes the block collection a value sits in, to catch goccy
// taking the lines after a value-less tag ("a: !Ref" then "b: 1") as the
// tag's value.
type block struct {
	kind NodeKind // Map or Seq; Null outside block collections
	col  int      // column of the key or of the "-"
}

type converter struct {
	path string
	src  []byte
	// lineStarts are the offsets of src's lines, built when first needed.
	lineStarts []int
	lim        Limits
	nodes      int
	// anchors maps an anchor name to its value, as defined so far.
	anchors map[string]ast.Node
	// active holds the anchored values being converted: an alias to one of
	// them is a cycle.
	active map[ast.Node]bool
	// expanded holds each anchored value once converted, for its aliases.
	expanded map[ast.Node]expansion
	// deepest is the deepest level converted so far (for anchors' heights).
	deepest int
}

// clampColumn moves a position past the end of its line back to just
// after the line's last character: goccy puts the implicit null of "key:"
// at the end of a line one column further, as if a space followed the colon.
func (c *converter) clampColumn(p Pos) Pos {
	if p.Line < 1 {
		return p
	}
	if c.lineStarts == nil {
		c.lineStarts = []int{0}
		for i, b := range c.src {
			if b == '\n' {
				c.lineStarts = append(c.lineStarts, i+1)
			}
		}
	}
	if p.Line > len(c.lineStarts) {
		return p
	}
	line := c.src[c.lineStarts[p.Line-1]:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if n := utf8.RuneCount(line); p.Column > n+1 {
		p.Column = n + 1
	}
	return p
}

func (c *converter) errAt(pos Pos, format string, args ...any) error {
	return &SyntaxError{Path: c.path, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// limitAt is errAt for a document that goes past a limit.
func (c *converter) limitAt(pos Pos, limit, format string, args ...any) error {
	return &SyntaxError{Path: c.path, Pos: pos, Msg: fmt.Sprintf(format, args...), Limit: limit}
}

func (c *converter) newNode(kind NodeKind, pos Pos) (*Node, error) {
	c.nodes++
	if c.nodes > c.lim.MaxNodes {
		return nil, c.limitAt(pos, LimitMaxNodes, "document has more than %d values", c.lim.MaxNodes)
	}
	return &Node{Kind: kind, Pos: pos}, nil
}

func (c *converter) tooDeep(pos Pos) error {
	return c.limitAt(pos, LimitMaxDepth, "nesting deeper than %d levels", c.lim.MaxDepth)
}

// convert turns one goccy node into a Node. depth is the nesting level of
// the node being made; in is the block collection it is a value of.
func (c *converter) convert(n ast.Node, depth int, in block) (*Node, error) {
	if depth > c.deepest {
		c.deepest = depth
	}
	switch v := n.(type) {
	case *ast.MappingNode:
		return c.mapping(v.Values, v.IsFlowStyle, nodePos(v), depth)
	case *ast.MappingValueNode:
		return c.mapping([]*ast.MappingValueNode{v}, v.IsFlowStyle, nodePos(v), depth)
	case *ast.SequenceNode:
		return c.sequence(v, depth)
	case *ast.TagNode:
		return c.tag(v, depth, in)
	case *ast.AnchorNode:
		return c.anchor(v, depth, in)
	case *ast.AliasNode:
		return c.alias(v, depth)
	case *ast.LiteralNode:
		n, err := c.newNode(String, nodePos(v))
		if err != nil {
			return nil, err
		}
		if v.Value != nil {
			n.Str = v.Value.Value
		}
		return n, nil
	case *ast.StringNode:
		n, err := c.newNode(String, nodePos(v))
		if err != nil {
			return nil, err
		}
		n.Str = v.Value
		if !isQuoted(v.Token) {
			n.Kind = plainKind(v.Value)
		}
		return n, nil
	case *ast.NullNode, *ast.BoolNode, *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		tk := n.GetToken()
		pos := tokenPos(tk)
		if tk != nil && tk.Type == token.ImplicitNullType {
			pos = c.clampColumn(pos)
		}
		n, err := c.newNode(Null, pos)
		if err != nil {
			return nil, err
		}
		if tk != nil && tk.Type != token.ImplicitNullType {
			n.Str = tk.Value
		}
		n.Kind = plainKind(n.Str)
		return n, nil
	case nil:
		return nil, c.errAt(Pos{}, "missing value")
	case *ast.MergeKeyNode:
		return nil, c.errAt(nodePos(v), "merge key << is only allowed as a map key")
	default:
		return nil, c.errAt(nodePos(n), "unsupported YAML construct (%s)", n.Type())
	}
}

func isQuoted(tk *token.Token) bool {
	return tk != nil && (tk.Type == token.SingleQuoteType || tk.Type == token.DoubleQuoteType)
}

func (c *converter) mapping(values []*ast.MappingValueNode, flow bool, pos Pos, depth int) (*Node, error) {
	if !flow && len(values) > 0 && values[0] != nil {
		// A block map starts at its first key; goccy points at the ':'.
		if p := nodePos(values[0].Key); p.Line > 0 {
			pos = p
		}
	}
	if depth > c.lim.MaxDepth {
		return nil, c.tooDeep(pos)
	}
	m, err := c.newNode(Map, pos)
	if err != nil {
		return nil, err
	}
	m.Entries = make([]Entry, 0, len(values))
	var seen map[string]int
	var merges []*Node
	for _, mv := range values {
		if mv == nil {
			continue
		}
		keyPos := nodePos(mv.Key)
		in := block{}
		if !flow {
			in = block{kind: Map, col: keyPos.Column}
		}
		if mv.Key != nil && mv.Key.IsMergeKey() {
			if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
				src, err := c.convert(mv.Value, depth+1, in)
				if err != nil {
					return nil, err
				}
				if err := c.mergeSources(src, &merges); err != nil {
					return nil, err
				}
				continue
			}
		}
		key, err := c.key(mv.Key, depth)
		if err != nil {
			return nil, err
		}
		if dup, ok := findKey(m.Entries, &seen, key); ok {
			first := m.Entries[dup].KeyPos
			return nil, c.errAt(keyPos, "duplicate key %q (first at %d:%d)", key, first.Line, first.Column)
		}
		var val *Node
		if mv.Value == nil {
			val, err = c.newNode(Null, keyPos)
		} else {
			val, err = c.convert(mv.Value, depth+1, in)
		}
		if err != nil {
			return nil, err
		}
		m.Entries = append(m.Entries, Entry{Key: key, KeyPos: keyPos, Value: val})
	}
	// YAML merge keys: explicit keys win, then earlier sources.
	for _, src := range merges {
		for _, e := range src.Entries {
			if _, ok := findKey(m.Entries, &seen, e.Key); !ok {
				m.Entries = append(m.Entries, e)
			}
		}
	}
	return m, nil
}

// mergeSources collects the maps a "<<" value names.
func (c *converter) mergeSources(src *Node, out *[]*Node) error {
	switch src.Kind {
	case Map:
		*out = append(*out, src)
		return nil
	case Seq:
		for _, it := range src.Items {
			if it.Kind != Map {
				return c.errAt(it.Pos, "merge key << needs a map or a list of maps")
			}
			*out = append(*out, it)
		}
		return nil
	}
	return c.errAt(src.Pos, "merge key << needs a map or a list of maps")
}

// key returns the text of a map key, which must be a scalar.
func (c *converter) key(k ast.Node, depth int) (string, error) {
	switch v := k.(type) {
	case nil:
		return "", c.errAt(Pos{}, "missing map key")
	case *ast.StringNode:
		return v.Value, nil
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", nil
		}
		return v.Value.Value, nil
	case *ast.NullNode, *ast.BoolNode, *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		tk := v.GetToken()
		if tk == nil || tk.Type == token.ImplicitNullType {
			return "", nil
		}
		return tk.Value, nil
	case *ast.MappingKeyNode:
		return c.key(v.Value, depth)
	case *ast.AnchorNode:
		name := anchorName(v.Name)
		c.anchors[name] = v.Value
		return c.key(v.Value, depth)
	case *ast.TagNode:
		tag := tagName(v)
		if _, ok := cfnTags[tag]; ok {
			return "", c.errAt(nodePos(v), "map key cannot be %s", tag)
		}
		n, err := c.tag(v, depth, block{})
		if err != nil {
			return "", err
		}
		if n.Kind == Map || n.Kind == Seq {
			return "", c.errAt(nodePos(v), "map key must be a scalar")
		}
		return n.Str, nil
	case *ast.AliasNode:
		n, err := c.alias(v, depth)
		if err != nil {
			return "", err
		}
		if n.Kind == Map || n.Kind == Seq {
			return "", c.errAt(nodePos(v), "map key must be a scalar")
		}
		return n.Str, nil
	}
	return "", c.errAt(nodePos(k), "map key must be a scalar")
}

func (c *converter) sequence(v *ast.SequenceNode, depth int) (*Node, error) {
	pos := nodePos(v)
	if depth > c.lim.MaxDepth {
		return nil, c.tooDeep(pos)
	}
	s, err := c.newNode(Seq, pos)
	if err != nil {
		return nil, err
	}
	in := block{}
	if !v.IsFlowStyle {
		in = block{kind: Seq, col: pos.Column}
	}
	s.Items = make([]*Node, 0, len(v.Values))
	for _, item := range v.Values {
		var n *Node
		if item == nil {
			n, err = c.newNode(Null, pos)
		} else {
			n, err = c.convert(item, depth+1, in)
		}
		if err != nil {
			return nil, err
		}
		s.Items = append(s.Items, n)
	}
	return s, nil
}

func tagName(v *ast.TagNode) string {
	if v.Start == nil {
		return ""
	}
	return v.Start.Value
}

func anchorName(n ast.Node) string {
	if n == nil {
		return ""
	}
	if s, ok := n.(*ast.StringNode); ok {
		return s.Value
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}

// swallowed reports whether goccy took the lines after a tag that has no
// value on its own line as the tag's value, although they are at an
// indentation that makes them siblings of the tagged node.
func swallowed(tagPos Pos, val ast.Node, in block) bool {
	if in.kind == Null {
		return false
	}
	for {
		switch v := val.(type) {
		case *ast.AnchorNode:
			val = v.Value
			continue
		case *ast.TagNode:
			val = v.Value
			continue
		}
		break
	}
	var kind NodeKind
	var p Pos
	switch v := val.(type) {
	case *ast.MappingNode:
		if v.IsFlowStyle || len(v.Values) == 0 || v.Values[0] == nil {
			return false
		}
		kind, p = Map, nodePos(v.Values[0].Key)
	case *ast.MappingValueNode:
		if v.IsFlowStyle {
			return false
		}
		kind, p = Map, nodePos(v.Key)
	case *ast.SequenceNode:
		if v.IsFlowStyle {
			return false
		}
		kind, p = Seq, nodePos(v)
	default:
		return false
	}
	if p.Line <= tagPos.Line {
		return false
	}
	// A block sequence may sit at its key's column ("a:\n- x"); anything
	// else must be indented deeper than the collection holding the tag.
	if in.kind == Map && kind == Seq {
		return p.Column < in.col
	}
	return p.Column <= in.col
}

func (c *converter) tag(v *ast.TagNode, depth int, in block) (*Node, error) {
	tag := tagName(v)
	pos := nodePos(v)
	if v.Value != nil && swallowed(pos, v.Value, in) {
		return nil, c.errAt(pos, "%s has no value (write it on the same line, or indent the lines below)", tag)
	}
	if fn, ok := cfnTags[tag]; ok {
		if depth > c.lim.MaxDepth {
			return nil, c.tooDeep(pos)
		}
		w, err := c.newNode(Map, pos)
		if err != nil {
			return nil, err
		}
		w.Tag = tag
		var inner *Node
		if isEmpty(v.Value) {
			inner, err = c.newNode(Null, pos)
		} else {
			inner, err = c.convert(v.Value, depth+1, block{})
		}
		if err != nil {
			return nil, err
		}
		if tag == "!GetAtt" && inner.Kind == String {
			inner, err = c.splitGetAtt(inner, v.Value)
			if err != nil {
				return nil, err
			}
		}
		w.Entries = []Entry{{Key: fn, KeyPos: pos, Value: inner}}
		return w, nil
	}
	core, ok := coreTag(tag)
	if !ok && tag != "!" {
		return nil, c.errAt(pos, "unknown tag %s", tag)
	}
	var n *Node
	var err error
	if isEmpty(v.Value) {
		n, err = c.newNode(Null, pos)
	} else {
		n, err = c.convert(v.Value, depth, in)
	}
	if err != nil {
		return nil, err
	}
	scalar := n.Kind != Map && n.Kind != Seq
	switch core {
	case "": // "!": a non-specific tag makes a scalar a string
		if scalar {
			n.Kind = String
		}
		return n, nil
	case "str", "binary", "timestamp":
		if scalar {
			n.Kind = String
			return n, nil
		}
	case "int", "float":
		if scalar && (isCoreNumber(n.Str) || plainKind(n.Str) == Number) {
			n.Kind = Number
			return n, nil
		}
		if scalar {
			return nil, c.errAt(pos, "%q is not a number for %s", n.Str, tag)
		}
	case "bool":
		if scalar && plainKind(n.Str) == Bool {
			n.Kind = Bool
			return n, nil
		}
		if scalar {
			return nil, c.errAt(pos, "%q is not a boolean for %s", n.Str, tag)
		}
	case "null":
		if scalar && plainKind(n.Str) == Null {
			n.Kind = Null
			return n, nil
		}
	case "map":
		if n.Kind == Map {
			return n, nil
		}
	case "seq":
		if n.Kind == Seq {
			return n, nil
		}
	default:
		return nil, c.errAt(pos, "unknown tag %s", tag)
	}
	return nil, c.errAt(pos, "value does not fit its tag %s", tag)
}

// isEmpty reports a missing value or an implicit null (a tag with nothing
// after it).
func isEmpty(n ast.Node) bool {
	if n == nil {
		return true
	}
	if nn, ok := n.(*ast.NullNode); ok {
		tk := nn.GetToken()
		return tk == nil || tk.Type == token.ImplicitNullType
	}
	return false
}

// splitGetAtt turns the scalar of "!GetAtt a.b.c" into ["a", "b.c"], each
// part at its own column when the scalar is on one line. A scalar without
// a dot is kept as written, for the rules to report.
func (c *converter) splitGetAtt(s *Node, src ast.Node) (*Node, error) {
	dot := -1
	for i := 0; i < len(s.Str); i++ {
		if s.Str[i] == '.' {
			dot = i
			break
		}
	}
	if dot < 0 {
		return s, nil
	}
	seq, err := c.newNode(Seq, s.Pos)
	if err != nil {
		return nil, err
	}
	a, err := c.newNode(String, s.Pos)
	if err != nil {
		return nil, err
	}
	a.Str = s.Str[:dot]
	b, err := c.newNode(String, s.Pos)
	if err != nil {
		return nil, err
	}
	b.Str = s.Str[dot+1:]
	if sn, ok := src.(*ast.StringNode); ok {
		// Offsets are only exact for single-line text without escapes.
		tk := sn.Token
		if tk != nil && !containsSpace(s.Str) {
			shift := utf8.RuneCountInString(a.Str) + 1
			if isQuoted(tk) {
				a.Pos.Column++
				shift++
			}
			if tk.Type != token.DoubleQuoteType || !containsBackslash(tk.Origin) {
				b.Pos.Column = s.Pos.Column + shift
			}
		}
	}
	seq.Items = []*Node{a, b}
	return seq, nil
}

func containsSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '\t' || s[i] == '\n' {
			return true
		}
	}
	return false
}

func containsBackslash(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			return true
		}
	}
	return false
}

func (c *converter) anchor(v *ast.AnchorNode, depth int, in block) (*Node, error) {
	name := anchorName(v.Name)
	if isEmpty(v.Value) {
		c.anchors[name] = nil
		return c.newNode(Null, nodePos(v))
	}
	c.anchors[name] = v.Value
	c.active[v.Value] = true
	saved, nodes := c.deepest, c.nodes
	c.deepest = depth
	n, err := c.convert(v.Value, depth, in)
	delete(c.active, v.Value)
	if err != nil {
		return nil, err
	}
	cp := *n // the tree's copy may be retagged; keep the anchor's own
	c.expanded[v.Value] = expansion{node: &cp, size: c.nodes - nodes, height: c.deepest - depth + 1}
	c.deepest = max(c.deepest, saved)
	return n, nil
}

// expansion is an anchored value, converted once; aliases share its
// children and count its size against the limits.
type expansion struct {
	node   *Node
	size   int // nodes in node's tree, aliases expanded
	height int // levels in node's tree, 1 for a scalar
}

func (c *converter) alias(v *ast.AliasNode, depth int) (*Node, error) {
	name := anchorName(v.Value)
	pos := nodePos(v)
	target, ok := c.anchors[name]
	if !ok {
		return nil, c.errAt(pos, "unknown alias *%s", name)
	}
	if target == nil {
		return c.newNode(Null, pos)
	}
	if c.active[target] {
		return nil, c.errAt(pos, "alias *%s refers to the node that contains it (cycle)", name)
	}
	e, ok := c.expanded[target]
	if !ok {
		// Anchors on map keys are scalars that were not kept: convert again.
		c.active[target] = true
		n, err := c.convert(target, depth, block{})
		delete(c.active, target)
		if err != nil {
			return nil, err
		}
		n.Pos = pos
		return n, nil
	}
	if depth+e.height-1 > c.lim.MaxDepth {
		return nil, c.tooDeep(pos)
	}
	if c.nodes+e.size > c.lim.MaxNodes {
		return nil, c.limitAt(pos, LimitMaxNodes, "alias *%s expands past the limit of %d values (billion laughs?)", name, c.lim.MaxNodes)
	}
	c.nodes += e.size
	c.deepest = max(c.deepest, depth+e.height-1)
	n := *e.node
	n.Pos = pos
	return &n, nil
}
