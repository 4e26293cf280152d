// Command notemcp runs the notemcp test MCP server on stdin/stdout. Relative note paths
// resolve against $MANDATE_NOTEMCP_ROOT (default: the working directory); requests are
// logged as JSON lines to $MANDATE_NOTEMCP_LOG when set.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/mandate-dev/mandate/internal/agentrun/notemcp"
)

func main() {
	opts := notemcp.Options{Root: os.Getenv("MANDATE_NOTEMCP_ROOT")}
	if opts.Root == "" {
		opts.Root = "."
	}
	if p := os.Getenv("MANDATE_NOTEMCP_LOG"); p != "" {
		f, err := os.OpenFile(p, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		opts.Log = f
	}
	var out io.Writer = os.Stdout
	if err := notemcp.Serve(context.Background(), os.Stdin, out, opts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
