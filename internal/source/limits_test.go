package source

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// billionLaughs returns the classic exponential alias document: levels
// anchors, each a list of ten aliases of the one before.
func billionLaughs(levels int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 lol\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestBillionLaughs(t *testing.T) {
	src := billionLaughs(9) // 10^9 strings once expanded
	start := time.Now()
	_, err := Parse("laughs.yaml", []byte(src))
	elapsed := time.Since(start)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *SyntaxError", err)
	}
	want := fmt.Sprintf("expands past the limit of %d values", DefaultMaxNodes)
	if !strings.Contains(se.Msg, want) || se.Pos.Line < 2 || se.Limit != LimitMaxNodes {
		t.Errorf("error = %v", err)
	}
	// Refused before anything big is built: far below a second even on a
	// slow machine (it takes about a millisecond).
	if elapsed > 2*time.Second {
		t.Errorf("took %v", elapsed)
	}
}

func TestAliasesWithinLimits(t *testing.T) {
	// 10^4 values once expanded: allowed with the default limits…
	src := billionLaughs(4)
	doc, err := Parse("ok.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a4 := doc.Root.Get("a4")
	if len(a4.Items) != 10 || len(a4.Items[9].Items) != 10 || a4.Items[9].Items[9].Items[9].Items[9].Str != "lol" {
		t.Errorf("a4 not expanded: %v", a4.Interface())
	}
	// …and refused under a lower one.
	_, err = ParseWithLimits("ok.yaml", []byte(src), Limits{MaxNodes: 5000})
	if err == nil || !strings.Contains(err.Error(), "limit of 5000 values") {
		t.Errorf("MaxNodes 5000: err = %v", err)
	}
}

func TestDepthLimit(t *testing.T) {
	deep := func(n int, open, close string) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	tests := []struct {
		name, path, src string
		lim             Limits
		wantErr         string
	}{
		{"json at limit", "d.json", deep(200, "[", "]"), Limits{}, ""},
		{"json past limit", "d.json", deep(201, "[", "]"), Limits{}, "d.json:1:201: nesting deeper than 200 levels"},
		{"json very deep", "d.json", deep(100000, "[", "]"), Limits{}, "d.json:1:201: nesting deeper than 200 levels"},
		{"json objects", "d.json", deep(3, `{"a":`, "}"), Limits{MaxDepth: 2}, "d.json:1:11: nesting deeper than 2 levels"},
		{"yaml flow past limit", "d.yaml", "a: " + deep(200, "[", "]"), Limits{}, "d.yaml:1:203: nesting deeper than 200 levels"},
		{"yaml tags count", "d.yaml", "a: !Ref [!Ref [x]]", Limits{MaxDepth: 3}, "d.yaml:1:10: nesting deeper than 3 levels"},
		{"json many values", "n.json", "[" + strings.Repeat("1,", 99) + "1]", Limits{MaxNodes: 50}, "n.json:1:100: document has more than 50 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := ParseWithLimits(tt.path, []byte(tt.src), tt.lim)
			if time.Since(start) > 5*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("err = %q, want %q", got, tt.wantErr)
			}
		})
	}
}

func TestGuards(t *testing.T) {
	var b strings.Builder
	b.WriteString("Big: |\n")
	for i := 0; i < 6000; i++ {
		fmt.Fprintf(&b, "  line %d: not a key\n", i)
	}
	b.WriteString("List:\n")
	for i := 0; i < 6000; i++ {
		fmt.Fprintf(&b, "  - k: %d\n", i)
	}
	if _, err := Parse("ok.yaml", []byte(b.String())); err != nil {
		t.Errorf("block scalar and list lines counted as keys: %v", err)
	}
	b.Reset()
	b.WriteString("Resources:\n")
	for i := 0; i < 5001; i++ {
		fmt.Fprintf(&b, "  R%d: {Type: X}\n", i)
	}
	_, err := Parse("big.yaml", []byte(b.String()))
	if err == nil || err.Error() != "big.yaml:5002:3: more than 5000 keys in one map" {
		t.Errorf("err = %v", err)
	}
	deep := "a: " + strings.Repeat("[", 1001)
	if _, err := Parse("deep.yaml", []byte(deep)); err == nil || err.Error() != "deep.yaml:1:1004: nesting deeper than 200 levels" {
		t.Errorf("err = %v", err)
	}
	// Brackets in comments and in quoted strings inside flow do not count.
	ok := "# " + strings.Repeat("[", 2000) + "\na: ['" + strings.Repeat("{", 2000) + "']\n"
	if _, err := Parse("ok.yaml", []byte(ok)); err != nil {
		t.Errorf("err = %v", err)
	}
}

