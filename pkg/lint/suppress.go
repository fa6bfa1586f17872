package lint

import (
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// inlineSuppression returns the suppression a CloudFormation template
// declares for f, if any:
//
//	Metadata:
//	  xacct-lint:
//	    ignore:
//	      - {rule: XA505, reason: "…"}
//
// on the resource the finding points into, or on the template. An entry may
// also be the bare rule ID.
func inlineSuppression(doc *source.Document, f *Finding) *Suppressed {
	if doc == nil || doc.Root == nil || doc.Kind != source.KindTemplate {
		return nil
	}
	if seg := pointerSegments(f.Pointer); len(seg) >= 2 && seg[0] == "Resources" {
		res := doc.Root.Get("Resources").Get(seg[1])
		if s := ignoreEntry(res.Get("Metadata"), f.Rule); s != nil {
			return s
		}
	}
	return ignoreEntry(doc.Root.Get("Metadata"), f.Rule)
}

// ignoreEntry finds rule in metadata's xacct-lint.ignore list.
func ignoreEntry(metadata *source.Node, rule string) *Suppressed {
	list := metadata.Get("xacct-lint").Get("ignore")
	if list == nil || list.Kind != source.Seq {
		return nil
	}
	for _, it := range list.Items {
		switch it.Kind {
		case source.String:
			if it.Str == rule {
				return &Suppressed{Kind: SuppressedInSource}
			}
		case source.Map:
			if r := it.Get("rule"); r != nil && r.Kind == source.String && r.Str == rule {
				s := &Suppressed{Kind: SuppressedInSource}
				if reason := it.Get("reason"); reason != nil && reason.Kind == source.String {
					s.Reason = reason.Str
				}
				return s
			}
		}
	}
	return nil
}

// pointerSegments splits a JSON pointer into its unescaped segments.
func pointerSegments(p string) []string {
	if !strings.HasPrefix(p, "/") {
		return nil
	}
	seg := strings.Split(p[1:], "/")
	for i, s := range seg {
		seg[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return seg
}
