// Package trace answers, for every cross-account action of the pipelines in
// a set of documents, the question "will this deploy work, and if not, which
// call fails and which statement is to blame?". It follows each call AWS
// makes on the action's behalf (a hop), in order: the pipeline role assumes
// the action's role, the action role reads and decrypts the input
// artifacts, writes and encrypts the output artifacts, makes the deploy
// provider's calls and passes roles on. Each hop gets a verdict with the
// statements that decided it.
//
// The evaluation is the Rego library's (data.xacct.lib.trace, built on
// data.xacct.lib.iam.decision): the lint rules and the trace share one
// reading of IAM, and each hop names the rule that reports it when it
// fails. pkg/lint's Linter.Trace reads files and builds the input; Tracer
// evaluates an input already built.
package trace

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/xacct-lint/xacct-lint/internal/iameval"
	xrego "github.com/xacct-lint/xacct-lint/rego"
)

// ReportVersion is the version of the JSON form of a Report.
const ReportVersion = 1

// Verdict is the outcome of a hop.
type Verdict string

// Verdicts of a hop.
const (
	// Allowed: every policy involved certainly allows the call.
	Allowed Verdict = "allowed"
	// Denied: a policy certainly refuses the call (an explicit Deny, or no
	// statement allows it).
	Denied Verdict = "denied"
	// Unknown: something symbolic or missing keeps the answer open.
	Unknown Verdict = "unknown"
)

// Hop names, in the order AWS makes the calls.
const (
	HopAssumeRole       = "assume-role"
	HopReadArtifacts    = "read-artifacts"
	HopDecryptArtifacts = "decrypt-artifacts"
	HopWriteArtifacts   = "write-artifacts"
	HopEncryptArtifacts = "encrypt-artifacts"
	HopDeployCalls      = "deploy-calls"
	HopPassRole         = "pass-role"
)

// Report is the trace of every cross-account action found.
type Report struct {
	Version int      `json:"version"`
	Actions []Action `json:"actions"`
}

// Action is one cross-account action and its hops.
type Action struct {
	Pipeline string `json:"pipeline"`
	Stage    string `json:"stage"`
	Action   string `json:"action"`
	Provider string `json:"provider"`
	// Account is the account the action runs in (B).
	Account string `json:"account"`
	Region  string `json:"region"`
	// RoleArn is the action's role in account B.
	RoleArn string `json:"roleArn"`
	// PipelineRoleArn and PipelineAccount are the pipeline's role and
	// account (A).
	PipelineRoleArn string `json:"pipelineRoleArn"`
	PipelineAccount string `json:"pipelineAccount"`
	// Bucket and KeyArn are the artifact store's bucket and key ARNs
	// (possibly symbolic: "{{?…}}").
	Bucket string `json:"bucket"`
	KeyArn string `json:"keyArn"`
	Hops   []Hop  `json:"hops"`

	key []int
}

// Hop is one call and its verdict.
type Hop struct {
	Hop     string  `json:"hop"`
	Verdict Verdict `json:"verdict"`
	// Rules are the lint rules that report this hop's checks that are not
	// certainly allowed.
	Rules []string `json:"rules,omitempty"`
	// Because are the statements that decided the verdict, or where a
	// missing grant belongs.
	Because []Because `json:"because"`
}

// Because is one reason for a verdict, at a place in a file.
type Because struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// Denied reports whether a hop of any action is denied.
func (r *Report) Denied() bool {
	for _, a := range r.Actions {
		for _, h := range a.Hops {
			if h.Verdict == Denied {
				return true
			}
		}
	}
	return false
}

// Name is "pipeline/Stage/Action".
func (a *Action) Name() string {
	return a.Pipeline + "/" + a.Stage + "/" + a.Action
}

// Tracer evaluates traces. It is safe for concurrent use.
type Tracer struct {
	query rego.PreparedEvalQuery
}

// Query is the Rego value the trace is, in the built-in library.
const Query = "data.xacct.lib.trace.actions"

