package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/version"
)

// Command groups, in the order root help lists them.
var commandGroups = []*cobra.Group{
	{ID: "govern", Title: "Decide and govern:"},
	{ID: "evidence", Title: "Evidence:"},
	{ID: "setup", Title: "Set up and run:"},
}

// commandTree lists the constructors of every top-level command with its
// group. Keep one line per command.
var commandTree = []struct {
	group string
	make  func(*Env) *cobra.Command
}{
	{"govern", newCheckCmd},
	{"govern", newPolicyCmd},
	{"govern", newTamperCmd},
	{"govern", newHookCmd},

	{"evidence", newLogCmd},
	{"evidence", newSessionsCmd},
	{"evidence", newSessionCmd},
	{"evidence", newVerifyCmd},
	{"evidence", newReportCmd},
	{"evidence", newExportCmd},
	{"evidence", newCheckpointCmd},
	{"evidence", newPruneCmd},
	{"evidence", newInitCmd},

	{"setup", newInstallCmd},
	{"setup", newUninstallCmd},
	{"setup", newDoctorCmd},
	{"setup", newServeCmd},
	{"setup", newDemoCmd},
	{"setup", newVersionCmd},
}

// Tree returns the whole command tree for env, as Main runs it, with the
// help and completion commands included: for generating documentation
// (scripts/mangen) and for tests.
func Tree(env *Env) *cobra.Command { return newRoot(env) }

// newRoot builds the command tree.
func newRoot(env *Env) *cobra.Command {
	var showVersion bool
	root := &cobra.Command{
		Use:   "mandate",
		Short: "One governance layer beneath every AI coding agent",
		Long: `mandate: one governance layer beneath every AI coding agent.

Every tool call of Claude Code, Codex, Gemini CLI, Copilot CLI, Cursor and
Hermes goes through 'mandate hook <agent>': it is decided by the policy
(agent-policy.yaml) before it runs and recorded in a signed, append-only
evidence log that an auditor verifies offline.`,
		Example: `  mandate install claude --project     # govern Claude Code in this repository
  mandate doctor                       # will the installed hooks really run?
  mandate check --command 'npm install left-pad'
  mandate log --decision deny --since 24h
  mandate completion bash > /etc/bash_completion.d/mandate`,
		Annotations:       map[string]string{groupOnly: "true"},
		SilenceErrors:     true,
		SilenceUsage:      true,
		DisableAutoGenTag: true,
		Args:              cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if showVersion {
				fmt.Fprintln(env.Stdout, version.String())
				return nil
			}
			if len(args) == 0 {
				printHelp(cmd)
				return exitError{ExitUsage}
			}
			return usageError{fmt.Sprintf("unknown command %q (run 'mandate help')%s", args[0], suggest(cmd, args[0]))}
		},
	}
	// --version is handled here rather than by cobra's version template:
	// templates (text/template) would keep every exported method of every
	// type in the binary, which then starts slower on every hook call.
	root.Flags().BoolVarP(&showVersion, "version", "v", false, "print the version (as mandate version does)")
	root.AddGroup(commandGroups...)
	for _, c := range commandTree {
		cmd := c.make(env)
		cmd.GroupID = c.group
		root.AddCommand(cmd)
	}
	root.AddCommand(exitCodesTopic())
	root.SetHelpCommand(newHelpCmd())
	root.SetHelpCommandGroupID("setup")
	root.SetCompletionCommandGroupID("setup")
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { printHelp(c) })
	root.SetUsageFunc(func(c *cobra.Command) error { printHelp(c); return nil })
	root.SetFlagErrorFunc(flagError)
	// The completion scripts go to the writer set when the command is made.
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		// A shell it does not know is a usage error, not its help.
		c.Args, c.RunE = cobra.ArbitraryArgs, subcommandsOnly
		c.Annotations = map[string]string{groupOnly: "true"}
		c.Example = `  mandate completion bash > ~/.local/share/bash-completion/completions/mandate
  mandate completion zsh > "${fpath[1]}/_mandate"
  mandate completion fish > ~/.config/fish/completions/mandate.fish
  mandate completion powershell | Out-String | Invoke-Expression`
	}
	finish(root)
	return root
}

// finish applies what every command shares: flags are listed in the
// order they are defined.
func finish(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().SortFlags = false
		c.DisableAutoGenTag = true
		c.SuggestionsMinimumDistance = 2
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

// flagError is a flag that cobra could not parse, as a usage error.
func flagError(c *cobra.Command, err error) error {
	return usagef(c, "%v (see 'mandate %s --help')", err, commandName(c))
}

// newHelpCmd is `mandate help [command]`: a topic that does not exist is
// a usage error, not the root's help.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help about any command: its usage, flags, examples and exit codes.",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, s := range cmd.Commands() {
				if (s.IsAvailableCommand() || s.IsAdditionalHelpTopicCommand()) && strings.HasPrefix(s.Name(), toComplete) {
					out = append(out, cobra.CompletionWithDesc(s.Name(), s.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return usagef(c, "no help topic %q (run 'mandate help')", strings.Join(args, " "))
			}
			printHelp(cmd)
			return nil
		},
	}
}

// suggest is " (did you mean …?)" for a mistyped subcommand of cmd.
func suggest(cmd *cobra.Command, typed string) string {
	s := cmd.SuggestionsFor(typed)
	if len(s) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(s, " or ") + "?"
}

// subcommandsOnly is the RunE of a command that only groups others
// (policy, tamper): with no subcommand it is a usage error, as is an
// unknown one.
func subcommandsOnly(cmd *cobra.Command, args []string) error {
	var names []string
	for _, s := range cmd.Commands() {
		if s.IsAvailableCommand() {
			names = append(names, s.Name())
		}
	}
	want := strings.Join(names, ", ")
	if len(args) == 0 {
		return usagef(cmd, "want a subcommand: %s (see 'mandate %s --help')", want, commandName(cmd))
	}
	return usagef(cmd, "unknown subcommand %q (want %s)%s", args[0], want, suggest(cmd, args[0]))
}

// noArgs refuses positional arguments.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef(cmd, "unexpected argument %q", args[0])
	}
	return nil
}

// maxArgs accepts at most n positional arguments.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef(cmd, "unexpected argument %q (usage: %s)", args[n], cmd.UseLine())
		}
		return nil
	}
}
