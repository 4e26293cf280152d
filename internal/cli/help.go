package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Flags are listed in --help by group: a flag's group is its
// flagGroupKey annotation (setGroup), and flags without one come last,
// under "Flags" (or "Other flags" when the command has groups).
const flagGroupKey = "mandate_group"

// groupOnly is the annotation of a command that only groups others
// (mandate, policy, tamper): run alone, it is a usage error.
const groupOnly = "mandate_group_only"

// helpTopic is the annotation of a help topic whose text is written
// when shown (mandate help exit-codes).
const helpTopic = "mandate_help_topic"

// helpWidth is the width help text is wrapped to.
const helpWidth = 80

// setGroup puts the named flags of fs in group title ("Filter", "Output").
func setGroup(fs *pflag.FlagSet, title string, names ...string) {
	for _, n := range names {
		if err := fs.SetAnnotation(n, flagGroupKey, []string{title}); err != nil {
			panic("cli: flag group " + title + ": " + err.Error()) // a programming error, caught by every test
		}
	}
}

// printHelp writes cmd's help to its output: description, usage,
// examples, subcommands, flags by group, exit codes.
func printHelp(cmd *cobra.Command) {
	w := cmd.OutOrStdout()
	if cmd.Annotations[helpTopic] == "exit-codes" {
		fmt.Fprintln(w, exitCodesText())
		return
	}
	desc := cmd.Long
	if desc == "" {
		desc = cmd.Short
	}
	if desc != "" {
		fmt.Fprintln(w, strings.TrimRight(desc, "\n"))
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Usage:")
	if cmd.Runnable() && cmd.Annotations[groupOnly] == "" {
		fmt.Fprintf(w, "  %s\n", cmd.UseLine())
	}
	if cmd.HasAvailableSubCommands() {
		fmt.Fprintf(w, "  %s <command> [flags]\n", cmd.CommandPath())
	}
	if len(cmd.Aliases) > 0 {
		fmt.Fprintf(w, "\nAliases:\n  %s\n", cmd.NameAndAliases())
	}
	if cmd.Example != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(cmd.Example, "\n"))
	}
	printSubcommands(w, cmd)
	printFlags(w, cmd)
	if cmd.Runnable() && cmd.Annotations[groupOnly] == "" {
		fmt.Fprintf(w, "\n%s\n", exitCodesSection(commandName(cmd)))
	}
	if cmd.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\nRun '%s <command> --help' for a command's flags, examples and exit codes.\n", cmd.CommandPath())
	}
}

func printSubcommands(w io.Writer, cmd *cobra.Command) {
	var topics []*cobra.Command
	width := 0
	for _, s := range cmd.Commands() {
		if s.IsAvailableCommand() || s.IsAdditionalHelpTopicCommand() {
			width = max(width, len(s.Name()))
		}
		if s.IsAdditionalHelpTopicCommand() {
			topics = append(topics, s)
		}
	}
	list := func(title string, keep func(*cobra.Command) bool) {
		first := true
		for _, s := range cmd.Commands() {
			if !s.IsAvailableCommand() || !keep(s) {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n%s\n", title)
				first = false
			}
			fmt.Fprintf(w, "  %-*s  %s\n", width, s.Name(), s.Short)
		}
	}
	if len(cmd.Groups()) > 0 {
		for _, g := range cmd.Groups() {
			list(g.Title, func(s *cobra.Command) bool { return s.GroupID == g.ID })
		}
		list("Other commands:", func(s *cobra.Command) bool { return !cmd.ContainsGroup(s.GroupID) })
	} else {
		list("Commands:", func(*cobra.Command) bool { return true })
	}
	if len(topics) > 0 {
		fmt.Fprintln(w, "\nHelp topics (mandate help TOPIC):")
		for _, s := range topics {
			fmt.Fprintf(w, "  %-*s  %s\n", width, s.Name(), s.Short)
		}
	}
}

// printFlags lists cmd's flags by group, aligned across groups.
func printFlags(w io.Writer, cmd *cobra.Command) {
	cmd.InitDefaultHelpFlag()
	cmd.InitDefaultVersionFlag()
	type entry struct{ left, usage string }
	var order []string
	groups := map[string][]entry{}
	width := 0
	visit := func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if name != "" {
			left += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" && f.DefValue != "0s" {
			usage += " (default " + f.DefValue + ")"
		}
		g := "Flags"
		if v := f.Annotations[flagGroupKey]; len(v) > 0 {
			g = v[0]
		}
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], entry{left, usage})
		width = max(width, len(left))
	}
	cmd.LocalFlags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	if len(order) > 1 {
		// Ungrouped flags (help, version) come last.
		for i, g := range order {
			if g == "Flags" {
				order = append(append(order[:i:i], order[i+1:]...), "Other")
				groups["Other"] = groups["Flags"]
				break
			}
		}
	}
	for _, g := range order {
		title := g + " flags:"
		if g == "Flags" {
			title = "Flags:"
		}
		fmt.Fprintf(w, "\n%s\n", title)
		for _, e := range groups[g] {
			fmt.Fprintf(w, "%-*s   %s\n", width, e.left, wrapText(e.usage, width+3, helpWidth))
		}
	}
}

// wrapText wraps s to width, every line after the first indented by
// indent spaces; a narrow column is not wrapped.
func wrapText(s string, indent, width int) string {
	room := width - indent
	if room < 30 {
		return s
	}
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		switch {
		case i == 0:
		case line+1+len(word) > room:
			b.WriteString("\n" + strings.Repeat(" ", indent))
			line = 0
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}
