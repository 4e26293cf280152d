package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// The commands that write or check the evidence log: init, verify,
// export, checkpoint, prune. The work is done by internal/evidence; these
// parse flags, print, and map outcomes to exit codes.

// evStateDir returns the state directory, requiring an existing log for
// commands that only read; without one it fails with code missing.
func evStateDir(env *Env, cmd string) (string, int, bool) {
	return evStateDirOr(env, cmd, ExitFail)
}

func evStateDirOr(env *Env, cmd string, missing int) (string, int, bool) {
	dir, err := StateDir(env)
	if err != nil {
		return "", errorf(env, missing, "%s: %v", cmd, err), false
	}
	if _, err := os.Stat(filepath.Join(dir, "evidence")); err != nil {
		return "", errorf(env, missing, "%s: no evidence log in %s (run 'mandate init', or set MANDATE_HOME)", cmd, dir), false
	}
	return dir, 0, true
}

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

// evKey reads a --key value: a file holding the key, or the key text.
func evKey(env *Env, s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if st, err := os.Stat(absPath(env, s)); err == nil && st.Mode().IsRegular() {
		if st.Size() > 4096 {
			return "", fmt.Errorf("key file %s is larger than a key", s)
		}
		b, err := os.ReadFile(absPath(env, s))
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(b)), nil
	}
	return strings.TrimSpace(s), nil
}

type verifyOptions struct {
	bundle, key string
	json        bool
	clock       clock
}

func newVerifyCmd(env *Env) *cobra.Command {
	var o verifyOptions
	cmd := &cobra.Command{
		Use:   "verify [flags]",
		Short: "Verify the local evidence log, or a bundle with --bundle",
		Long: `Verify the local evidence log: every record's digest and index, the Merkle
tree, every signed checkpoint and the consistency between them, and that
every erased payload is covered by a prune record. With --bundle, verify a
bundle written by 'mandate export' instead, offline, with nothing but the
bundle and the verifier key (--key).`,
		Example: `  mandate verify
  mandate verify --bundle evidence.bundle --key mandate.pub
  mandate export --out - | mandate verify --bundle - --key mandate.pub
  mandate verify --json | jq .unsigned`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runVerify(cmd, env, &o) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.bundle, "bundle", "", "verify this bundle `FILE` instead of the local log ('-': standard input)")
	fs.StringVar(&o.key, "key", "", "pin the verifier `KEY` (the key text, or a file holding it); default: the local log's key, or for a bundle the key it carries (reported as self-asserted)")
	setGroup(fs, "Input", "bundle", "key")
	fs.BoolVar(&o.json, "json", false, "print the verification report as JSON (see docs/cli.md)")
	o.clock.addFlags(fs)
	setGroup(fs, "Output", "json")
	return cmd
}

func runVerify(cmd *cobra.Command, env *Env, o *verifyOptions) error {
	ctx := cmd.Context()
	key, err := evKey(env, o.key)
	if err != nil {
		return usagef(cmd, "--key: %v", err)
	}
	if o.bundle != "" {
		return exitWith(verifyBundle(ctx, env, o.bundle, key, o.json, o.clock.in(env)))
	}
	// A log that cannot be read is exit 2, one that does not verify 1.
	dir, code, ok := evStateDirOr(env, "verify", ExitUsage)
	if !ok {
		return exitError{code}
	}
	rep, err := evidence.VerifyWithKey(ctx, dir, key)
	if o.json {
		printJSON(env, rep)
	}
	if err != nil {
		if errors.Is(err, evidence.ErrInvalid) {
			return exitError{errorf(env, ExitFail, "verify: FAILED: %s", rep.Problem)}
		}
		return exitError{errorf(env, ExitUsage, "verify: cannot read the evidence log: %v", err)}
	}
	if o.json {
		return nil
	}
	fmt.Fprintf(env.Stdout, "ok: %d records verified (%d pruned) in %v\n", rep.Records, rep.Pruned, rep.Elapsed.Round(time.Millisecond))
	if rep.Checkpoints > 0 {
		fmt.Fprintf(env.Stdout, "%d signed checkpoints; the latest signs %d records, root %s\n", rep.Checkpoints, rep.TreeSize, rep.RootHash)
	} else {
		fmt.Fprintln(env.Stdout, "no signed checkpoint yet (run 'mandate checkpoint')")
	}
	if rep.Unsigned > 0 {
		fmt.Fprintf(env.Stdout, "note: %d records after the latest checkpoint are protected by the next one only\n", rep.Unsigned)
	}
	if rep.Pending || rep.TornTail {
		fmt.Fprintln(env.Stdout, "note: a writer was interrupted mid-append (never acknowledged); the next append repairs it")
	}
	fmt.Fprintf(env.Stdout, "key: %s\n", rep.Key)
	return nil
}

