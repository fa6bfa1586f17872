package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// SuppressionRule is the rule that reports suppressions needing care: an
// ignore entry that matches no finding (stale: the problem was fixed, or
// the entry never matched), an inline entry without a reason (it does not
// apply until it has one), or an inline entry that names no rule. It is
// not a Rego rule: the Linter checks suppressions after the rules ran.
const SuppressionRule = "XA000"

// suppressionRule is SuppressionRule's catalogue entry.
func suppressionRule() Rule {
	return Rule{
		ID:              SuppressionRule,
		Title:           "Suppression matches no finding or has no reason",
		Severity:        SeverityInfo,
		DefaultSeverity: SeverityInfo,
		Description: "An ignore entry in a template's Metadata or in .xacct-lint.yaml that matches no finding of this run, " +
			"an inline ignore entry without a reason (it does not apply until it has one), or one that names no rule.",
		Remediation: "Remove ignore entries that match nothing; give every inline entry a reason: {rule: XA505, reason: \"why it does not apply\"}.",
		HelpURL:     HelpURLBase + SuppressionRule + ".md",
		Builtin:     true,
	}
}

// inlineEntry is one entry of a template's xacct-lint.ignore list.
type inlineEntry struct {
	file     string
	resource string // "" for the template's own Metadata
	rule     string
	reason   string
	pos      source.Pos
	problem  string // set when the entry is malformed; it then suppresses nothing
	used     bool
}

// where names the entry's scope in messages.
func (e *inlineEntry) where() string {
	if e.resource == "" {
		return "in this template"
	}
	return "on resource " + e.resource
}

// suppressor applies the three kinds of suppression to findings and
// remembers which entries were used.
type suppressor struct {
	l          *Linter
	inline     map[string][]*inlineEntry // by file
	configUsed []bool
	files      []string // linted files, for the reach of config entries
}

// collectDocs reads the inline ignore entries of the documents' Metadata.
// The streaming run calls it once per group of documents, each document
// in one group only, before the documents are dropped.
func (s *suppressor) collectDocs(docs []*source.Document) {
	for _, d := range docs {
		if d.Root == nil || d.Kind != source.KindTemplate {
			continue
		}
		s.collect(d.Path, "", d.Root.Get("Metadata"))
		if res := d.Root.Get("Resources"); res != nil && res.Kind == source.Map {
			for _, e := range res.Entries {
				s.collect(d.Path, e.Key, e.Value.Get("Metadata"))
			}
		}
	}
}

// collect reads the xacct-lint.ignore list of one Metadata node.
func (s *suppressor) collect(file, resource string, metadata *source.Node) {
	cfg := metadata.Get("xacct-lint")
	if cfg == nil {
		return
	}
	add := func(e *inlineEntry) {
		s.inline[file] = append(s.inline[file], e)
	}
	list := cfg.Get("ignore")
	if list == nil || list.Kind != source.Seq {
		pos := cfg.Pos
		if list != nil {
			pos = list.Pos
		}
		add(&inlineEntry{file: file, resource: resource, pos: pos, problem: "xacct-lint metadata needs an ignore list: ignore: [{rule: XA505, reason: \"…\"}]"})
		return
	}
	for _, it := range list.Items {
		e := &inlineEntry{file: file, resource: resource, pos: it.Pos}
		switch it.Kind {
		case source.String:
			e.rule = it.Str
		case source.Map:
			if r := it.Get("rule"); r != nil && r.Kind == source.String {
				e.rule = r.Str
			}
			if r := it.Get("reason"); r != nil && r.Kind == source.String {
				e.reason = strings.TrimSpace(r.Str)
			}
		}
		switch {
		case e.rule == "":
			e.problem = "ignore entry must be {rule: XA505, reason: \"…\"}"
		case !s.l.known(e.rule):
			e.problem = fmt.Sprintf("ignore entry names %s, which is not a rule (see xacct-lint rules)", e.rule)
		case e.reason == "":
			e.problem = fmt.Sprintf("ignore entry for %s %s has no reason, so it does not apply: write {rule: %s, reason: \"why it does not apply\"}",
				e.rule, e.where(), e.rule)
		}
		add(e)
	}
}

