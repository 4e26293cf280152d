package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/gate"
)

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
