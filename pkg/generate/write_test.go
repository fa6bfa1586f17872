package generate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
)

// testFiles is a small output of generate: a YAML and a Markdown file with
// their generated-by lines, two JSON files, and the .xacct-lint.yaml that
// records the JSON files. v changes every file's content.
func testFiles(v string) []File {
	files := []File{
		{Name: ".xacct-lint.yaml", Data: []byte(yamlHeader + "accounts: {}\n")},
		{Name: "README.md", Data: []byte(mdHeader + "# readme " + v + "\n")},
		{Name: "pipeline.json", Data: []byte(`{"version": "` + v + `"}` + "\n")},
		{Name: "policies/key.json", Data: []byte(`{"Version": "2012-10-17", "v": "` + v + `"}` + "\n")},
		{Name: "tools.yaml", Data: []byte(yamlHeader + "Description: " + v + "\n")},
	}
	addRecord(files)
	return files
}

// readTree returns every file under dir (slash paths) with its content;
// links are shown as "-> target".
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			dest, err := os.Readlink(p)
			if err != nil {
				return err
			}
			tree[rel] = "-> " + filepath.ToSlash(dest)
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			tree[rel] = string(b)
		default:
			tree[rel] = "(" + d.Type().String() + ")"
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// treeOf is the tree that files make.
func treeOf(files []File) map[string]string {
	tree := map[string]string{}
	for _, f := range files {
		tree[f.Name] = string(f.Data)
	}
	return tree
}

func mustWrite(t *testing.T, dir string, files []File, opts ...WriteOption) {
	t.Helper()
	if err := Write(context.Background(), dir, files, opts...); err != nil {
		t.Fatalf("Write: %v", err)
	}
}

