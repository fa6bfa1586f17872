package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// sample is a report with the awkward cases: no position, a message with
// newlines and percent signs, a path with a comma and a colon, related
// locations, a suppressed finding.
func sample() *lint.Report {
	return &lint.Report{
		Version: lint.ReportVersion,
		Files:   []string{"a,b:c.yaml", "dir/key policy.json", "/abs/p.json"},
		Findings: []lint.Finding{
			{Rule: "XA001", Severity: lint.SeverityError, Title: "File cannot be parsed", Message: "100% broken\nsecond line\r", File: "a,b:c.yaml"},
			{Rule: "XA103", Severity: lint.SeverityError, Title: "Key policy lacks decrypt", Message: "account B cannot decrypt", File: "dir/key policy.json", Line: 12, Column: 5, Pointer: "/Statement/2",
				Related: []lint.Related{{File: "pipeline.json", Line: 30, Column: 9, Message: "action role"}}},
			{Rule: "XA110", Severity: lint.SeverityInfo, Title: "Key rotation disabled", Message: "rotation off", File: "/abs/p.json", Line: 3},
			{Rule: "XA204", Severity: lint.SeverityWarning, Title: "No TLS deny", Message: "no TLS deny", File: "dir/key policy.json", Line: 1, Column: 1,
				Suppressed: &lint.Suppressed{Kind: lint.SuppressedInline, Reason: "private"}},
		},
		Summary: lint.Summary{Files: 3, Error: 2, Warning: 0, Info: 1},
	}
}

