// Command mandate-engine is Mandate: the hook every agent's tool call is
// decided by, the resident engine (serve), and the CLI for policy,
// evidence and installation. People and agents run it through mandate (see
// internal/front), which forwards hook and check calls to the resident
// engine and execs mandate-engine for everything else. All logic lives in
// internal/cli and the packages it wires.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/mandate-dev/mandate/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.OSEnv(), os.Args[1:])
	stop()
	os.Exit(code)
}
