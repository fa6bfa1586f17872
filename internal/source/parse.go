package source

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Limits bounds the work Parse does on one untrusted file.
type Limits struct {
	// MaxNodes is the most nodes a document may have after YAML aliases are
	// expanded; a "billion laughs" file fails as soon as it would pass it.
	MaxNodes int
	// MaxDepth is the deepest nesting of maps and sequences allowed
	// (short-form tags count as one level, as their long form does).
	MaxDepth int
}

// Names of the limits, as SyntaxError.Limit gives them.
const (
	LimitMaxNodes = "MaxNodes"
	LimitMaxDepth = "MaxDepth"
)

// Default limits. Real documents are far below them: the largest template
// of the examples and of a generated 1,000-setup corpus has 553 values and
// 9 levels. CloudFormation accepts templates of at most 1 MB (from S3), 500
// resources: at a realistic 30 bytes a value that is some 35,000 values.
// The node budget also bounds the memory of goccy's parser, which holds
// about 230 bytes per token (see yamlTokensPerNode): at 100,000 values a
// hostile YAML file stays under 256 MiB of peak RSS for the whole CLI.
const (
	DefaultMaxNodes = 100_000
	DefaultMaxDepth = 200
)

// DefaultLimits returns the limits Parse uses.
func DefaultLimits() Limits {
	return Limits{MaxNodes: DefaultMaxNodes, MaxDepth: DefaultMaxDepth}
}

func (l Limits) withDefaults() Limits {
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultMaxNodes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// Parse reads a YAML or JSON file into a Document with the default limits.
// See ParseWithLimits.
func Parse(path string, data []byte) (*Document, error) {
	return ParseWithLimits(path, data, DefaultLimits())
}

// ParseWithLimits reads a YAML or JSON file into a Document. The file is
// JSON when path ends in ".json", or when it does not end in ".yaml"/".yml"
// and its first non-space byte is '{' or '['; JSON is checked strictly
// (no comments, no trailing commas, no duplicate keys). YAML short-form
// CloudFormation tags are turned into their long form and aliases are
// expanded within lim. An empty file (or one holding only comments) gives a
// Document with a nil Root and KindUnknown.
//
// Every error returned is a *SyntaxError naming path and, when known, the
// 1-based line and column of the problem. Zero fields of lim take the
// defaults.
func ParseWithLimits(path string, data []byte, lim Limits) (*Document, error) {
	lim = lim.withDefaults()
	src, err := prepare(path, data)
	if err != nil {
		return nil, err
	}
	doc := &Document{Path: path, Src: src, Format: "yaml"}
	if isJSON(path, src) {
		doc.Format = "json"
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return doc, nil
	}
	if doc.Format == "json" {
		doc.Root, err = parseJSON(path, src, lim)
	} else {
		doc.Root, doc.More, err = parseYAML(path, src, lim)
	}
	if err != nil {
		return nil, err
	}
	doc.Kind = Detect(doc.Root)
	return doc, nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// prepare checks the raw bytes (binary, encoding) and returns the text with
// the BOM removed and line endings normalised to "\n".
func prepare(path string, data []byte) ([]byte, error) {
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		return nil, &SyntaxError{Path: path, Msg: "file is UTF-16 encoded; save it as UTF-8"}
	}
	data = bytes.TrimPrefix(data, bom)
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, &SyntaxError{Path: path, Pos: posAt(data, i), Msg: "binary file (NUL byte), not YAML or JSON"}
	}
	if !utf8.Valid(data) {
		i := firstInvalidUTF8(data)
		return nil, &SyntaxError{Path: path, Pos: posAt(data, i), Msg: "invalid UTF-8 (byte 0x" + hexByte(data[i]) + ")"}
	}
	if bytes.IndexByte(data, '\r') < 0 {
		return data, nil
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\r' {
			if i+1 < len(data) && data[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func hexByte(c byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// posAt returns the line and column (in characters) of byte offset off.
// Invalid UTF-8 before off counts one column per byte.
func posAt(b []byte, off int) Pos {
	if off > len(b) {
		off = len(b)
	}
	// Count line breaks as prepare normalises them: "\r\n", "\r" and
	// "\n" each end a line, so that a position in the raw bytes is the
	// same as in Document.Src.
	line, start := 1, 0
	for i := 0; i < off; i++ {
		switch b[i] {
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				continue
			}
			line, start = line+1, i+1
		case '\n':
			line, start = line+1, i+1
		}
	}
	return Pos{Line: line, Column: 1 + utf8.RuneCount(b[start:off])}
}

func isJSON(path string, src []byte) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return true
	case ".yaml", ".yml":
		return false
	}
	for _, c := range src {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}
