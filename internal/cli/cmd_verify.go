package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
)

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
