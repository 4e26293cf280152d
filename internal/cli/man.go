package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// ManTree is the command tree prepared for manual pages (scripts/mangen,
// make man): every command's description ends with its exit codes, and
// the root page carries the whole exit-code table, as `mandate help
// exit-codes` shows it. The texts are Markdown, which the generator turns
// into roff.
func ManTree(env *Env) *cobra.Command {
	root := newRoot(env)
	for _, c := range allCommandsOf(root) {
		if !c.Runnable() || c.Annotations[groupOnly] != "" || c.Annotations[helpTopic] != "" {
			continue
		}
		c.Long = manDescription(c) + "\n\n# EXIT CODES\n\n" + manExitCodes(commandName(c))
	}
	var b strings.Builder
	b.WriteString(manDescription(root))
	b.WriteString("\n\n# EXIT CODES\n\n")
	b.WriteString(strings.SplitN(exitCodesText(), "\n\n", 2)[0])
	for _, path := range exitCodePaths() {
		name := "mandate " + path
		if path == "" {
			name = "every other command"
		}
		fmt.Fprintf(&b, "\n\n**%s**\n\n%s", name, manExitCodes(path))
	}
	root.Long = b.String()
	return root
}

// manDescription is c's description as one Markdown text.
func manDescription(c *cobra.Command) string {
	if c.Long != "" {
		return c.Long
	}
	return c.Short + "."
}

// manExitCodes is a command's exit codes as a Markdown list.
func manExitCodes(path string) string {
	var b strings.Builder
	for i, r := range exitRows(path) {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "- **%d** %s", r.code, r.meaning)
	}
	return b.String()
}

// allCommandsOf lists c and every command below it.
func allCommandsOf(c *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{c}
	for _, s := range c.Commands() {
		out = append(out, allCommandsOf(s)...)
	}
	return out
}
