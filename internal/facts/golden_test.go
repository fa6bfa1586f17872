package facts

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// loadDir parses every YAML/JSON file of a fixture folder (paths relative
// to it) and reads its bindings.json.
func loadDir(t testing.TB, dir string) ([]*source.Document, Options) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != "bindings.json" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var docs []*source.Document
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		d, err := source.Parse(n, data)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		docs = append(docs, d)
	}
	bindings := map[string]Binding{}
	if data, err := os.ReadFile(filepath.Join(dir, "bindings.json")); err == nil {
		if err := json.Unmarshal(data, &bindings); err != nil {
			t.Fatal(err)
		}
	}
	return docs, Options{Binding: func(p string) Binding { return bindings[p] }}
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"article", "cdk"} {
		t.Run(name, func(t *testing.T) {
			docs, opts := loadDir(t, filepath.Join("testdata", "golden", name))
			in, err := Build(context.Background(), docs, opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(in, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				var g, w any
				_ = json.Unmarshal(got, &g)
				_ = json.Unmarshal(want, &w)
				t.Errorf("Build output differs from %s (-want +got):\n%s", golden, cmp.Diff(w, g))
			}
			// Building twice gives the same result: nothing depends on map order.
			again, _ := Build(context.Background(), docs, opts)
			if diff := cmp.Diff(in, again); diff != "" {
				t.Errorf("second Build differs:\n%s", diff)
			}
		})
	}
}
