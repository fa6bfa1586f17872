package model

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// maxNodes bounds the values one file may expand to; aliases can repeat a
// subtree many times, and a setup file has a few hundred values at most.
const maxNodes = 100_000

// maxMergeDepth bounds nested merge keys ("<<: *a" inside a mapping that is
// itself merged), which could otherwise loop through an alias cycle.
const maxMergeDepth = 16

// pos is a 1-based line and column; the zero pos means unknown.
type pos struct{ line, col int }

// fieldPos is where a field was written: its key (zero for list items and
// the root) and its value (for a mapping, its first key or its "{").
type fieldPos struct {
	key, value pos
}

// positions maps a field path ("targets[0].deploy.kind") to where it was
// written. A nil positions is valid and knows nothing (a Setup built in code).
type positions map[string]fieldPos

// anchorDef is one "&name" in the file.
type anchorDef struct {
	offset int
	node   ast.Node
}

// decoder turns a goccy AST into a Setup, strictly, collecting every problem.
type decoder struct {
	file    string
	anchors map[string][]anchorDef
	pos     positions
	bad     map[string]bool // paths that already have a decode error
	null    map[string]bool // paths written with no value ("key:" or "key: null")
	errs    []*FieldError
	budget  int
}

// decodeFile parses src and decodes its single document into a Setup. It
// returns the Setup (possibly partial), the positions of its fields, and the
// problems found while decoding; a syntax error is returned alone.
func decodeFile(file string, src []byte) (*Setup, *decoder) {
	d := &decoder{
		file:    file,
		anchors: map[string][]anchorDef{},
		pos:     positions{},
		bad:     map[string]bool{},
		null:    map[string]bool{},
		budget:  maxNodes,
	}
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		d.syntaxError(err)
		return nil, d
	}
	var docs []*ast.DocumentNode
	for _, doc := range f.Docs {
		if doc != nil && doc.Body != nil {
			docs = append(docs, doc)
		}
	}
	if len(docs) == 0 {
		d.errs = append(d.errs, &FieldError{File: file, Line: 1, Column: 1,
			Message: "the file holds no settings: expected a mapping with pipeline, tools, source and targets"})
		return nil, d
	}
	if len(docs) > 1 {
		p := nodePos(docs[1].Body)
		if st := docs[1].Start; st != nil && st.Position != nil {
			p = pos{st.Position.Line, st.Position.Column}
		}
		d.errs = append(d.errs, &FieldError{File: file, Line: p.line, Column: p.col,
			Message: "a setup file holds one YAML document; found another here"})
	}
	ast.Walk(anchorCollector{d}, docs[0].Body)
	for _, defs := range d.anchors {
		slices.SortStableFunc(defs, func(a, b anchorDef) int { return a.offset - b.offset })
	}
	s := new(Setup)
	d.decode(docs[0].Body, "", reflect.ValueOf(s).Elem())
	return s, d
}

// syntaxError records a goccy parse error with the position goccy reports.
func (d *decoder) syntaxError(err error) {
	fe := &FieldError{File: d.file, Message: "YAML syntax error: " + err.Error()}
	var ye yaml.Error
	if errors.As(err, &ye) {
		fe.Message = "YAML syntax error: " + ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			fe.Line, fe.Column = tk.Position.Line, tk.Position.Column
		}
	}
	if fe.Line == 0 {
		fe.Line, fe.Column = 1, 1
	}
	d.errs = append(d.errs, fe)
}

// anchorCollector records every anchor of the document, in order.
type anchorCollector struct{ d *decoder }

// Visit implements ast.Visitor.
func (a anchorCollector) Visit(n ast.Node) ast.Visitor {
	if an, ok := n.(*ast.AnchorNode); ok && an.Name != nil {
		name := an.Name.GetToken().Value
		a.d.anchors[name] = append(a.d.anchors[name], anchorDef{offset: offset(an), node: an.Value})
	}
	return a
}

func offset(n ast.Node) int {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Offset
	}
	return 0
}

// nodePos is where a node starts: a block mapping at its first key (goccy
// puts a mapping's token at its first ":"), anything else at its token.
func nodePos(n ast.Node) pos {
	if n == nil {
		return pos{}
	}
	if m, ok := n.(*ast.MappingNode); ok && !m.IsFlowStyle && len(m.Values) > 0 {
		return nodePos(m.Values[0].Key)
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return pos{tk.Position.Line, tk.Position.Column}
	}
	return pos{}
}

