package cli

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/policy"
)

// starterPolicy is what `mandate policy init` writes: a commented policy
// for a team, whose own tests pass (TestPolicyInit).
//
//go:embed starter-policy.yaml
var starterPolicy []byte

func newPolicyInitCmd(env *Env) *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "init [flags]",
		Short: "Write a commented starter policy for a team",
		Long: `Write a commented starter policy for a team to agent-policy.yaml at the root
of the git repository (where every agent's hook finds it): secrets, production,
what people review (CI, infrastructure, dependencies), the built-in default's
safety net, roles, evidence retention, and a tests: section that passes.
An existing file is never overwritten without --force.`,
		Example: `  mandate policy init && mandate policy test
  mandate policy init --out - | less`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := policy.Parse(policy.FileName, starterPolicy)
			if err != nil {
				return exitError{errorf(env, ExitFail, "policy init: the starter policy does not parse: %v", err)}
			}
			tests := p.RunTests()
			for _, r := range tests {
				if !r.Pass {
					return exitError{errorf(env, ExitFail, "policy init: the starter policy's test %q fails: %s", r.Name, testFailure(r))}
				}
			}
			path := out
			if path == "" {
				path = filepath.Join(repoRoot(env.Cwd), policy.FileName)
			}
			path = absPath(env, path)
			if path != "-" && !force {
				if _, err := os.Lstat(path); err == nil {
					return exitError{errorf(env, ExitFail, "policy init: %s exists (nothing was changed; --force replaces it, --out FILE writes elsewhere)", path)}
				} else if !errors.Is(err, os.ErrNotExist) {
					return exitError{errorf(env, ExitFail, "policy init: %v", err)}
				}
			}
			var own *ownChange
			if path != "-" {
				own = beginOwnChange(cmd.Context(), env, "mandate policy init", []string{path}) // ownchange.go
			}
			err = writeTo(env, path, func(w io.Writer) error { _, err := w.Write(starterPolicy); return err })
			if err != nil {
				own.done(cmd.Context(), nil)
				return exitError{errorf(env, ExitFail, "policy init: %v (nothing was changed)", err)}
			}
			own.done(cmd.Context(), map[string]string{path: gate.WrittenDigest(starterPolicy, false)})
			if path == "-" {
				return nil
			}
			fmt.Fprintf(env.Stdout, "wrote %s: a starter policy of %d tests, all passing (%s)\n", path, len(tests), p.Digest())
			fmt.Fprintln(env.Stdout, "next: adapt it to your team, run 'mandate policy test', and commit it")
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to `FILE` ('-': standard output) (default: agent-policy.yaml at the git root)")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing file")
	return cmd
}