// verifyBundle verifies the bundle at path ("-": stdin): exit 1 when it
// does not verify, 2 when it cannot be read at all.
func verifyBundle(ctx context.Context, env *Env, path, key string, jsonOut bool, c *clock) int {
	r, err := openIn(env, path)
	if err != nil {
		return errorf(env, ExitUsage, "verify: cannot read the bundle: %v", err)
	}
	defer r.Close()
	rep, err := evidence.VerifyBundle(ctx, r, key)
	if jsonOut {
		printJSON(env, rep)
	}
	if err != nil {
		if rep.Problem != "" {
			return errorf(env, ExitFail, "verify: bundle FAILED: %s", rep.Problem)
		}
		return errorf(env, ExitFail, "verify: bundle: %v", err)
	}
	if jsonOut {
		return ExitOK
	}
	fmt.Fprintf(env.Stdout, "ok: bundle of %d records (%d pruned) from %s\n", rep.Records, rep.Pruned, rep.Origin)
	fmt.Fprintf(env.Stdout, "every record is included in the signed checkpoint of %d records (root %s, signed %s)\n",
		rep.TreeSize, rep.RootHash, c.format(rep.CheckpointTime, time.RFC3339, ""))
	fmt.Fprintf(env.Stdout, "%d checkpoints, all consistent with it; %d policy texts included\n", rep.Checkpoints, rep.Policies)
	if !rep.First.IsZero() {
		fmt.Fprintf(env.Stdout, "records from %s to %s, %d sessions\n", c.format(rep.First, time.RFC3339, ""), c.format(rep.Last, time.RFC3339, ""), len(rep.Sessions))
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(env.Stdout, "warning: %s\n", w)
	}
	if rep.KeySelfAsserted {
		fmt.Fprintf(env.Stdout, "WARNING: no key pinned: the bundle is signed by the key it carries (%s); check this key against one you obtained independently, or pass --key\n", rep.Key)
	} else {
		fmt.Fprintf(env.Stdout, "signed by the pinned key %s\n", rep.Key)
	}
	return ExitOK
}

type exportOptions struct {
	out, session, since, until string
	json                       bool
}

// exportResult is `mandate export --json`.
type exportResult struct {
	Path     string `json:"path"`
	Records  int64  `json:"records"`
	TreeSize int64  `json:"tree_size"`
	RootHash string `json:"root_hash"`
	Key      string `json:"key"`
}

