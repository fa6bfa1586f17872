package corpus

import (
	"bytes"
	"context"
	"path"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

func generateAll(t *testing.T, opts Options) (map[string][]byte, []string, Stats) {
	t.Helper()
	files := map[string][]byte{}
	var order []string
	st, err := Generate(context.Background(), opts, func(f File) error {
		if _, dup := files[f.Name]; dup {
			t.Errorf("%s emitted twice", f.Name)
		}
		files[f.Name] = f.Data
		order = append(order, f.Name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, order, st
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, orderA, _ := generateAll(t, Options{Setups: 12, Seed: 7})
	b, orderB, _ := generateAll(t, Options{Setups: 12, Seed: 7})
	if strings.Join(orderA, "\n") != strings.Join(orderB, "\n") {
		t.Fatal("the same seed gave different file lists")
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	c, _, _ := generateAll(t, Options{Setups: 12, Seed: 8})
	if bytes.Equal(a[configFile], c[configFile]) {
		t.Error("seeds 7 and 8 gave the same configuration")
	}
}

func TestGenerateLayoutAndConfig(t *testing.T) {
	tests := []struct {
		name          string
		opts          Options
		wantMistaken  int
		wantUnrelated int
	}{
		{"defaults", Options{Setups: 10, Seed: 1}, 2, 10},
		{"no mistakes, two unrelated", Options{Setups: 6, Seed: 2, MistakeEvery: -1, UnrelatedPerSetup: 2}, 0, 12},
		{"every setup mistaken, none unrelated", Options{Setups: 4, Seed: 3, MistakeEvery: 1, UnrelatedPerSetup: -1}, 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, order, st := generateAll(t, tt.opts)
			if st.Setups != tt.opts.Setups || st.Mistaken != tt.wantMistaken || st.Unrelated != tt.wantUnrelated {
				t.Errorf("stats %+v; want %d setups, %d mistaken, %d unrelated", st, tt.opts.Setups, tt.wantMistaken, tt.wantUnrelated)
			}
			if st.Files != len(files) {
				t.Errorf("stats count %d files, %d emitted", st.Files, len(files))
			}
			if last := order[len(order)-1]; last != configFile {
				t.Errorf("last file is %s, want %s", last, configFile)
			}
			var cfg struct {
				Accounts  map[string]string
				Documents []struct{ Path, Account string }
			}
			if err := yaml.Unmarshal(files[configFile], &cfg); err != nil {
				t.Fatalf("the configuration does not parse: %v\n%s", err, files[configFile])
			}
			for _, d := range cfg.Documents {
				if len(cfg.Accounts[d.Account]) != 12 {
					t.Errorf("binding %s names account %q, which the configuration does not define", d.Path, d.Account)
				}
			}
			mistaken := map[string]bool{}
			for name := range files {
				top, _, _ := strings.Cut(name, "/")
				switch {
				case name == configFile, top == "unrelated":
					continue
				case strings.HasPrefix(top, "m"):
					mistaken[top] = true
				}
				bound := false
				for _, d := range cfg.Documents {
					if ok, _ := path.Match(d.Path, name); ok {
						bound = true
						break
					}
				}
				if !bound {
					t.Errorf("%s: no binding in the configuration", name)
				}
			}
			if len(mistaken) != tt.wantMistaken {
				t.Errorf("%d folders with mistakes, want %d", len(mistaken), tt.wantMistaken)
			}
		})
	}
}

func TestSeedMistakesChangeTheSetup(t *testing.T) {
	_, _, st := generateAll(t, Options{Setups: 40, Seed: 1, MistakeEvery: 1, UnrelatedPerSetup: -1})
	for _, m := range mistakes {
		if st.Mistakes[m.name] == 0 {
			t.Errorf("mistake %s never applied in 40 setups", m.name)
		}
	}
}

func TestGenerateRejectsNegativeSize(t *testing.T) {
	if _, err := Generate(context.Background(), Options{Setups: -1}, func(File) error { return nil }); err == nil {
		t.Error("Generate accepted -1 setups")
	}
}