// New compiles the built-in Rego library.
func New(ctx context.Context) (*Tracer, error) {
	opts := append(iameval.RegoOptions(), rego.Query(Query), rego.SetRegoVersion(ast.RegoV1))
	err := fs.WalkDir(xrego.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") {
			return nil
		}
		src, err := fs.ReadFile(xrego.FS, path)
		if err != nil {
			return err
		}
		opts = append(opts, rego.Module(path, string(src)))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the trace rules: %w", err)
	}
	pq, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("compile the trace rules: %w", err)
	}
	return &Tracer{query: pq}, nil
}

// NewPrepared returns a Tracer that evaluates q, Query prepared over a
// compilation of the built-in library made elsewhere (the lint rules'), so
// that the library is not compiled twice.
func NewPrepared(q rego.PreparedEvalQuery) *Tracer {
	return &Tracer{query: q}
}

// raw is the Rego form of an action.
type raw struct {
	Action
	Key  []int  `json:"key"`
	Hops []rhop `json:"hops"`
}

type rhop struct {
	Hop     string   `json:"hop"`
	Verdict Verdict  `json:"verdict"`
	Rules   []string `json:"rules"`
	Because []struct {
		Rule    string `json:"rule"`
		Message string `json:"message"`
		Loc     struct {
			File   string `json:"file"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"loc"`
	} `json:"because"`
}

// Evaluate traces the rule input (the JSON form of the facts the lint
// rules see; anything encoding/json can marshal). Actions come in pipeline
// order; symbolic values read "${LogicalId}" (see Display).
func (t *Tracer) Evaluate(ctx context.Context, input any) (*Report, error) {
	// OPA looks at ctx only now and then: a small input would be traced
	// whole after the caller's deadline.
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("evaluate trace: %w", err)
	}
	v, err := ast.InterfaceToValue(input)
	if err != nil {
		return nil, fmt.Errorf("convert trace input: %w", err)
	}
	rs, err := t.query.Eval(ctx, rego.EvalParsedInput(v))
	if err != nil {
		return nil, fmt.Errorf("evaluate trace: %w", err)
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, fmt.Errorf("evaluate trace: %s is undefined", Query)
	}
	data, err := json.Marshal(rs[0].Expressions[0].Value)
	if err != nil {
		return nil, fmt.Errorf("read trace result: %w", err)
	}
	var raws []raw
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, fmt.Errorf("read trace result: %w", err)
	}
	rep := &Report{Version: ReportVersion, Actions: make([]Action, 0, len(raws))}
	for _, r := range raws {
		a := r.Action
		a.key = r.Key
		for _, f := range []*string{&a.Pipeline, &a.Stage, &a.Action, &a.Account, &a.Region, &a.RoleArn, &a.PipelineRoleArn, &a.PipelineAccount, &a.Bucket, &a.KeyArn} {
			*f = Display(*f)
		}
		a.Hops = make([]Hop, 0, len(r.Hops))
		for _, h := range r.Hops {
			hop := Hop{Hop: h.Hop, Verdict: h.Verdict, Because: []Because{}}
			if len(h.Rules) > 0 {
				hop.Rules = h.Rules
			}
			for _, b := range h.Because {
				hop.Because = append(hop.Because, Because{File: b.Loc.File, Line: b.Loc.Line, Column: b.Loc.Column, Rule: b.Rule, Message: Display(b.Message)})
			}
			slices.SortStableFunc(hop.Because, func(x, y Because) int {
				return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line), cmp.Compare(x.Column, y.Column), cmp.Compare(x.Message, y.Message))
			})
			hop.Because = slices.Compact(hop.Because)
			a.Hops = append(a.Hops, hop)
		}
		rep.Actions = append(rep.Actions, a)
	}
	slices.SortFunc(rep.Actions, func(x, y Action) int { return slices.Compare(x.key, y.key) })
	return rep, nil
}
