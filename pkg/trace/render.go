package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/xacct-lint/xacct-lint/internal/facts"
)

// Output formats of Write.
const (
	FormatText    = "text"
	FormatJSON    = "json"
	FormatMermaid = "mermaid"
)

// Formats are the formats Write knows.
func Formats() []string { return []string{FormatText, FormatJSON, FormatMermaid} }

// Write writes the report in format (FormatText, FormatJSON or
// FormatMermaid).
func Write(w io.Writer, r *Report, format string) error {
	switch format {
	case FormatText:
		return WriteText(w, r)
	case FormatJSON:
		return WriteJSON(w, r)
	case FormatMermaid:
		return WriteMermaid(w, r)
	}
	return fmt.Errorf("unknown trace format %q (want %s)", format, strings.Join(Formats(), ", "))
}

// Display writes the symbolic "{{?file#LogicalId}}" values of the facts as
// "${LogicalId}", the way a template author reads them (facts.Readable, the
// same rewriting lint applies to its messages).
func Display(s string) string { return facts.Readable(s) }

// WriteJSON writes the report as indented JSON (version 1).
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write trace: %w", err)
	}
	return nil
}

// WriteText writes one block per action and one row per hop: the hop, its
// verdict and the statements that decided it, each with file:line:col.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	if len(r.Actions) == 0 {
		b.WriteString("no cross-account action found\n")
	}
	denied := 0
	for i, a := range r.Actions {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s (%s) in account %s as %s\n", Display(a.Name()), a.Provider, a.Account, Display(a.RoleArn))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  HOP\tVERDICT\tBECAUSE\n")
		for _, h := range a.Hops {
			if h.Verdict == Denied {
				denied++
			}
			if len(h.Because) == 0 {
				fmt.Fprintf(tw, "  %s\t%s\t\n", h.Hop, h.Verdict)
				continue
			}
			for j, c := range compact(h.Because) {
				hop, verdict := h.Hop, string(h.Verdict)
				if j > 0 {
					hop, verdict = "", ""
				}
				more := ""
				if c.more > 0 {
					more = fmt.Sprintf(" and %d more call(s)", c.more)
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s: %s%s (%s)\n", hop, verdict, position(c.Because), Display(c.Message), more, c.Rule)
			}
		}
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("write trace: %w", err)
		}
	}
	if denied > 0 {
		fmt.Fprintf(&b, "\n%d hop(s) denied\n", denied)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write trace: %w", err)
	}
	return nil
}

// grouped is a reason standing for more reasons at the same place for the
// same rule (one statement allowing several calls of a hop).
type grouped struct {
	Because
	more int
}

// compact groups the reasons of a hop by place and rule, for the table.
func compact(bs []Because) []grouped {
	var out []grouped
	at := map[Because]int{}
	for _, b := range bs {
		k := Because{File: b.File, Line: b.Line, Column: b.Column, Rule: b.Rule}
		if i, ok := at[k]; ok && b.File != "" {
			out[i].more++
			continue
		}
		at[k] = len(out)
		out = append(out, grouped{Because: b})
	}
	return out
}

func position(c Because) string {
	switch {
	case c.File == "":
		return "-"
	case c.Line == 0:
		return c.File
	}
	return fmt.Sprintf("%s:%d:%d", c.File, c.Line, c.Column)
}

// verdictColours are the Mermaid link colours of the verdicts.
var verdictColours = map[Verdict]string{Allowed: "#2e7d32", Denied: "#c62828", Unknown: "#ef6c00"}

// WriteMermaid writes a Mermaid flowchart: one subgraph per account, the
// pipeline role, artifact bucket and key in the pipeline's account, the
// action roles and their deploy targets in theirs, and each hop as an edge
// coloured by its verdict (green allowed, red denied, orange unknown).
func WriteMermaid(w io.Writer, r *Report) error {
	g := newGraph()
	type edge struct {
		from, to, label string
		verdict         Verdict
	}
	var edges []edge
	for _, a := range r.Actions {
		acctA := label(a.PipelineAccount, "pipeline account")
		acctB := label(a.Account, "target account")
		pr := g.node(acctA, "role:"+a.PipelineRoleArn, "pipeline role<br/>"+roleName(a.PipelineRoleArn))
		ar := g.node(acctB, "role:"+a.RoleArn, "action role<br/>"+roleName(a.RoleArn))
		for _, h := range a.Hops {
			var to string
			switch h.Hop {
			case HopAssumeRole:
				edges = append(edges, edge{pr, ar, h.Hop, h.Verdict})
				continue
			case HopReadArtifacts, HopWriteArtifacts:
				to = g.node(acctA, "bucket:"+a.Bucket, "artifact bucket<br/>"+strings.TrimPrefix(a.Bucket, "arn:aws:s3:::"))
			case HopDecryptArtifacts, HopEncryptArtifacts:
				to = g.node(acctA, "key:"+a.KeyArn, "artifact key<br/>"+keyName(a.KeyArn))
			case HopDeployCalls:
				to = g.node(acctB, "deploy:"+a.Account+":"+a.Provider, a.Provider)
			case HopPassRole:
				to = g.node(acctB, "pass:"+a.Account+":"+a.Provider, "passed roles<br/>("+a.Provider+")")
			default:
				continue
			}
			edges = append(edges, edge{ar, to, h.Hop, h.Verdict})
		}
	}
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, acct := range g.accounts {
		fmt.Fprintf(&b, "  subgraph %s[\"%s\"]\n", g.accountID[acct], mermaidText("account "+acct))
		for _, n := range g.nodes[acct] {
			fmt.Fprintf(&b, "    %s[\"%s\"]\n", n.id, mermaidText(n.label))
		}
		b.WriteString("  end\n")
	}
	for _, e := range edges {
		fmt.Fprintf(&b, "  %s -->|%s| %s\n", e.from, mermaidText(e.label+": "+string(e.verdict)), e.to)
	}
	for i, e := range edges {
		fmt.Fprintf(&b, "  linkStyle %d stroke:%s,stroke-width:2px\n", i, verdictColours[e.verdict])
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write trace: %w", err)
	}
	return nil
}

type mnode struct{ id, label string }

// graph numbers the accounts and nodes of a diagram in the order they are
// first seen, so that the output is stable.
type graph struct {
	accounts  []string
	accountID map[string]string
	nodes     map[string][]mnode
	ids       map[string]string
}

func newGraph() *graph {
	return &graph{accountID: map[string]string{}, nodes: map[string][]mnode{}, ids: map[string]string{}}
}

func (g *graph) node(account, key, lbl string) string {
	if id, ok := g.ids[key]; ok {
		return id
	}
	if _, ok := g.accountID[account]; !ok {
		g.accounts = append(g.accounts, account)
		g.accountID[account] = fmt.Sprintf("acct%d", len(g.accounts))
	}
	id := fmt.Sprintf("n%d", len(g.ids)+1)
	g.ids[key] = id
	g.nodes[account] = append(g.nodes[account], mnode{id, lbl})
	return id
}

func label(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return Display(s)
}

// roleName is the name part of a role ARN.
func roleName(arn string) string {
	arn = Display(arn)
	if i := strings.LastIndex(arn, ":role/"); i >= 0 {
		return arn[i+len(":role/"):]
	}
	return arn
}

// keyName is the key ID part of a key ARN.
func keyName(arn string) string {
	arn = Display(arn)
	if i := strings.LastIndex(arn, ":key/"); i >= 0 {
		return "key/" + arn[i+len(":key/"):]
	}
	return arn
}

// mermaidText escapes text for a quoted Mermaid label.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "|", "#124;").Replace(s)
}
