// Package docs embeds the documentation pages of xacct-lint's rules, one
// Markdown page per rule under rules/ (rules/XA103.md), for
// `xacct-lint explain`.
package docs

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
)

// Rules holds the rule pages: rules/XA001.md, rules/XA002.md, …
//
//go:embed rules
var Rules embed.FS

// ruleID is the shape of a rule ID; anything else never names a page.
var ruleID = regexp.MustCompile(`^[A-Z][A-Z0-9]*[0-9]+$`)

// RulePage returns the Markdown page of the rule with the given ID
// ("XA103"). The error wraps fs.ErrNotExist when there is no such page.
func RulePage(id string) ([]byte, error) {
	if !ruleID.MatchString(id) {
		return nil, fmt.Errorf("rule page %q: %w", id, fs.ErrNotExist)
	}
	b, err := Rules.ReadFile("rules/" + id + ".md")
	if err != nil {
		return nil, fmt.Errorf("rule page %s: %w", id, err)
	}
	return b, nil
}
