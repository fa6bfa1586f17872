package model

import (
	"fmt"
	"io"
	"os"
)

// MaxErrors is the most problems Parse lists; past it, a last entry (with
// no position) says how many more there are.
const MaxErrors = 100

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
		v := &validator{file: filename, pos: d.pos, bad: d.bad, null: d.null}
		v.setup(s)
		d.errs = append(d.errs, v.errs...)
	}
	if len(d.errs) > 0 {
		list := sortErrors(d.errs)
		if len(list) > MaxErrors {
			more := len(list) - MaxErrors
			list = append(list[:MaxErrors:MaxErrors], &FieldError{File: filename,
				Message: fmt.Sprintf("%d more problems not shown", more)})
		}
		return nil, &Errors{List: list}
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
