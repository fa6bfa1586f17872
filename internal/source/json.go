package source

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonParser is a strict RFC 8259 parser that builds Nodes directly, with
// positions, in one pass. It exists (rather than encoding/json plus a YAML
// parser) so that every error, including the non-JSON syntax people put in
// pipeline.json (comments, trailing commas, single quotes), has an exact
// line and column and a message that says what is wrong.
type jsonParser struct {
	path  string
	src   []byte
	off   int
	lim   Limits
	nodes int

	// position cache: cur is the Pos of byte offset curOff; pos() advances
	// it forward so that computing positions is linear overall.
	curOff int
	cur    Pos
}

func parseJSON(path string, src []byte, lim Limits) (*Node, error) {
	p := &jsonParser{path: path, src: src, lim: lim, cur: Pos{Line: 1, Column: 1}}
	p.skipSpace()
	if err := p.checkComment(); err != nil {
		return nil, err
	}
	n, err := p.value(1)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.off < len(p.src) {
		if err := p.checkComment(); err != nil {
			return nil, err
		}
		return nil, p.errAt(p.off, "unexpected %s after the top-level JSON value", p.describe(p.off))
	}
	return n, nil
}

// pos returns the position of byte offset off.
func (p *jsonParser) pos(off int) Pos {
	if off < p.curOff {
		p.curOff, p.cur = 0, Pos{Line: 1, Column: 1}
	}
	src := p.src
	for p.curOff < off && p.curOff < len(src) {
		c := src[p.curOff]
		if c == '\n' {
			p.cur.Line++
			p.cur.Column = 1
		} else if c&0xC0 != 0x80 {
			p.cur.Column++
		}
		p.curOff++
	}
	return p.cur
}

// limitAt is errAt for a document that goes past a limit.
func (p *jsonParser) limitAt(off int, limit, format string, args ...any) error {
	return &SyntaxError{Path: p.path, Pos: p.pos(off), Msg: fmt.Sprintf(format, args...), Limit: limit}
}

func (p *jsonParser) errAt(off int, format string, args ...any) error {
	return &SyntaxError{Path: p.path, Pos: p.pos(off), Msg: fmt.Sprintf(format, args...)}
}

// describe names the character at off for an error message.
func (p *jsonParser) describe(off int) string {
	if off >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[off:])
	if r < 0x20 || r == 0x7F {
		return fmt.Sprintf("character U+%04X", r)
	}
	return fmt.Sprintf("character %q", r)
}

func (p *jsonParser) skipSpace() {
	for p.off < len(p.src) {
		switch p.src[p.off] {
		case ' ', '\t', '\n', '\r':
			p.off++
		default:
			return
		}
	}
}

// checkComment reports a comment at the current offset.
func (p *jsonParser) checkComment() error {
	if p.off+1 < len(p.src) && p.src[p.off] == '/' && (p.src[p.off+1] == '/' || p.src[p.off+1] == '*') {
		return p.errAt(p.off, "JSON does not allow comments")
	}
	if p.off < len(p.src) && p.src[p.off] == '#' {
		return p.errAt(p.off, "JSON does not allow comments")
	}
	return nil
}

func (p *jsonParser) newNode(kind NodeKind, off int) (*Node, error) {
	p.nodes++
	if p.nodes > p.lim.MaxNodes {
		return nil, p.limitAt(off, LimitMaxNodes, "document has more than %d values", p.lim.MaxNodes)
	}
	return &Node{Kind: kind, Pos: p.pos(off)}, nil
}

// value parses one value at p.off (spaces already skipped).
func (p *jsonParser) value(depth int) (*Node, error) {
	if p.off >= len(p.src) {
		return nil, p.errAt(p.off, "unexpected end of file, expected a JSON value")
	}
	switch c := p.src[p.off]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		start := p.off
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		n, err := p.newNode(String, start)
		if err != nil {
			return nil, err
		}
		n.Str = s
		return n, nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == '\'':
		return nil, p.errAt(p.off, "JSON strings must use double quotes")
	case c == '/' || c == '#':
		if err := p.checkComment(); err != nil {
			return nil, err
		}
	}
	// literals
	for _, lit := range [...]struct {
		text string
		kind NodeKind
	}{{"true", Bool}, {"false", Bool}, {"null", Null}} {
		if p.hasWord(lit.text) {
			n, err := p.newNode(lit.kind, p.off)
			if err != nil {
				return nil, err
			}
			n.Str = lit.text
			p.off += len(lit.text)
			return n, nil
		}
	}
	if w := p.word(); w != "" {
		switch w {
		case "True", "False", "TRUE", "FALSE", "Null", "NULL", "None", "nil", "undefined", "NaN", "Infinity":
			return nil, p.errAt(p.off, "%q is not a JSON value (use true, false, null, a number or a quoted string)", w)
		}
		return nil, p.errAt(p.off, "unquoted string %q: JSON strings must be in double quotes", w)
	}
	return nil, p.errAt(p.off, "unexpected %s, expected a JSON value", p.describe(p.off))
}

