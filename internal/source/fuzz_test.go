package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that every error is a
// *SyntaxError, that a parsed tree is well formed (positions ≥ 1, no nil
// children, JSON-encodable through Interface) and that the strict JSON
// parser agrees with encoding/json.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.*")
	for _, file := range files {
		if strings.Contains(file, "golden") {
			continue
		}
		data, err := os.ReadFile(file)
		if err == nil {
			f.Add(data, strings.HasSuffix(file, ".json"))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		path := "f.yaml"
		if asJSON {
			path = "f.json"
		}
		lim := Limits{MaxNodes: 20000, MaxDepth: 50}
		doc, err := ParseWithLimits(path, data, lim)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SyntaxError: %v", err, err)
			}
			if se.Pos.Line < 0 || se.Pos.Column < 0 || (se.Pos.Line == 0) != (se.Pos.Column == 0) {
				t.Fatalf("bad error position: %v", err)
			}
			if doc != nil {
				t.Fatal("document and error")
			}
			if doc == nil && asJSON && json.Valid(data) && !bytes.HasPrefix(data, bom) &&
				!strings.Contains(se.Msg, "duplicate key") && !strings.Contains(se.Msg, "nesting deeper") &&
				!strings.Contains(se.Msg, "more than") && !strings.Contains(se.Msg, "UTF-16") &&
				!strings.Contains(se.Msg, "invalid UTF-8") {
				t.Fatalf("encoding/json accepts %q but: %v", data, err)
			}
			return
		}
		if doc.Format == "json" && doc.Root != nil && !json.Valid(doc.Src) {
			t.Fatalf("accepted invalid JSON %q", doc.Src)
		}
		nodes := 0
		var walk func(n *Node, depth int)
		walk = func(n *Node, depth int) {
			if n == nil {
				t.Fatal("nil node in tree")
			}
			nodes++
			if nodes > lim.MaxNodes {
				t.Fatalf("more than %d nodes", lim.MaxNodes)
			}
			if depth > lim.MaxDepth {
				t.Fatalf("deeper than %d", lim.MaxDepth)
			}
			if n.Pos.Line < 1 || n.Pos.Column < 1 {
				t.Fatalf("node %v at %v", n.Interface(), n.Pos)
			}
			if n.Kind < Null || n.Kind > Seq {
				t.Fatalf("kind %d", n.Kind)
			}
			for _, e := range n.Entries {
				if e.KeyPos.Line < 1 || e.KeyPos.Column < 1 {
					t.Fatalf("key %q at %v", e.Key, e.KeyPos)
				}
				walk(e.Value, depth+1)
			}
			for _, it := range n.Items {
				walk(it, depth+1)
			}
		}
		if doc.Root != nil {
			walk(doc.Root, 1)
			if _, err := json.Marshal(doc.Root.Interface()); err != nil {
				t.Fatalf("Interface not JSON-encodable: %v", err)
			}
		}
	})
}