func newExportCmd(env *Env) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export --out FILE|- [flags]",
		Short: "Write a portable, offline-verifiable evidence bundle",
		Long: `Write a bundle of the evidence (records, Merkle proofs, signed checkpoints,
the policy texts that decided) that 'mandate verify --bundle' checks anywhere,
offline. The current head is signed first, so the bundle covers everything
recorded so far, and the bundle is verified before it is handed over: a
bundle that does not verify is never written.`,
		Example: `  mandate export --out evidence.bundle --since 2026-01-01
  mandate export --out - --session 01a1fef9 | ssh auditor 'cat > s.bundle'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runExport(cmd, env, &o) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.session, "session", "", "only the session `ID` (or a unique prefix of it)")
	fs.StringVar(&o.since, "since", "", "records at or after `T` ("+timeHelp+")")
	fs.StringVar(&o.until, "until", "", "records before `T`")
	setGroup(fs, "Filter", "session", "since", "until")
	fs.StringVarP(&o.out, "out", "o", "", "write the bundle to `FILE` ('-': standard output) (required)")
	fs.BoolVar(&o.json, "json", false, "print what was written as JSON (not with --out -)")
	setGroup(fs, "Output", "out", "json")
	cmd.RegisterFlagCompletionFunc("session", completeSessions(env))
	return cmd
}

func runExport(cmd *cobra.Command, env *Env, o *exportOptions) error {
	ctx := cmd.Context()
	if o.out == "" {
		return usagef(cmd, "--out FILE is required ('-' for standard output)")
	}
	toStdout := o.out == "-"
	if toStdout && o.json {
		return usagef(cmd, "--json prints to standard output, where --out - writes the bundle: choose one")
	}
	if toStdout && stdoutIsTerminal(env) {
		return usagef(cmd, "--out -: standard output is a terminal; redirect it to a file or a pipe")
	}
	var sel evidence.Selection
	var err error
	if sel.Since, err = evTime(o.since, env.Now()); err != nil {
		return usagef(cmd, "--since: %v", err)
	}
	if sel.Until, err = evTime(o.until, env.Now()); err != nil {
		return usagef(cmd, "--until: %v", err)
	}
	dir, code, ok := evStateDir(env, "export")
	if !ok {
		return exitError{code}
	}
	if sel.Session, err = resolveSession(ctx, dir, o.session); err != nil {
		return usagef(cmd, "--session: %v", err)
	}
	// Sign the current head first so the bundle covers everything so far.
	if code, ok := evCheckpoint(ctx, env, dir, "export", nil); !ok {
		return exitError{code}
	}
	path := absPath(env, o.out)
	tmpDir := filepath.Dir(path)
	if toStdout {
		tmpDir = ""
	}
	tmp, err := os.CreateTemp(tmpDir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := evidence.Export(ctx, dir, tmp, sel); err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	if err := tmp.Sync(); err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	// Check what was written before handing it over.
	key, err := evidence.VerifierKey(dir)
	if err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return exitError{errorf(env, ExitFail, "export: %v", err)}
	}
	rep, err := evidence.VerifyBundle(ctx, tmp, key)
	if err != nil {
		return exitError{errorf(env, ExitFail, "export: the written bundle does not verify: %v", err)}
	}
	msg := env.Stdout
	if toStdout {
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return exitError{errorf(env, ExitFail, "export: %v", err)}
		}
		if _, err := io.Copy(env.Stdout, tmp); err != nil {
			return exitError{errorf(env, ExitFail, "export: writing the bundle to standard output: %v", err)}
		}
		msg = env.Stderr
	} else {
		if err := tmp.Close(); err != nil {
			return exitError{errorf(env, ExitFail, "export: %v", err)}
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			return exitError{errorf(env, ExitFail, "export: %v", err)}
		}
	}
	if o.json {
		return exitWith(printJSON(env, exportResult{Path: path, Records: rep.Records, TreeSize: rep.TreeSize, RootHash: rep.RootHash, Key: key}))
	}
	name := o.out
	if toStdout {
		name = "standard output"
	}
	fmt.Fprintf(msg, "wrote %s: %d records, checkpoint of %d records, root %s\n", name, rep.Records, rep.TreeSize, rep.RootHash)
	file := filepath.Base(o.out)
	if toStdout {
		file = "FILE"
	}
	fmt.Fprintf(msg, "verify anywhere with: mandate verify --bundle %s --key '%s'\n", file, key)
	return nil
}

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

type pruneOptions struct {
	before string
	json   bool
	clock  clock
}

func newPruneCmd(env *Env) *cobra.Command {
	var o pruneOptions
	cmd := &cobra.Command{
		Use:   "prune --before T [flags]",
		Short: "Erase record payloads past retention; the chain still verifies",
		Long: `Erase the payloads of the records dated before T, keeping their Merkle
leaves: the tree and every checkpoint still verify, and the erasure is
itself recorded first, as a prune record.`,
		Example: `  mandate prune --before 400d
  mandate prune --before 2025-01-01 --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runPrune(cmd, env, &o) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.before, "before", "", "erase the payloads of records before `T` ("+timeHelp+") (required)")
	fs.BoolVar(&o.json, "json", false, "print what was erased as JSON")
	o.clock.addFlags(fs)
	setGroup(fs, "Selection", "before")
	setGroup(fs, "Output", "json")
	return cmd
}

func runPrune(cmd *cobra.Command, env *Env, o *pruneOptions) error {
	if o.before == "" {
		return usagef(cmd, "--before T is required (for example --before 90d)")
	}
	t, err := evTime(o.before, env.Now())
	if err != nil {
		return usagef(cmd, "--before: %v", err)
	}
	dir, code, ok := evStateDir(env, "prune")
	if !ok {
		return exitError{code}
	}
	red, err := evidence.NewRedactor(dir, false)
	if err != nil {
		return exitError{errorf(env, ExitFail, "prune: %v", err)}
	}
	rep, err := evidence.Prune(cmd.Context(), dir, t, evidence.Options{Now: env.Now, Redactor: red})
	if err != nil {
		return exitError{errorf(env, ExitFail, "prune: %v", err)}
	}
	if o.json {
		return exitWith(printJSON(env, rep))
	}
	fmt.Fprintf(env.Stdout, "erased the payloads of %d records before %s (recorded as record %d); the chain still verifies\n",
		rep.Pruned, o.clock.in(env).format(rep.Before, time.RFC3339, ""), rep.Record)
	return nil
}
