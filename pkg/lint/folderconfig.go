package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Folder configurations.
//
// A .xacct-lint.yaml in the folder of a linted file or in a folder above
// it, up to the current folder, is a folder configuration (unless it is the
// configuration itself): its
// accounts, documents and ignore entries apply to the files in that folder
// and below, with paths relative to it, before those of any configuration
// further up. `xacct-lint generate` writes one next to each setup, so a
// repository of generated setups lints from its root without a
// configuration that repeats every setup's bindings. Settings of the whole
// run (rules, policies, limits) belong to the configuration itself; a folder
// configuration that sets them is an error, and so is one that cannot be
// read or parsed.

// withFolderConfigs returns l, or, when folder configurations apply to
// some of the candidates, a copy of l for one run whose bindings and ignore
// entries include theirs.
func (l *Linter) withFolderConfigs(cands []candidate) (*Linter, error) {
	if l.noFolderConfigs {
		return l, nil
	}
	base, err := filepath.Abs(".")
	if err != nil {
		return l, nil
	}
	root, err := filepath.Abs(l.config.dir())
	if err != nil {
		return l, nil
	}
	own := ""
	if l.config.Path != "" {
		own, _ = filepath.Abs(l.config.Path)
	}
	var dirs []string
	seen := map[string]bool{}
	for _, c := range cands {
		if c.inMemory {
			continue
		}
		abs, err := filepath.Abs(c.path)
		if err != nil {
			continue
		}
		for dir := filepath.Dir(abs); !seen[dir] && within(base, dir); dir = filepath.Dir(dir) {
			seen[dir] = true
			file := filepath.Join(dir, DefaultConfigFile)
			if file == own {
				continue
			}
			st, err := os.Stat(file)
			switch {
			case err == nil && st.Mode().IsRegular():
				dirs = append(dirs, dir)
			case err == nil, errors.Is(err, fs.ErrNotExist):
			default:
				return nil, fmt.Errorf("folder configuration: %w", err)
			}
		}
	}
	if len(dirs) == 0 {
		return l, nil
	}
	// Deeper folders first: the nearest configuration's entries come first.
	slices.SortFunc(dirs, func(a, b string) int {
		if da, db := strings.Count(a, string(filepath.Separator)), strings.Count(b, string(filepath.Separator)); da != db {
			return db - da
		}
		return strings.Compare(a, b)
	})
	var docs []DocumentBinding
	ignore := slices.Clone(l.ignore)
	for _, dir := range dirs {
		file := filepath.Join(dir, DefaultConfigFile)
		rel, err := filepath.Rel(root, dir) // bindings are relative to the configuration's folder
		if err != nil {
			return nil, fmt.Errorf("folder configuration %s: %w", file, err)
		}
		if r, err := filepath.Rel(base, file); err == nil {
			file = r // relative to the current folder, as the user would name it
		}
		cfg, err := LoadConfig(file)
		if err != nil {
			return nil, err
		}
		for _, key := range []string{"rules", "policies", "limits"} {
			if p, ok := cfg.keyPos[key]; ok {
				return nil, &ConfigError{Path: file, Line: p.line, Column: p.col,
					Msg: fmt.Sprintf("%s: a folder configuration can only have accounts, documents and ignore; %s belong to the configuration of the whole run", key, key)}
			}
		}
		prefix := quoteGlob(filepath.ToSlash(rel)) + "/"
		for _, b := range cfg.Documents {
			b.Account, _ = resolveAccount(cfg.Accounts, b.Account) // checked by LoadConfig
			b.Path = prefix + strings.TrimPrefix(b.Path, "./")
			docs = append(docs, b)
		}
		for _, s := range cfg.Ignore {
			s.from, s.written = file, s.Path
			if s.Path == "" {
				s.Path = prefix + "**"
			} else {
				s.Path = prefix + strings.TrimPrefix(s.Path, "./")
			}
			ignore = append(ignore, s)
		}
	}
	run := *l
	cfg := *l.config
	cfg.Documents = append(docs, l.config.Documents...)
	run.config = &cfg
	run.bindings = newBindingIndex(cfg.Documents)
	run.ignore = ignore
	return &run, nil
}

// within reports whether dir is base or below it.
func within(base, dir string) bool {
	rel, err := filepath.Rel(base, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// quoteGlob escapes the glob metacharacters of a literal path.
func quoteGlob(p string) string {
	if !strings.ContainsAny(p, `*?[]\`) {
		return p
	}
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
