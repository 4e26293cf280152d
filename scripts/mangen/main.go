// Command mangen writes Mandate's manual pages, section 1, from the same
// command tree the binaries run (internal/cli.ManTree): one page per
// command, with its usage, description, flags, examples and exit codes.
// `make man` runs it; the pages are generated, not committed. Dates come
// from SOURCE_DATE_EPOCH when set, so a build is reproducible.
//
//	go run ./scripts/mangen [-out man/man1]
//
// It lives outside the engine on purpose: cobra/doc and its Markdown
// renderer are build-time tools, never linked into mandate-engine
// (repo_test.go checks).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra/doc"

	"github.com/mandate-dev/mandate/internal/cli"
	"github.com/mandate-dev/mandate/internal/version"
)

func main() {
	out := flag.String("out", "man/man1", "write the pages to `DIR`")
	flag.Parse()
	n, err := generate(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mangen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d manual pages to %s\n", n, *out)
}

// generate writes every page to dir and returns how many.
func generate(dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
		Getenv: func(string) string { return "" }, Now: time.Now, Cwd: "/"}
	root := cli.ManTree(env)
	header := &doc.GenManHeader{Title: "MANDATE", Section: "1", Source: "Mandate " + version.Get(), Manual: "Mandate Manual"}
	if err := doc.GenManTree(root, header, dir); err != nil {
		return 0, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".1") {
			n++
		}
	}
	return n, nil
}
