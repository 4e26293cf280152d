// Command mandate-hook is what an agent runs on every tool call once
// mandate install has wired it: it forwards the call to the resident
// Mandate engine and relays the answer, or runs mandate hook when no engine
// answers. All logic lives in internal/hookclient.
package main

import (
	"os"

	"github.com/mandate-dev/mandate/internal/hookclient"
)

func main() { os.Exit(hookclient.Main(os.Args[1:])) }