// hasWord reports whether the literal w starts at p.off and is not followed
// by more identifier characters.
func (p *jsonParser) hasWord(w string) bool {
	end := p.off + len(w)
	if end > len(p.src) || string(p.src[p.off:end]) != w {
		return false
	}
	return end == len(p.src) || !isWordByte(p.src[end])
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// word returns the identifier-like run at p.off, for error messages.
func (p *jsonParser) word() string {
	end := p.off
	for end < len(p.src) && isWordByte(p.src[end]) && end-p.off < 40 {
		end++
	}
	for end > p.off && !utf8.Valid(p.src[p.off:end]) {
		end--
	}
	return string(p.src[p.off:end])
}

func (p *jsonParser) object(depth int) (*Node, error) {
	open := p.off
	if depth > p.lim.MaxDepth {
		return nil, p.limitAt(open, LimitMaxDepth, "nesting deeper than %d levels", p.lim.MaxDepth)
	}
	n, err := p.newNode(Map, open)
	if err != nil {
		return nil, err
	}
	p.off++ // {
	var seen map[string]int
	comma := -1 // offset of the last comma, if the previous token was one
	for {
		p.skipSpace()
		if err := p.checkComment(); err != nil {
			return nil, err
		}
		if p.off >= len(p.src) {
			return nil, p.errAt(p.off, "unexpected end of file: object opened at %s is not closed", p.posString(open))
		}
		c := p.src[p.off]
		if c == '}' {
			if comma >= 0 {
				return nil, p.errAt(comma, "trailing comma")
			}
			p.off++
			return n, nil
		}
		if len(n.Entries) > 0 && comma < 0 {
			return nil, p.errAt(p.off, "expected ',' or '}' after object member, found %s", p.describe(p.off))
		}
		// key
		keyOff := p.off
		switch {
		case c == '"':
		case c == '\'':
			return nil, p.errAt(p.off, "JSON strings must use double quotes")
		case isWordByte(c):
			return nil, p.errAt(p.off, "object key %q must be a double-quoted string", p.word())
		default:
			return nil, p.errAt(p.off, "unexpected %s, expected an object key", p.describe(p.off))
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		keyPos := p.pos(keyOff)
		if dup, ok := findKey(n.Entries, &seen, key); ok {
			return nil, p.errAt(keyOff, "duplicate key %q (first at %d:%d)", key, n.Entries[dup].KeyPos.Line, n.Entries[dup].KeyPos.Column)
		}
		p.skipSpace()
		if err := p.checkComment(); err != nil {
			return nil, err
		}
		if p.off >= len(p.src) || p.src[p.off] != ':' {
			if p.off < len(p.src) && p.src[p.off] == '=' {
				return nil, p.errAt(p.off, "expected ':' after object key, found '='")
			}
			return nil, p.errAt(p.off, "expected ':' after object key %q, found %s", key, p.describe(p.off))
		}
		p.off++
		p.skipSpace()
		if err := p.checkComment(); err != nil {
			return nil, err
		}
		if p.off < len(p.src) && (p.src[p.off] == '}' || p.src[p.off] == ',') {
			return nil, p.errAt(p.off, "missing value for key %q", key)
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Entries = append(n.Entries, Entry{Key: key, KeyPos: keyPos, Value: v})
		p.skipSpace()
		if err := p.checkComment(); err != nil {
			return nil, err
		}
		comma = -1
		if p.off < len(p.src) && p.src[p.off] == ',' {
			comma = p.off
			p.off++
		}
	}
}

func (p *jsonParser) array(depth int) (*Node, error) {
	open := p.off
	if depth > p.lim.MaxDepth {
		return nil, p.limitAt(open, LimitMaxDepth, "nesting deeper than %d levels", p.lim.MaxDepth)
	}
	n, err := p.newNode(Seq, open)
	if err != nil {
		return nil, err
	}
	p.off++ // [
	comma := -1
	for {
		p.skipSpace()
		if err := p.checkComment(); err != nil {
			return nil, err
		}
		if p.off >= len(p.src) {
			return nil, p.errAt(p.off, "unexpected end of file: array opened at %s is not closed", p.posString(open))
		}
		c := p.src[p.off]
		if c == ']' {
			if comma >= 0 {
				return nil, p.errAt(comma, "trailing comma")
			}
			p.off++
			return n, nil
		}
		if len(n.Items) > 0 && comma < 0 {
			return nil, p.errAt(p.off, "expected ',' or ']' after array element, found %s", p.describe(p.off))
		}
		if c == ',' {
			return nil, p.errAt(p.off, "missing array element before ','")
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Items = append(n.Items, v)
		p.skipSpace()
		if err := p.checkComment(); err != nil {
			return nil, err
		}
		comma = -1
		if p.off < len(p.src) && p.src[p.off] == ',' {
			comma = p.off
			p.off++
		}
	}
}

func (p *jsonParser) posString(off int) string {
	// positions of openings were passed earlier; recomputing is only on
	// error paths.
	pos := posAt(p.src, off)
	return fmt.Sprintf("%d:%d", pos.Line, pos.Column)
}

// str parses a string at p.off (which is '"') and returns its value.
func (p *jsonParser) str() (string, error) {
	start := p.off
	p.off++
	src := p.src
	// fast path: no escapes
	i := p.off
	for i < len(src) {
		c := src[i]
		if c == '"' {
			s := string(src[p.off:i])
			p.off = i + 1
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	var b strings.Builder
	b.Write(src[p.off:i])
	for i < len(src) {
		c := src[i]
		switch {
		case c == '"':
			p.off = i + 1
			return b.String(), nil
		case c == '\n':
			return "", p.errAt(start, "string is not closed before the end of the line")
		case c < 0x20:
			return "", p.errAt(i, "control character U+%04X in string (escape it)", c)
		case c == '\\':
			if i+1 >= len(src) {
				i++
				continue
			}
			e := src[i+1]
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := hex4(src, i+2)
				if !ok {
					return "", p.errAt(i, "invalid \\u escape in string (need 4 hex digits)")
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if r2, ok := hex4(src, i+2); ok && i+1 < len(src) && src[i] == '\\' && src[i+1] == 'u' {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							b.WriteRune(d)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				b.WriteRune(r)
				continue
			default:
				return "", p.errAt(i, "invalid escape '\\%c' in string", rune(e))
			}
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", p.errAt(start, "string is not closed")
}

func hex4(src []byte, at int) (rune, bool) {
	if at+4 > len(src) {
		return 0, false
	}
	var r rune
	for _, c := range src[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number parses -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
func (p *jsonParser) number() (*Node, error) {
	src := p.src
	start := p.off
	i := start
	digits := func() int {
		s := i
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
		}
		return i - s
	}
	bad := func() error {
		end := i
		for end < len(src) && isWordByte(src[end]) {
			end++
		}
		return p.errAt(start, "invalid number %q", string(src[start:end]))
	}
	if src[i] == '-' {
		i++
	}
	intStart := i
	nd := digits()
	if nd == 0 {
		return nil, bad()
	}
	if nd > 1 && src[intStart] == '0' {
		return nil, p.errAt(start, "invalid number %q: leading zeros are not allowed", string(src[start:i]))
	}
	if i < len(src) && src[i] == '.' {
		i++
		if digits() == 0 {
			return nil, bad()
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if digits() == 0 {
			return nil, bad()
		}
	}
	if i < len(src) && isWordByte(src[i]) {
		return nil, bad()
	}
	n, err := p.newNode(Number, start)
	if err != nil {
		return nil, err
	}
	n.Str = string(src[start:i])
	p.off = i
	return n, nil
}

// findKey reports the index of key in entries, using (and building, for
// big maps) the index in *seen.
func findKey(entries []Entry, seen *map[string]int, key string) (int, bool) {
	const linear = 16
	if len(entries) < linear {
		for i := range entries {
			if entries[i].Key == key {
				return i, true
			}
		}
		return 0, false
	}
	if *seen == nil {
		*seen = make(map[string]int, 2*len(entries))
		for i := range entries {
			if _, ok := (*seen)[entries[i].Key]; !ok {
				(*seen)[entries[i].Key] = i
			}
		}
	}
	i, ok := (*seen)[key]
	if !ok {
		(*seen)[key] = len(entries)
	}
	return i, ok
}
