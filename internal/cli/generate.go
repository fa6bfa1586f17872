package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/xacct-lint/xacct-lint/pkg/generate"
	"github.com/xacct-lint/xacct-lint/pkg/model"
)

func runGenerate(ctx context.Context, args []string, env Env) error {
	fset := newFlagSet("generate", "generate -c xacct.yaml [-o DIR] [--check] [--force]", env)
	cfg := fset.String("c", "xacct.yaml", "the setup model `file`")
	fset.StringVar(cfg, "config", "xacct.yaml", "the setup model `file` (same as -c)")
	out := fset.String("o", ".", "output `folder`")
	fset.StringVar(out, "out", ".", "output `folder` (same as -o)")
	check := fset.Bool("check", false, "write nothing; exit 1 with a diff when the files on disk are stale")
	force := fset.Bool("force", false, "overwrite files that generate did not write")
	pos, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q (the model is given with -c)", pos[0])
	}

	setup, err := model.Load(*cfg)
	if err != nil {
		var verrs *model.Errors
		if errors.As(err, &verrs) {
			fmt.Fprintln(env.Stderr, verrs.Error())
			fmt.Fprintf(env.Stderr, "xacct-lint generate: %s is not a valid setup (%d %s)\n",
				*cfg, len(verrs.List), plural(len(verrs.List), "problem", "problems"))
			return &exitError{code: ExitFindings}
		}
		if errors.Is(err, fs.ErrNotExist) {
			return usagef("%v (create one with \"xacct-lint init\")", err)
		}
		return err
	}
	files, err := generate.Generate(ctx, setup)
	if err != nil {
		return fmt.Errorf("generate from %s: %w", *cfg, err)
	}

	if *check {
		// Check and NotGenerated only read: --check writes nothing, not
		// even the output folder.
		diffs, err := generate.Check(*out, files)
		if err != nil {
			return fmt.Errorf("check %s: %w", *out, err)
		}
		foreign, err := generate.NotGenerated(ctx, *out, files)
		if err != nil {
			return fmt.Errorf("check %s: %w", *out, err)
		}
		for _, d := range diffs {
			fmt.Fprint(env.Stdout, d.Unified)
		}
		for _, f := range foreign {
			fmt.Fprintf(env.Stderr, "xacct-lint generate: %s: not written by xacct-lint generate (%s); generate will not overwrite it without --force\n",
				filepath.Join(*out, filepath.FromSlash(f.Name)), f.Reason)
		}
		if len(diffs) > 0 {
			fmt.Fprintf(env.Stderr, "xacct-lint generate: %d of %d %s in %s %s stale; run: xacct-lint generate -c %s -o %s\n",
				len(diffs), len(files), plural(len(files), "file", "files"), *out,
				plural(len(diffs), "is", "are"), *cfg, *out)
			return &exitError{code: ExitFindings}
		}
		fmt.Fprintf(env.Stderr, "xacct-lint generate: %d files in %s are up to date\n", len(files), *out)
		return nil
	}

	if err := generate.Write(ctx, *out, files, generate.WithForce(*force)); err != nil {
		var ng *generate.NotGeneratedError
		if errors.As(err, &ng) {
			for _, f := range ng.Files {
				fmt.Fprintf(env.Stderr, "xacct-lint generate: %s: not written by xacct-lint generate (%s)\n",
					filepath.Join(*out, filepath.FromSlash(f.Name)), f.Reason)
			}
			n := len(ng.Files)
			fmt.Fprintf(env.Stderr, "xacct-lint generate: wrote nothing: %d %s in %s %s not written by xacct-lint generate; use --force to overwrite %s\n",
				n, plural(n, "file", "files"), *out, plural(n, "was", "were"), plural(n, "it", "them"))
			return &exitError{code: ExitFindings}
		}
		return fmt.Errorf("output folder %s: %w", *out, err)
	}
	for _, f := range files {
		fmt.Fprintln(env.Stdout, filepath.Join(*out, filepath.FromSlash(f.Name)))
	}
	if !hasFile(files, "pipeline.json") {
		fmt.Fprintf(env.Stderr, "note: pipeline.json is written once tools.keyId is set in %s: deploy tools-account.yaml first and copy its ArtifactKeyId output (see %s)\n",
			*cfg, filepath.Join(*out, "README.md"))
	}
	return nil
}

func hasFile(files []generate.File, name string) bool {
	for _, f := range files {
		if f.Name == name {
			return true
		}
	}
	return false
}

func runInit(_ context.Context, args []string, env Env) error {
	fset := newFlagSet("init", "init [-o FILE] [--force]", env)
	out := fset.String("o", "xacct.yaml", "where to write the starter model (\"-\" for standard output)")
	force := fset.Bool("force", false, "overwrite an existing file")
	pos, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	data := model.Starter()
	if *out == "-" {
		_, err := env.Stdout.Write(data)
		return err
	}
	if !*force {
		if _, err := os.Lstat(*out); err == nil {
			return usagef("%s exists; use --force to overwrite it", *out)
		}
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("write starter model: %w", err)
	}
	fmt.Fprintf(env.Stderr, "wrote %s; edit it, then run: xacct-lint generate -c %s -o deploy/\n", *out, *out)
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
