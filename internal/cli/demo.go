package cli

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/demo"
)

func newDemoCmd(env *Env) *cobra.Command {
	var keep bool
	cmd := &cobra.Command{
		Use:   "demo [flags]",
		Short: "Run recorded agent tool calls through the default policy",
		Long: `Run real recorded hook payloads of Claude Code, Codex, Gemini CLI and Copilot
CLI through the real hook path (adapter, built-in default policy,
redaction, evidence log) in a scratch directory, show each decision with its
reason and the exact answer each agent receives, then verify the evidence
written. Nothing of your own state is read or written.`,
		Example: `  mandate demo
  mandate demo --keep     # then look at the evidence with mandate log`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := os.MkdirTemp("", "mandate-demo-")
			if err != nil {
				return exitError{errorf(env, ExitFail, "demo: %v", err)}
			}
			if !keep {
				defer os.RemoveAll(dir)
			}
			if err := demo.Run(cmd.Context(), env.Stdout, demo.Options{Dir: dir, Now: env.Now}); err != nil {
				return exitError{errorf(env, ExitFail, "%v", err)}
			}
			if !keep {
				env.Stdout.Write([]byte("  (run 'mandate demo --keep' to keep the scratch directory for these)\n"))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&keep, "keep", false, "keep the scratch directory (project, home, evidence log) after the demo")
	return cmd
}
