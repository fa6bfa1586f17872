package source

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// find follows a JSON pointer ("/Resources/Role/0") from n.
func find(t *testing.T, n *Node, ptr string) *Node {
	t.Helper()
	if ptr == "" {
		return n
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch {
		case n == nil:
			t.Fatalf("pointer %s: nil node before %q", ptr, tok)
		case n.Kind == Map:
			n = n.Get(tok)
		case n.Kind == Seq:
			i, err := strconv.Atoi(tok)
			if err != nil || i >= len(n.Items) {
				t.Fatalf("pointer %s: no item %q", ptr, tok)
			}
			n = n.Items[i]
		default:
			t.Fatalf("pointer %s: scalar before %q", ptr, tok)
		}
	}
	if n == nil {
		t.Fatalf("pointer %s: not found", ptr)
	}
	return n
}

// keyPos returns the KeyPos of the entry ptr names.
func keyPos(t *testing.T, root *Node, ptr string) Pos {
	t.Helper()
	i := strings.LastIndexByte(ptr, '/')
	parent := find(t, root, ptr[:i])
	key := strings.NewReplacer("~1", "/", "~0", "~").Replace(ptr[i+1:])
	for _, e := range parent.Entries {
		if e.Key == key {
			return e.KeyPos
		}
	}
	t.Fatalf("no key %s", ptr)
	return Pos{}
}

func mustParseFile(t *testing.T, path string) *Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(path, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return doc
}

