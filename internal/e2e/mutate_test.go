package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
)

// An edit changes one file of a setup; apply returns the new content or an
// error when the edit does not apply (the text is not there, the JSON path
// does not exist), so that a mutation can never silently test nothing.
type edit struct {
	file  string // slash path relative to the setup's folder
	apply func(data []byte) ([]byte, error)
}

// sub replaces old with new in file; old must occur exactly once.
func sub(file, old, new string) edit {
	return edit{file, func(data []byte) ([]byte, error) {
		s := string(data)
		if n := strings.Count(s, old); n != 1 {
			return nil, fmt.Errorf("%q occurs %d times, want once", old, n)
		}
		return []byte(strings.Replace(s, old, new, 1)), nil
	}}
}

// jsonEdit decodes file as JSON, lets fn change it and encodes it again.
func jsonEdit(file string, fn func(doc map[string]any) error) edit {
	return edit{file, func(data []byte) ([]byte, error) {
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		if err := fn(doc); err != nil {
			return nil, err
		}
		out, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("encode: %w", err)
		}
		return append(out, '\n'), nil
	}}
}

// at walks a decoded JSON value along path (object keys and list indexes).
func at(v any, path ...any) (any, error) {
	for i, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%v: not an object", path[:i])
			}
			if v, ok = m[k]; !ok {
				return nil, fmt.Errorf("%v: no key %q", path[:i], k)
			}
		case int:
			l, ok := v.([]any)
			if !ok || k < 0 || k >= len(l) {
				return nil, fmt.Errorf("%v: no index %d", path[:i], k)
			}
			v = l[k]
		default:
			return nil, fmt.Errorf("bad path element %v", p)
		}
	}
	return v, nil
}

// objAt is at for a value that must be an object.
func objAt(v any, path ...any) (map[string]any, error) {
	x, err := at(v, path...)
	if err != nil {
		return nil, err
	}
	m, ok := x.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%v: not an object", path)
	}
	return m, nil
}

// set sets key in the object at path, which must exist.
func set(doc any, key string, value any, path ...any) error {
	m, err := objAt(doc, path...)
	if err != nil {
		return err
	}
	m[key] = value
	return nil
}

// del deletes key from the object at path; the key must exist.
func del(doc any, key string, path ...any) error {
	m, err := objAt(doc, path...)
	if err != nil {
		return err
	}
	if _, ok := m[key]; !ok {
		return fmt.Errorf("%v: no key %q to delete", path, key)
	}
	delete(m, key)
	return nil
}

// delIndex removes element i from the list under key in the object at path.
func delIndex(doc any, key string, i int, path ...any) error {
	m, err := objAt(doc, path...)
	if err != nil {
		return err
	}
	l, ok := m[key].([]any)
	if !ok || i < 0 || i >= len(l) {
		return fmt.Errorf("%v.%s: no index %d", path, key, i)
	}
	m[key] = append(l[:i:i], l[i+1:]...)
	return nil
}

// applyEdits applies edits to a copy of files (keyed by path under dir).
func applyEdits(dir string, files map[string][]byte, edits []edit) (map[string][]byte, error) {
	out := make(map[string][]byte, len(files))
	for p, b := range files {
		out[p] = b
	}
	for _, e := range edits {
		p := filepath.Join(dir, filepath.FromSlash(e.file))
		data, ok := out[p]
		if !ok {
			return nil, fmt.Errorf("%s: not a file of the setup", e.file)
		}
		b, err := e.apply(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.file, err)
		}
		out[p] = b
	}
	return out, nil
}
