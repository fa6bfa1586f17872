package facts

import (
	"slices"
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// documentLinkKeyStrings returns the keys of DocumentLinkKeys before they
// are hashed, as "declares kind value", "names kind value" and "member of
// kind value" lines, sorted (tests, and a look at why files join).
func documentLinkKeyStrings(d *source.Document, bd Binding) []string {
	b := newKeyBuilder(d.Path, bd)
	if d.Root == nil || d.Root.Kind != source.Map || b.readDocument(d, bd.Account, nil) {
		return nil
	}
	var out []string
	k := keyer{trace: func(mode, kind, v string) {
		out = append(out, mode+" "+strings.TrimSuffix(kind, "\x00")+" "+v)
	}}
	b.linkKeys(&k, bd.Account == "")
	slices.Sort(out)
	return slices.Compact(out)
}
