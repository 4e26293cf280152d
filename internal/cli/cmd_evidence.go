package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/gate"
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
	source sourceFlags
	json   bool
	clock  clock
}

func newVerifyCmd(env *Env) *cobra.Command {
	var o verifyOptions
	cmd := &cobra.Command{
		Use:   "verify [--bundle FILE|- (--key KEY | --trust-bundled-key)] [flags]",
		Short: "Verify the local evidence log, or a bundle with --bundle",
		Long: `Verify the local evidence log: every record's digest and index, the Merkle
tree, every signed checkpoint and the consistency between them, that every
erased payload is covered by a prune or erasure record, and that every
policy that decided has its text in the log. It reports the unsigned tail:
the records after the latest checkpoint, which only the next one will sign.

With --bundle, verify a bundle written by 'mandate export' instead, offline,
with nothing but the bundle and the log's verifier key (--key), obtained
from its owners through another channel than the bundle. Without --key a
bundle can only be checked against the key it carries, which a forger's
bundle carries too: that is exit 1 unless --trust-bundled-key says you
compared that key out of band.`,
		Example: `  mandate verify
  mandate verify --bundle evidence.bundle --key mandate.pub
  mandate export --out - | mandate verify --bundle - --key mandate.pub
  mandate verify --bundle evidence.bundle --trust-bundled-key   # you compared its key
  mandate verify --json | jq .unsigned`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runVerify(cmd, env, &o) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.source.bundle, "bundle", "", "verify this bundle `FILE` instead of the local log ('-': standard input)")
	fs.StringVar(&o.source.key, "key", "", "pin the verifier `KEY` (the key text, or a file holding it): for a bundle, the key you obtained from the log's owners; for the local log, instead of its own")
	fs.BoolVar(&o.source.trustBundled, "trust-bundled-key", false, "with --bundle and no --key: accept the key the bundle carries (you compared it out of band); the report says so")
	setGroup(fs, "Input", "bundle", "key", "trust-bundled-key")
	fs.BoolVar(&o.json, "json", false, "print the verification report as JSON (see docs/cli.md)")
	o.clock.addFlags(fs)
	setGroup(fs, "Output", "json")
	return cmd
}

