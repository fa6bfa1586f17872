package lint

import "context"

// LintWhole lints paths as Lint did before the streaming run: every
// document parsed, built and evaluated at once (runWhole). Tests compare
// the streaming run with it.
func LintWhole(ctx context.Context, l *Linter, paths ...string) (*Report, error) {
	cands, err := collect(ctx, paths)
	if err != nil {
		return nil, err
	}
	return l.runWhole(ctx, cands)
}

// LintStream lints paths with the streaming run, packing units of linked
// files into groups of at most groupBytes of source (1: every unit is a
// group of its own).
func LintStream(ctx context.Context, l *Linter, groupBytes int, paths ...string) (*Report, error) {
	cands, err := collect(ctx, paths)
	if err != nil {
		return nil, err
	}
	return l.runStream(ctx, cands, groupLimit{bytes: groupBytes, files: defaultGroupFiles})
}

// StreamUnits returns the units of linked files of the streaming run
// under paths, as lists of paths.
func StreamUnits(ctx context.Context, l *Linter, paths ...string) ([][]string, error) {
	cands, err := collect(ctx, paths)
	if err != nil {
		return nil, err
	}
	files, err := l.streamPass1(ctx, cands)
	if err != nil {
		return nil, err
	}
	var out [][]string
	for _, u := range streamUnits(files) {
		var names []string
		for _, i := range u {
			names = append(names, cands[i].path)
		}
		out = append(out, names)
	}
	return out, nil
}
