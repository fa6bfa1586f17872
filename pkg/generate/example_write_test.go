package generate_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xacct-lint/xacct-lint/pkg/generate"
	"github.com/xacct-lint/xacct-lint/pkg/model"
)

// Write refuses to overwrite a file that generate did not write, and
// writes nothing then; WithForce overwrites it.
func ExampleWrite() {
	s, err := model.Load("../../examples/article/xacct.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	files, err := generate.Generate(ctx, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "generated")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	// A hand-written pipeline.json is in the way.
	if err := os.WriteFile(filepath.Join(dir, "pipeline.json"), []byte("{}\n"), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	err = generate.Write(ctx, dir, files)
	var ng *generate.NotGeneratedError
	if errors.As(err, &ng) {
		for _, f := range ng.Files {
			fmt.Printf("refused %s: %s\n", f.Name, f.Reason)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "tools-account.yaml")); errors.Is(err, os.ErrNotExist) {
		fmt.Println("nothing written")
	}

	if err := generate.Write(ctx, dir, files, generate.WithForce(true)); err != nil {
		fmt.Println(err)
		return
	}
	diffs, err := generate.Check(dir, files)
	fmt.Println("stale files after --force:", len(diffs), err)
	// Output:
	// refused pipeline.json: not recorded in .xacct-lint.yaml as written by xacct-lint generate
	// nothing written
	// stale files after --force: 0 <nil>
}