// match returns how f is suppressed, or nil. Every entry that covers f is
// marked used; the most specific one gives the kind and reason: inline on
// the resource, inline on the template, the configuration, the command
// line.
func (s *suppressor) match(f *Finding) *Suppressed {
	var out *Suppressed
	seg := pointerSegments(f.Pointer)
	resource := ""
	if len(seg) >= 2 && seg[0] == "Resources" {
		resource = seg[1]
	}
	entries := s.inline[f.File]
	// resource entries first, then the template's.
	for _, wantResource := range []bool{true, false} {
		for _, e := range entries {
			if e.problem != "" || e.rule != f.Rule || (e.resource != "") != wantResource {
				continue
			}
			if wantResource && e.resource != resource {
				continue
			}
			e.used = true
			if out == nil {
				out = &Suppressed{Kind: SuppressedInline, Reason: e.reason}
			}
		}
	}
	for i, c := range s.l.ignore {
		if !s.l.configCovers(c, f) {
			continue
		}
		s.configUsed[i] = true
		if out == nil {
			out = &Suppressed{Kind: SuppressedByConfig, Reason: c.Reason}
		}
	}
	if out == nil && s.l.flagIgnored[f.Rule] {
		out = &Suppressed{Kind: SuppressedByFlag, Reason: "--ignore " + f.Rule}
	}
	return out
}

// stale returns the SuppressionRule findings: malformed inline entries and
// entries that matched nothing. Entries for rules that are off, and
// configuration entries whose path glob reaches none of the linted files,
// are not reported: they could not have matched.
func (s *suppressor) stale() []Finding {
	rule := s.l.rules[s.l.byID[SuppressionRule]]
	if rule.Severity == SeverityOff {
		return nil
	}
	var out []Finding
	add := func(file string, line, col int, msg string) {
		f := Finding{Rule: SuppressionRule, Severity: rule.Severity, Title: rule.Title, Message: msg, File: file, Line: line, Column: col}
		f.Suppressed = s.match(&f)
		out = append(out, f)
	}
	files := make([]string, 0, len(s.inline))
	for f := range s.inline {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, file := range files {
		for _, e := range s.inline[file] {
			switch {
			case e.problem != "":
				add(file, e.pos.Line, e.pos.Column, e.problem)
			case !e.used && s.l.enabled(e.rule) && e.rule != SuppressionRule:
				add(file, e.pos.Line, e.pos.Column, fmt.Sprintf("ignore entry for %s %s matches no finding: remove it", e.rule, e.where()))
			}
		}
	}
	for i, c := range s.l.ignore {
		if s.configUsed[i] || !s.l.enabled(c.Rule) || c.Rule == SuppressionRule || !s.reaches(c) {
			continue
		}
		scope := ""
		switch {
		case c.Resource != "":
			scope = " on resource " + c.Resource
		case c.Pointer != "":
			scope = " at " + c.Pointer
		}
		file, written := s.l.config.Path, c.Path
		if c.from != "" {
			file, written = c.from, c.written
		}
		if written != "" {
			scope += fmt.Sprintf(" in %q", written)
		}
		if file == "" {
			file = "configuration"
		}
		add(file, c.pos.line, c.pos.col, fmt.Sprintf("ignore entry for %s%s matches no finding: remove it", c.Rule, scope))
	}
	return out
}

// reaches reports whether a configuration entry's path glob matches one
// of the linted files.
func (s *suppressor) reaches(c Suppression) bool {
	if c.Path == "" {
		return len(s.files) > 0
	}
	for _, f := range s.files {
		if rel, ok := s.l.config.relPath(f); ok && matchGlob(c.Path, rel) {
			return true
		}
	}
	return false
}

// configCovers reports whether a configuration entry covers f.
func (l *Linter) configCovers(c Suppression, f *Finding) bool {
	if c.Rule != f.Rule {
		return false
	}
	if c.Path != "" {
		rel, ok := l.config.relPath(f.File)
		if !ok || !matchGlob(c.Path, rel) {
			return false
		}
	}
	if c.Resource != "" {
		seg := pointerSegments(f.Pointer)
		if len(seg) < 2 || seg[0] != "Resources" || seg[1] != c.Resource {
			return false
		}
	}
	if c.Pointer != "" && f.Pointer != c.Pointer && !strings.HasPrefix(f.Pointer, strings.TrimSuffix(c.Pointer, "/")+"/") {
		return false
	}
	return true
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
