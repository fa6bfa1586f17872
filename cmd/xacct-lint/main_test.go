package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected outputs (cmp targets) in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"xacct-lint": func() { os.Exit(run()) },
	})
}

// TestScripts runs the CLI end to end on the scripts in testdata/script.
// The repository's examples are reachable as $REPO/examples. Extra
// commands: sarif-results FILE (prints the results of a SARIF log, for
// golden comparisons that do not change with the rule catalogue) and
// sarif-valid FILE (checks a SARIF log against the SARIF 2.1.0 schema).
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// The pre-commit script builds xacct-lint with the go command: give it
	// this test's caches, offline.
	goEnv := map[string]string{"GOPROXY": "off", "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=readonly"}
	if out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output(); err == nil {
		if v := strings.Split(strings.TrimSpace(string(out)), "\n"); len(v) == 2 {
			goEnv["GOCACHE"], goEnv["GOMODCACHE"] = v[0], v[1]
		}
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("REPO", repo)
			e.Setenv("NO_COLOR", "1")
			for k, v := range goEnv {
				e.Setenv(k, v)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"sarif-results": cmdSARIFResults,
			"sarif-valid":   cmdSARIFValid,
		},
	})
}

// cmdSARIFResults prints runs[0].results of the SARIF log in args[0],
// indented, and the rule IDs of tool.driver.rules that results refer to.
func cmdSARIFResults(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sarif-results FILE")
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []map[string]any `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(ts.ReadFile(args[0])), &log); err != nil {
		ts.Fatalf("%s: %v", args[0], err)
	}
	if len(log.Runs) != 1 {
		ts.Fatalf("%s: %d runs, want 1", args[0], len(log.Runs))
	}
	run := log.Runs[0]
	for _, r := range run.Results {
		// ruleIndex depends on the catalogue: check it, then leave it out.
		if i, ok := r["ruleIndex"].(float64); ok {
			if int(i) >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[int(i)].ID != r["ruleId"] {
				ts.Fatalf("result %v: ruleIndex %v does not point at its rule", r["ruleId"], i)
			}
			delete(r, "ruleIndex")
		} else {
			ts.Fatalf("result %v has no ruleIndex", r["ruleId"])
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(run.Results); err != nil {
		ts.Fatalf("%v", err)
	}
	fmt.Fprint(ts.Stdout(), buf.String())
}

// cmdSARIFValid checks the SARIF log in args[0] against the SARIF 2.1.0
// JSON schema kept in pkg/lint/report/testdata.
func cmdSARIFValid(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sarif-valid FILE")
	}
	schema, err := os.ReadFile(filepath.Join(ts.Getenv("REPO"), "pkg", "lint", "report", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		ts.Fatalf("%v", err)
	}
	errs, err := matchSchema(schema, []byte(ts.ReadFile(args[0])))
	if err != nil {
		ts.Fatalf("%v", err)
	}
	if len(errs) > 0 {
		ts.Fatalf("%s is not valid SARIF 2.1.0:\n%s", args[0], strings.Join(errs, "\n"))
	}
}

// matchSchema validates doc against a JSON schema (draft 4 to 7) with
// OPA's json.match_schema, so that no JSON-schema module is needed. It
// returns the validation errors.
func matchSchema(schema, doc []byte) ([]string, error) {
	var s, d any
	if err := json.Unmarshal(schema, &s); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	rs, err := rego.New(
		rego.Query("[ok, errs] := json.match_schema(input.doc, input.schema)"),
		rego.Input(map[string]any{"doc": d, "schema": s}),
	).Eval(context.Background())
	if err != nil {
		return nil, fmt.Errorf("match schema: %w", err)
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("match schema: %d results", len(rs))
	}
	if ok, _ := rs[0].Bindings["ok"].(bool); ok {
		return nil, nil
	}
	list, _ := rs[0].Bindings["errs"].([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		b, _ := json.Marshal(e)
		out = append(out, string(b))
	}
	if len(out) == 0 {
		out = append(out, "not valid (no details)")
	}
	return out, nil
}
