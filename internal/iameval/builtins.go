// Package iameval is the IAM decision procedure of the Rego library
// (rego/lib/iam.rego, rego/lib/util.rego) in Go, offered to Rego as
// builtins: iam.decision, iam.statement_level and the functions of
// iam.rego that rules call on their own (action_level, principal_matches,
// condition_level, …), util.wild_level and util.equal_level are thin
// wrappers over them, so the semantics are written once. Every rule asks
// these questions many times per policy, and in Rego they were most of the
// rules' time.
//
// The semantics are the Rego library's, term for term, including its
// answers for odd input (a missing field, a number where a string
// belongs): the tests evaluate a frozen copy of the Rego implementation
// (testdata/reference) next to these functions on generated statements and
// requests and require the same values.
package iameval

import (
	"errors"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// Names of the builtins. Each is the Rego function of rego/lib named in
// its description.
const (
	DecisionName         = "xacct.iam_decision"
	StatementLevelName   = "xacct.iam_statement_level"
	ActionLevelName      = "xacct.iam_action_level"
	ResourceLevelName    = "xacct.iam_resource_level"
	PrincipalLevelName   = "xacct.iam_principal_level"
	PrincipalMatchesName = "xacct.iam_principal_matches"
	PrincipalIsRootName  = "xacct.iam_principal_is_root"
	PrincipalAccountName = "xacct.iam_principal_account"
	RequestAccountName   = "xacct.iam_request_account"
	ConditionsLevelName  = "xacct.iam_conditions_level"
	ConditionLevelName   = "xacct.iam_condition_level"
	WildLevelName        = "xacct.wild_level"
	EqualLevelName       = "xacct.equal_level"
)

// Builtin is one builtin: its declaration for the compiler and the rego
// option that implements it.
type Builtin struct {
	Decl *ast.Builtin
	Impl func(*rego.Rego)

	fn func(args ...*ast.Term) (*ast.Term, error) // nil, nil when undefined
}

// Builtins returns the builtins, in a fixed order. They are pure: the same
// operands give the same result.
func Builtins() []Builtin {
	def := func(name, desc string, result types.Type, arity int, f func(args ...*ast.Term) (*ast.Term, error)) Builtin {
		args := make([]types.Type, arity)
		for i := range args {
			args[i] = types.Named(string(rune('a'+i)), types.A)
		}
		decl := types.NewFunction(types.Args(args...), result)
		call := func(args ...*ast.Term) (*ast.Term, error) {
			t, err := f(args...)
			if errors.Is(err, errUndefined) {
				return nil, nil // undefined, as the Rego function is
			}
			return t, err
		}
		impl := rego.FunctionDyn(&rego.Function{Name: name, Decl: decl},
			func(_ rego.BuiltinContext, args []*ast.Term) (*ast.Term, error) { return call(args...) })
		return Builtin{Decl: &ast.Builtin{Name: name, Description: desc, Decl: decl}, Impl: impl, fn: call}
	}
	level2 := func(name, desc string, f func(a, b *ast.Term) int) Builtin {
		return def(name, desc, types.N, 2, func(args ...*ast.Term) (*ast.Term, error) {
			return ast.InternedTerm(f(args[0], args[1])), nil
		})
	}
	levelErr2 := func(name, desc string, f func(a, b *ast.Term) (int, error)) Builtin {
		return def(name, desc, types.N, 2, func(args ...*ast.Term) (*ast.Term, error) {
			l, err := f(args[0], args[1])
			if err != nil {
				return nil, err
			}
			return ast.InternedTerm(l), nil
		})
	}
	account := func(name, desc string, f func(*ast.Term) (string, bool)) Builtin {
		return def(name, desc, types.S, 1, func(args ...*ast.Term) (*ast.Term, error) {
			a, ok := f(args[0])
			if !ok {
				return nil, errUndefined
			}
			return ast.StringTerm(a), nil
		})
	}
	return []Builtin{
		def(DecisionName, "iam.decision(statements, request)", types.A, 2,
			func(args ...*ast.Term) (*ast.Term, error) { return Decision(args[0], args[1]) }),
		levelErr2(StatementLevelName, "iam.statement_level(statement, request)", StatementLevel),
		level2(ActionLevelName, "iam.action_level(statement, action)", ActionLevel),
		level2(ResourceLevelName, "iam.resource_level(statement, resource)", ResourceLevel),
		level2(PrincipalLevelName, "iam.principal_level(statement, principal)", PrincipalLevel),
		level2(PrincipalMatchesName, "iam.principal_matches(statement principal, request principal)", PrincipalMatches),
		def(PrincipalIsRootName, "iam.principal_is_root(principal)", types.B, 1,
			func(args ...*ast.Term) (*ast.Term, error) { return ast.InternedTerm(PrincipalIsRoot(args[0])), nil }),
		account(PrincipalAccountName, "iam.principal_account(principal)", PrincipalAccount),
		account(RequestAccountName, "iam.request_account(request principal)", RequestAccount),
		levelErr2(ConditionsLevelName, "iam.conditions_level(statement, request)", ConditionsLevel),
		levelErr2(ConditionLevelName, "iam.condition_level(condition, request)", ConditionLevel),
		level2(WildLevelName, "util.wild_level(pattern, value)", WildLevel),
		level2(EqualLevelName, "util.equal_level(a, b)", EqualLevel),
	}
}

// RegoOptions are the rego options that implement the builtins.
func RegoOptions() []func(*rego.Rego) {
	bs := Builtins()
	out := make([]func(*rego.Rego), len(bs))
	for i, b := range bs {
		out[i] = b.Impl
	}
	return out
}

// Capabilities returns caps with the builtins declared.
func Capabilities(caps *ast.Capabilities) *ast.Capabilities {
	c := *caps
	c.Builtins = append([]*ast.Builtin(nil), caps.Builtins...)
	for _, b := range Builtins() {
		c.Builtins = append(c.Builtins, b.Decl)
	}
	return &c
}
