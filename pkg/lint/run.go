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
	"sync/atomic"
	"syscall"

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
	// unreadable is a folder below a walked root that cannot be listed.
	unreadable error
}

// skipDirs are folders Lint does not search.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// collect expands folders into the candidate files under them, in lexical
// order, without duplicates. Links to folders are not followed (so no
// loop), links to files are; a link that leads nowhere (dangling, or a
// loop) is not a document and is skipped. A folder below a root that
// cannot be listed is a candidate marked unreadable, to be reported.
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
				// A folder below the root that cannot be listed: its files
				// are unknown, which the report says.
				if d != nil && d.IsDir() {
					add(candidate{path: path, unreadable: err})
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
// The result has one entry per candidate, in order. It stops with an error
// as soon as more than Limits.MaxDocuments candidates are documents.
func (l *Linter) parseAll(ctx context.Context, cands []candidate) ([]parsed, error) {
	return readCandidates(ctx, l, cands, func(c candidate) parsed { return l.parseOneSafe(c) },
		func(p parsed) bool { return !p.skip })
}

// readCandidates runs read over the candidates on the Linter's workers and
// returns the results in the order of cands. It stops with an error as soon
// as more than Limits.MaxDocuments results are documents (isDoc), before
// reading the rest, and when ctx is done.
func readCandidates[T any](ctx context.Context, l *Linter, cands []candidate, read func(candidate) T, isDoc func(T) bool) ([]T, error) {
	out := make([]T, len(cands))
	workers := min(l.workers, len(cands))
	next := make(chan int)
	stop := make(chan struct{})
	var stopOnce sync.Once
	var kept atomic.Int64
	max := int64(l.limits.MaxDocuments)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				out[i] = read(cands[i])
				if isDoc(out[i]) && kept.Add(1) > max {
					stopOnce.Do(func() { close(stop) })
				}
			}
		})
	}
	var err error
feed:
	for i := range cands {
		select {
		case next <- i:
		case <-stop:
			break feed
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
	if kept.Load() > max {
		return nil, fmt.Errorf("lint: %w", l.errTooManyDocuments())
	}
	return out, nil
}

// internalError is the message of a problem for a document whose handling
// panicked.
func internalError(v any) string {
	return facts.InternalErrorMessage(v)
}

// parseOneSafe is parseOne with a panic turned into a problem for that
// document, so that one document that trips a bug does not end the run.
func (l *Linter) parseOneSafe(c candidate) (p parsed) {
	defer func() {
		if r := recover(); r != nil {
			p = parsed{err: problem(c.path, source.Pos{}, internalError(r))}
		}
	}()
	return l.parseOne(c)
}

func (l *Linter) parseOne(c candidate) parsed {
	if c.unreadable != nil {
		return parsed{err: problem(c.path, source.Pos{}, fmt.Sprintf("cannot read folder: %v; the files under it are not linted", pathErr(c.unreadable)))}
	}
	if l.hook != nil {
		l.hook("parse", c.path)
	}
	maxSize := l.limits.MaxFileSize
	data := c.data
	if !c.inMemory {
		var err error
		data, err = l.readFile(c.path)
		switch {
		case errors.Is(err, errFileTooBig):
			// A big file found by walking that does not look like a
			// document (package-lock.json) is skipped like small ones.
			if !c.explicit && !looksRelevant(c.path, data) {
				return parsed{skip: true}
			}
			return parsed{err: problem(c.path, source.Pos{}, tooBig(maxSize))}
		case err != nil:
			return parsed{err: problem(c.path, source.Pos{}, err.Error())}
		}
	} else if int64(len(data)) > maxSize {
		return parsed{err: problem(c.path, source.Pos{}, tooBig(maxSize))}
	}
	if !c.explicit && (!looksRelevant(c.path, data) || isBinary(data)) {
		return parsed{skip: true}
	}
	doc, err := source.ParseWithLimits(c.path, data, source.Limits{MaxNodes: l.limits.MaxNodes, MaxDepth: l.limits.MaxDepth})
	if err != nil {
		var se *source.SyntaxError
		src := normaliseNewlines(data)
		if errors.As(err, &se) {
			msg := se.Msg
			if flag := sourceLimitFlag(se.Limit); flag != "" {
				msg += limitHint(flag)
			}
			return parsed{err: problem(c.path, se.Pos, msg), src: src}
		}
		return parsed{err: problem(c.path, source.Pos{}, err.Error()), src: src}
	}
	if !c.explicit && doc.Kind == source.KindUnknown {
		return parsed{skip: true}
	}
	return parsed{doc: doc}
}

// isBinary reports a file with a NUL byte that is not UTF-16 text (which
// source.Parse reports as such): a binary file found by walking a folder
// is not a document, whatever bytes it happens to hold.
func isBinary(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return false
	}
	return bytes.IndexByte(data, 0) >= 0
}

func tooBig(max int64) string {
	return fmt.Sprintf("file is larger than %d bytes%s", max, limitHint(flagMaxFileSize))
}

// pathErr drops the *fs.PathError around err: the report names the path.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readFile reads a regular file of at most Limits.MaxFileSize bytes. It
// opens without blocking and refuses what is not a regular file, so that a
// named pipe or a device named on the command line cannot hang the run.
func (l *Linter) readFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot read file: %w", pathErr(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read file: %w", pathErr(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("cannot read file: not a regular file (%s)", fileType(fi.Mode()))
	}
	max := l.limits.MaxFileSize
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read file: %w", pathErr(err))
	}
	if int64(len(data)) > max {
		return data, errFileTooBig
	}
	return data, nil
}

// errFileTooBig is readFile's error for a file past Limits.MaxFileSize; the
// data returned with it is the file's first MaxFileSize+1 bytes.
var errFileTooBig = errors.New("file too big")

// fileType names the type of a file that is not a regular file.
func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m.IsDir():
		return "folder"
	}
	return "irregular file"
}

func problem(path string, p source.Pos, msg string) *facts.Problem {
	return &facts.Problem{Message: msg, Loc: facts.Loc{File: path, Line: p.Line, Column: p.Column}}
}

// run lints the candidates with the streaming run (runStream, stream.go).
func (l *Linter) run(ctx context.Context, cands []candidate) (*Report, error) {
	return l.runStream(ctx, cands, groupLimit{bytes: defaultGroupBytes, files: defaultGroupFiles})
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
