package lint_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"testing/fstest"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/lint/report"
)

// A file that cannot be parsed is a finding of rule XA001, at the position
// of the syntax error, not an error of the run.
func ExampleLinter_LintDocuments() {
	l, err := lint.New()
	if err != nil {
		log.Fatal(err)
	}
	rep, err := l.LintDocuments(context.Background(), lint.Document{
		Path: "pipeline.json",
		Data: []byte("{\n  \"pipeline\": {\n    // ~~省略~~\n  }\n}\n"),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range rep.Findings {
		fmt.Printf("%s:%d:%d: %s %s\n", f.File, f.Line, f.Column, f.Severity, f.Rule)
	}
	fmt.Println("fails on error:", rep.Exceeds(lint.SeverityError))
	// Output:
	// pipeline.json:3:5: error XA001
	// fails on error: true
}

// Lint walks folders; report.Write prints the report in the CLI's formats.
func ExampleLinter_Lint() {
	cfg, err := lint.LoadConfig("testdata/fixture/.xacct-lint.yaml")
	if err != nil {
		log.Fatal(err)
	}
	// Only the test rules of testdata/rules, to keep the output short.
	l, err := lint.New(lint.WithConfig(cfg), lint.WithoutBuiltinRules(), lint.WithPolicyDir("testdata/rules"))
	if err != nil {
		log.Fatal(err)
	}
	rep, err := l.Lint(context.Background(), "testdata/fixture")
	if err != nil {
		log.Fatal(err)
	}
	if err := report.Write(os.Stdout, rep, report.FormatText, report.Options{}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// testdata/fixture/target/commented.json:3:3: error TP001: JSON does not allow comments
	// testdata/fixture/target/trust.json:7:7: error TP101: statement "Anyone" allows principal "*"
	// testdata/fixture/tools.yaml:15:13: error TP101: statement "Everyone" allows principal "*"
	// 5 files, 3 errors, 0 warnings, 0 info (3 suppressed: 2 inline, 1 config)
}

// Custom rules are Rego packages with a METADATA block naming their id and
// severity; they see the same input as the built-in rules.
func ExampleWithPolicyFS() {
	rules := fstest.MapFS{"acme/no_json.rego": {Data: []byte(`# METADATA
# title: Use YAML
# custom:
#   id: ACME001
#   severity: warning
package acme.rules.no_json

deny contains {"message": "write policies in YAML", "loc": {"file": f.path, "line": 1, "column": 1}} if {
	some f in input.files
	f.format == "json"
}
`)}}
	l, err := lint.New(lint.WithPolicyFS("acme", rules, "."))
	if err != nil {
		log.Fatal(err)
	}
	rep, err := l.LintDocuments(context.Background(), lint.Document{
		Path: "trust.json",
		Data: []byte(`{"Version": "2012-10-17", "Statement": []}`),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Rule == "ACME001" {
			fmt.Printf("%s:%d:%d: %s %s: %s\n", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message)
		}
	}
	// Output:
	// trust.json:1:1: warning ACME001: write policies in YAML
}

// Configuration errors carry the file, line and column.
func ExampleParseConfig() {
	_, err := lint.ParseConfig(".xacct-lint.yaml", []byte(`accounts:
  tools: "111111111111"
documents:
  - {path: "target*.yaml", account: prod}
`))
	fmt.Println(err)
	// Output:
	// .xacct-lint.yaml:4:37: documents[0].account: "prod" is neither a 12-digit account ID nor a name under accounts (tools)
}

// Exceeds decides the exit code of `xacct-lint lint --fail-on`.
func ExampleReport_Exceeds() {
	rep := &lint.Report{Findings: []lint.Finding{{Rule: "XA110", Severity: lint.SeverityInfo}}}
	for _, failOn := range []lint.Severity{lint.SeverityError, lint.SeverityInfo, lint.Never} {
		fmt.Println(failOn, rep.Exceeds(failOn))
	}
	// Output:
	// error false
	// info true
	// never false
}
