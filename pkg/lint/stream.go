package lint

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/xacct-lint/xacct-lint/internal/engine"
	"github.com/xacct-lint/xacct-lint/internal/facts"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// defaultGroupBytes and defaultGroupFiles bound the groups of the
// streaming run: consecutive units of linked files are packed into one
// group until it holds defaultGroupBytes of source or defaultGroupFiles
// files (a unit larger than that is a group of its own). A group is read,
// built and evaluated at once on one worker, so memory grows with the
// size of the groups in flight (parsed documents, facts and the rules'
// input), not with the whole run, while the work is the same: measured at
// 1,000 setups (41 MB, 18,205 files, 2 cores), groups of 1, 4 and 16 MiB
// took 63.4, 63.6 and 63.5 CPU-seconds and peaked at 194, 304 and 587 MB
// of RSS. 1 MiB is about 25 setups of that corpus, 450 files.
const (
	defaultGroupBytes = 1 << 20
	defaultGroupFiles = 4000
)

// groupLimit bounds the groups of the streaming run.
type groupLimit struct {
	bytes, files int
}

// streamFile is what pass 1 keeps of a candidate: not its document.
type streamFile struct {
	skip bool
	size int
	keys facts.LinkKeys
}

// runStream lints the candidates in two passes so that no more than a few
// groups of documents are in memory at once.
//
// Pass 1 reads and parses every file in parallel (parseOneSafe, so limits,
// XA001 problems and panic isolation are those of a whole run), computes
// its link keys (facts.DocumentLinkKeys) and drops the document. Files are
// joined into units by union-find: two files that declare the same
// identifier, or one that names what another declares, are in one unit.
// Build only links facts across files through such identifiers, and the
// rules only join facts along those links (facts.Input.Units), so a unit's
// facts and findings are the same built alone as within every document.
//
// Pass 2 packs consecutive units into groups and, on the Linter's workers,
// reads and parses each group's files again, builds their facts, evaluates
// the rules over the group's units, and keeps the results, the inline
// suppressions and the source of the files that findings may point at;
// everything else goes with the group. A file that changed between the
// two passes is read as it is in pass 2: its findings are those of its
// new content, though its unit was chosen from the old one.
//
// Results are merged and suppressed once at the end, as by run, so that
// configuration suppressions and stale-suppression findings (XA000) see
// every finding. Linter.evalTimeout bounds pass 2 as a whole (reading,
// facts and rules of every group).
func (l *Linter) runStream(ctx context.Context, cands []candidate, limit groupLimit) (*Report, error) {
	files, err := l.streamPass1(ctx, cands)
	if err != nil {
		return nil, err
	}
	units := streamUnits(files)
	groups := packGroups(units, files, limit)

	rep := &Report{Version: ReportVersion, sources: map[string][]byte{}}
	sup := &suppressor{l: l, inline: map[string][]*inlineEntry{}, configUsed: make([]bool, len(l.ignore))}
	listed := make([]bool, len(cands))
	results := make([][]engine.Result, len(groups))

	evalCtx, cancelEval := context.WithTimeoutCause(ctx, l.evalTimeout,
		fmt.Errorf("rules did not finish within %v: %w", l.evalTimeout, context.DeadlineExceeded))
	defer cancelEval()
	gctx, cancel := context.WithCancelCause(evalCtx)
	defer cancel(nil)
	var mu sync.Mutex // guards rep.sources, sup
	var once sync.Once
	var firstErr error
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(l.workers, len(groups)) {
		wg.Go(func() {
			for gi := range next {
				res, err := l.lintGroup(gctx, cands, groups[gi], listed, rep, sup, &mu)
				if err != nil {
					once.Do(func() { firstErr = err; cancel(err) })
					continue
				}
				results[gi] = res
			}
		})
	}
feed:
	for gi := range groups {
		select {
		case next <- gi:
		case <-gctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr == nil {
		firstErr = gctx.Err()
	}
	if firstErr != nil {
		var fe *factsError
		switch {
		case errors.As(firstErr, &fe):
			return nil, fmt.Errorf("lint: %w", fe.err)
		case ctx.Err() == nil && evalCtx.Err() != nil:
			return nil, fmt.Errorf("lint: %w%s", context.Cause(evalCtx), limitHint(flagTimeout))
		}
		return nil, fmt.Errorf("lint: %w", firstErr)
	}

	for i, ok := range listed {
		if ok {
			rep.Files = append(rep.Files, cands[i].path)
		}
	}
	sup.files = rep.Files
	for _, r := range engine.MergeResults(results...) {
		f := l.finding(r)
		f.Suppressed = sup.match(&f)
		rep.Findings = append(rep.Findings, f)
	}
	rep.Findings = append(rep.Findings, sup.stale()...)
	rep.finish()
	return rep, nil
}

// factsError is an error building the facts of a group, reported as run
// reports it.
type factsError struct{ err error }

func (e *factsError) Error() string { return e.err.Error() }
func (e *factsError) Unwrap() error { return e.err }

// streamPass1 reads, parses and keys every candidate on the Linter's
// workers, keeping no document. Like parseAll it stops with an error as
// soon as more than Limits.MaxDocuments candidates are documents.
func (l *Linter) streamPass1(ctx context.Context, cands []candidate) ([]streamFile, error) {
	return readCandidates(ctx, l, cands, func(c candidate) streamFile { return l.keyOne(ctx, c) },
		func(f streamFile) bool { return !f.skip })
}

// keyOne reads and parses one candidate and returns its link keys. A file
// that cannot be parsed has none: it is a unit of its own.
func (l *Linter) keyOne(ctx context.Context, c candidate) streamFile {
	p := l.parseOneSafe(c)
	switch {
	case p.skip:
		return streamFile{skip: true}
	case p.doc == nil:
		return streamFile{size: len(p.src)}
	}
	sf := streamFile{size: len(p.doc.Src)}
	func() {
		// A document whose keys cannot be read is left alone; pass 2
		// reports it as Build does.
		defer func() { _ = recover() }()
		sf.keys, _ = facts.DocumentLinkKeys(ctx, p.doc, l.factsBinding(p.doc.Path))
	}()
	return sf
}

// streamUnits joins the files that share a declared key, where one
// names what another declares, or where one names an account-wide set
// another is a member of, and returns the units: candidate indexes
// in order, units in the order of their first file.
func streamUnits(files []streamFile) [][]int {
	parent := make([]int32, len(files))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(n int32) int32 {
		for parent[n] != n {
			parent[n] = parent[parent[n]]
			n = parent[n]
		}
		return n
	}
	union := func(a, b int32) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		if rb < ra {
			ra, rb = rb, ra
		}
		parent[rb] = ra
	}
	declared := map[uint64]int32{} // key → first file declaring it
	for i, f := range files {
		for _, k := range f.keys.Declares {
			if d, ok := declared[k]; ok {
				union(int32(i), d)
				continue
			}
			declared[k] = int32(i)
		}
	}
	// Members of an account-wide set join the files that name the set,
	// not each other.
	member := map[uint64]int32{} // set key → first member
	type membership struct {
		file int32
		set  uint64
	}
	var members []membership // later members, to join if the set is named
	for i, f := range files {
		for _, k := range f.keys.Members {
			if _, ok := member[k]; ok {
				members = append(members, membership{int32(i), k})
				continue
			}
			member[k] = int32(i)
		}
	}
	named := map[uint64]bool{} // sets some file names
	for i, f := range files {
		for _, k := range f.keys.Names {
			if d, ok := declared[k]; ok {
				union(int32(i), d)
			}
			if m, ok := member[k]; ok {
				union(int32(i), m)
				named[k] = true
			}
		}
	}
	for _, m := range members {
		if named[m.set] {
			union(m.file, member[m.set])
		}
	}
	unitOf := map[int32]int{}
	var units [][]int
	for i, f := range files {
		if f.skip {
			continue
		}
		r := find(int32(i))
		u, ok := unitOf[r]
		if !ok {
			u = len(units)
			unitOf[r] = u
			units = append(units, nil)
		}
		units[u] = append(units[u], i)
	}
	return units
}

// packGroups packs consecutive units into groups of about limit.bytes or
// limit.files. Each group's files are in candidate order.
func packGroups(units [][]int, files []streamFile, limit groupLimit) [][]int {
	var groups [][]int
	var cur []int
	bytes := 0
	for _, u := range units {
		n := 0
		for _, i := range u {
			n += files[i].size
		}
		if len(cur) > 0 && (bytes+n > limit.bytes || len(cur)+len(u) > limit.files) {
			slices.Sort(cur)
			groups = append(groups, cur)
			cur, bytes = nil, 0
		}
		cur = append(cur, u...)
		bytes += n
	}
	if len(cur) > 0 {
		slices.Sort(cur)
		groups = append(groups, cur)
	}
	return groups
}

// lintGroup reads, parses, builds and evaluates one group of files and
// returns the rules' results. It records which files are listed, the
// group's inline suppressions, and the source of the files the results
// or a suppression finding may point at.
func (l *Linter) lintGroup(ctx context.Context, cands []candidate, group []int, listed []bool, rep *Report, sup *suppressor, mu *sync.Mutex) ([]engine.Result, error) {
	var docs []*source.Document
	var problems []facts.Problem
	srcs := map[string][]byte{}
	for _, i := range group {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Read again: the file may have changed since pass 1.
		r := l.parseOneSafe(cands[i])
		switch {
		case r.skip:
			continue
		case r.err != nil:
			problems = append(problems, *r.err)
			if r.src != nil {
				srcs[cands[i].path] = r.src
			}
		default:
			docs = append(docs, r.doc)
			srcs[cands[i].path] = r.doc.Src
		}
		listed[i] = true
	}
	input, err := l.buildFactsLimited(ctx, docs)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &factsError{err: err}
	}
	input.Errors = append(input.Errors, problems...)

	// What to keep of the documents: inline suppressions, and the source
	// of files with problems or suppressions (XA000 may point at them).
	keep := map[string]bool{}
	for _, p := range problems {
		keep[p.Loc.File] = true
	}
	groupSup := &suppressor{l: l, inline: map[string][]*inlineEntry{}}
	groupSup.collectDocs(docs)
	for f := range groupSup.inline {
		keep[f] = true
	}

	var res [][]engine.Result
	for _, b := range batches(input.Units(), batchSize) {
		r, err := l.eng.EvalValue(ctx, inputValue(b))
		if err != nil {
			return nil, err
		}
		res = append(res, r)
	}
	out := engine.MergeResults(res...)
	for _, r := range out {
		keep[r.Loc.File] = true
		for _, rel := range r.Related {
			keep[rel.Loc.File] = true
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for f, entries := range groupSup.inline {
		sup.inline[f] = entries
	}
	for f := range keep {
		if src, ok := srcs[f]; ok {
			rep.sources[f] = src
		}
	}
	return out, nil
}
