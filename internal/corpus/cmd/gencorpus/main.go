// Command gencorpus writes a benchmark corpus of generated cross-account
// CodePipeline setups (see package internal/corpus):
//
//	go run ./internal/corpus/cmd/gencorpus -n 1000 -seed 1 -o DIR
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/xacct-lint/xacct-lint/internal/corpus"
)

func main() {
	n := flag.Int("n", 100, "number of setups")
	seed := flag.Uint64("seed", 1, "seed; the same seed gives the same corpus")
	out := flag.String("o", "", "output `folder` (must not exist or be empty)")
	every := flag.Int("mistake-every", 0, "seed mistakes into every n-th setup (0: 5, negative: none)")
	unrelated := flag.Int("unrelated", 0, "unrelated documents per setup (0: 1, negative: none)")
	folders := flag.Bool("folder-configs", false, "keep each setup's .xacct-lint.yaml in its folder instead of one root configuration")
	quiet := flag.Bool("q", false, "print nothing on success")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -n N -seed S -o DIR")
		os.Exit(2)
	}
	st, err := corpus.Write(context.Background(), *out, corpus.Options{
		Setups: *n, Seed: *seed, MistakeEvery: *every, UnrelatedPerSetup: *unrelated, FolderConfigs: *folders,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	if *quiet {
		return
	}
	fmt.Printf("%s: %d setups (%d with mistakes), %d unrelated documents, %d files, %.1f MB\n",
		*out, st.Setups, st.Mistaken, st.Unrelated, st.Files, float64(st.Bytes)/1e6)
	kinds := make([]string, 0, len(st.Mistakes))
	for k := range st.Mistakes {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Printf("  %-36s %d\n", k, st.Mistakes[k])
	}
}