func runVerify(cmd *cobra.Command, env *Env, o *verifyOptions) error {
	ctx := cmd.Context()
	key, err := o.source.check(env, true)
	if err != nil {
		return usagef(cmd, "%v", err)
	}
	c := o.clock.in(env)
	if o.source.bundle != "" {
		return exitWith(verifyBundle(ctx, env, &o.source, key, o.json, c))
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
	w := env.Stdout
	fmt.Fprintf(w, "ok: %d records verified (%d payloads erased, %d identities pseudonymized) in %v\n", rep.Records, rep.Pruned, rep.Pseudonymized, rep.Elapsed.Round(time.Millisecond))
	if rep.Checkpoints > 0 {
		fmt.Fprintf(w, "checkpoint: %d signed; the latest signs %d records, root %s, signed %s\n", rep.Checkpoints, rep.TreeSize, rep.RootHash, c.format(rep.CheckpointTime, time.RFC3339, ""))
	} else {
		fmt.Fprintln(w, "checkpoint: none signed yet (run 'mandate checkpoint')")
	}
	switch {
	case rep.Unsigned == 0:
		fmt.Fprintln(w, "unsigned tail: none: every record is covered by a signed checkpoint")
	default:
		fmt.Fprintf(w, "unsigned tail: %d records after the latest checkpoint, protected only by the hashes file until the next one signs them (the engine signs at least every %d records or %v of activity, and at session end)\n",
			rep.Unsigned, evidence.DefaultCheckpointEvery, evidence.DefaultCheckpointInterval)
	}
	if rep.Pending || rep.TornTail {
		fmt.Fprintln(w, "note: a writer was interrupted mid-append (never acknowledged); the next append repairs it")
	}
	for _, wn := range rep.Warnings {
		fmt.Fprintf(w, "warning: %s\n", safe(wn))
	}
	trust := "the log's own verifier key"
	if key != "" {
		trust = "the pinned key (--key)"
	}
	fmt.Fprintf(w, "key: %s, %s\n", safe(rep.Key), trust)
	return nil
}

// verifyBundle verifies the bundle the flags name ("-": stdin): exit 2
// when it cannot be read at all, 1 when it does not verify or verifies
// only against the key it carries (no --key, no --trust-bundled-key).
func verifyBundle(ctx context.Context, env *Env, src *sourceFlags, key string, jsonOut bool, c *clock) int {
	opts := evidence.BundleOptions{Key: key, TrustBundledKey: src.trustBundled}
	var rep evidence.BundleReport
	var err error
	if src.bundle == "-" {
		rep, err = evidence.VerifyBundleWith(ctx, env.Stdin, opts)
	} else {
		rep, err = evidence.VerifyBundleFile(ctx, absPath(env, src.bundle), opts)
	}
	if jsonOut {
		printJSON(env, rep)
	}
	switch {
	case errors.Is(err, evidence.ErrUnreadable):
		return errorf(env, ExitUsage, "verify: cannot read the bundle: %s", rep.Problem)
	case errors.Is(err, evidence.ErrInvalid):
		return errorf(env, ExitFail, "verify: bundle FAILED: %s", rep.Problem)
	case err != nil && !errors.Is(err, evidence.ErrUntrusted):
		return errorf(env, ExitFail, "verify: bundle: %v", err)
	}
	if !jsonOut {
		w := env.Stdout
		fmt.Fprintf(w, "ok: bundle of %d records (%d payloads erased, %d identities pseudonymized) from %s\n", rep.Records, rep.Pruned, rep.Pseudonymized, safe(rep.Origin))
		fmt.Fprintf(w, "checkpoint: every record is included in the signed checkpoint of %d records (root %s, signed %s); %d checkpoints, all consistent with it\n",
			rep.TreeSize, rep.RootHash, c.format(rep.CheckpointTime, time.RFC3339, ""), rep.Checkpoints)
		fmt.Fprintln(w, "unsigned tail: none: a bundle holds only records its latest checkpoint signs")
		fmt.Fprintf(w, "policies: %d policy texts included, one for every policy the records name\n", rep.Policies)
		if !rep.First.IsZero() {
			fmt.Fprintf(w, "records from %s to %s, %d sessions\n", c.format(rep.First, time.RFC3339, ""), c.format(rep.Last, time.RFC3339, ""), len(rep.Sessions))
		}
		for _, wn := range rep.Warnings {
			fmt.Fprintf(w, "warning: %s\n", safe(wn))
		}
		switch rep.Trust {
		case evidence.KeyPinned:
			fmt.Fprintf(w, "trust: pinned: signed by the key you gave (%s)\n", safe(rep.Key))
		case evidence.KeyBundledTrusted:
			fmt.Fprintf(w, "trust: bundled-trusted-explicitly: signed by the key the bundle carries (%s), which you chose to trust (--trust-bundled-key)\n", safe(rep.Key))
		default:
			fmt.Fprintf(w, "trust: none: signed by the key the bundle carries (%s), which no one vouched for\n", safe(rep.Key))
		}
	}
	if errors.Is(err, evidence.ErrUntrusted) {
		return errorf(env, ExitFail, "verify: NOT TRUSTED: the bundle is only self-consistent: every check passed against the key it carries, which a forged bundle signed by the forger's own key would pass too; "+
			"pass the log's verifier key, obtained from its owners through another channel: --key KEY (the key text or a file holding it); or, having compared %s out of band, --trust-bundled-key", rep.Key)
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
		Use: "export --out FILE|- [flags]",
		// --out - writes the bundle, a gzip file, to standard output.
		Annotations: map[string]string{rawOutput: "true"},
		Short:       "Write a portable, offline-verifiable evidence bundle",
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
	if sel.Session, err = resolveSession(ctx, evidence.LocalSource(dir), o.session); err != nil {
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
	before, subject, reason, policy string
	force, dryRun, json             bool
	clock                           clock
}

func newPruneCmd(env *Env) *cobra.Command {
	var o pruneOptions
	cmd := &cobra.Command{
		Use:   "prune (--before T | --subject USER) [flags]",
		Short: "Erase payloads past retention, or a person's identity (GDPR Art. 17); the chain still verifies",
		Long: `With --before T, erase the payloads (what was done, in detail: commands, file
contents, outputs) of the records dated before T. The envelope of each record
stays: its type, time, session, agent, tool, decision, policy and rule, and
who acted, so 'mandate sessions' and every count still agree, and the tree
and every checkpoint still verify. A cut-off within the policy's
evidence.retention is refused; --force overrides it, and the override is
recorded with who ran it. --dry-run shows exactly what would be erased.

With --subject USER, erase a person's identity (GDPR Article 17): in every
record their user, host and repository are replaced by a keyed pseudonym,
so their records stay countable and linkable to each other, every payload
that names them is erased, the files of their open sessions are updated,
and what could not be erased (a policy text naming them, another file) is
listed. Whoever holds the installation's redaction key can confirm a
guessed name against the pseudonym: it is a pseudonym, not an
anonymisation (docs/identity.md).

Either way the erasure is recorded first (a prune or erasure record), and
the log, and every bundle exported afterwards, still verify.`,
		Example: `  mandate prune --before 400d --dry-run
  mandate prune --before 2025-01-01
  mandate prune --before 30d --force        # within the retention: recorded as forced, with who ran it
  mandate prune --subject jane.doe@company.com --reason 'GDPR request 2026-114' --dry-run`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runPrune(cmd, env, &o) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.before, "before", "", "erase the payloads of records before `T` ("+timeHelp+"; not in the future)")
	fs.BoolVar(&o.force, "force", false, "with --before: erase within the policy's retention too (recorded, with who ran it)")
	fs.StringVar(&o.policy, "policy", "", "the policy `FILE` whose evidence.retention applies (default: the one mandate check finds from the working directory)")
	fs.StringVar(&o.subject, "subject", "", "erase this person's identity (`USER` as records name them: git user.email or the OS user), replacing it by a pseudonym")
	fs.StringVar(&o.reason, "reason", "", "with --subject: a `REFERENCE` recorded with the erasure (a request number; it must not name the person)")
	setGroup(fs, "Selection", "before", "force", "policy", "subject", "reason")
	fs.BoolVar(&o.dryRun, "dry-run", false, "show what would be erased, and change nothing")
	fs.BoolVar(&o.json, "json", false, "print what was erased (or would be) as JSON (see docs/cli.md)")
	o.clock.addFlags(fs)
	setGroup(fs, "Output", "dry-run", "json")
	return cmd
}

func runPrune(cmd *cobra.Command, env *Env, o *pruneOptions) error {
	switch {
	case o.before == "" && o.subject == "":
		return usagef(cmd, "--before T is required (for example --before 90d), or --subject USER for a person's erasure")
	case o.before != "" && o.subject != "":
		return usagef(cmd, "--before and --subject: choose one (a retention prune, or a person's erasure)")
	case o.subject != "" && o.force:
		return usagef(cmd, "--force is for --before (a subject's erasure has no retention to override)")
	case o.before != "" && o.reason != "":
		return usagef(cmd, "--reason is for --subject")
	}
	c := o.clock.in(env)
	var before time.Time
	if o.before != "" {
		t, err := evidence.ParseCutoff(o.before, env.Now(), nil)
		if err != nil {
			return usagef(cmd, "--before: %s", strings.TrimPrefix(err.Error(), "evidence: "))
		}
		before = t
	}
	dir, code, ok := evStateDir(env, "prune")
	if !ok {
		return exitError{code}
	}
	// The policy says how long evidence is kept, and whether PII is
	// redacted in the prune record. One that does not load erases nothing.
	p, err := gate.LoadPolicy(absPath(env, o.policy), env.Cwd, env.Getenv)
	if err != nil {
		if o.subject == "" || o.policy != "" {
			return usagef(cmd, "the policy cannot be read, so its evidence.retention is unknown: %v; nothing was erased", err)
		}
		p = nil // an erasure does not depend on the retention
	}
	pii := p != nil && p.RedactPII()
	red, err := evidence.NewRedactor(dir, pii)
	if err != nil {
		return exitError{errorf(env, ExitFail, "prune: %v", err)}
	}
	opts := evidence.Options{Now: env.Now, Redactor: red}
	if o.subject != "" {
		return pruneSubject(cmd, env, o, dir, opts)
	}
	req := evidence.PruneRequest{Before: before, RetentionDays: p.RetentionDays(), Force: o.force, DryRun: o.dryRun}
	if o.force {
		req.Operator = operator(cmd.Context(), env)
	}
	// A dry run within the retention shows what --force would erase, and
	// ends as the real run would: refused, exit 1.
	refused := false
	if o.dryRun && !o.force {
		req.Force, req.Operator, refused = true, "dry run", true
	}
	rep, err := evidence.PruneBefore(cmd.Context(), dir, req, opts)
	if errors.Is(err, evidence.ErrRetention) {
		return exitError{errorf(env, ExitFail, "prune: %s (policy: %s); run with --dry-run to see what it would erase, --force to override",
			strings.TrimPrefix(err.Error(), "evidence: "), safe(p.Name()))}
	}
	if err != nil {
		return exitError{errorf(env, ExitFail, "prune: %v", err)}
	}
	if o.json {
		return exitWith(printJSON(env, rep))
	}
	w := env.Stdout
	at := func(t time.Time) string { return c.format(t, time.RFC3339, "") }
	retention := "the policy keeps evidence forever (evidence.retention unset or 0)"
	if rep.RetentionDays > 0 {
		retention = fmt.Sprintf("the policy keeps evidence %d days: the latest cut-off allowed now is %s", rep.RetentionDays, at(rep.Keep))
	}
	fmt.Fprintf(w, "retention: %s (%s)\n", retention, safe(p.Name()))
	if rep.Pruned == 0 {
		fmt.Fprintf(w, "nothing to erase: no record before %s has a payload left (through record %d)\n", at(rep.Before), rep.Through)
		return nil
	}
	what := fmt.Sprintf("the payloads of %d records before %s: records %s, %s, of %d sessions, dated %s to %s",
		rep.Pruned, at(rep.Before), rangesText(rep.Ranges), byTypeText(rep.ByType), rep.Sessions, at(rep.First), at(rep.Last))
	if rep.DryRun {
		switch {
		case rep.Forced && refused:
			fmt.Fprintf(w, "dry run: with --force, would erase %s; nothing was changed\n", what)
			return exitError{errorf(env, ExitFail, "prune: without --force this prune is refused: the cut-off is within the policy's retention (%s)", retention)}
		case rep.Forced:
			fmt.Fprintf(w, "dry run: would erase %s; nothing was changed\n", what)
			fmt.Fprintln(w, "the cut-off is within the retention: --force would be recorded with who ran it")
		default:
			fmt.Fprintf(w, "dry run: would erase %s; nothing was changed\n", what)
		}
		return nil
	}
	fmt.Fprintf(w, "erased %s\n", what)
	fmt.Fprintf(w, "recorded as prune record %d; the chain still verifies (mandate verify)\n", rep.Record)
	if rep.Forced {
		fmt.Fprintf(w, "forced within the retention: recorded with who ran it (%s)\n", safe(req.Operator))
	}
	return nil
}

// pruneSubject is prune --subject: gate.EraseSubject.
func pruneSubject(cmd *cobra.Command, env *Env, o *pruneOptions, dir string, opts evidence.Options) error {
	subject := strings.TrimSpace(o.subject)
	switch {
	case len(subject) < 3:
		return usagef(cmd, "--subject %q is too short to be matched safely; nothing was erased", o.subject)
	case strings.Contains(strings.ToLower(o.reason), strings.ToLower(subject)):
		return usagef(cmd, "--reason names the subject, and it would be recorded: give a reference instead (a request number); nothing was erased")
	}
	req := evidence.SubjectRequest{Subject: subject, Reason: o.reason, DryRun: o.dryRun, Operator: operator(cmd.Context(), env)}
	rep, err := gate.EraseSubject(cmd.Context(), dir, req, opts)
	switch {
	case errors.Is(err, evidence.ErrNoSubject):
		return usagef(cmd, "--subject: no record names %q (matched without regard to case, as records name people: git user.email or the OS user; mandate sessions lists them); nothing was erased", o.subject)
	case err != nil:
		return exitError{errorf(env, ExitFail, "prune: %v", err)}
	}
	if o.json {
		return exitWith(printJSON(env, rep))
	}
	w := env.Stdout
	ev := rep.Evidence
	verb := map[bool][2]string{false: {"replaced", "erased"}, true: {"would replace", "would erase"}}[ev.DryRun]
	fmt.Fprintf(w, "subject: %s, pseudonym %s\n", safe(o.subject), ev.Pseudonym)
	fmt.Fprintf(w, "identity: %s in %d records (%s); %d carried the pseudonym already\n", verb[0], ev.Identities, rangesText(ev.IdentityRanges), ev.AlreadyErased)
	fmt.Fprintf(w, "payloads naming the subject: %s in %d records (%s)\n", verb[1], ev.Payloads, rangesText(ev.PayloadRanges))
	fmt.Fprintf(w, "open sessions: %d session files of the subject %s\n", rep.Sessions, map[bool]string{false: "updated", true: "would be updated"}[ev.DryRun])
	for _, r := range ev.Residual {
		fmt.Fprintf(w, "still names the subject: record %d, %s (not erased)\n", r.Index, safe(r.Where))
	}
	for _, f := range rep.Residual {
		fmt.Fprintf(w, "still names the subject: %s in the state directory (not evidence; not changed)\n", safe(f))
	}
	if ev.DryRun {
		fmt.Fprintln(w, "dry run: nothing was changed")
		return nil
	}
	fmt.Fprintf(w, "recorded as erasure record %d; the chain still verifies (mandate verify)\n", ev.Record)
	return nil
}

// rangesText is index ranges as "0-4, 7, 9-12"; "-" for none.
func rangesText(rs [][2]int64) string {
	if len(rs) == 0 {
		return "none"
	}
	parts := make([]string, 0, min(len(rs), 12))
	for i, r := range rs {
		if i == 10 && len(rs) > 12 {
			parts = append(parts, fmt.Sprintf("and %d more ranges", len(rs)-i))
			break
		}
		if r[0] == r[1] {
			parts = append(parts, strconv.FormatInt(r[0], 10))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", r[0], r[1]))
		}
	}
	return strings.Join(parts, ", ")
}

// byTypeText is counts by record type, "12 decision, 10 outcome".
func byTypeText(m map[string]int64) string {
	types := make([]string, 0, len(m))
	for t := range m {
		types = append(types, t)
	}
	sort.Strings(types)
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = fmt.Sprintf("%d %s", m[t], cell(t, 0))
	}
	return strings.Join(parts, ", ")
}

// operator is who runs a forced prune or an erasure, for its record: the
// person as tamper ack identifies one (OS user and uid, git user.email,
// host), without asking for a terminal.
func operator(ctx context.Context, env *Env) string {
	id := ackIdentity(ctx, env, "")
	s := id.User
	if s == "" {
		s = "unknown user"
	}
	s += fmt.Sprintf(" (uid %d", id.UID)
	if id.Email != "" {
		s += ", " + id.Email
	}
	s += ")"
	if id.Host != "" {
		s += " on " + id.Host
	}
	return s
}
