// Command xacct-lint lints and generates AWS cross-account CodePipeline
// setups. See the README for usage; the work is done in internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/xacct-lint/xacct-lint/internal/cli"
)

func main() {
	os.Exit(run())
}

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return cli.Run(ctx, os.Args[1:], cli.Env{
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		IsTerminal: func() bool { return cli.IsTerminal(os.Stdout) },
	})
}
