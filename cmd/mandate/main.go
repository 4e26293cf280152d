// Command mandate is what agents run on every tool call and what people
// type. It is a small front: hook and check calls are forwarded to the
// resident engine, everything else runs mandate-engine, which holds all of
// Mandate's logic. All of it lives in internal/front.
package main

import (
	"os"

	"github.com/mandate-dev/mandate/internal/front"
)

func main() { os.Exit(front.Main(os.Args[1:])) }
