package shell

import (
	"path"
	"strings"
)

// gofmt and goimports with -w rewrite each file operand, whatever its
// name, and below each directory operand every file whose name ends in
// .go and does not start with "." — at any depth, inside hidden
// directories too (their walk skips nothing). Whether an operand is a
// file or a directory is known only on disk, so an operand that names
// neither a Go file nor a file with an extension is both: a candidate
// write of itself (the policy judges it as a file only when it is one)
// and the glob of the Go files below it, hidden directories included.
// It creates no file: every write is a rewrite (formatters.go).

// goFormatWrites reports what gofmt -w / goimports -w write for the
// operands pos.
func (c *cmd) goFormatWrites(pos []field) {
	why := c.name + " -w"
	for _, f := range pos {
		base := path.Base(f.s)
		switch {
		case f.dyn || f.glob || strings.HasSuffix(f.s, ".go"):
			c.rewrite(f, why)
		case base != "." && base != ".." && strings.Contains(base, "."):
			c.rewrite(f, why) // a file by its name: it is rewritten if it parses
		default:
			g := f
			g.cand = true
			c.rewrite(g, why)
			c.rewrite(filtered(f, "*.go", treeOpts{dotGlob: true}), why)
		}
	}
}
