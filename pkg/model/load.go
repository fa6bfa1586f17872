package model

import (
	"fmt"
	"io"
	"os"
)

// MaxFileSize is the largest setup file Load reads; a real one is a few KiB.
const MaxFileSize = 1 << 20

// Parse decodes and validates a setup file. filename is used in messages
// only. The YAML is decoded strictly: an unknown field, a value of the wrong
// type, a tag such as !Ref or a second document is a problem. On any
// problem Parse returns a nil Setup and a *Errors listing all of them, each
// with its line and column; a YAML syntax error comes alone, at the position
// the YAML parser reports. The Setup returned is as written: call
// WithDefaults for the values the generator uses.
func Parse(filename string, data []byte) (*Setup, error) {
	s, d := decodeFile(filename, data)
	if s != nil {
		v := &validator{file: filename, pos: d.pos, bad: d.bad}
		v.setup(s)
		d.errs = append(d.errs, v.errs...)
	}
	if len(d.errs) > 0 {
		return nil, &Errors{List: sortErrors(d.errs)}
	}
	return s, nil
}

// Load reads the setup file at path and parses it with Parse. Errors
// reading the file are returned wrapped, not as *Errors.
func Load(path string) (*Setup, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load setup: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("load setup %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("load setup %s: file is larger than %d bytes", path, MaxFileSize)
	}
	return Parse(path, data)
}
