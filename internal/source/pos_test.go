package source

import (
	"errors"
	"testing"
)

// TestRawPositionsCountCR: errors found in the raw bytes (a NUL, invalid
// UTF-8) count CR and CRLF line breaks as Document.Src does, so that the
// position is inside the document (found by FuzzLintDocument: "\r\x00"
// was reported at 1:2 of a document whose first line is empty).
func TestRawPositionsCountCR(t *testing.T) {
	tests := []struct {
		src  string
		want Pos
	}{
		{"\r\x00", Pos{Line: 2, Column: 1}},
		{"a\r\nb\x00", Pos{Line: 2, Column: 2}},
		{"a\r\r\n\x00", Pos{Line: 3, Column: 1}},
		{"a\n\rb\xff", Pos{Line: 3, Column: 2}},
		{"é\x00", Pos{Line: 1, Column: 2}},
	}
	for _, tt := range tests {
		_, err := Parse("f.yaml", []byte(tt.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("Parse(%q) error = %v, want a SyntaxError", tt.src, err)
		}
		if se.Pos != tt.want {
			t.Errorf("Parse(%q): error at %d:%d, want %d:%d (%s)", tt.src, se.Pos.Line, se.Pos.Column, tt.want.Line, tt.want.Column, se.Msg)
		}
	}
}