// errorf records a problem at p for path; the message is prefixed with the path.
func (d *decoder) errorf(path string, p pos, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	d.errs = append(d.errs, &FieldError{File: d.file, Line: p.line, Column: p.col, Path: path, Message: msg})
	d.bad[path] = true
}

// resolve strips anchors and standard tags and follows aliases. It returns
// nil (after recording a problem) for a node that cannot be used.
func (d *decoder) resolve(n ast.Node, path string) ast.Node {
	for range 64 {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			name := ""
			if v.Value != nil {
				name = v.Value.GetToken().Value
			}
			target := d.anchorBefore(name, offset(v))
			if target == nil {
				d.errorf(path, nodePos(v), "alias *%s refers to no anchor &%s before it", printable(name), printable(name))
				return nil
			}
			n = target
		case *ast.TagNode:
			tag := v.Start.Value
			if !strings.HasPrefix(tag, "!!") {
				d.errorf(path, nodePos(v), "YAML tag %s is not supported in a setup file", tag)
				return nil
			}
			n = v.Value
		default:
			return n
		}
	}
	d.errorf(path, nodePos(n), "aliases nest too deeply")
	return nil
}

// anchorBefore returns the value of the last anchor called name defined
// before offset off.
func (d *decoder) anchorBefore(name string, off int) ast.Node {
	defs := d.anchors[name] // in document order
	i := sort.Search(len(defs), func(i int) bool { return defs[i].offset >= off })
	if i == 0 {
		return nil
	}
	return defs[i-1].node
}

// kindOf names a node's kind for messages.
func kindOf(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "nothing"
	case *ast.BoolNode:
		return "a boolean"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "a number"
	default:
		return "a string"
	}
}

// scalarText is the text of a scalar as written (without quotes), so that an
// unquoted 012345678901 stays an account ID rather than becoming a number.
func scalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

// decode fills v from n; path names v for messages and positions.
func (d *decoder) decode(n ast.Node, path string, v reflect.Value) {
	if !d.spend(path, n) {
		return
	}
	at := nodePos(n)
	n = d.resolve(n, path)
	if n == nil {
		return
	}
	fp := d.pos[path]
	fp.value = at
	d.pos[path] = fp
	if _, ok := n.(*ast.NullNode); ok {
		d.null[path] = true
		return // absent: the zero value
	}
	switch v.Kind() {
	case reflect.String:
		s, ok := scalarText(n)
		if !ok {
			d.errorf(path, at, "expected a string, found %s", kindOf(n))
			return
		}
		v.SetString(s)
	case reflect.Int:
		in, ok := n.(*ast.IntegerNode)
		if !ok {
			d.errorf(path, at, "expected a whole number, found %s", describe(n))
			return
		}
		var i int64
		switch x := in.GetValue().(type) {
		case int64:
			i = x
		case uint64:
			i = math.MaxInt64
			if x < math.MaxInt64 {
				i = int64(x)
			}
		}
		v.SetInt(i)
	case reflect.Bool:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			d.errorf(path, at, "expected true or false, found %s", describe(n))
			return
		}
		v.SetBool(b.Value)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.decode(n, path, p.Elem())
		v.Set(p)
	case reflect.Slice:
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			d.errorf(path, at, "expected a list, found %s", describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
		for i, item := range seq.Values {
			d.decode(item, fmt.Sprintf("%s[%d]", path, i), s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			d.errorf(path, at, "expected a mapping, found %s", describe(n))
			return
		}
		out := reflect.MakeMap(v.Type())
		for _, e := range d.entries(m, path, 0) {
			child := joinPath(path, e.key)
			d.pos[child] = fieldPos{key: e.keyPos}
			ev := reflect.New(v.Type().Elem()).Elem()
			d.decode(e.value, child, ev)
			out.SetMapIndex(reflect.ValueOf(e.key), ev)
		}
		v.Set(out)
	case reflect.Struct:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			d.errorf(path, at, "expected a mapping, found %s", describe(n))
			return
		}
		fields := structFields(v.Type())
		for _, e := range d.entries(m, path, 0) {
			child := joinPath(path, e.key)
			idx, ok := fields[e.key]
			if !ok {
				d.errorf(child, e.keyPos, "unknown field%s", suggest(e.key, v.Type()))
				continue
			}
			d.pos[child] = fieldPos{key: e.keyPos}
			d.decode(e.value, child, v.Field(idx))
		}
	default:
		// Not reached: the model has no other kinds.
		d.errorf(path, at, "cannot decode into %s", v.Type())
	}
}