func writeRaw(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWriteOwnership(t *testing.T) {
	v1, v2 := testFiles("1"), testFiles("2")
	tests := []struct {
		name string
		// setup prepares dir (out is dir/out, the output folder).
		setup func(t *testing.T, dir, out string)
		force bool
		// wantErr is Write's error with "OUT" for the output folder;
		// "" for success.
		wantErr string
		// wantTree is the output folder afterwards; nil means unchanged.
		wantTree func(out string) map[string]string
	}{
		{
			name:     "fresh folder that does not exist",
			setup:    func(*testing.T, string, string) {},
			wantTree: func(string) map[string]string { return treeOf(v2) },
		},
		{
			name:     "rewrite over its own files",
			setup:    func(t *testing.T, _, out string) { mustWrite(t, out, v1) },
			wantTree: func(string) map[string]string { return treeOf(v2) },
		},
		{
			name: "hand-edited generated YAML keeps its header and is overwritten",
			setup: func(t *testing.T, _, out string) {
				mustWrite(t, out, v1)
				writeRaw(t, filepath.Join(out, "tools.yaml"), yamlHeader+"Description: mine\n")
			},
			wantTree: func(string) map[string]string { return treeOf(v2) },
		},
		{
			name: "JSON equal to the new content needs no record",
			setup: func(t *testing.T, _, out string) {
				writeRaw(t, filepath.Join(out, "pipeline.json"), string(v2[2].Data))
			},
			wantTree: func(string) map[string]string { return treeOf(v2) },
		},
		{
			name: "hand-written YAML is refused and nothing is written",
			setup: func(t *testing.T, _, out string) {
				writeRaw(t, filepath.Join(out, "tools.yaml"), "Description: mine\n")
			},
			wantErr: "1 file in OUT not written by xacct-lint generate (tools.yaml: no generated-by header); wrote nothing; force overwrites them",
		},
		{
			name: "hand-written YAML with force",
			setup: func(t *testing.T, _, out string) {
				writeRaw(t, filepath.Join(out, "tools.yaml"), "Description: mine\n")
			},
			force:    true,
			wantTree: func(string) map[string]string { return treeOf(v2) },
		},
		{
			name: "JSON changed since generate wrote it",
			setup: func(t *testing.T, _, out string) {
				mustWrite(t, out, v1)
				writeRaw(t, filepath.Join(out, "policies/key.json"), "{}\n")
			},
			wantErr: "1 file in OUT not written by xacct-lint generate (policies/key.json: changed since xacct-lint generate wrote it); wrote nothing; force overwrites them",
		},
		{
			name: "JSON not recorded",
			setup: func(t *testing.T, _, out string) {
				writeRaw(t, filepath.Join(out, "pipeline.json"), string(v1[2].Data))
			},
			wantErr: "1 file in OUT not written by xacct-lint generate (pipeline.json: not recorded in .xacct-lint.yaml as written by xacct-lint generate); wrote nothing; force overwrites them",
		},
		{
			name: "a hand-written .xacct-lint.yaml is refused and its record not trusted",
			setup: func(t *testing.T, _, out string) {
				mustWrite(t, out, v1)
				rec := bytes.TrimPrefix(v1[0].Data, []byte(yamlHeader))
				writeRaw(t, filepath.Join(out, ".xacct-lint.yaml"), string(rec))
			},
			wantErr: "3 files in OUT not written by xacct-lint generate (.xacct-lint.yaml: no generated-by header; " +
				"pipeline.json: not recorded in .xacct-lint.yaml as written by xacct-lint generate; " +
				"policies/key.json: not recorded in .xacct-lint.yaml as written by xacct-lint generate); wrote nothing; force overwrites them",
		},
		{
			name: "every refused file is named",
			setup: func(t *testing.T, _, out string) {
				mustWrite(t, out, v1)
				writeRaw(t, filepath.Join(out, "README.md"), "# mine\n")
				writeRaw(t, filepath.Join(out, "pipeline.json"), "{}\n")
				writeRaw(t, filepath.Join(out, "tools.yaml"), "")
			},
			wantErr: "3 files in OUT not written by xacct-lint generate (README.md: no generated-by header; " +
				"pipeline.json: changed since xacct-lint generate wrote it; tools.yaml: no generated-by header); wrote nothing; force overwrites them",
		},
		{
			name: "a symbolic link is refused",
			setup: func(t *testing.T, dir, out string) {
				writeRaw(t, filepath.Join(dir, "outside.yaml"), yamlHeader+"outside\n")
				symlink(t, "../outside.yaml", filepath.Join(out, "tools.yaml"))
			},
			wantErr: "1 file in OUT not written by xacct-lint generate (tools.yaml: symbolic link); wrote nothing; force overwrites them",
		},
		{
			name: "force replaces a symbolic link, not what it points to",
			setup: func(t *testing.T, dir, out string) {
				writeRaw(t, filepath.Join(dir, "outside.yaml"), yamlHeader+"outside\n")
				symlink(t, "../outside.yaml", filepath.Join(out, "tools.yaml"))
			},
			force:    true,
			wantTree: func(string) map[string]string { return treeOf(v2) },
		},
		{
			name: "a folder in the way is an error even with force",
			setup: func(t *testing.T, _, out string) {
				writeRaw(t, filepath.Join(out, "pipeline.json", "x"), "x")
			},
			force:   true,
			wantErr: "write: pipeline.json: is a folder",
		},
		{
			name: "a link to a folder outside is an error even with force",
			setup: func(t *testing.T, dir, out string) {
				writeRaw(t, filepath.Join(dir, "elsewhere", "key.json"), "theirs\n")
				if err := os.MkdirAll(out, 0o755); err != nil {
					t.Fatal(err)
				}
				symlink(t, "../elsewhere", filepath.Join(out, "policies"))
			},
			force:   true,
			wantErr: "write: policies/key.json: path escapes from parent",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			tt.setup(t, dir, out)
			before := readTree(t, dir)
			err := Write(context.Background(), out, v2, WithForce(tt.force))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Write: %v", err)
				}
			} else {
				want := strings.ReplaceAll(tt.wantErr, "OUT", out)
				if err == nil || err.Error() != want {
					t.Fatalf("Write error:\n got %v\nwant %s", err, want)
				}
			}
			after := readTree(t, dir)
			if tt.wantTree == nil {
				if diff := cmp.Diff(before, after); diff != "" {
					t.Errorf("Write changed the folder (-before +after):\n%s", diff)
				}
				return
			}
			got := readTree(t, out)
			if diff := cmp.Diff(tt.wantTree(out), got); diff != "" {
				t.Errorf("output folder (-want +got):\n%s", diff)
			}
			// Outside the output folder nothing changed.
			for name, data := range before {
				if !strings.HasPrefix(name, "out/") && after[name] != data {
					t.Errorf("%s outside the output folder changed: %q", name, after[name])
				}
			}
			assertModes(t, out)
		})
	}
}

