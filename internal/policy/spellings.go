package policy

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Other spellings of a command line that block_commands and
// require_approval_commands patterns are matched against as well, because
// the program reads them as the same command:
//
//   - a program word with a version (npm@latest run through npx, pnpm
//     dlx, bunx): the package's program, without "@…";
//   - "--opt VALUE" as "--opt=VALUE": a pattern written with "=" (kubectl
//     .*--context=production) means the option's value, however it is
//     passed. A word after a long option is only joined when it is not an
//     option itself.
//
// A pattern that matches one of them matches the command (deny for
// block_commands); the line with unknown parts read as empty (eval.go)
// only could match (ask).

// respellings returns the other spellings of c's line, or nil.
func respellings(c *shell.Command) []string {
	var out []string
	line := c.Line
	if i := strings.IndexByte(c.Name, '@'); i > 0 && strings.HasPrefix(line, c.Name) {
		line = c.Name[:i] + line[len(c.Name):]
		out = append(out, line)
	}
	joined := false
	for i := 0; i+1 < len(c.Args); i++ {
		a := c.Args[i]
		if len(a) > 2 && strings.HasPrefix(a, "--") && !strings.Contains(a, "=") && !strings.HasPrefix(c.Args[i+1], "-") {
			joined = true
			break
		}
		if a == "--" {
			break
		}
	}
	if !joined {
		return out
	}
	var b strings.Builder
	name := c.Name
	if i := strings.IndexByte(name, '@'); i > 0 {
		name = name[:i]
	}
	b.WriteString(name)
	for i := 0; i < len(c.Args); i++ {
		a := c.Args[i]
		b.WriteByte(' ')
		b.WriteString(a)
		if a == "--" {
			for _, rest := range c.Args[i+1:] {
				b.WriteByte(' ')
				b.WriteString(rest)
			}
			break
		}
		if len(a) > 2 && strings.HasPrefix(a, "--") && !strings.Contains(a, "=") && i+1 < len(c.Args) && !strings.HasPrefix(c.Args[i+1], "-") {
			b.WriteByte('=')
			b.WriteString(c.Args[i+1])
			i++
		}
	}
	if s := b.String(); s != c.Line && s != line {
		out = append(out, s)
	}
	return out
}
