package trace_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/trace"
)

// TestMermaidRenders renders the article's diagram with the Mermaid CLI
// (npm @mermaid-js/mermaid-cli, "mmdc") and a Chromium from the system.
// Skipped where either is missing. With -update it keeps the rendering as
// testdata/article.svg.
func TestMermaidRenders(t *testing.T) {
	mmdc, err := exec.LookPath("mmdc")
	if err != nil {
		t.Skip("mmdc not installed (npm install -g @mermaid-js/mermaid-cli with PUPPETEER_SKIP_DOWNLOAD=1)")
	}
	var browser string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no chromium to render with (apt-get install chromium)")
	}
	rep := traceDir(t, filepath.Join(repo, "examples/article/generated"))
	dir := t.TempDir()
	var b bytes.Buffer
	if err := trace.WriteMermaid(&b, rep); err != nil {
		t.Fatal(err)
	}
	in, out, cfg := filepath.Join(dir, "trace.mmd"), filepath.Join(dir, "trace.svg"), filepath.Join(dir, "puppeteer.json")
	pcfg, _ := json.Marshal(map[string]any{"executablePath": browser, "args": []string{"--no-sandbox"}})
	for path, data := range map[string][]byte{in: b.Bytes(), cfg: pcfg} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if msg, err := exec.CommandContext(ctx, mmdc, "-i", in, "-o", out, "-p", cfg).CombinedOutput(); err != nil {
		t.Fatalf("mmdc: %v\n%s\ninput:\n%s", err, msg, b.String())
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "<svg") || !strings.Contains(string(svg), "assume-role") {
		t.Errorf("rendered SVG lacks the diagram:\n%.500s", svg)
	}
	if *update {
		if err := os.WriteFile(filepath.Join("testdata", "article.svg"), svg, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBadInput: a file that cannot be parsed is an error naming it and
// the position, not a panic or a trace.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "pipeline.json")
	if err := os.WriteFile(bad, []byte("{\n  \"pipeline\": {\n    \"name\": \"x\",,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := lint.New()
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.Trace(context.Background(), bad)
	if err == nil {
		t.Fatal("no error for a broken file")
	}
	if !strings.Contains(err.Error(), bad+":3:") {
		t.Errorf("error %q does not name %s:3", err, bad)
	}
	if _, err := l.Trace(context.Background(), filepath.Join(dir, "missing")); err == nil {
		t.Error("no error for a missing path")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Trace(ctx, dir); err == nil {
		t.Error("no error for a cancelled context")
	}
}
