// Package examples holds runnable example setups; its test keeps the lint
// output quoted in each example's README.md equal to what xacct-lint prints.
package examples

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/xacct-lint/xacct-lint/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the lint output quoted in the examples' READMEs")

const (
	beginMark = "<!-- lint-output:begin -->\n```\n"
	endMark   = "```\n<!-- lint-output:end -->"
)

// TestREADMEOutput runs `xacct-lint lint --fail-on info` in each example
// folder whose README quotes its output, and compares.
func TestREADMEOutput(t *testing.T) {
	for _, tc := range []struct {
		dir      string
		wantExit int
	}{
		{"article-as-published", cli.ExitFindings},
		{"article-verbatim", cli.ExitFindings},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			t.Chdir(tc.dir)
			var stdout, stderr bytes.Buffer
			code := cli.Run(context.Background(), []string{"lint", "--fail-on", "info"}, cli.Env{Stdout: &stdout, Stderr: &stderr})
			if code != tc.wantExit {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.wantExit, stderr.String())
			}
			readme, err := os.ReadFile("README.md")
			if err != nil {
				t.Fatal(err)
			}
			i := bytes.Index(readme, []byte(beginMark))
			j := bytes.Index(readme, []byte(endMark))
			if i < 0 || j < i {
				t.Fatalf("README.md lacks the lint-output markers")
			}
			quoted := readme[i+len(beginMark) : j]
			if bytes.Equal(quoted, stdout.Bytes()) {
				return
			}
			if *update {
				out := append(append(append([]byte{}, readme[:i+len(beginMark)]...), stdout.Bytes()...), readme[j:]...)
				if err := os.WriteFile("README.md", out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Errorf("%s: README.md quotes other output than xacct-lint prints (go test ./examples -update rewrites it):\n--- quoted\n%s--- printed\n%s",
				filepath.Join(tc.dir, "README.md"), quoted, stdout.String())
		})
	}
}
