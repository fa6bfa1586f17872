package lint

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/engine"
	"github.com/xacct-lint/xacct-lint/internal/facts"
	"github.com/xacct-lint/xacct-lint/internal/source"
	"github.com/xacct-lint/xacct-lint/rego"
)

// builtinRules are the rules embedded in the binary.
func builtinRules() []engine.Source {
	return []engine.Source{{FS: rego.FS, Dir: ".", Name: "rego", Builtin: true}}
}

// buildFacts turns the parsed documents into the rules' input.
//
// TODO(integration): call facts.Build(ctx, docs, facts.Options{Binding: l.factsBinding})
// once it has landed. Until then the input lists the files only.
func (l *Linter) buildFacts(ctx context.Context, docs []*source.Document) (*facts.Input, error) {
	in := &facts.Input{Version: 1}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		account, _ := l.binding(d.Path)
		in.Files = append(in.Files, facts.File{Path: d.Path, Kind: string(d.Kind), Format: d.Format, Account: account})
	}
	return in, nil
}

// looksRelevant tells whether a file found by walking a folder may be a
// document the linter reads, so that a broken YAML file of another tool
// (a Helm chart, a CI file) is not reported as a parse error. A .template
// file is taken to be a CloudFormation template.
func looksRelevant(path string, data []byte) bool {
	return strings.EqualFold(filepath.Ext(path), ".template") || source.LooksRelevant(data)
}