// assertModes checks that every file under dir is a regular file with mode 0644.
func assertModes(t *testing.T, dir string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if fi.Mode() != 0o644 {
			t.Errorf("%s: mode %v, want -rw-r--r--", p, fi.Mode())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, oldname, newname string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(newname), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(oldname, newname); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

func TestNotGenerated(t *testing.T) {
	v1, v2 := testFiles("1"), testFiles("2")
	dir := t.TempDir()
	if got, err := NotGenerated(context.Background(), filepath.Join(dir, "missing"), v2); err != nil || got != nil {
		t.Fatalf("missing folder: %v, %v", got, err)
	}
	mustWrite(t, dir, v1)
	writeRaw(t, filepath.Join(dir, "tools.yaml"), "mine\n")
	before := readTree(t, dir)
	got, err := NotGenerated(context.Background(), dir, v2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]ForeignFile{{Name: "tools.yaml", Reason: "no generated-by header"}}, got); diff != "" {
		t.Errorf("NotGenerated (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, readTree(t, dir)); diff != "" {
		t.Errorf("NotGenerated changed the folder:\n%s", diff)
	}
}

// TestNamesCannotLeave: no name reaches outside the output folder; nothing
// is written when one name is bad.
func TestNamesCannotLeave(t *testing.T) {
	for _, name := range []string{"../escape", "a/../../escape", "/abs", "a//b", "./a", "a/", "", ".", `..\escape`, `a\b`} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			files := append(testFiles("1"), File{Name: name, Data: []byte("x")})
			err := Write(context.Background(), out, files)
			want := fmt.Sprintf("write: invalid file name %q", name)
			if err == nil || err.Error() != want {
				t.Fatalf("Write error = %v, want %s", err, want)
			}
			if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Write created %s: %v", out, err)
			}
		})
	}
	dup := append(testFiles("1"), File{Name: "tools.yaml"})
	if err := Write(context.Background(), t.TempDir(), dup); err == nil || err.Error() != `write: file name "tools.yaml" given twice` {
		t.Errorf("duplicate name: %v", err)
	}
}

// failingWriter writes at most n bytes, then fails.
type failingWriter struct {
	w io.Writer
	n int
}

var errInjected = errors.New("injected failure")

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return f.w.Write(p)
	}
	k, err := f.w.Write(p[:f.n])
	f.n -= k
	if err != nil {
		return k, err
	}
	return k, errInjected
}

// TestWriteInterrupted: a failure in the middle of a file, or just before
// its rename, leaves every file whole (old or new), no temporary file, and
// a record that still names every JSON file on disk: the next run, even
// from another model, needs no force.
func TestWriteInterrupted(t *testing.T) {
	v1, v2, v3 := testFiles("1"), testFiles("2-longer-than-before"), testFiles("3")
	renames := 0
	tests := []struct {
		name         string
		wrap         func(name string, w io.Writer) io.Writer
		beforeRename func(name string) error
		wantErr      string
		// wantNew are the files that hold the new content afterwards.
		wantNew []string
		// interim: .xacct-lint.yaml holds the interim record.
		interim bool
	}{
		{
			name: "after 10 bytes of a JSON file",
			wrap: func(name string, w io.Writer) io.Writer {
				if name == "pipeline.json" {
					return &failingWriter{w: w, n: 10}
				}
				return w
			},
			wantErr: "write pipeline.json: injected failure",
			wantNew: []string{"README.md"},
			interim: true,
		},
		{
			name: "at the first byte of the first file",
			wrap: func(_ string, w io.Writer) io.Writer {
				return &failingWriter{w: w}
			},
			wantErr: "write .xacct-lint.yaml: injected failure",
		},
		{
			name: "before the rename of the last file but the record",
			beforeRename: func(name string) error {
				if name == "tools.yaml" {
					return errInjected
				}
				return nil
			},
			wantErr: "write tools.yaml: injected failure",
			wantNew: []string{"README.md", "pipeline.json", "policies/key.json"},
			interim: true,
		},
		{
			name: "before the rename of the final record",
			beforeRename: func(name string) error {
				if name == ".xacct-lint.yaml" {
					if renames++; renames == 2 {
						return errInjected
					}
				}
				return nil
			},
			wantErr: "write .xacct-lint.yaml: injected failure",
			wantNew: []string{"README.md", "pipeline.json", "policies/key.json", "tools.yaml"},
			interim: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			mustWrite(t, out, v1)
			err := Write(context.Background(), out, v2, withHooks(tt.wrap, tt.beforeRename))
			if err == nil || err.Error() != tt.wantErr || !errors.Is(err, errInjected) {
				t.Fatalf("Write error = %v, want %s", err, tt.wantErr)
			}
			want := treeOf(v1)
			for _, f := range v2 {
				if slices.Contains(tt.wantNew, f.Name) {
					want[f.Name] = string(f.Data)
				}
			}
			if tt.interim {
				want[".xacct-lint.yaml"] = string(interimRecord(v2[0].Data, map[string]string{
					"pipeline.json":     parseRecord(v1[0].Data)["pipeline.json"][0],
					"policies/key.json": parseRecord(v1[0].Data)["policies/key.json"][0],
				}))
			}
			if diff := cmp.Diff(want, readTree(t, out)); diff != "" {
				t.Errorf("after the failure (-want +got):\n%s", diff)
			}
			// The next run completes without force, from yet another model.
			mustWrite(t, out, v3)
			if diff := cmp.Diff(treeOf(v3), readTree(t, out)); diff != "" {
				t.Errorf("after the next run (-want +got):\n%s", diff)
			}
		})
	}
}

