package lint

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// suppressTemplate has two bucket policies that allow principal "*" (two
// TP101 findings, at /Resources/Open… pointers) and no account (TP102 at
// the file's 1:1, pointer ""). %s is the template's Metadata, %s and %s the
// resources' Metadata.
const suppressTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Metadata: %s
Resources:
  OpenA:
    Type: AWS::S3::BucketPolicy
    Metadata: %s
    Properties:
      Bucket: a
      PolicyDocument:
        Statement:
          - {Sid: A, Effect: Allow, Action: 's3:GetObject', Principal: '*', Resource: 'arn:aws:s3:::a/*'}
  OpenB:
    Type: AWS::S3::BucketPolicy
    Metadata: %s
    Properties:
      Bucket: b
      PolicyDocument:
        Statement:
          - {Sid: B, Effect: Allow, Action: 's3:GetObject', Principal: '*', Resource: 'arn:aws:s3:::b/*'}
`

// outcome renders a finding as "RULE line:col kind(reason)" or "RULE
// line:col" when it is not suppressed, with the XA000 message.
func outcome(f Finding) string {
	s := fmt.Sprintf("%s %d:%d", f.Rule, f.Line, f.Column)
	if f.Suppressed != nil {
		s += fmt.Sprintf(" %s(%s)", f.Suppressed.Kind, f.Suppressed.Reason)
	}
	if f.Rule == SuppressionRule {
		s += ": " + f.Message
	}
	return s
}

func TestSuppression(t *testing.T) {
	const none = "{}"
	tests := []struct {
		name             string
		template, a, b   string // Metadata
		config           string
		opts             []Option
		want             []string
		wantError, wantI int // summary
	}{
		{
			name: "nothing suppressed", template: none, a: none, b: none,
			want:      []string{"TP102 1:1", "TP101 11:61", "TP101 19:61"},
			wantError: 2, wantI: 1,
		},
		{
			name: "inline on one resource", template: none, b: none,
			a:         `{xacct-lint: {ignore: [{rule: TP101, reason: "website bucket"}]}}`,
			want:      []string{"TP102 1:1", "TP101 11:61 inline(website bucket)", "TP101 19:61"},
			wantError: 1, wantI: 1,
		},
		{
			name: "inline on the template covers every resource", a: none, b: none,
			template:  `{xacct-lint: {ignore: [{rule: TP101, reason: "all public"}, {rule: TP102, reason: "no account"}]}}`,
			want:      []string{"TP102 1:1 inline(no account)", "TP101 11:61 inline(all public)", "TP101 19:61 inline(all public)"},
			wantError: 0, wantI: 0,
		},
		{
			name: "inline without a reason does not apply and says so", template: none, b: none,
			a: `{xacct-lint: {ignore: [TP101, {rule: TP101}]}}`,
			want: []string{"TP102 1:1",
				`XA000 6:38: ignore entry for TP101 on resource OpenA has no reason, so it does not apply: write {rule: TP101, reason: "why it does not apply"}`,
				`XA000 6:45: ignore entry for TP101 on resource OpenA has no reason, so it does not apply: write {rule: TP101, reason: "why it does not apply"}`,
				"TP101 11:61", "TP101 19:61"},
			wantError: 2, wantI: 3,
		},
		{
			name: "stale and unknown inline entries", template: `{xacct-lint: {ignore: [{rule: TP001, reason: "old"}, {rule: NOPE1, reason: "x"}, {reason: "x"}]}}`,
			a: none, b: `{xacct-lint: {ignore: [{rule: TP102, reason: "wrong place"}]}}`,
			want: []string{"TP102 1:1", `XA000 2:34: ignore entry for TP001 in this template matches no finding: remove it`,
				`XA000 2:64: ignore entry names NOPE1, which is not a rule (see xacct-lint rules)`,
				`XA000 2:92: ignore entry must be {rule: XA505, reason: "…"}`,
				"TP101 11:61", "XA000 14:38: ignore entry for TP102 on resource OpenB matches no finding: remove it", "TP101 19:61"},
			wantError: 2, wantI: 5,
		},
		{
			name: "config by rule, path, resource and pointer", template: none, a: none, b: none,
			config: `ignore:
  - {rule: TP102, path: "*.yaml", reason: "any yaml"}
  - {rule: TP101, resource: OpenA, reason: "by resource"}
  - {rule: TP101, path: "t.yaml", pointer: /Resources/OpenB/Properties, reason: "by pointer"}
  - {rule: TP101, path: "other/*.yaml", reason: "another folder"}
  - {rule: TP001, reason: "never fires"}