func write(t *testing.T, format string, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, sample(), format, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestText(t *testing.T) {
	want := `a,b:c.yaml: error XA001: 100% broken second line
dir/key policy.json:12:5: error XA103: account B cannot decrypt
/abs/p.json:3: info XA110: rotation off
3 files, 2 errors, 0 warnings, 1 info (1 suppressed: 1 inline)
`
	if diff := cmp.Diff(want, write(t, FormatText, Options{})); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	one := &lint.Report{Summary: lint.Summary{Files: 1, Error: 1, Warning: 1}}
	if err := Write(&buf, one, FormatText, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "1 file, 1 error, 1 warning, 0 info\n" {
		t.Errorf("singular summary = %q", got)
	}
}

func TestGitHub(t *testing.T) {
	want := `::error file=a%2Cb%3Ac.yaml,title=XA001::100%25 broken%0Asecond line%0D
::error file=dir/key policy.json,line=12,col=5,title=XA103::account B cannot decrypt
::notice file=/abs/p.json,line=3,title=XA110::rotation off
`
	if diff := cmp.Diff(want, write(t, FormatGitHub, Options{})); diff != "" {
		t.Errorf("github (-want +got):\n%s", diff)
	}
}

func TestJSON(t *testing.T) {
	out := write(t, FormatJSON, Options{})
	var got struct {
		Version  int                          `json:"version"`
		Findings []map[string]json.RawMessage `json:"findings"`
		Summary  map[string]int               `json:"summary"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("JSON report has another shape: %v\n%s", err, out)
	}
	if got.Version != 1 || len(got.Findings) != 4 {
		t.Errorf("version %d, %d findings", got.Version, len(got.Findings))
	}
	for _, key := range []string{"rule", "severity", "title", "message", "file", "line", "column", "pointer"} {
		if _, ok := got.Findings[0][key]; !ok {
			t.Errorf("finding lacks %q", key)
		}
	}
	if string(got.Findings[1]["related"]) == "" || string(got.Findings[3]["suppressed"]) == "" {
		t.Error("related or suppressed missing")
	}
	if _, ok := got.Findings[0]["related"]; ok {
		t.Error("empty related is written")
	}
	if diff := cmp.Diff(map[string]int{"files": 3, "error": 2, "warning": 0, "info": 1}, got.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if !strings.Contains(out, "\n  \"findings\": [\n    {\n      \"rule\"") {
		t.Errorf("not indented with two spaces:\n%s", out)
	}
	var buf bytes.Buffer
	if err := Write(&buf, &lint.Report{Version: 1}, FormatJSON, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("no findings must be [], got %s", buf.String())
	}
}

func TestSARIF(t *testing.T) {
	rules := []lint.Rule{
		{ID: "XA204", Title: "No TLS deny", Severity: lint.SeverityWarning, DefaultSeverity: lint.SeverityWarning, HelpURL: lint.HelpURLBase + "XA204.md"},
		{ID: "XA001", Title: "File cannot be parsed", Description: "d", Severity: lint.SeverityError, DefaultSeverity: lint.SeverityError, HelpURL: lint.HelpURLBase + "XA001.md"},
		{ID: "XA103", Title: "Key policy lacks decrypt", Severity: lint.SeverityError, DefaultSeverity: lint.SeverityError},
		{ID: "XA110", Title: "Key rotation disabled", Severity: lint.SeverityInfo, DefaultSeverity: lint.SeverityInfo},
		{ID: "XA999", Title: "Off", Severity: lint.SeverityOff, DefaultSeverity: lint.SeverityWarning},
	}
	out := write(t, FormatSARIF, Options{Rules: rules, ToolVersion: "1.2.3"})
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct {
						ID, Name, HelpURI    string
						ShortDescription     struct{ Text string }
						DefaultConfiguration struct {
							Enabled *bool
							Level   string
						}
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           *struct{ StartLine, StartColumn int }
					}
				}
				RelatedLocations []struct {
					Message struct{ Text string }
				}
				Suppressions []struct{ Kind, Justification string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"columnKind": "unicodeCodePoints"`) {
		t.Error("SARIF run does not say columns count code points")
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	d := log.Runs[0].Tool.Driver
	if d.Name != "xacct-lint" || d.Version != "1.2.3" || d.InformationURI == "" {
		t.Errorf("driver = %+v", d)
	}
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
	}
	if diff := cmp.Diff([]string{"XA001", "XA103", "XA110", "XA204", "XA999"}, ids); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if d.Rules[0].HelpURI != "https://github.com/xacct-lint/xacct-lint/blob/main/docs/rules/XA001.md" || d.Rules[0].Name != "FileCannotBeParsed" {
		t.Errorf("rule XA001 = %+v", d.Rules[0])
	}
	if lv := d.Rules[2].DefaultConfiguration.Level; lv != "note" {
		t.Errorf("info level = %q, want note", lv)
	}
	if c := d.Rules[4].DefaultConfiguration; c.Enabled == nil || *c.Enabled || c.Level != "warning" {
		t.Errorf("rule turned off: configuration %+v, want enabled false, level warning", c)
	}
	res := log.Runs[0].Results
	if len(res) != 4 {
		t.Fatalf("%d results, want 4 (suppressed included)", len(res))
	}
	for _, r := range res {
		if d.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s has ruleIndex %d (%s)", r.RuleID, r.RuleIndex, d.Rules[r.RuleIndex].ID)
		}
	}
	loc := res[1].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "dir/key%20policy.json" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region == nil || loc.Region.StartLine != 12 || loc.Region.StartColumn != 5 {
		t.Errorf("location = %+v", loc)
	}
	if res[0].Locations[0].PhysicalLocation.Region != nil {
		t.Error("a finding without a line has a region")
	}
	if u := res[2].Locations[0].PhysicalLocation.ArtifactLocation.URI; u != "file:///abs/p.json" {
		t.Errorf("absolute path URI = %q", u)
	}
	if len(res[1].RelatedLocations) != 1 || res[1].RelatedLocations[0].Message.Text != "action role" {
		t.Errorf("related = %+v", res[1].RelatedLocations)
	}
	if s := res[3].Suppressions; len(s) != 1 || s[0].Kind != "inSource" || s[0].Justification != "private" {
		t.Errorf("suppressions = %+v", s)
	}
	if res[2].Level != "note" || res[0].Level != "error" {
		t.Errorf("levels %q %q", res[0].Level, res[2].Level)
	}
}

func TestSARIFWithoutCatalogue(t *testing.T) {
	out := write(t, FormatSARIF, Options{})
	for _, id := range []string{`"id": "XA001"`, `"id": "XA103"`, `"id": "XA110"`, `"id": "XA204"`} {
		if !strings.Contains(out, id) {
			t.Errorf("SARIF without Options.Rules lacks %s", id)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample(), "xml", Options{}); err == nil || !strings.Contains(err.Error(), "text, json, sarif, github") {
		t.Errorf("unknown format: %v", err)
	}
	if err := Write(&buf, nil, FormatText, Options{}); err == nil {
		t.Error("nil report: want error")
	}
	if err := Write(failWriter{}, sample(), FormatText, Options{}); err == nil {
		t.Error("failing writer: want error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, bytes.ErrTooLarge }
