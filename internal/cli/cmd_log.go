package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/termsafe"
)

// The commands that read the evidence log: log and sessions. The work is
// done by internal/evidence; these filter, print, and map outcomes to
// exit codes.

// evFilter is the filter flags of log and sessions.
type evFilter struct {
	session, agent, user, decision, since, until, grep string
	types, tools, repo                                 string
	limit                                              int
}

// evTime parses a time flag: RFC 3339, a date (2006-01-02, UTC), or an
// age before now such as 90d, 36h, 2w.
func evTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'h': time.Hour, 'm': time.Minute}
	if len(s) > 1 {
		if u, ok := unit[s[len(s)-1]]; ok {
			if n, err := strconv.ParseUint(s[:len(s)-1], 10, 31); err == nil {
				return now.Add(-time.Duration(n) * u), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want RFC 3339 (2026-03-07T14:32:15Z), a date (2026-03-07) or an age (90d, 36h, 2w)", s)
}

const timeHelp = "RFC 3339, a date, or an age like 24h, 7d, 2w"

func (f *evFilter) addTimeFlags(fs *pflag.FlagSet) {
	fs.StringVar(&f.since, "since", "", "records at or after `T` ("+timeHelp+")")
	fs.StringVar(&f.until, "until", "", "records before `T`")
}

// filter is the evidence.Filter of the flags; the session must already
// be resolved. --type and --tool are comma-separated lists (the tool
// matched without regard to case), --repo a directory (relative to the
// working directory) holding the repositories wanted.
func (f *evFilter) filter(env *Env) (evidence.Filter, error) {
	since, err := evTime(f.since, env.Now())
	if err != nil {
		return evidence.Filter{}, fmt.Errorf("--since: %w", err)
	}
	until, err := evTime(f.until, env.Now())
	if err != nil {
		return evidence.Filter{}, fmt.Errorf("--until: %w", err)
	}
	switch f.decision {
	case "", "allow", "deny", "ask":
	default:
		return evidence.Filter{}, fmt.Errorf("--decision %q: want allow, deny or ask", f.decision)
	}
	if f.limit < 0 {
		return evidence.Filter{}, errors.New("--limit must be positive")
	}
	repo := ""
	if f.repo != "" {
		repo = filepath.Clean(absPath(env, f.repo))
	}
	return evidence.Filter{Session: f.session, Agent: f.agent, User: f.user, Decision: f.decision,
		Type: f.types, Tool: f.tools, Repo: repo, Text: f.grep, Since: since, Until: until, Limit: f.limit}, nil
}

type logOptions struct {
	evFilter
	source     sourceFlags
	json, wide bool
	clock      clock
}

func newLogCmd(env *Env) *cobra.Command {
	var o logOptions
	cmd := &cobra.Command{
		Use:   "log [flags]",
		Short: "List and filter evidence records, of the local log or a bundle",
		Long: `List and filter the records of the evidence log: every decision, outcome,
session start and end, policy load, approval, tamper event, checkpoint and
prune, oldest first. With --bundle, list the records of a bundle written by
'mandate export' instead, after verifying it (--key pins the log's key).

Session ids are shown cut to the shortest prefix that tells the listed
sessions apart; --session accepts any unique prefix. What agents sent is
shown with the characters a terminal would act on escaped (\x1b, \u202e);
--json prints the records exactly.`,
		Example: `  mandate log --since 24h --decision deny
  mandate log --session 01a1fef9 --wide
  mandate log --type tamper,governance-change
  mandate log --tool Bash --repo . --grep 'git push'
  mandate log --bundle evidence.bundle --key mandate.pub --decision deny
  mandate log --json --limit 100 | jq .record.reason`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runLog(cmd, env, &o) },
	}
	fs := cmd.Flags()
	o.source.addFlags(fs)
	fs.StringVar(&o.session, "session", "", "only the session `ID` (or a unique prefix of it)")
	fs.StringVar(&o.agent, "agent", "", "only this `AGENT` (claude, codex, gemini, copilot, cursor, hermes)")
	fs.StringVar(&o.user, "user", "", "only this `USER`")
	fs.StringVar(&o.decision, "decision", "", "only this `DECISION`: allow, deny or ask")
	fs.StringVar(&o.types, "type", "", "only records of these `TYPES`, comma-separated (decision, outcome, session.start, session.end, policy.load, approval, tamper, governance-change, tamper.ack, checkpoint, prune, erasure, failure, fail_open)")
	fs.StringVar(&o.tools, "tool", "", "only calls of these agent `TOOLS`, comma-separated, any case (Bash, Write, run_shell_command, …)")
	fs.StringVar(&o.repo, "repo", "", "only records of the repository at `DIR`, or of repositories below it")
	o.addTimeFlags(fs)
	fs.StringVar(&o.grep, "grep", "", "only records containing `TEXT` (case-insensitive, in the stored, redacted record)")
	setGroup(fs, "Filter", "session", "agent", "user", "decision", "type", "tool", "repo", "since", "until", "grep")
	fs.IntVarP(&o.limit, "limit", "n", 0, "show only the last `N` matching records (0: all)")
	fs.BoolVar(&o.wide, "wide", false, "show every cell in full: whole session ids, details not cut (no pager is used either way)")
	fs.BoolVar(&o.json, "json", false, "print one JSON object per line per record (JSON Lines; see docs/cli.md)")
	o.clock.addFlags(fs)
	setGroup(fs, "Output", "limit", "wide", "json")
	cmd.RegisterFlagCompletionFunc("session", completeSessions(env))
	cmd.RegisterFlagCompletionFunc("decision", fixedCompletions("allow", "deny", "ask"))
	return cmd
}

func runLog(cmd *cobra.Command, env *Env, o *logOptions) error {
	ctx := cmd.Context()
	flt, err := o.filter(env)
	if err != nil {
		return usagef(cmd, "%v", err)
	}
	key, err := o.source.check(env, false)
	if err != nil {
		return usagef(cmd, "%v", err)
	}
	es, code, ok := o.source.open(ctx, env, "log", key)
	if !ok {
		return exitError{code}
	}
	all, err := evidence.SessionsFrom(ctx, es.src, evidence.Filter{})
	if err != nil {
		return exitError{errorf(env, ExitFail, "log: %v", err)}
	}
	if flt.Session, err = matchSessionFlag(all, o.session); err != nil {
		return usagef(cmd, "%v", err)
	}
	entries, err := evidence.RecordsFrom(ctx, es.src, flt) // read-only: works on a copy of the state directory
	if err != nil {
		return exitError{errorf(env, ExitFail, "log: %v", err)}
	}
	if o.json {
		if err := jsonLines(env, entries); err != nil {
			return exitError{errorf(env, ExitFail, "log: %v", err)}
		}
		return es.exit()
	}
	ids := make([]string, len(all))
	for i, s := range all {
		ids[i] = s.ID
	}
	idLen := shortIDs(ids)
	width := func(n int) int {
		if o.wide {
			return 0
		}
		return n
	}
	if o.wide {
		idLen = 1 << 20
	}
	c := o.clock.in(env)
	zone := c.zone(env.Now())
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "INDEX\tTIME (%s)\tSESSION\tAGENT\tTYPE\tDECISION\tTOOL\tRULE\tDETAIL\n", zone)
	for _, e := range entries {
		r := e.Record
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Index, c.format(r.Timestamp, "2006-01-02 15:04:05.000", zone),
			shortID(r.SessionID, idLen), cell(r.Agent, width(14)), cell(r.Type, 0), cell(r.Decision, width(8)), cell(r.Tool, width(16)),
			cell(r.Rule, width(24)), cell(evDetail(e), width(100)))
	}
	if err := tw.Flush(); err != nil {
		return exitError{errorf(env, ExitFail, "log: %v", err)}
	}
	return es.exit()
}

