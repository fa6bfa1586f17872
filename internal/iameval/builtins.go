// Package iameval is the IAM decision procedure of the Rego library
// (rego/lib/iam.rego, rego/lib/util.rego) in Go, offered to Rego as
// builtins: iam.decision, iam.statement_level, util.wild_level and
// util.equal_level call them. Every rule asks these questions many times
// per policy, and in Rego they were most of the rules' time.
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

// Names of the builtins.
const (
	DecisionName       = "xacct.iam_decision"
	StatementLevelName = "xacct.iam_statement_level"
	WildLevelName      = "xacct.wild_level"
	EqualLevelName     = "xacct.equal_level"
)

// Builtin is one builtin: its declaration for the compiler and the rego
// option that implements it.
type Builtin struct {
	Decl *ast.Builtin
	Impl func(*rego.Rego)

	fn func(a, b *ast.Term) (*ast.Term, error) // nil, nil when undefined
}

// Builtins returns the builtins, in a fixed order. They are pure: the same
// operands give the same result.
func Builtins() []Builtin {
	two := func(name, desc string, result types.Type, f func(a, b *ast.Term) (*ast.Term, error)) Builtin {
		decl := types.NewFunction(types.Args(types.Named("a", types.A), types.Named("b", types.A)), result)
		call := func(a, b *ast.Term) (*ast.Term, error) {
			t, err := f(a, b)
			if errors.Is(err, errUndefined) {
				return nil, nil // undefined, as the Rego function is
			}
			return t, err
		}
		impl := rego.Function2(&rego.Function{Name: name, Decl: decl},
			func(_ rego.BuiltinContext, a, b *ast.Term) (*ast.Term, error) { return call(a, b) })
		return Builtin{Decl: &ast.Builtin{Name: name, Description: desc, Decl: decl}, Impl: impl, fn: call}
	}
	level := func(f func(a, b *ast.Term) int) func(a, b *ast.Term) (*ast.Term, error) {
		return func(a, b *ast.Term) (*ast.Term, error) { return ast.InternedTerm(f(a, b)), nil }
	}
	return []Builtin{
		two(DecisionName, "iam.decision(statements, request)", types.A, Decision),
		two(StatementLevelName, "iam.statement_level(statement, request)", types.N,
			func(s, r *ast.Term) (*ast.Term, error) {
				l, err := StatementLevel(s, r)
				if err != nil {
					return nil, err
				}
				return ast.InternedTerm(l), nil
			}),
		two(WildLevelName, "util.wild_level(pattern, value)", types.N, level(WildLevel)),
		two(EqualLevelName, "util.equal_level(a, b)", types.N, level(EqualLevel)),
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
