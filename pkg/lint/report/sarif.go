package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// SARIF constants.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	toolName     = "xacct-lint"
	toolURI      = "https://github.com/xacct-lint/xacct-lint"
)

// The subset of SARIF 2.1.0 that xacct-lint writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Artifacts  []sarifArtif  `json:"artifacts,omitempty"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string          `json:"id"`
		Name                 string          `json:"name"`
		ShortDescription     sarifText       `json:"shortDescription"`
		FullDescription      *sarifText      `json:"fullDescription,omitempty"`
		Help                 *sarifText      `json:"help,omitempty"`
		HelpURI              string          `json:"helpUri,omitempty"`
		DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	}
	sarifRuleConfig struct {
		Enabled *bool  `json:"enabled,omitempty"`
		Level   string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifArtif struct {
		Location sarifArtifLoc `json:"location"`
	}
	sarifResult struct {
		RuleID           string             `json:"ruleId"`
		RuleIndex        *int               `json:"ruleIndex,omitempty"`
		Level            string             `json:"level"`
		Message          sarifText          `json:"message"`
		Locations        []sarifLocation    `json:"locations,omitempty"`
		RelatedLocations []sarifLocation    `json:"relatedLocations,omitempty"`
		Suppressions     []sarifSuppression `json:"suppressions,omitempty"`
		Properties       *sarifResultProps  `json:"properties,omitempty"`
	}
	sarifResultProps struct {
		Pointer string `json:"pointer,omitempty"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifText    `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifLoc `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification,omitempty"`
	}
)

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return "error"
	case lint.SeverityWarning:
		return "warning"
	case lint.SeverityOff:
		return "none"
	}
	return "note"
}

// artifactURI turns a report path into a SARIF artifact location: a
// relative URI reference for relative paths (resolved against the
// %SRCROOT% base), a file URI for absolute ones.
func artifactURI(p string) sarifArtifLoc {
	slashed := filepath.ToSlash(p)
	if filepath.IsAbs(p) {
		if !strings.HasPrefix(slashed, "/") {
			slashed = "/" + slashed
		}
		return sarifArtifLoc{URI: (&url.URL{Scheme: "file", Path: slashed}).String()}
	}
	slashed = strings.TrimPrefix(slashed, "./")
	return sarifArtifLoc{URI: (&url.URL{Path: slashed}).String(), URIBaseID: "%SRCROOT%"}
}

func physical(file string, line, col int) sarifPhysical {
	p := sarifPhysical{ArtifactLocation: artifactURI(file)}
	if line > 0 {
		p.Region = &sarifRegion{StartLine: line, StartColumn: max(col, 0)}
	}
	return p
}

func writeSARIF(w io.Writer, r *lint.Report, opts Options) error {
	rules := catalogue(r, opts)
	index := map[string]int{}
	driver := sarifDriver{
		Name:           toolName,
		Version:        opts.ToolVersion,
		InformationURI: toolURI,
		Rules:          make([]sarifRule, 0, len(rules)),
	}
	for i, rule := range rules {
		index[rule.ID] = i
		sr := sarifRule{
			ID:                   rule.ID,
			Name:                 ruleName(rule),
			ShortDescription:     sarifText{Text: rule.Title},
			HelpURI:              rule.HelpURL,
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(rule.Severity)},
		}
		if rule.Severity == lint.SeverityOff {
			no := false
			sr.DefaultConfiguration = sarifRuleConfig{Enabled: &no, Level: sarifLevel(rule.DefaultSeverity)}
		}
		if rule.Description != "" {
			sr.FullDescription = &sarifText{Text: rule.Description}
		}
		if rule.Remediation != "" {
			sr.Help = &sarifText{Text: rule.Remediation}
		}
		driver.Rules = append(driver.Rules, sr)
	}
	// Columns count Unicode code points (internal/source), not the UTF-16
	// code units SARIF assumes by default.
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	for _, f := range r.Findings {
		res := sarifResult{
			RuleID:  f.Rule,
			Level:   sarifLevel(f.Severity),
			Message: sarifText{Text: f.Message},
		}
		if i, ok := index[f.Rule]; ok {
			res.RuleIndex = &i
		}
		if f.File != "" {
			res.Locations = []sarifLocation{{PhysicalLocation: physical(f.File, f.Line, f.Column)}}
		}
		for i, rel := range f.Related {
			if rel.File == "" {
				continue
			}
			id := i + 1
			loc := sarifLocation{ID: &id, PhysicalLocation: physical(rel.File, rel.Line, rel.Column)}
			if rel.Message != "" {
				loc.Message = &sarifText{Text: rel.Message}
			}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		if f.Suppressed != nil {
			kind := "external"
			if f.Suppressed.Kind == lint.SuppressedInline {
				kind = "inSource"
			}
			res.Suppressions = []sarifSuppression{{Kind: kind, Justification: f.Suppressed.Reason}}
		}
		if f.Pointer != "" {
			res.Properties = &sarifResultProps{Pointer: f.Pointer}
		}
		run.Results = append(run.Results, res)
	}
	for _, file := range r.Files {
		run.Artifacts = append(run.Artifacts, sarifArtif{Location: artifactURI(file)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// ruleName makes a SARIF rule name, an identifier-like PascalCase form of
// the title ("Key policy lacks decrypt" → "KeyPolicyLacksDecrypt").
func ruleName(r lint.Rule) string {
	var b strings.Builder
	upper := true
	for _, c := range r.Title {
		switch {
		case c >= 'a' && c <= 'z':
			if upper {
				c -= 'a' - 'A'
			}
			b.WriteRune(c)
			upper = false
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			upper = false
		default:
			upper = true
		}
	}
	if b.Len() == 0 {
		return r.ID
	}
	return b.String()
}