`,
			want: []string{"XA000 6:12: ignore entry for TP001 matches no finding: remove it",
				"TP102 1:1 config(any yaml)", "TP101 11:61 config(by resource)", "TP101 19:61 config(by pointer)"},
			wantError: 0, wantI: 1,
		},
		{
			name: "flag", template: none, a: none, b: none,
			opts:      []Option{WithIgnoredRules("TP101")},
			want:      []string{"TP102 1:1", "TP101 11:61 flag(--ignore TP101)", "TP101 19:61 flag(--ignore TP101)"},
			wantError: 0, wantI: 1,
		},
		{
			name: "inline wins over config, config over flag", template: none, b: none,
			a:         `{xacct-lint: {ignore: [{rule: TP101, reason: "inline"}]}}`,
			config:    "ignore:\n  - {rule: TP101, reason: \"config\"}\n",
			opts:      []Option{WithIgnoredRules("TP101", "TP102")},
			want:      []string{"TP102 1:1 flag(--ignore TP102)", "TP101 11:61 inline(inline)", "TP101 19:61 config(config)"},
			wantError: 0, wantI: 0,
		},
		{
			name: "entries for rules that are off are not stale", template: none, b: none,
			a:      `{xacct-lint: {ignore: [{rule: TP101, reason: "x"}]}}`,
			config: "rules:\n  TP101: {severity: off}\nignore:\n  - {rule: TP101, reason: \"x\"}\n",
			want:   []string{"TP102 1:1"},
			wantI:  1,
		},
		{
			name: "XA000 off", template: none, b: none,
			a:      `{xacct-lint: {ignore: [TP101]}}`,
			config: "rules:\n  XA000: {severity: off}\n",
			want:   []string{"TP102 1:1", "TP101 11:61", "TP101 19:61"}, wantError: 2, wantI: 1,
		},
		{
			name: "XA000 suppressed in the configuration", template: none, b: none,
			a:      `{xacct-lint: {ignore: [TP101]}}`,
			config: "ignore:\n  - {rule: XA000, reason: \"migrating\"}\n",
			want: []string{"TP102 1:1",
				`XA000 6:38: ignore entry for TP101 on resource OpenA has no reason, so it does not apply: write {rule: TP101, reason: "why it does not apply"} config(migrating)`,
				"TP101 11:61", "TP101 19:61"},
			wantError: 2, wantI: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			if tt.config != "" {
				cfg, err := ParseConfig(".xacct-lint.yaml", []byte(tt.config))
				if err != nil {
					t.Fatal(err)
				}
				opts = append(opts, WithConfig(cfg))
			}
			l := newTestLinter(t, opts...)
			src := fmt.Sprintf(suppressTemplate, tt.template, tt.a, tt.b)
			rep, err := l.LintDocuments(context.Background(), Document{Path: "t.yaml", Data: []byte(src)})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Findings {
				o := outcome(f)
				if f.Rule == SuppressionRule && f.Suppressed != nil {
					// outcome puts the suppression before the message; keep
					// the message first for reading.
					o = fmt.Sprintf("%s %d:%d: %s %s(%s)", f.Rule, f.Line, f.Column, f.Message, f.Suppressed.Kind, f.Suppressed.Reason)
				}
				got = append(got, o)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s\n%s", diff, src)
			}
			if rep.Summary.Error != tt.wantError || rep.Summary.Info != tt.wantI {
				t.Errorf("summary = %+v, want %d errors, %d info", rep.Summary, tt.wantError, tt.wantI)
			}
		})
	}
}

func TestSuppressionStaleConfigOutOfReach(t *testing.T) {
	// An entry whose path reaches none of the linted files could not have
	// matched: linting one file must not call the others' entries stale.
	cfg, err := ParseConfig(".xacct-lint.yaml", []byte("ignore:\n  - {rule: TP101, path: \"elsewhere/*.json\", reason: \"x\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	l := newTestLinter(t, WithConfig(cfg))
	rep, err := l.LintDocuments(context.Background(), Document{Path: "t.json", Data: []byte(`{"Statement": []}`)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Rule == SuppressionRule {
			t.Errorf("unexpected %s", outcome(f))
		}
	}
}

func TestSuppressionConfigErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"ignore:\n  - {rule: XA505, pointer: Resources/X}\n", `c.yaml:2:28: ignore[0].pointer: "Resources/X" is not a JSON pointer`},
		{"ignore:\n  - {rule: XA505, resource: \"\"}\n", "c.yaml:2:29: ignore[0].resource must not be empty"},
		{"ignore:\n  - {rule: XA505, where: x}\n", `unknown key "where" (want rule, path, resource, pointer or reason)`},
	} {
		_, err := ParseConfig("c.yaml", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseConfig(%q) error = %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestIgnoredRulesUnknown(t *testing.T) {
	if _, err := New(testOptions(WithIgnoredRules("NOPE1"))...); err == nil || !strings.Contains(err.Error(), "ignore rule NOPE1: no such rule") {
		t.Errorf("New error = %v", err)
	}
}

func TestReportSource(t *testing.T) {
	l := newTestLinter(t)
	rep, err := l.LintDocuments(context.Background(),
		Document{Path: "a.json", Data: []byte("{\r\n  \"Statement\": []\r\n}\r\n")},
		Document{Path: "bad.json", Data: []byte("{\r\n  // no\r\n}")})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(rep.Source("a.json")); got != "{\n  \"Statement\": []\n}\n" {
		t.Errorf("Source(a.json) = %q, want LF line endings", got)
	}
	if got := string(rep.Source("bad.json")); got != "{\n  // no\n}" {
		t.Errorf("Source(bad.json) = %q, want the unparsable file's content", got)
	}
	if rep.Source("nope.json") != nil {
		t.Error("Source of a file not in the report is not nil")
	}
}
