package e2e

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xacct-lint/xacct-lint/internal/awscli"
)

// knownGood lists the files of the known-good setups whose name matches
// pattern (filepath.Match on the base name).
func knownGood(t *testing.T, pattern string) []string {
	t.Helper()
	var out []string
	for _, s := range goodSetups {
		if !strings.HasPrefix(s.dir, "known-good/") {
			continue
		}
		m, err := filepath.Glob(filepath.Join(examplesDir, filepath.FromSlash(s.dir), pattern))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	return out
}

// TestKnownGoodPipelineJSONAcceptedByAWSCLI hands every pipeline.json of the
// known-good corpus to the real AWS CLI (create-pipeline against a loopback
// endpoint): a known-good setup must be one AWS accepts.
func TestKnownGoodPipelineJSONAcceptedByAWSCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("the AWS CLI is slow; skipped with -short")
	}
	aws, err := awscli.Find()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	files := knownGood(t, "pipeline.json")
	if len(files) < 3 {
		t.Fatalf("%d pipeline.json files in the known-good corpus, want at least 3", len(files))
	}
	for _, f := range files {
		res, err := awscli.CreatePipeline(context.Background(), aws, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !res.Accepted {
			t.Errorf("%s: the AWS CLI rejects it:\n%s", f, res.Stderr)
		}
	}
}

// TestKnownGoodTemplatesPassCfnLint runs cfn-lint, where it is installed,
// over the templates of the known-good corpus: no error, warning or info.
func TestKnownGoodTemplatesPassCfnLint(t *testing.T) {
	if testing.Short() {
		t.Skip("cfn-lint is slow; skipped with -short")
	}
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("skipping: cfn-lint is not installed")
	}
	templates := append(knownGood(t, "*.template.json"), knownGood(t, "*.yaml")...)
	var args []string
	for _, f := range templates {
		if b := filepath.Base(f); b != ".xacct-lint.yaml" && b != "xacct.yaml" {
			args = append(args, f)
		}
	}
	if len(args) < 8 {
		t.Fatalf("%d templates in the known-good corpus, want at least 8", len(args))
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		t.Errorf("cfn-lint exits %d:\n%s", ee.ExitCode(), out)
	case err != nil:
		t.Fatalf("cfn-lint: %v", err)
	}
}
