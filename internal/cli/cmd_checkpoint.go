package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// checkpointResult is `mandate checkpoint --json`: the signed note and
// the head it signs.
type checkpointResult struct {
	Origin   string `json:"origin"`
	TreeSize int64  `json:"tree_size"`
	RootHash string `json:"root_hash"`
	Note     string `json:"note"`
}

// evCheckpoint signs a checkpoint of the log in dir and returns the
// signed note in *note, if note is not nil.
func evCheckpoint(ctx context.Context, env *Env, dir, cmd string, note *[]byte) (int, bool) {
	red, err := evidence.NewRedactor(dir, false)
	if err != nil {
		return errorf(env, ExitFail, "%s: %v", cmd, err), false
	}
	l, err := evidence.Open(dir, evidence.Options{Now: env.Now, Redactor: red})
	if err != nil {
		return errorf(env, ExitFail, "%s: %v", cmd, err), false
	}
	defer l.Close()
	msg, err := l.Checkpoint(ctx)
	if err != nil {
		return errorf(env, ExitFail, "%s: %v", cmd, err), false
	}
	if note != nil {
		*note = msg
	}
	return ExitOK, true
}

func newCheckpointCmd(env *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "checkpoint [flags]",
		Short: "Sign the current evidence tree head",
		Long: `Sign the current head of the evidence tree now, and print the signed note
(C2SP signed-note format): every record so far is then covered by a
signature. The engine also signs at session end and before every export.`,
		Example: `  mandate checkpoint
  mandate checkpoint --json | jq .tree_size`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, code, ok := evStateDir(env, "checkpoint")
			if !ok {
				return exitError{code}
			}
			var note []byte
			if code, ok := evCheckpoint(cmd.Context(), env, dir, "checkpoint", &note); !ok {
				return exitError{code}
			}
			if !asJSON {
				fmt.Fprint(env.Stdout, string(note))
				return nil
			}
			// The note body: origin, tree size, root hash (base64), ….
			lines := strings.SplitN(string(note), "\n", 4)
			res := checkpointResult{Note: string(note)}
			if len(lines) >= 3 {
				res.Origin, res.RootHash = lines[0], lines[2]
				res.TreeSize, _ = strconv.ParseInt(lines[1], 10, 64)
			}
			return exitWith(printJSON(env, res))
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the signed note and the head it signs as JSON")
	return cmd
}
