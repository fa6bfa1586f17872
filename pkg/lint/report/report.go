// Package report writes a lint.Report in the output formats of
// `xacct-lint lint --format`: text, json, sarif and github.
//
// Every format is deterministic: the same report gives the same bytes.
package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// Output formats.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatSARIF  = "sarif"
	FormatGitHub = "github"
)

// Formats lists the output formats Write accepts.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatSARIF, FormatGitHub}
}

// Options complete what a report holds with what some formats need.
type Options struct {
	// Rules is the rule catalogue (lint.Linter.Rules). SARIF lists every
	// rule of it in tool.driver.rules; when it is nil, only the rules that
	// have findings are listed, with what the findings tell of them.
	Rules []lint.Rule
	// ToolVersion is the xacct-lint version reported in SARIF.
	ToolVersion string
	// Color styles the text format with ANSI escapes (severities, the
	// location, the caret). Callers decide: on a terminal, not when the
	// NO_COLOR environment variable is set.
	Color bool
	// Excerpts adds, in the text format, the source line of each finding
	// with a caret under its column.
	Excerpts bool
	// Quiet leaves out the summary line of the text format.
	Quiet bool
	// Source returns a file's content for excerpts; nil means the
	// report's own (lint.Report.Source).
	Source func(file string) []byte
}

// Write writes r to w in format: "text", "json", "sarif" or "github".
func Write(w io.Writer, r *lint.Report, format string, opts Options) error {
	if r == nil {
		return fmt.Errorf("write %s report: no report", format)
	}
	var err error
	switch format {
	case FormatText:
		err = writeText(w, r, opts)
	case FormatJSON:
		err = writeJSON(w, r)
	case FormatSARIF:
		err = writeSARIF(w, r, opts)
	case FormatGitHub:
		err = writeGitHub(w, r)
	default:
		return fmt.Errorf("unknown report format %q (want %s)", format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return fmt.Errorf("write %s report: %w", format, err)
	}
	return nil
}

// location renders "file:line:col", leaving out what is unknown.
func location(file string, line, col int) string {
	if file == "" {
		file = "-"
	}
	switch {
	case line <= 0:
		return file
	case col <= 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return fmt.Sprintf("%s:%d:%d", file, line, col)
}

// oneLine keeps a message on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func writeJSON(w io.Writer, r *lint.Report) error {
	out := *r
	if out.Findings == nil {
		out.Findings = []lint.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeGitHub writes GitHub Actions workflow commands, one per finding:
// `::error file=…,line=…,col=…,title=XA101::message`.
func writeGitHub(w io.Writer, r *lint.Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			continue
		}
		cmd := "notice"
		switch f.Severity {
		case lint.SeverityError:
			cmd = "error"
		case lint.SeverityWarning:
			cmd = "warning"
		}
		props := []string{}
		if f.File != "" {
			props = append(props, "file="+escapeProperty(f.File))
		}
		if f.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Line))
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
			}
		}
		props = append(props, "title="+escapeProperty(f.Rule))
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(f.Message))
	}
	return bw.Flush()
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// catalogue returns opts.Rules, or rules made up from the findings.
func catalogue(r *lint.Report, opts Options) []lint.Rule {
	if opts.Rules != nil {
		rules := slices.Clone(opts.Rules)
		slices.SortFunc(rules, func(a, b lint.Rule) int { return strings.Compare(a.ID, b.ID) })
		return rules
	}
	seen := map[string]bool{}
	var rules []lint.Rule
	for _, f := range r.Findings {
		if seen[f.Rule] {
			continue
		}
		seen[f.Rule] = true
		rules = append(rules, lint.Rule{ID: f.Rule, Title: f.Title, Severity: f.Severity, DefaultSeverity: f.Severity})
	}
	slices.SortFunc(rules, func(a, b lint.Rule) int { return strings.Compare(a.ID, b.ID) })
	return rules
}