func TestDeepYAMLIsBounded(t *testing.T) {
	// goccy's parser recurses; make sure a pathological file stays fast
	// and ends in a clean error rather than a crash.
	var keys strings.Builder
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&keys, "k%d: v\n", i)
	}
	for _, src := range []string{
		"a: " + strings.Repeat("[", 200000) + strings.Repeat("]", 200000),
		"a: " + strings.Repeat("{b: ", 50000) + "1" + strings.Repeat("}", 50000),
		strings.Repeat("- ", 50000) + "x\n",
		strings.Repeat("a: [", 50000),
		keys.String(), // goccy is quadratic in the keys of a block map
	} {
		start := time.Now()
		_, err := Parse("deep.yaml", []byte(src))
		if err == nil {
			t.Errorf("%.20q…: no error", src)
		}
		var se *SyntaxError
		if err != nil && !errors.As(err, &se) {
			t.Errorf("%T: %v", err, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%.20q…: took %v", src, d)
		}
	}
}

func TestTokenBudget(t *testing.T) {
	flow := "a: [" + strings.Repeat("1,", 200) + "1]\n"
	tests := []struct {
		name, src string
		lim       Limits
		wantErr   string
		limit     string
	}{
		// 404 tokens ("a", ":", "[", 201 values, 200 commas, "]") for 203
		// values: within 3 tokens a value.
		{"flow list at budget", flow, Limits{MaxNodes: 203}, "", ""},
		{"flow list past budget", flow, Limits{MaxNodes: 100}, "t.yaml:1:306: document has more than 300 YAML tokens (3 per value allowed)", LimitMaxNodes},
		{"comments count", strings.Repeat("# c\n", 40) + "a: 1\n", Limits{MaxNodes: 10}, "t.yaml:31:1: document has more than 30 YAML tokens (3 per value allowed)", LimitMaxNodes},
		{"depth limit named", "a: [[[1]]]", Limits{MaxDepth: 2}, "t.yaml:1:5: nesting deeper than 2 levels", LimitMaxDepth},
		{"syntax error has no limit", "a: [", Limits{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWithLimits("t.yaml", []byte(tt.src), tt.lim)
			var se *SyntaxError
			switch {
			case tt.name == "syntax error has no limit":
				if !errors.As(err, &se) || se.Limit != "" {
					t.Fatalf("err = %v, limit %q", err, se.Limit)
				}
			case tt.wantErr == "":
				if err != nil {
					t.Fatalf("err = %v", err)
				}
			default:
				if err == nil || err.Error() != tt.wantErr || !errors.As(err, &se) || se.Limit != tt.limit {
					t.Fatalf("err = %v, want %q with limit %s", err, tt.wantErr, tt.limit)
				}
			}
		})
	}
}

func TestManyDocuments(t *testing.T) {
	// Keys are counted per document: 6,000 one-key documents are not one
	// map of 6,000 keys.
	var b strings.Builder
	for i := range 6000 {
		fmt.Fprintf(&b, "---\nk%d: v\n", i)
	}
	doc, err := Parse("docs.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if !doc.More || doc.Root.Get("k0").Str != "v" {
		t.Errorf("more %v root %v", doc.More, doc.Root.Interface())
	}
}
