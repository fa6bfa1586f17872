package docs_test

import (
	"bytes"
	"errors"
	"io/fs"
	"testing"

	"github.com/xacct-lint/xacct-lint/docs"
	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// TestEveryRuleHasAPage checks that explain has a page for every built-in
// rule, and that each page names its rule.
func TestEveryRuleHasAPage(t *testing.T) {
	l, err := lint.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range l.Rules() {
		page, err := docs.RulePage(r.ID)
		if err != nil {
			t.Errorf("rule %s: %v", r.ID, err)
			continue
		}
		if !bytes.Contains(page, []byte(r.ID)) {
			t.Errorf("page of %s does not mention %s", r.ID, r.ID)
		}
	}
}

func TestRulePageNotFound(t *testing.T) {
	for _, id := range []string{"XA999", "", "../docs", "rules/XA001", "xa001", "XA001.md"} {
		if _, err := docs.RulePage(id); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("RulePage(%q) error = %v, want fs.ErrNotExist", id, err)
		}
	}
}