// matchSessionFlag resolves a --session value among the sessions ss.
func matchSessionFlag(ss []evidence.SessionSummary, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	s, err := matchSession(ss, id)
	if err != nil {
		return "", fmt.Errorf("--session: %w", err)
	}
	return s, nil
}

// evDetail is the last column of `mandate log`: what the record is about.
func evDetail(e evidence.Entry) string {
	if e.Pruned {
		return "(payload pruned)"
	}
	r := e.Record
	var s string
	switch {
	case r.Type == evidence.TypePolicyLoad:
		s = r.PolicyDigest
	case r.Params != nil:
		for _, k := range []string{"command", "file_path", "path", "url", "pattern"} {
			if v, ok := r.Params[k].(string); ok && v != "" {
				s = v
				break
			}
		}
	}
	if s == "" {
		s = r.ResourcePath
	}
	if s == "" && r.Result != "" {
		s = "result: " + r.Result
	}
	if r.Reason != "" && r.Decision != "" && r.Decision != "allow" {
		s = strings.TrimSpace(s + " — " + r.Reason)
	}
	if nd, ok := r.Extra["no_decision"].(string); ok && nd != "" {
		// An outcome of a call that ran past the pre-tool hook (gate,
		// undecided.go).
		s = strings.TrimSpace(s + " — NO DECISION: " + nd)
	}
	return s
}

