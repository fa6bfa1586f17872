package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/xacct-lint/xacct-lint/internal/facts"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// candidate is a file that may be linted.
type candidate struct {
	path string
	// explicit files were named by the caller and are always linted.
	explicit bool
	// inMemory files carry their data.
	inMemory bool
	data     []byte
}

// skipDirs are folders Lint does not search.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// collect expands folders into the candidate files under them, in lexical
// order, without duplicates.
func collect(ctx context.Context, paths []string) ([]candidate, error) {
	var out []candidate
	seen := map[string]bool{}
	add := func(c candidate) {
		key := filepath.Clean(c.path)
		if seen[key] {
			return
		}
		seen[key] = true
		out = append(out, c)
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("lint: %w", err)
		}
		if !info.IsDir() {
			add(candidate{path: p, explicit: true})
			continue
		}
		root := p
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			// WalkDir does not follow a link given as its root; a trailing
			// separator makes it.
			root = p + string(filepath.Separator)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == root {
					return err
				}
				// An unreadable folder below the root: its files are
				// unknown; skip it quietly like a non-document.
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if d.IsDir() {
				if path != root && skipDirs[d.Name()] {
					return fs.SkipDir
				}
				return nil
			}
			if !isCandidateExt(d.Name()) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				// Follow links to files, never to folders (no loops).
				fi, err := os.Stat(path)
				if err != nil || !fi.Mode().IsRegular() {
					return nil
				}
			} else if !d.Type().IsRegular() {
				return nil
			}
			add(candidate{path: path})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("lint %s: %w", p, err)
		}
	}
	return out, nil
}

// parsed is the outcome of reading and parsing one candidate.
type parsed struct {
	doc  *source.Document
	err  *facts.Problem // the file cannot be read or parsed
	src  []byte         // the content of a file that cannot be parsed
	skip bool           // not a document the linter reads (found by walking)
}

// parseAll reads and parses the candidates on a bounded pool of workers.
// The result has one entry per candidate, in order.
func (l *Linter) parseAll(ctx context.Context, cands []candidate) ([]parsed, error) {
	out := make([]parsed, len(cands))
	workers := min(l.workers, len(cands))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				out[i] = l.parseOne(cands[i])
			}
		})
	}
	var err error
feed:
	for i := range cands {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("lint: %w", err)
	}
	return out, nil
}

func (l *Linter) parseOne(c candidate) parsed {
	data := c.data
	if !c.inMemory {
		var err error
		data, err = l.readFile(c.path)
		if err != nil {
			if !c.explicit {
				return parsed{skip: true}
			}
			return parsed{err: problem(c.path, source.Pos{}, err.Error())}
		}
	} else if int64(len(data)) > l.maxFileSize {
		return parsed{err: problem(c.path, source.Pos{}, fmt.Sprintf("file is larger than %d bytes", l.maxFileSize))}
	}
	if !c.explicit && !looksRelevant(c.path, data) {
		return parsed{skip: true}
	}
	doc, err := source.Parse(c.path, data)
	if err != nil {
		var se *source.SyntaxError
		src := normaliseNewlines(data)
		if errors.As(err, &se) {
			return parsed{err: problem(c.path, se.Pos, se.Msg), src: src}
		}
		return parsed{err: problem(c.path, source.Pos{}, err.Error()), src: src}
	}
	if !c.explicit && doc.Kind == source.KindUnknown {
		return parsed{skip: true}
	}
	return parsed{doc: doc}
}

// readFile reads a file of at most l.maxFileSize bytes.
func (l *Linter) readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, l.maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read file: %w", err)
	}
	if int64(len(data)) > l.maxFileSize {
		return nil, fmt.Errorf("file is larger than %d bytes", l.maxFileSize)
	}
	return data, nil
}

func problem(path string, p source.Pos, msg string) *facts.Problem {
	return &facts.Problem{Message: msg, Loc: facts.Loc{File: path, Line: p.Line, Column: p.Column}}
}

// run lints the candidates: parse, build facts, evaluate, report.
func (l *Linter) run(ctx context.Context, cands []candidate) (*Report, error) {
	results, err := l.parseAll(ctx, cands)
	if err != nil {
		return nil, err
	}
	rep := &Report{Version: ReportVersion, sources: map[string][]byte{}}
	var docs []*source.Document
	var problems []facts.Problem
	for i, r := range results {
		switch {
		case r.skip:
			continue
		case r.err != nil:
			problems = append(problems, *r.err)
			if r.src != nil {
				rep.sources[cands[i].path] = r.src
			}
		default:
			docs = append(docs, r.doc)
			rep.sources[cands[i].path] = r.doc.Src
		}
		rep.Files = append(rep.Files, cands[i].path)
	}
	input, err := l.buildFacts(ctx, docs)
	if err != nil {
		return nil, fmt.Errorf("lint: %w", err)
	}
	input.Errors = append(input.Errors, problems...)
	res, err := l.evaluate(ctx, input)
	if err != nil {
		return nil, fmt.Errorf("lint: %w", err)
	}
	sup := l.newSuppressor(docs, rep.Files)
	for _, r := range res {
		f := l.finding(r)
		f.Suppressed = sup.match(&f)
		rep.Findings = append(rep.Findings, f)
	}
	rep.Findings = append(rep.Findings, sup.stale()...)
	rep.finish()
	return rep, nil
}

// normaliseNewlines turns CRLF and CR line endings into LF and drops a
// UTF-8 byte order mark, as source.Parse does for Document.Src.
func normaliseNewlines(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !bytes.ContainsRune(b, '\r') {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}
