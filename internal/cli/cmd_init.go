package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// initResult is `mandate init --json`.
type initResult struct {
	StateDir string `json:"state_dir"`
	Key      string `json:"key"`
}

func newInitCmd(env *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "init [flags]",
		Short: "Create the state directory and the evidence signing keys",
		Long: `Create the state directory and the evidence log's signing key ahead of first
use (the first hook call does it otherwise), and print the verifier key:
give it to your auditors through a channel other than the bundles, so they
can pin it with 'mandate verify --bundle FILE --key KEY'. Running it again
changes nothing and prints the same key.`,
		Example: `  mandate init
  MANDATE_HOME=/srv/mandate mandate init --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := StateDir(env)
			if err != nil {
				return exitError{errorf(env, ExitFail, "init: %v", err)}
			}
			if err := evidence.Init(dir); err != nil {
				return exitError{errorf(env, ExitFail, "init: %v", err)}
			}
			key, err := evidence.VerifierKey(dir)
			if err != nil {
				return exitError{errorf(env, ExitFail, "init: %v", err)}
			}
			if asJSON {
				return exitWith(printJSON(env, initResult{dir, key}))
			}
			fmt.Fprintf(env.Stdout, "state directory: %s\n", dir)
			fmt.Fprintf(env.Stdout, "evidence verifier key (give it to your auditors; they pin it with 'mandate verify --bundle FILE --key KEY'):\n%s\n", key)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the state directory and key as JSON")
	return cmd
}
