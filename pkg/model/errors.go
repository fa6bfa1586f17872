package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// FieldError is one problem found in a setup file: where it is and what is
// wrong. Its Error text is one line, "file:line:col: message", which the CLI
// prints verbatim, so the wording of messages is kept stable.
type FieldError struct {
	// File is the file name given to Parse or Load.
	File string
	// Line and Column are 1-based; they point at the offending value, at the
	// key of an unknown field, or — for a missing required field — at the
	// mapping that should hold it. Zero means unknown.
	Line   int
	Column int
	// Path names the field, like "targets[1].deploy.codeDeployToECS.images[0].artifact";
	// empty for a YAML syntax error.
	Path string
	// Message says what is wrong, starting with the path where there is one:
	// `tools.accountId: "11111111111" is not a 12-digit AWS account ID`.
	Message string
}

// Error returns "file:line:col: message", leaving out the parts that are unknown.
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Errors is every problem found in one setup file, sorted by position. Parse
// and Load return a *Errors whenever the file is not a valid setup; get at it
// with errors.As.
type Errors struct {
	// List holds the problems, sorted by file, line, column and message.
	List []*FieldError
}

// Error returns one line per problem, each as FieldError.Error.
func (e *Errors) Error() string {
	lines := make([]string, len(e.List))
	for i, fe := range e.List {
		lines[i] = fe.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so that errors.As can also find a *FieldError.
func (e *Errors) Unwrap() []error {
	errs := make([]error, len(e.List))
	for i, fe := range e.List {
		errs[i] = fe
	}
	return errs
}

// sortErrors orders problems by file, line, column, then message, and drops
// exact duplicates (an alias used twice can repeat a problem).
func sortErrors(es []*FieldError) []*FieldError {
	slices.SortStableFunc(es, func(a, b *FieldError) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.CompactFunc(es, func(a, b *FieldError) bool { return *a == *b })
}
