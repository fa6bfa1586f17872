package lint

import (
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

// factsBinding tells facts.Build what the configuration says of a file.
func (l *Linter) factsBinding(path string) facts.Binding {
	b, ok := l.binding(path)
	if !ok {
		return facts.Binding{}
	}
	return facts.Binding{Account: b.Account, Role: b.Role, Region: b.Region, RoleComplete: b.Complete}
}

// looksRelevant tells whether a file found by walking a folder may be a
// document the linter reads, so that a broken YAML file of another tool
// (a Helm chart, a CI file) is not reported as a parse error. A .template
// file is taken to be a CloudFormation template.
func looksRelevant(path string, data []byte) bool {
	return strings.EqualFold(filepath.Ext(path), ".template") || source.LooksRelevant(data)
}