// killChildEnv names the output folder of the child process of
// TestWriteKilled.
const killChildEnv = "XACCT_GENERATE_KILL_CHILD"

// bigFiles are the files the child of TestWriteKilled writes: a small one,
// then a large one that it writes slowly and never finishes.
func bigFiles(v string) []File {
	big := bytes.Repeat([]byte("# "+v+strings.Repeat(".", 60)+"\n"), (8<<20)/64)
	return []File{
		{Name: "a.yaml", Data: []byte(yamlHeader + "v: " + v + "\n")},
		{Name: "big.yaml", Data: append([]byte(yamlHeader), big...)},
	}
}

// slowWriter writes in 64 KiB chunks, pausing between them, and stalls
// after half of the data: the parent kills the process meanwhile.
type slowWriter struct {
	w io.Writer
}

func (s slowWriter) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if n >= len(p)/2 {
			time.Sleep(time.Minute)
		}
		k, err := s.w.Write(p[n:min(len(p), n+64<<10)])
		n += k
		if err != nil {
			return n, err
		}
		time.Sleep(time.Millisecond)
	}
	return n, nil
}

// TestWriteKilled kills a process in the middle of writing a large file:
// the target holds its old content, whole, and the next run removes the
// temporary file left behind, which lint never reads.
func TestWriteKilled(t *testing.T) {
	if out := os.Getenv(killChildEnv); out != "" {
		// The child: write slowly until killed.
		err := Write(context.Background(), out, bigFiles("new"), withHooks(func(name string, w io.Writer) io.Writer {
			if name == "big.yaml" {
				return slowWriter{w}
			}
			return w
		}, nil))
		t.Fatalf("child: Write returned %v; it should have been killed", err)
	}
	if testing.Short() {
		t.Skip("starts a process")
	}
	out := t.TempDir()
	old, next := bigFiles("old"), bigFiles("new")
	mustWrite(t, out, old)

	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteKilled$", "-test.count=1")
	cmd.Env = append(os.Environ(), killChildEnv+"="+out)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the temporary file of big.yaml holds more than 1 MiB.
	var tmp string
	deadline := time.Now().Add(20 * time.Second)
	for tmp == "" {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child wrote no large temporary file in 20 s:\n%s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
		entries, err := os.ReadDir(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if info, err := e.Info(); err == nil && isLeftover(e.Name(), map[string]bool{"big.yaml": true}) && info.Size() > 1<<20 {
				tmp = e.Name()
			}
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	werr := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && runtime.GOOS != "windows" && ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, not SIGKILL:\n%s", werr, stderr.String())
	}

	got := readTree(t, out)
	want := treeOf(old)
	want["a.yaml"] = got["a.yaml"] // written before the large file: new, or old
	if a := got["a.yaml"]; a != string(old[0].Data) && a != string(next[0].Data) {
		t.Errorf("a.yaml holds neither its old nor its new content: %q", a)
	}
	if got[tmp] == "" || len(got[tmp]) >= len(next[1].Data) {
		t.Errorf("temporary file %s: %d bytes, want part of %d", tmp, len(got[tmp]), len(next[1].Data))
	}
	want[tmp] = got[tmp]
	if diff := cmp.Diff(want, got, cmp.Transformer("size", func(s string) int { return len(s) })); diff != "" {
		t.Errorf("after the kill (-want +got, sizes):\n%s", diff)
	}
	if got["big.yaml"] != string(old[1].Data) {
		t.Errorf("big.yaml is not its old content after the kill")
	}

	// lint does not read the temporary file.
	l, err := lint.New()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.Lint(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if strings.Contains(f, ".tmp") {
			t.Errorf("lint read the temporary file %s", f)
		}
	}
	for _, f := range rep.Findings {
		if strings.Contains(f.File, ".tmp") {
			t.Errorf("lint reported on the temporary file: %+v", f)
		}
	}

	// Check ignores it; the next Write removes it.
	if diffs, err := Check(out, old[1:]); err != nil || len(diffs) != 0 {
		t.Errorf("Check with a temporary file left: %v, %v", diffs, err)
	}
	mustWrite(t, out, next)
	if diff := cmp.Diff(treeOf(next), readTree(t, out), cmp.Transformer("size", func(s string) int { return len(s) })); diff != "" {
		t.Errorf("after the next run (-want +got, sizes):\n%s", diff)
	}
}

func TestIsLeftover(t *testing.T) {
	bases := map[string]bool{"pipeline.json": true, "a.tmp": true}
	tests := []struct {
		entry string
		want  bool
	}{
		{".pipeline.json.tmp123", true},
		{".pipeline.json.tmp4294967295", true},
		{".pipeline.json.tmp4294967296", false}, // not a uint32
		{".pipeline.json.tmp", false},
		{".pipeline.json.tmpx", false},
		{"pipeline.json.tmp1", false},
		{".other.json.tmp1", false},
		{".a.tmp.tmp7", true},
		{".tmp1", false},
	}
	for _, tt := range tests {
		if got := isLeftover(tt.entry, bases); got != tt.want {
			t.Errorf("isLeftover(%q) = %v, want %v", tt.entry, got, tt.want)
		}
	}
}

// TestRecord: the .xacct-lint.yaml of every example records exactly its JSON
// files, and parseRecord reads back what addRecord wrote.
func TestRecord(t *testing.T) {
	for _, ex := range examples {
		files := mustGenerate(t, loadExample(t, ex))
		cfg, ok := fileNamed(files, recordFile)
		if !ok {
			t.Fatalf("%s: no %s", ex, recordFile)
		}
		rec := parseRecord(cfg.Data)
		var want []string
		for _, f := range files {
			switch {
			case strings.HasSuffix(f.Name, ".json"):
				want = append(want, f.Name)
				if len(rec[f.Name]) != 1 {
					t.Errorf("%s: %s not recorded", ex, f.Name)
				}
			case !hasMarker(f.Data):
				t.Errorf("%s: %s has no generated-by line and is not JSON", ex, f.Name)
			}
		}
		got := make([]string, 0, len(rec))
		for name := range rec {
			got = append(got, name)
		}
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: recorded files (-want +got):\n%s", ex, diff)
		}
		// A generated folder needs no force to be rewritten.
		dir := t.TempDir()
		mustWrite(t, dir, files)
		if foreign, err := NotGenerated(context.Background(), dir, files); err != nil || len(foreign) != 0 {
			t.Errorf("%s: NotGenerated on its own output: %v, %v", ex, foreign, err)
		}
	}
	if got := parseRecord([]byte("# sha256 " + strings.Repeat("0", 64) + " a.json\n")); len(got) != 0 {
		t.Errorf("a record without a generated-by line was read: %v", got)
	}
	bad := yamlHeader + "# sha256 xyz a.json\n# sha256 " + strings.Repeat("0", 64) + " ../a.json\n# sha256 " + strings.Repeat("0", 64) + " ok.json\n"
	if diff := cmp.Diff(map[string][]string{"ok.json": {strings.Repeat("0", 64)}}, parseRecord([]byte(bad))); diff != "" {
		t.Errorf("parseRecord (-want +got):\n%s", diff)
	}
}
