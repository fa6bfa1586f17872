package lint

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity is how serious a finding is.
type Severity string

// Severities, from most to least serious, and the two values that are not
// finding severities: SeverityOff in a configuration disables a rule, and
// Never as a fail-on threshold is never exceeded.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
	SeverityOff     Severity = "off"
	Never           Severity = "never"
)

// rank orders severities: error 3, warning 2, info 1, anything else 0.
func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}

// ParseSeverity parses a finding severity: "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	if sev := Severity(s); sev.rank() > 0 {
		return sev, nil
	}
	return "", fmt.Errorf("severity %q: want error, warning or info", s)
}

// ParseFailOn parses a fail-on threshold: "error", "warning", "info" or
// "never".
func ParseFailOn(s string) (Severity, error) {
	if Severity(s) == Never {
		return Never, nil
	}
	if sev := Severity(s); sev.rank() > 0 {
		return sev, nil
	}
	return "", fmt.Errorf("fail-on %q: want error, warning, info or never", s)
}

// ReportVersion is the version of the JSON report's shape.
const ReportVersion = 1

// Report is the result of one lint run. Its JSON form is the report of
// `xacct-lint lint --format json`.
type Report struct {
	// Version is ReportVersion.
	Version int `json:"version"`
	// Findings are sorted by file, line, column and rule.
	Findings []Finding `json:"findings"`
	// Summary counts files and the findings that are not suppressed.
	Summary Summary `json:"summary"`
	// Files are the documents linted, sorted. Files found under a folder
	// that are not documents the linter reads are not listed.
	Files []string `json:"-"`

	// sources are the linted files' contents, for excerpts.
	sources map[string][]byte
}

// Source returns the content of a linted file as the positions of the
// findings count it (line endings normalised to LF), or nil when the file
// is not part of the report. Writers use it for source excerpts.
func (r *Report) Source(file string) []byte {
	return r.sources[file]
}

// Finding is one problem a rule found.
type Finding struct {
	// Rule is the rule ID, e.g. "XA103".
	Rule string `json:"rule"`
	// Severity is the finding's severity after configuration.
	Severity Severity `json:"severity"`
	// Title is the rule's title.
	Title string `json:"title"`
	// Message says what is wrong, here.
	Message string `json:"message"`
	// File is the document's path as given or found under a given folder.
	File string `json:"file"`
	// Line and Column are 1-based; 0 when unknown.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Pointer is a JSON pointer to the node in the document ("" when the
	// finding is about the whole file).
	Pointer string `json:"pointer"`
	// Related are other places that take part in the problem.
	Related []Related `json:"related,omitempty"`
	// Suppressed is set when an ignore entry of the template's Metadata,
	// of the configuration, or WithIgnoredRules covers the finding. Suppressed findings do
	// not count in the Summary nor in Exceeds.
	Suppressed *Suppressed `json:"suppressed,omitempty"`
}

// Related is a secondary location of a finding.
type Related struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// Suppression kinds.
const (
	// SuppressedInline: an ignore entry in the Metadata of the template or
	// of the resource the finding points into.
	SuppressedInline = "inline"
	// SuppressedByConfig: an ignore entry of the configuration.
	SuppressedByConfig = "config"
	// SuppressedByFlag: WithIgnoredRules (the CLI's --ignore).
	SuppressedByFlag = "flag"
)

// Suppressed says why a finding is suppressed.
type Suppressed struct {
	// Kind is SuppressedInline, SuppressedByConfig or SuppressedByFlag.
	Kind string `json:"kind"`
	// Reason is the reason given with the suppression.
	Reason string `json:"reason,omitempty"`
}

// Summary counts a report's files and its findings by severity, not
// counting suppressed findings.
type Summary struct {
	Files   int `json:"files"`
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

// Exceeds reports whether the report has a finding that is not suppressed
// and whose severity is failOn or more serious. Exceeds(Never) is false.
func (r *Report) Exceeds(failOn Severity) bool {
	min := failOn.rank()
	if min == 0 {
		return false
	}
	for _, f := range r.Findings {
		if f.Suppressed == nil && f.Severity.rank() >= min {
			return true
		}
	}
	return false
}

// compareFindings orders findings by file, line, column, rule, then the
// rest, so that a report is the same from run to run.
func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Pointer, b.Pointer),
		cmp.Compare(b.Severity.rank(), a.Severity.rank()),
		slices.CompareFunc(a.Related, b.Related, func(x, y Related) int {
			return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line),
				cmp.Compare(x.Column, y.Column), cmp.Compare(x.Message, y.Message))
		}),
	)
}

// finish sorts the findings and computes the summary.
func (r *Report) finish() {
	slices.SortFunc(r.Findings, compareFindings)
	slices.Sort(r.Files)
	r.Files = slices.Compact(r.Files)
	r.Summary = Summary{Files: len(r.Files)}
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			continue
		}
		switch f.Severity {
		case SeverityError:
			r.Summary.Error++
		case SeverityWarning:
			r.Summary.Warning++
		case SeverityInfo:
			r.Summary.Info++
		}
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
}
