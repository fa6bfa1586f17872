package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// ANSI styles of the text format with Options.Color.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGreen  = "\x1b[32m"
)

// excerptWidth is how many characters of a source line an excerpt shows
// at most; longer lines (minified JSON) are cut around the column.
const excerptWidth = 100

// textWriter writes the text format.
type textWriter struct {
	w    *bufio.Writer
	r    *lint.Report
	opts Options
}

// paint wraps s in an ANSI style when colour is on.
func (t *textWriter) paint(style, s string) string {
	if !t.opts.Color || s == "" {
		return s
	}
	return style + s + ansiReset
}

func severityStyle(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return ansiBold + ansiRed
	case lint.SeverityWarning:
		return ansiYellow
	}
	return ansiCyan
}

// writeText writes `path:line:col: severity RULE: message`, one finding a
// line (with Options.Excerpts, followed by the source line and a caret
// under the column), then the summary line
// `3 files, 2 errors, 1 warning, 0 info (1 suppressed: 1 inline)`.
// Suppressed findings are counted on the summary line only.
func writeText(w io.Writer, r *lint.Report, opts Options) error {
	t := &textWriter{w: bufio.NewWriter(w), r: r, opts: opts}
	kinds := map[string]int{}
	suppressed := 0
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			suppressed++
			kinds[f.Suppressed.Kind]++
			continue
		}
		loc := location(f.File, f.Line, f.Column)
		fmt.Fprintf(t.w, "%s: %s %s: %s\n", t.paint(ansiBold, sanitize(loc)), t.paint(severityStyle(f.Severity), string(f.Severity)),
			t.paint(ansiBold, f.Rule), sanitize(oneLine(f.Message)))
		if opts.Excerpts {
			t.excerpt(f)
		}
	}
	if opts.Quiet {
		return t.w.Flush()
	}
	s := r.Summary
	errs, warns, infos := plural(s.Error, "error"), plural(s.Warning, "warning"), fmt.Sprintf("%d info", s.Info)
	if s.Error > 0 {
		errs = t.paint(severityStyle(lint.SeverityError), errs)
	}
	if s.Warning > 0 {
		warns = t.paint(severityStyle(lint.SeverityWarning), warns)
	}
	if s.Info > 0 {
		infos = t.paint(severityStyle(lint.SeverityInfo), infos)
	}
	line := fmt.Sprintf("%s, %s, %s, %s", plural(s.Files, "file"), errs, warns, infos)
	if s.Error+s.Warning+s.Info == 0 {
		line = t.paint(ansiGreen, line)
	}
	fmt.Fprint(t.w, line)
	if suppressed > 0 {
		var parts []string
		for _, k := range []string{lint.SuppressedInline, lint.SuppressedByConfig, lint.SuppressedByFlag} {
			if kinds[k] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
				delete(kinds, k)
			}
		}
		others := make([]string, 0, len(kinds))
		for k := range kinds {
			others = append(others, k)
		}
		slices.Sort(others)
		for _, k := range others {
			parts = append(parts, fmt.Sprintf("%d %s", kinds[k], sanitize(k)))
		}
		fmt.Fprint(t.w, t.paint(ansiDim, fmt.Sprintf(" (%d suppressed: %s)", suppressed, strings.Join(parts, ", "))))
	}
	fmt.Fprintln(t.w)
	return t.w.Flush()
}

// excerpt writes the finding's source line and a caret under its column:
//
//	14 |       // ~~省略~~
//	   |       ^
func (t *textWriter) excerpt(f lint.Finding) {
	if f.Line <= 0 {
		return
	}
	src := t.r.Source(f.File)
	if t.opts.Source != nil {
		src = t.opts.Source(f.File)
	}
	line, ok := sourceLine(src, f.Line)
	if !ok {
		return
	}
	text, caret := excerptLine(line, f.Column)
	num := fmt.Sprintf("%5d | ", f.Line)
	gutter := strings.Repeat(" ", 6) + "| "
	fmt.Fprintf(t.w, "%s%s\n", t.paint(ansiDim, num), text)
	if caret != "" {
		fmt.Fprintf(t.w, "%s%s\n", t.paint(ansiDim, gutter), t.paint(severityStyle(f.Severity), caret))
	}
}

// sourceLine returns line n (1-based) of src without its newline.
func sourceLine(src []byte, n int) (string, bool) {
	if src == nil {
		return "", false
	}
	for i := 1; i < n; i++ {
		j := strings.IndexByte(string(src), '\n')
		if j < 0 {
			return "", false
		}
		src = src[j+1:]
	}
	if j := strings.IndexByte(string(src), '\n'); j >= 0 {
		src = src[:j]
	}
	return string(src), true
}

// excerptLine returns the line to show, cut to excerptWidth characters
// around col and with control characters made visible, and the caret line
// whose "^" stands under col (tabs kept, wide characters counted twice).
// caret is "" when col is unknown.
func excerptLine(line string, col int) (text, caret string) {
	runes := []rune(line)
	if !utf8.ValidString(line) {
		runes = []rune(strings.ToValidUTF8(line, "\uFFFD"))
	}
	start := 0
	if col > 0 && col-1 > excerptWidth*2/3 {
		start = min(col-1-excerptWidth/3, max(len(runes)-excerptWidth, 0))
	}
	end := min(len(runes), start+excerptWidth)
	var b, c strings.Builder
	if start > 0 {
		b.WriteString("…")
		c.WriteString(" ")
	}
	for i := start; i < end; i++ {
		r := runes[i]
		shown := visible(r)
		b.WriteRune(shown)
		if i < col-1 {
			switch {
			case r == '\t':
				c.WriteByte('\t')
			case wide(shown):
				c.WriteString("  ")
			default:
				c.WriteByte(' ')
			}
		}
	}
	if end < len(runes) {
		b.WriteString("…")
	}
	if col <= 0 || col-1 > len(runes) {
		return b.String(), ""
	}
	c.WriteByte('^')
	return b.String(), c.String()
}

// visible replaces control characters (which could drive the terminal)
// with U+FFFD; tabs stay.
func visible(r rune) rune {
	if r == '\t' {
		return r
	}
	if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
		return '\uFFFD'
	}
	return r
}

// sanitize makes control characters in text from documents visible.
func sanitize(s string) string {
	return strings.Map(visible, s)
}

// wide reports whether a terminal shows r two columns wide (East Asian
// wide and fullwidth characters, emoji).
func wide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115f, // Hangul Jamo
		r >= 0x2e80 && r <= 0x303e, // CJK radicals, punctuation
		r >= 0x3041 && r <= 0x33ff, // Hiragana, Katakana, CJK symbols
		r >= 0x3400 && r <= 0x4dbf, // CJK extension A
		r >= 0x4e00 && r <= 0x9fff, // CJK unified ideographs
		r >= 0xa000 && r <= 0xa4cf, // Yi
		r >= 0xac00 && r <= 0xd7a3, // Hangul syllables
		r >= 0xf900 && r <= 0xfaff, // CJK compatibility ideographs
		r >= 0xfe30 && r <= 0xfe4f, // CJK compatibility forms
		r >= 0xff00 && r <= 0xff60, // fullwidth forms
		r >= 0xffe0 && r <= 0xffe6,
		r >= 0x1f300 && r <= 0x1f64f, // emoji
		r >= 0x1f900 && r <= 0x1f9ff,
		r >= 0x20000 && r <= 0x3fffd: // CJK extensions B and later
		return true
	}
	return false
}
