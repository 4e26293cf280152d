package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// Mandate's commands that change its own state — erase evidence, remove
// or install hooks, create a state directory, write a bundle to a file,
// sign checkpoints, lift a tamper lock, stop the resident engine — are a
// person's. Through a hook the policy denies them by name and by the
// pinned binaries' digests (internal/policy mandate.go); a front the
// agent built itself under another name is neither, so each of these
// commands also refuses for itself when it looks run by an agent, with
// the detection tamper ack uses (agentSignals, person.go), and records the
// refusal in the evidence log.
//
// This is best effort within one user account: a rebuilt binary without
// this check, run as the same user, is stopped only by an operating-system
// boundary — a state directory owned by another account (the system
// engine), which the agent's user cannot write. That is the structural
// fix; this check closes the path of the released binaries.
//
// mandate serve (without stop) is not listed: the hook front starts the
// resident engine from inside the agent's process tree.

// personCommands are the command paths (below "mandate") that refuse for
// an agent; a value of "out" refuses only when --out names a file.
var personCommands = map[string]string{
	"prune": "", "uninstall": "", "install": "", "init": "", "checkpoint": "",
	"policy init": "", "policy accept": "", "tamper ack": "", "serve stop": "", "export": "out",
}

// personOnly refuses cmd when it is a person's and looks run by an agent.
func personOnly(env *Env, cmd *cobra.Command) error {
	name := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
	cond, ok := personCommands[name]
	if !ok {
		return nil
	}
	if cond == "out" {
		if f := cmd.Flags().Lookup("out"); f == nil || f.Value.String() == "-" || f.Value.String() == "" {
			return nil
		}
	}
	why := agentSignals(env)
	if len(why) == 0 {
		return nil
	}
	reason := fmt.Sprintf("mandate %s: refused: this looks run by an agent (%s); it changes Mandate's own state, so a person must run it in a terminal outside any agent", name, strings.Join(why, "; "))
	if err := recordRefusal(cmd.Context(), env, name, reason); err != nil {
		reason += " (the refusal could not be recorded: " + err.Error() + ")"
	}
	return exitError{errorf(env, ExitFail, "%s", reason)}
}

// recordRefusal appends a deny decision for the refused command to the
// evidence log of the state directory the command would have used.
func recordRefusal(ctx context.Context, env *Env, name, reason string) error {
	dir, err := StateDir(env)
	if err != nil {
		return err
	}
	log, err := openAckLog(env, dir)
	if err != nil {
		return err
	}
	defer log.Close()
	_, err = log.Append(ctx, evidence.Record{
		Type: evidence.TypeDecision, SessionID: "mandate-cli", User: operator(ctx, env), Agent: "unknown",
		Tool: "mandate " + name, ActionType: "exec", Decision: "deny", Policy: "mandate-self-protection",
		Rule: "person-only-command", Reason: reason,
	})
	return err
}