func TestPositions(t *testing.T) {
	type want struct {
		ptr    string
		pos    Pos
		kind   NodeKind
		str    string // scalars only
		tag    string
		keyPos Pos // zero: not checked
	}
	tests := []struct {
		file  string
		wants []want
	}{
		{"testdata/yaml/tags.yaml", []want{
			{ptr: "/Conditions/IsProd", pos: Pos{3, 11}, kind: Map, tag: "!Equals", keyPos: Pos{3, 3}},
			{ptr: "/Conditions/IsProd/Fn::Equals", pos: Pos{3, 19}, kind: Seq},
			{ptr: "/Conditions/IsProd/Fn::Equals/0", pos: Pos{3, 20}, kind: Map, tag: "!Ref"},
			{ptr: "/Conditions/IsProd/Fn::Equals/0/Ref", pos: Pos{3, 25}, kind: String, str: "Env"},
			{ptr: "/Conditions/IsProd/Fn::Equals/1", pos: Pos{3, 30}, kind: String, str: "prod"},
			{ptr: "/Resources/Role", pos: Pos{6, 5}, kind: Map, keyPos: Pos{5, 3}},
			// !Sub nested inside an !If list.
			{ptr: "/Resources/Role/Properties/RoleName", pos: Pos{8, 17}, kind: Map, tag: "!If", keyPos: Pos{8, 7}},
			{ptr: "/Resources/Role/Properties/RoleName/Fn::If", pos: Pos{8, 21}, kind: Seq},
			{ptr: "/Resources/Role/Properties/RoleName/Fn::If/0", pos: Pos{8, 22}, kind: String, str: "IsProd"},
			{ptr: "/Resources/Role/Properties/RoleName/Fn::If/1", pos: Pos{8, 30}, kind: Map, tag: "!Sub"},
			{ptr: "/Resources/Role/Properties/RoleName/Fn::If/1/Fn::Sub", pos: Pos{8, 35}, kind: String, str: "${AWS::StackName}-prod"},
			{ptr: "/Resources/Role/Properties/RoleName/Fn::If/2/Ref", pos: Pos{8, 66}, kind: String, str: "AWS::NoValue"},
			// !GetAtt a.b splits at the first dot; each part has its column.
			{ptr: "/Resources/Role/Properties/Arn", pos: Pos{9, 12}, kind: Map, tag: "!GetAtt"},
			{ptr: "/Resources/Role/Properties/Arn/Fn::GetAtt", pos: Pos{9, 20}, kind: Seq},
			{ptr: "/Resources/Role/Properties/Arn/Fn::GetAtt/0", pos: Pos{9, 20}, kind: String, str: "Role"},
			{ptr: "/Resources/Role/Properties/Arn/Fn::GetAtt/1", pos: Pos{9, 25}, kind: String, str: "Arn"},
			{ptr: "/Resources/Role/Properties/ArnList/Fn::GetAtt/1", pos: Pos{10, 31}, kind: String, str: "Arn"},
			{ptr: "/Resources/Role/Properties/Resource/Fn::Join/1/0", pos: Pos{11, 29}, kind: Map, tag: "!GetAtt"},
			{ptr: "/Resources/Role/Properties/Resource/Fn::Join/1/0/Fn::GetAtt/1", pos: Pos{11, 44}, kind: String, str: "Arn"},
			{ptr: "/Resources/Role/Properties/Resource/Fn::Join/1/1", pos: Pos{11, 49}, kind: String, str: "/*"},
			{ptr: "/Resources/Role/Properties/Cond", pos: Pos{12, 13}, kind: Map, tag: "!Condition"},
			{ptr: "/Resources/Role/Properties/Cond/Condition", pos: Pos{12, 24}, kind: String, str: "IsProd"},
			{ptr: "/Resources/Role/Properties/Plain", pos: Pos{13, 20}, kind: String, str: "123"},
			{ptr: "/Resources/Role/Properties/Script/Fn::Sub", pos: Pos{14, 20}, kind: String, str: "echo ${AWS::Region}\n"},
			{ptr: "/Resources/Role/Properties/Selected/Fn::Select", pos: Pos{17, 9}, kind: Seq},
			{ptr: "/Resources/Role/Properties/Selected/Fn::Select/0", pos: Pos{17, 11}, kind: Number, str: "0"},
			{ptr: "/Resources/Role/Properties/Selected/Fn::Select/1/Fn::GetAZs", pos: Pos{18, 19}, kind: String, str: ""},
			{ptr: "/Resources/Role/Properties/Quoted/Fn::GetAtt/0", pos: Pos{19, 24}, kind: String, str: "Res"},
			{ptr: "/Resources/Role/Properties/Quoted/Fn::GetAtt/1", pos: Pos{19, 28}, kind: String, str: "Outputs.Name"},
		}},
		{"testdata/yaml/anchors.yaml", []want{
			// An alias takes the position where it is used.
			{ptr: "/Copy", pos: Pos{10, 7}, kind: Map},
			{ptr: "/Copy/Effect", pos: Pos{2, 11}, kind: String, str: "Allow"},
			{ptr: "/Statements/0/Effect", pos: Pos{2, 11}, kind: String, str: "Allow"},
			{ptr: "/Statements/1/Effect", pos: Pos{8, 13}, kind: String, str: "Deny"},
			{ptr: "/Statements/1/Resource", pos: Pos{3, 13}, kind: String, str: "*"},
			{ptr: "/Ref/Ref", pos: Pos{12, 11}, kind: String, str: "Bucket"},
		}},
		{"testdata/yaml/scalars.yaml", []want{
			{ptr: "/yes", pos: Pos{2, 6}, kind: String, str: "yes"},
			{ptr: "/on", pos: Pos{3, 5}, kind: String, str: "on"},
			{ptr: "/int", kind: Number, str: "42", pos: Pos{4, 6}},
			{ptr: "/neg", kind: Number, str: "-7", pos: Pos{5, 6}},
			{ptr: "/plus", kind: Number, str: "+1", pos: Pos{6, 7}},
			{ptr: "/octal", kind: Number, str: "0o17", pos: Pos{7, 8}},
			{ptr: "/hex", kind: Number, str: "0x1F", pos: Pos{8, 6}},
			{ptr: "/leading", kind: Number, str: "010", pos: Pos{9, 10}},
			{ptr: "/under", kind: String, str: "1_000", pos: Pos{10, 8}},
			{ptr: "/float", kind: Number, str: "1.5", pos: Pos{11, 8}},
			{ptr: "/exp", kind: Number, str: "1e3", pos: Pos{12, 6}},
			{ptr: "/dot", kind: Number, str: ".5", pos: Pos{13, 6}},
			{ptr: "/trail", kind: Number, str: "1.", pos: Pos{14, 8}},
			{ptr: "/inf", kind: Number, str: "-.inf", pos: Pos{15, 6}},
			{ptr: "/nan", kind: Number, str: ".nan", pos: Pos{16, 6}},
			{ptr: "/date", kind: String, str: "2012-10-17", pos: Pos{17, 7}},
			{ptr: "/version", kind: String, str: "2012-10-17", pos: Pos{18, 10}},
			{ptr: "/t", kind: Bool, str: "true", pos: Pos{19, 4}},
			{ptr: "/f", kind: Bool, str: "FALSE", pos: Pos{20, 4}},
			{ptr: "/n", kind: Null, str: "null", pos: Pos{21, 4}},
			{ptr: "/tilde", kind: Null, str: "~", pos: Pos{22, 8}},
			{ptr: "/empty", kind: Null, str: "", pos: Pos{23, 7}},
			{ptr: "/quoted", kind: String, str: "true", pos: Pos{24, 9}},
			// Columns count characters, not bytes.
			{ptr: "/日本語", kind: String, str: "値", pos: Pos{25, 6}, keyPos: Pos{25, 1}},
		}},
		// goccy puts the implicit null of "key:" at the end of a line one
		// column past the line's end (found by FuzzLintDocument).
		{"testdata/yaml/implicit-null.yaml", []want{
			{ptr: "/key", kind: Null, pos: Pos{1, 5}, keyPos: Pos{1, 1}},
			{ptr: "/list/0", kind: Null, pos: Pos{3, 4}},
			{ptr: "/list/1", kind: String, str: "x", pos: Pos{4, 5}},
			{ptr: "/flow/a", kind: Null, pos: Pos{5, 10}},
			{ptr: "/last", kind: Null, pos: Pos{6, 6}, keyPos: Pos{6, 1}},
		}},
		{"testdata/article/pipeline-without-comment.json", []want{
			{ptr: "", pos: Pos{1, 1}, kind: Map},
			{ptr: "/pipeline/name", pos: Pos{3, 13}, kind: String, str: "cross-pipeline", keyPos: Pos{3, 5}},
			{ptr: "/pipeline/artifactStore/encryptionKey/type", pos: Pos{10, 17}, kind: String, str: "KMS", keyPos: Pos{10, 9}},
			{ptr: "/pipeline/stages", pos: Pos{13, 15}, kind: Seq, keyPos: Pos{13, 5}},
			{ptr: "/pipeline/stages/0", pos: Pos{14, 7}, kind: Map},
			{ptr: "/pipeline/stages/0/actions/0/runOrder", pos: Pos{25, 25}, kind: Number, str: "1", keyPos: Pos{25, 13}},
			{ptr: "/pipeline/stages/0/actions/0/configuration/ApplicationName", pos: Pos{29, 34}, kind: String, str: "<CodeDeployApplication名>"},
			{ptr: "/pipeline/stages/0/actions/0/outputArtifacts", pos: Pos{36, 32}, kind: Seq},
			{ptr: "/pipeline/stages/0/actions/0/region", pos: Pos{43, 23}, kind: String, str: "ap-northeast-1"},
		}},
		{"testdata/article/tools-snippet.yaml", []want{
			{ptr: "/ArtifactBucketPolicy/Properties/Bucket", pos: Pos{20, 13}, kind: Map, tag: "!Ref"},
			{ptr: "/ArtifactBucketPolicy/Properties/PolicyDocument/Statement/0", pos: Pos{23, 11}, kind: Map},
			{ptr: "/ArtifactBucketPolicy/Properties/PolicyDocument/Statement/0/Resource/0/Fn::Sub", pos: Pos{27, 20}, kind: String, str: "${ArtifactBucket.Arn}/*"},
			{ptr: "/ArtifactBucketPolicy/Properties/PolicyDocument/Statement/0/Resource/1/Fn::GetAtt/1", pos: Pos{28, 38}, kind: String, str: "Arn"},
			{ptr: "/ArtifactBucketPolicy/Properties/PolicyDocument/Statement/0/Condition/Bool/aws:SecureTransport", pos: Pos{31, 36}, kind: Bool, str: "false", keyPos: Pos{31, 15}},
			{ptr: "/ArtifactBucketPolicy/Properties/PolicyDocument/Statement/2/Principal/AWS", pos: Pos{44, 18}, kind: String, str: "arn:aws:iam::<アカウントBのアカウントID>:root"},
			{ptr: "/KMSKey/Properties/KeyPolicy", pos: Pos{60, 16}, kind: Map, tag: "!Sub"},
			{ptr: "/KMSKey/Properties/KeySpec", pos: Pos{139, 14}, kind: String, str: "SYMMETRIC_DEFAULT"},
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			doc := mustParseFile(t, tt.file)
			for _, w := range tt.wants {
				n := find(t, doc.Root, w.ptr)
				if n.Pos != w.pos || n.Kind != w.kind || n.Tag != w.tag {
					t.Errorf("%s: got pos %v kind %v tag %q, want %v %v %q", w.ptr, n.Pos, n.Kind, n.Tag, w.pos, w.kind, w.tag)
				}
				if n.Kind != Map && n.Kind != Seq && n.Str != w.str {
					t.Errorf("%s: Str = %q, want %q", w.ptr, n.Str, w.str)
				}
				if w.keyPos != (Pos{}) {
					if got := keyPos(t, doc.Root, w.ptr); got != w.keyPos {
						t.Errorf("%s: KeyPos = %v, want %v", w.ptr, got, w.keyPos)
					}
				}
			}
		})
	}
}

