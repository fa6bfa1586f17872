//go:build unix

package generate

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWriteRefusesFIFO: a named pipe in place of a file is refused without
// being opened (opening it would block), and nothing is written.
func TestWriteRefusesFIFO(t *testing.T) {
	out := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(out, "pipeline.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	err := Write(context.Background(), out, testFiles("1"))
	want := "1 file in " + out + " not written by xacct-lint generate (pipeline.json: not a regular file); wrote nothing; force overwrites them"
	if err == nil || err.Error() != want {
		t.Fatalf("Write error:\n got %v\nwant %s", err, want)
	}
	if diff := cmp.Diff(before, readTree(t, out)); diff != "" {
		t.Errorf("Write changed the folder (-before +after):\n%s", diff)
	}
	if _, err := os.Lstat(filepath.Join(out, "tools.yaml")); !os.IsNotExist(err) {
		t.Errorf("tools.yaml written: %v", err)
	}
}
