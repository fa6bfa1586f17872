package lint

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// xa001 returns the XA001 findings of rep as "file:line:col: message".
func xa001(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Rule == ParseErrorRule {
			out = append(out, fmt.Sprintf("%s:%d:%d: %s", f.File, f.Line, f.Column, f.Message))
		}
	}
	return out
}

func policyJSON(statements int) string {
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	for i := range statements {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/%d"}`, i)
	}
	b.WriteString("]}\n")
	return b.String()
}

func TestLimitFindings(t *testing.T) {
	laughs := "a0: &a0 lol\n"
	for i := 1; i <= 9; i++ {
		laughs += fmt.Sprintf("a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	tests := []struct {
		name string
		lim  Limits
		data string
		want string
	}{
		{"file size", Limits{MaxFileSize: 10}, `{"Version": "2012-10-17"}`,
			"d.json:0:0: cannot parse the file: file is larger than 10 bytes (limit --max-file-size)"},
		{"depth", Limits{MaxDepth: 3}, `{"Statement": [[[[1]]]]}`,
			"d.json:1:17: cannot parse the file: nesting deeper than 3 levels (limit --max-depth)"},
		{"nodes", Limits{MaxNodes: 5}, `{"Statement": [1, 2, 3, 4, 5, 6]}`,
			"d.json:1:25: cannot parse the file: document has more than 5 values (limit --max-nodes)"},
		{"billion laughs", Limits{}, laughs,
			"d.json:6:45: cannot parse the file: alias *a4 expands past the limit of 100000 values (billion laughs?) (limit --max-nodes)"},
		{"statements", Limits{MaxStatements: 3}, policyJSON(5),
			"d.json:4:1: cannot parse the file: document has more than 3 policy statements (limit --max-statements)"},
		{"statements at limit", Limits{MaxStatements: 5}, policyJSON(5), ""},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := New(WithLimits(tt.lim))
			if err != nil {
				t.Fatal(err)
			}
			name := "d.json"
			if strings.HasPrefix(tt.data, "a0") {
				rep, err := l.LintDocuments(ctx, Document{Path: "d.yaml", Data: []byte(tt.data)})
				if err != nil {
					t.Fatal(err)
				}
				got := strings.Join(xa001(rep), "\n")
				if want := strings.Replace(tt.want, "d.json", "d.yaml", 1); got != want {
					t.Errorf("got  %s\nwant %s", got, want)
				}
				return
			}
			rep, err := l.LintDocuments(ctx, Document{Path: name, Data: []byte(tt.data)})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(xa001(rep), "\n"); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestMaxDocuments(t *testing.T) {
	l, err := New(WithLimits(Limits{MaxDocuments: 2}))
	if err != nil {
		t.Fatal(err)
	}
	docs := []Document{
		{Path: "a.json", Data: []byte(policyJSON(1))},
		{Path: "b.json", Data: []byte(policyJSON(1))},
	}
	if _, err := l.LintDocuments(context.Background(), docs...); err != nil {
		t.Fatalf("2 documents: %v", err)
	}
	docs = append(docs, Document{Path: "c.json", Data: []byte(policyJSON(1))})
	_, err = l.LintDocuments(context.Background(), docs...)
	if err == nil || err.Error() != "lint: more than 2 documents to lint (limit --max-documents)" {
		t.Errorf("3 documents: err = %v", err)
	}
}

func TestLimitsPrecedence(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte("limits:\n  maxFileSize: 2MiB\n  maxDepth: 50\n  timeout: 1m\n  maxMemory: 300MiB\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts []Option
		want Limits
	}{
		{"defaults", nil, DefaultLimits()},
		{"config", []Option{WithConfig(cfg)}, func() Limits {
			d := DefaultLimits()
			d.MaxFileSize, d.MaxDepth, d.EvalTimeout, d.MaxMemory = 2<<20, 50, time.Minute, 300<<20
			return d
		}()},
		{"options over config, whatever their order", []Option{WithLimits(Limits{MaxDepth: 7, MaxStatements: 9, MaxMemory: 1 << 30}), WithConfig(cfg), WithMaxFileSize(100), WithEvalTimeout(time.Second)}, func() Limits {
			d := DefaultLimits()
			d.MaxFileSize, d.MaxDepth, d.MaxStatements, d.EvalTimeout, d.MaxMemory = 100, 7, 9, time.Second, 1<<30
			return d
		}()},
		{"zero and negative fields keep the default", []Option{WithLimits(Limits{MaxNodes: -1}), WithMaxFileSize(0)}, DefaultLimits()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := New(tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Limits(); got != tt.want {
				t.Errorf("Limits() = %+v, want %+v", got, tt.want)
			}
			if l.evalTimeout != tt.want.EvalTimeout {
				t.Errorf("evalTimeout = %v", l.evalTimeout)
			}
		})
	}
}

func TestPanicIsolation(t *testing.T) {
	tools, err := os.ReadFile("../../examples/article-as-published/tools-account.yaml")
	if err != nil {
		t.Fatal(err)
	}
	docs := []Document{
		{Path: "a.yaml", Data: tools}, // one finding, XA205
		{Path: "b.json", Data: []byte(policyJSON(2))},
	}
	for _, stage := range []string{"parse", "facts"} {
		t.Run(stage, func(t *testing.T) {
			clean, err := New()
			if err != nil {
				t.Fatal(err)
			}
			want, err := clean.LintDocuments(context.Background(), docs[0])
			if err != nil {
				t.Fatal(err)
			}
			l, err := New()
			if err != nil {
				t.Fatal(err)
			}
			l.hook = func(s, path string) {
				if s == stage && path == "b.json" {
					panic("injected")
				}
			}
			rep, err := l.LintDocuments(context.Background(), docs...)
			if err != nil {
				t.Fatal(err)
			}
			wantXA001 := "b.json:0:0: cannot parse the file: internal error while reading this document: injected (please report it at https://github.com/xacct-lint/xacct-lint/issues)"
			if got := strings.Join(xa001(rep), "\n"); got != wantXA001 {
				t.Errorf("XA001 = %s\nwant %s", got, wantXA001)
			}
			// a.yaml is linted as if alone.
			var got, exp []string
			for _, f := range rep.Findings {
				if f.File == "a.yaml" {
					got = append(got, f.Rule+" "+f.Message)
				}
			}
			for _, f := range want.Findings {
				exp = append(exp, f.Rule+" "+f.Message)
			}
			if strings.Join(got, "\n") != strings.Join(exp, "\n") || len(exp) == 0 {
				t.Errorf("a.yaml findings = %q, want %q", got, exp)
			}
		})
	}
}