func TestLongForm(t *testing.T) {
	src := `a: !Ref x
b: !GetAtt Res.Attr.Deep
c: !GetAtt [Res, Attr]
d: !Sub 's'
e: !If [c, !Sub 'x', !Ref y]
f: !Join ['', [!GetAtt X.Arn, '/*']]
g: !Condition c
h: !GetAZs ''
i: !Not [!Equals [a, b]]
k: !GetAtt NoDot
j: !Ref
`
	doc, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"a": map[string]any{"Ref": "x"},
		"b": map[string]any{"Fn::GetAtt": []any{"Res", "Attr.Deep"}},
		"c": map[string]any{"Fn::GetAtt": []any{"Res", "Attr"}},
		"d": map[string]any{"Fn::Sub": "s"},
		"e": map[string]any{"Fn::If": []any{"c", map[string]any{"Fn::Sub": "x"}, map[string]any{"Ref": "y"}}},
		"f": map[string]any{"Fn::Join": []any{"", []any{map[string]any{"Fn::GetAtt": []any{"X", "Arn"}}, "/*"}}},
		"g": map[string]any{"Condition": "c"},
		"h": map[string]any{"Fn::GetAZs": ""},
		"i": map[string]any{"Fn::Not": []any{map[string]any{"Fn::Equals": []any{"a", "b"}}}},
		"j": map[string]any{"Ref": nil},
		"k": map[string]any{"Fn::GetAtt": "NoDot"},
	}
	if diff := cmp.Diff(want, doc.Root.Interface()); diff != "" {
		t.Errorf("long form (-want +got):\n%s", diff)
	}
	for tag, key := range cfnTags {
		doc, err := Parse("t.yaml", []byte("v: "+tag+" [x]\n"))
		if err != nil {
			t.Errorf("%s: %v", tag, err)
			continue
		}
		v := doc.Root.Get("v")
		if len(v.Entries) != 1 || v.Entries[0].Key != key || v.Tag != tag {
			t.Errorf("%s: got %+v, want one key %s", tag, v, key)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, path, src, want string
	}{
		// JSON: the non-JSON syntax people write, at the exact position.
		{"json line comment", "p.json", "{\n  \"a\": 1,\n  // note\n  \"b\": 2\n}", "p.json:3:3: JSON does not allow comments"},
		{"json block comment", "p.json", "{\"a\": /* x */ 1}", "p.json:1:7: JSON does not allow comments"},
		{"json comment after value", "p.json", "{\"a\": 1 // x\n}", "p.json:1:9: JSON does not allow comments"},
		{"json trailing comma object", "p.json", "{\n  \"a\": 1,\n}", "p.json:2:9: trailing comma"},
		{"json trailing comma array", "p.json", "[1, 2, ]", "p.json:1:6: trailing comma"},
		{"json duplicate key", "p.json", "{\n  \"pipeline\": {\n    \"name\": \"a\",\n    \"name\": \"b\"\n  }\n}", `p.json:4:5: duplicate key "name" (first at 3:5)`},
		{"json single quotes", "p.json", "{'a': 1}", "p.json:1:2: JSON strings must use double quotes"},
		{"json unquoted key", "p.json", "{a: 1}", `p.json:1:2: object key "a" must be a double-quoted string`},
		{"json missing comma", "p.json", "{\"a\": 1\n \"b\": 2}", `p.json:2:2: expected ',' or '}' after object member, found character '"'`},
		{"json unclosed", "p.json", "{\"a\": [1,\n2", "p.json:2:2: unexpected end of file: array opened at 1:7 is not closed"},
		{"json leading zero", "p.json", "[01]", `p.json:1:2: invalid number "01": leading zeros are not allowed`},
		{"json bad literal", "p.json", "[True]", `p.json:1:2: "True" is not a JSON value (use true, false, null, a number or a quoted string)`},
		{"json bad escape", "p.json", `["a\x"]`, `p.json:1:4: invalid escape '\x' in string`},
		{"json newline in string", "p.json", "[\"a\nb\"]", "p.json:1:2: string is not closed before the end of the line"},
		{"json extra content", "p.json", "{} {}", "p.json:1:4: unexpected character '{' after the top-level JSON value"},
		{"json missing value", "p.json", `{"a": }`, `p.json:1:7: missing value for key "a"`},
		{"json column in characters", "p.json", "{\"名前\": 1,}", "p.json:1:9: trailing comma"},
		{"json detected by content", "p", " [1,]", "p:1:4: trailing comma"},
		// YAML.
		{"yaml duplicate key", "t.yaml", "Resources:\n  A: 1\n  A: 2\n", `t.yaml:3:3: duplicate key "A" (first at 2:3)`},
		{"yaml unknown tag", "t.yaml", "a: !Foo bar\n", "t.yaml:1:4: unknown tag !Foo"},
		{"yaml unknown core tag", "t.yaml", "a: !!foo bar\n", "t.yaml:1:4: unknown tag !!foo"},
		{"yaml bad int", "t.yaml", "a: !!int abc\n", `t.yaml:1:4: "abc" is not a number for !!int`},
		{"yaml tag without value", "t.yaml", "a: !Ref\nb: 1\n", "t.yaml:1:4: !Ref has no value (write it on the same line, or indent the lines below)"},
		{"yaml tag without value in list", "t.yaml", "- !Ref\n- x\n", "t.yaml:1:3: !Ref has no value (write it on the same line, or indent the lines below)"},
		{"yaml unknown alias", "t.yaml", "a: *nope\n", "t.yaml:1:4: unknown alias *nope"},
		{"yaml alias cycle", "t.yaml", "a: &x [1, *x]\n", "t.yaml:1:11: alias *x refers to the node that contains it (cycle)"},
		{"yaml tab indent", "t.yaml", "a: 1\n\tb: 2\n", "t.yaml:2:1: found character '\t' that cannot start any token"},
		{"yaml unclosed flow", "t.yaml", "a: [1, 2\n", "t.yaml:1:4: sequence end token ']' not found"},
		{"yaml key is a list", "t.yaml", "{[a]: 1}", "t.yaml:1:5: found an invalid key for this map"},
		{"yaml key is an alias to a map", "t.yaml", "a: &m {x: 1}\n*m : v\n", "t.yaml:2:1: map key must be a scalar"},
		{"yaml tag as key", "t.yaml", "!Ref a: x\n", "t.yaml:1:1: map key cannot be !Ref"},
		{"yaml json-looking yaml file", "t.yaml", "{a: 1, a: 2}", `t.yaml:1:8: duplicate key "a" (first at 1:2)`},
		// Bytes.
		{"nul", "t.yaml", "a: 1\nb: \x00\n", "t.yaml:2:4: binary file (NUL byte), not YAML or JSON"},
		{"invalid utf8", "t.yaml", "a: 1\nb: 値\xff\n", "t.yaml:2:5: invalid UTF-8 (byte 0xFF)"},
		{"utf16", "t.json", "\xff\xfe{\x00}\x00", "t.json: file is UTF-16 encoded; save it as UTF-8"},
		{"bom then comment", "t.json", "\xef\xbb\xbf// c\n{}", "t.json:1:1: JSON does not allow comments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.path, []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; root %v", doc.Root.Interface())
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SyntaxError: %v", err, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestArticlePipelineComment(t *testing.T) {
	data, err := os.ReadFile("testdata/article/pipeline.json")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("pipeline.json", data)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *SyntaxError", err)
	}
	// Line 14 is "      // ~~省略~~".
	want := &SyntaxError{Path: "pipeline.json", Pos: Pos{14, 7}, Msg: "JSON does not allow comments"}
	if diff := cmp.Diff(want, se); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestBytes(t *testing.T) {
	plain := "Resources:\n  A:\n    Type: X\n"
	tests := []struct {
		name string
		src  string
	}{
		{"plain", plain},
		{"bom", "\xef\xbb\xbf" + plain},
		{"crlf", strings.ReplaceAll(plain, "\n", "\r\n")},
		{"cr", strings.ReplaceAll(plain, "\n", "\r")},
		{"bom crlf", "\xef\xbb\xbf" + strings.ReplaceAll(plain, "\n", "\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("t.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if string(doc.Src) != plain {
				t.Errorf("Src = %q, want %q", doc.Src, plain)
			}
			typ := find(t, doc.Root, "/Resources/A/Type")
			if typ.Pos != (Pos{3, 11}) || typ.Str != "X" {
				t.Errorf("Type = %q at %v, want X at 3:11", typ.Str, typ.Pos)
			}
			if got := keyPos(t, doc.Root, "/Resources"); got != (Pos{1, 1}) {
				t.Errorf("Resources key at %v, want 1:1", got)
			}
			if doc.Kind != KindTemplate {
				t.Errorf("Kind = %q", doc.Kind)
			}
		})
	}
	// A literal block keeps LF only.
	doc, err := Parse("t.yaml", []byte("a: |\r\n  x\r\n  y\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Root.Get("a").Str; got != "x\ny\n" {
		t.Errorf("literal = %q", got)
	}
}

func TestEmptyAndMultiDoc(t *testing.T) {
	tests := []struct {
		name, path, src string
		wantRoot        bool
		more            bool
		format          string
	}{
		{"empty yaml", "t.yaml", "", false, false, "yaml"},
		{"spaces", "t.yaml", " \n\n", false, false, "yaml"},
		{"comment only", "t.yaml", "# nothing\n", false, false, "yaml"},
		{"empty json", "t.json", "\n", false, false, "json"},
		{"one doc", "t.yaml", "---\na: 1\n", true, false, "yaml"},
		{"two docs", "t.yaml", "a: 1\n---\nb: 2\n", true, true, "yaml"},
		{"directive", "t.yaml", "%YAML 1.2\n---\na: 1\n", true, false, "yaml"},
		{"end marker", "t.yaml", "a: 1\n...\n", true, false, "yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.path, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if (doc.Root != nil) != tt.wantRoot || doc.More != tt.more || doc.Format != tt.format {
				t.Errorf("root %v more %v format %s, want root %v more %v format %s", doc.Root != nil, doc.More, doc.Format, tt.wantRoot, tt.more, tt.format)
			}
			if !tt.wantRoot && doc.Kind != KindUnknown {
				t.Errorf("Kind = %q", doc.Kind)
			}
			if tt.wantRoot && doc.Root.Get("a") == nil {
				t.Errorf("first document lost: %v", doc.Root.Interface())
			}
		})
	}
}

