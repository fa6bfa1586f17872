package facts

import (
	"strconv"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// val is a document value after CloudFormation intrinsics are resolved,
// with the JSON pointer of where it was written. Bare documents convert to
// val unchanged.
type val struct {
	kind    source.NodeKind
	str     string
	pos     source.Pos
	ptr     string
	entries []ventry
	items   []*val
}

type ventry struct {
	key    string
	keyPos source.Pos
	v      *val
}

// get returns the value of key in a map val, or nil.
func (v *val) get(key string) *val {
	if e := v.entry(key); e != nil {
		return e.v
	}
	return nil
}

// entry returns key's entry in a map val, or nil.
func (v *val) entry(key string) *ventry {
	if v == nil || v.kind != source.Map {
		return nil
	}
	for i := range v.entries {
		if v.entries[i].key == key {
			return &v.entries[i]
		}
	}
	return nil
}

// scalar returns a scalar's text and whether v is a scalar (string,
// number or bool; null is not).
func (v *val) scalar() (string, bool) {
	if v == nil {
		return "", false
	}
	switch v.kind {
	case source.String, source.Number, source.Bool:
		return v.str, true
	}
	return "", false
}

// text returns a scalar's text, "" otherwise.
func (v *val) text() string {
	s, _ := v.scalar()
	return s
}

// isMap reports whether v is a map.
func (v *val) isMap() bool { return v != nil && v.kind == source.Map }

// child returns the pointer of a map key below ptr.
func child(ptr, key string) string { return ptr + "/" + source.EscapePointer(key) }

// index returns the pointer of a list item below ptr.
func index(ptr string, i int) string { return ptr + "/" + strconv.Itoa(i) }

// fromNode converts a bare document's node into a val.
func fromNode(n *source.Node, ptr string) *val {
	if n == nil {
		return nil
	}
	v := &val{kind: n.Kind, str: n.Str, pos: n.Pos, ptr: ptr}
	switch n.Kind {
	case source.Map:
		v.entries = make([]ventry, 0, len(n.Entries))
		for _, e := range n.Entries {
			v.entries = append(v.entries, ventry{key: e.Key, keyPos: e.KeyPos, v: fromNode(e.Value, child(ptr, e.Key))})
		}
	case source.Seq:
		v.items = make([]*val, 0, len(n.Items))
		for i, it := range n.Items {
			v.items = append(v.items, fromNode(it, index(ptr, i)))
		}
	}
	return v
}

// sameVal reports whether two vals are equal, ignoring positions.
func sameVal(a, b *val) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.kind != b.kind || a.str != b.str || len(a.entries) != len(b.entries) || len(a.items) != len(b.items) {
		return false
	}
	for i := range a.entries {
		if a.entries[i].key != b.entries[i].key || !sameVal(a.entries[i].v, b.entries[i].v) {
			return false
		}
	}
	for i := range a.items {
		if !sameVal(a.items[i], b.items[i]) {
			return false
		}
	}
	return true
}