// spend counts one more value read and tells whether the budget allows it;
// the first time it does not, it records why.
func (d *decoder) spend(path string, n ast.Node) bool {
	if d.budget <= 0 {
		return false
	}
	d.budget--
	if d.budget == 0 {
		d.errorf(path, nodePos(n), "the file expands to more than %d values (aliases?); a setup file is much smaller", maxNodes)
		return false
	}
	return true
}

// describe names a scalar by its text and other nodes by their kind.
func describe(n ast.Node) string {
	if s, ok := scalarText(n); ok {
		return fmt.Sprintf("%q", s)
	}
	return kindOf(n)
}

// entry is one key of a mapping after merge keys are applied.
type entry struct {
	key    string
	keyPos pos
	value  ast.Node
}

// entries lists a mapping's keys in order, with keys merged in through "<<"
// added after them unless written explicitly (earlier merge sources win).
func (d *decoder) entries(m *ast.MappingNode, path string, depth int) []entry {
	var own, merged []entry
	for _, mv := range m.Values {
		if mv == nil || mv.Key == nil {
			continue
		}
		if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
			if depth >= maxMergeDepth {
				d.errorf(path, nodePos(mv.Key), "merge keys nest too deeply")
				continue
			}
			src := d.resolve(mv.Value, path)
			var sources []ast.Node
			switch s := src.(type) {
			case *ast.MappingNode:
				sources = []ast.Node{s}
			case *ast.SequenceNode:
				for _, item := range s.Values {
					sources = append(sources, d.resolve(item, path))
				}
			case nil:
			default:
				d.errorf(path, nodePos(mv.Value), "a merge key (<<) needs a mapping or a list of mappings, found %s", kindOf(s))
			}
			for _, s := range sources {
				if !d.spend(path, mv) {
					break
				}
				sm, ok := s.(*ast.MappingNode)
				if !ok {
					if s != nil {
						d.errorf(path, nodePos(mv.Value), "a merge key (<<) needs a mapping or a list of mappings, found %s", kindOf(s))
					}
					continue
				}
				merged = append(merged, d.entries(sm, path, depth+1)...)
			}
			continue
		}
		key, ok := d.keyText(mv.Key, path)
		if !ok {
			continue
		}
		own = append(own, entry{key: key, keyPos: nodePos(mv.Key), value: mv.Value})
	}
	seen := map[string]bool{}
	out := make([]entry, 0, len(own)+len(merged))
	for _, list := range [][]entry{own, merged} {
		for _, e := range list {
			if !seen[e.key] {
				seen[e.key] = true
				out = append(out, e)
			}
		}
	}
	return out
}

// keyText is a mapping key's text; keys must be scalars.
func (d *decoder) keyText(k ast.Node, path string) (string, bool) {
	if mk, ok := k.(*ast.MappingKeyNode); ok {
		k = mk.Value
	}
	r := d.resolve(k, path)
	if r == nil {
		return "", false
	}
	s, ok := scalarText(r)
	if !ok {
		d.errorf(path, nodePos(k), "a key must be a plain string, found %s", kindOf(r))
		return "", false
	}
	return s, true
}

// joinPath appends a field name to a path. A name that is not a plain
// word (a map key with spaces, dots or control characters) is quoted, so
// that a path stays on one line.
func joinPath(parent, name string) string {
	if !plainKeyRe.MatchString(name) {
		return parent + "[" + strconv.Quote(name) + "]"
	}
	if parent == "" {
		return name
	}
	return parent + "." + name
}

var plainKeyRe = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// structFields maps the YAML names of a struct's fields to their index.
func structFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		if name := yamlName(t.Field(i)); name != "" {
			m[name] = i
		}
	}
	return m
}

func yamlName(f reflect.StructField) string {
	tag := f.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// suggest proposes the known field closest to an unknown one, or lists the
// known fields when none is close.
func suggest(unknown string, t reflect.Type) string {
	var names []string
	for i := range t.NumField() {
		if n := yamlName(t.Field(i)); n != "" {
			names = append(names, n)
		}
	}
	best, bestDist := "", 3
	for _, n := range names {
		dist := editDistance(strings.ToLower(unknown), strings.ToLower(n))
		if dist < bestDist {
			best, bestDist = n, dist
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	slices.Sort(names)
	return "; known fields: " + strings.Join(names, ", ")
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return math.MaxInt32
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// printable returns s as it is when it is printable on one line, else
// quoted with Go escapes, so that a message stays one line whatever a
// document holds.
func printable(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}