// dump writes one line per value: pointer, key position, value position,
// kind, tag and scalar text.
func dump(b *strings.Builder, n *Node, ptr string, key Pos) {
	kinds := map[NodeKind]string{Null: "null", String: "string", Number: "number", Bool: "bool", Map: "map", Seq: "seq"}
	fmt.Fprintf(b, "%s", ptr)
	if ptr == "" {
		b.WriteString("/")
	}
	if key != (Pos{}) {
		fmt.Fprintf(b, " key@%d:%d", key.Line, key.Column)
	}
	fmt.Fprintf(b, " @%d:%d %s", n.Pos.Line, n.Pos.Column, kinds[n.Kind])
	if n.Tag != "" {
		fmt.Fprintf(b, " %s", n.Tag)
	}
	if n.Kind != Map && n.Kind != Seq {
		fmt.Fprintf(b, " %q", n.Str)
	}
	b.WriteByte('\n')
	for _, e := range n.Entries {
		dump(b, e.Value, ptr+"/"+EscapePointer(e.Key), e.KeyPos)
	}
	for i, it := range n.Items {
		dump(b, it, ptr+"/"+strconv.Itoa(i), Pos{})
	}
}

// TestGolden checks every position in the fixtures against testdata/golden.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasPrefix(f, filepath.Join("testdata", "golden")) {
			continue
		}
		n++
		name := strings.ReplaceAll(strings.TrimPrefix(f, "testdata"+string(filepath.Separator)), string(filepath.Separator), "_")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			doc, err := Parse(filepath.ToSlash(f), data)
			if err != nil {
				fmt.Fprintf(&b, "error: %v\n", err)
			} else {
				fmt.Fprintf(&b, "format: %s\nkind: %s\nmore: %v\n", doc.Format, doc.Kind, doc.More)
				if doc.Root != nil {
					dump(&b, doc.Root, "", Pos{})
				}
			}
			golden := filepath.Join("testdata", "golden", name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		})
	}
	if n < 5 {
		t.Fatalf("only %d fixtures found", n)
	}
}

func TestKeyAnchors(t *testing.T) {
	doc, err := Parse("k.yaml", []byte("&k key: 1\nother: *k\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Root.Get("other"); got == nil || got.Str != "key" || got.Pos != (Pos{2, 8}) {
		t.Errorf("other = %+v", got)
	}
}