type sessionsOptions struct {
	evFilter
	source     sourceFlags
	json, wide bool
	clock      clock
}

func newSessionsCmd(env *Env) *cobra.Command {
	var o sessionsOptions
	cmd := &cobra.Command{
		Use:   "sessions [flags]",
		Short: "List agent sessions with their allowed, denied and asked counts",
		Long: `List agent sessions, most recent last, with who ran which agent, when, and
how many of its actions were allowed, denied and asked (a fail-closed
failure counts as a denial). Any unique prefix of a session id names the
session in the other commands (session show, log --session, export
--session). With --bundle, list the sessions of a bundle instead, after
verifying it.`,
		Example: `  mandate sessions --since 7d
  mandate sessions --agent codex --json
  mandate sessions --bundle evidence.bundle --key mandate.pub`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runSessions(cmd, env, &o) },
	}
	fs := cmd.Flags()
	o.source.addFlags(fs)
	fs.StringVar(&o.agent, "agent", "", "only sessions of this `AGENT`")
	fs.StringVar(&o.user, "user", "", "only sessions of this `USER`")
	o.addTimeFlags(fs)
	setGroup(fs, "Filter", "agent", "user", "since", "until")
	fs.IntVarP(&o.limit, "limit", "n", 0, "show only the last `N` sessions (0: all)")
	fs.BoolVar(&o.wide, "wide", false, "show agents and users in full")
	fs.BoolVar(&o.json, "json", false, "print a JSON array of sessions (see docs/cli.md)")
	o.clock.addFlags(fs)
	setGroup(fs, "Output", "limit", "wide", "json")
	return cmd
}

func runSessions(cmd *cobra.Command, env *Env, o *sessionsOptions) error {
	flt, err := o.filter(env)
	if err != nil {
		return usagef(cmd, "%v", err)
	}
	key, err := o.source.check(env, false)
	if err != nil {
		return usagef(cmd, "%v", err)
	}
	es, code, ok := o.source.open(cmd.Context(), env, "sessions", key)
	if !ok {
		return exitError{code}
	}
	ss, err := evidence.SessionsFrom(cmd.Context(), es.src, flt)
	if err != nil {
		return exitError{errorf(env, ExitFail, "sessions: %v", err)}
	}
	if o.json {
		if ss == nil {
			ss = []evidence.SessionSummary{}
		}
		if code := printJSON(env, ss); code != ExitOK {
			return exitError{code}
		}
		return es.exit()
	}
	width := func(n int) int {
		if o.wide {
			return 0
		}
		return n
	}
	c := o.clock.in(env)
	zone := c.zone(env.Now())
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "SESSION\tAGENT\tUSER\tFIRST (%s)\tLAST (%s)\tRECORDS\tALLOWED\tDENIED\tASKED\tENDED\n", zone, zone)
	for _, s := range ss {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%v\n", cell(s.ID, 0), cell(s.Agent, width(14)), cell(s.User, width(24)),
			c.format(s.First, "2006-01-02 15:04:05", zone), c.format(s.Last, "2006-01-02 15:04:05", zone),
			s.Records, s.Allowed, s.Denied, s.Asked, s.Ended)
	}
	if err := tw.Flush(); err != nil {
		return exitError{errorf(env, ExitFail, "sessions: %v", err)}
	}
	return es.exit()
}

// completeSessions completes --session with the log's session ids.
func completeSessions(env *Env) func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		dir, err := StateDir(env)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ss, err := evidence.Sessions(context.Background(), dir, evidence.Filter{})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, s := range ss {
			// An id with a tab, a newline or an escape would break the
			// completion protocol, or the shell's line: not offered.
			if strings.HasPrefix(s.ID, prefix) && termsafe.Safe(s.ID) && termsafe.Safe(s.Agent) {
				out = append(out, cobra.CompletionWithDesc(s.ID, s.Agent+", "+s.Last.UTC().Format(time.RFC3339)))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// fixedCompletions completes a flag with fixed values.
func fixedCompletions(values ...string) func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}
