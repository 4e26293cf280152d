package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// The evidence commands: init, log, sessions, verify, export, prune,
// checkpoint. The work is done by internal/evidence; these parse flags,
// print, and map outcomes to exit codes.

func runInit(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "init")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	dir, err := StateDir(env)
	if err != nil {
		return errorf(env, ExitFail, "init: %v", err)
	}
	if err := evidence.Init(dir); err != nil {
		return errorf(env, ExitFail, "init: %v", err)
	}
	key, err := evidence.VerifierKey(dir)
	if err != nil {
		return errorf(env, ExitFail, "init: %v", err)
	}
	fmt.Fprintf(env.Stdout, "state directory: %s\n", dir)
	fmt.Fprintf(env.Stdout, "evidence verifier key (give it to your auditors; they pin it with 'mandate verify --bundle FILE --key KEY'):\n%s\n", key)
	return ExitOK
}

// evStateDir returns the state directory, requiring an existing log for
// commands that only read.
func evStateDir(env *Env, cmd string) (string, int, bool) {
	dir, err := StateDir(env)
	if err != nil {
		return "", errorf(env, ExitFail, "%s: %v", cmd, err), false
	}
	if _, err := os.Stat(filepath.Join(dir, "evidence")); err != nil {
		return "", errorf(env, ExitFail, "%s: no evidence log in %s (run 'mandate init', or set MANDATE_HOME)", cmd, dir), false
	}
	return dir, 0, true
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

type evFilterFlags struct {
	session, agent, user, decision, since, until, grep string
	limit                                              int
	json                                               bool
}

func (f *evFilterFlags) filter(now time.Time) (evidence.Filter, error) {
	since, err := evTime(f.since, now)
	if err != nil {
		return evidence.Filter{}, err
	}
	until, err := evTime(f.until, now)
	if err != nil {
		return evidence.Filter{}, err
	}
	switch f.decision {
	case "", "allow", "deny", "ask":
	default:
		return evidence.Filter{}, fmt.Errorf("--decision %q: want allow, deny or ask", f.decision)
	}
	if f.limit < 0 {
		return evidence.Filter{}, errors.New("--limit must be positive")
	}
	return evidence.Filter{Session: f.session, Agent: f.agent, User: f.user, Decision: f.decision,
		Text: f.grep, Since: since, Until: until, Limit: f.limit}, nil
}

func runLog(ctx context.Context, env *Env, args []string) int {
	var f evFilterFlags
	fs := newFlags(env, "log")
	fs.StringVar(&f.session, "session", "", "only this session `ID`")
	fs.StringVar(&f.agent, "agent", "", "only this `agent` (claude-code, codex, ...)")
	fs.StringVar(&f.user, "user", "", "only this `user`")
	fs.StringVar(&f.decision, "decision", "", "only this `decision`: allow, deny or ask")
	fs.StringVar(&f.since, "since", "", "records at or after `T` (RFC 3339, date, or age like 24h, 7d)")
	fs.StringVar(&f.until, "until", "", "records before `T`")
	fs.StringVar(&f.grep, "grep", "", "records containing `TEXT` (case-insensitive, in the stored redacted record)")
	fs.IntVar(&f.limit, "limit", 0, "show the last `N` matching records (0: all)")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per record")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "log: unexpected argument %q", fs.Arg(0))
	}
	flt, err := f.filter(env.Now())
	if err != nil {
		return errorf(env, ExitUsage, "log: %v", err)
	}
	dir, code, ok := evStateDir(env, "log")
	if !ok {
		return code
	}
	es, err := evidence.Records(ctx, dir, flt) // read-only: works on a copy of the state directory
	if err != nil {
		return errorf(env, ExitFail, "log: %v", err)
	}
	if f.json {
		enc := json.NewEncoder(env.Stdout)
		for _, e := range es {
			if err := enc.Encode(e); err != nil {
				return errorf(env, ExitFail, "log: %v", err)
			}
		}
		return ExitOK
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "INDEX\tTIME (UTC)\tSESSION\tAGENT\tTYPE\tDECISION\tTOOL\tRULE\tDETAIL")
	for _, e := range es {
		r := e.Record
		detail := evDetail(e)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Index, r.Timestamp.UTC().Format("2006-01-02 15:04:05.000"),
			evCell(r.SessionID, 20), evCell(r.Agent, 14), r.Type, evCell(r.Decision, 8), evCell(r.Tool, 16), evCell(r.Rule, 24), detail)
	}
	if err := tw.Flush(); err != nil {
		return errorf(env, ExitFail, "log: %v", err)
	}
	return ExitOK
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
	return evCell(s, 100)
}

// evCell makes s one table cell: one line, at most n runes.
func evCell(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "-"
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func runSessions(ctx context.Context, env *Env, args []string) int {
	var f evFilterFlags
	fs := newFlags(env, "sessions")
	fs.StringVar(&f.agent, "agent", "", "only this `agent`")
	fs.StringVar(&f.user, "user", "", "only this `user`")
	fs.StringVar(&f.since, "since", "", "records at or after `T`")
	fs.StringVar(&f.until, "until", "", "records before `T`")
	fs.IntVar(&f.limit, "limit", 0, "show the last `N` sessions (0: all)")
	fs.BoolVar(&f.json, "json", false, "print JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "sessions: unexpected argument %q", fs.Arg(0))
	}
	flt, err := f.filter(env.Now())
	if err != nil {
		return errorf(env, ExitUsage, "sessions: %v", err)
	}
	dir, code, ok := evStateDir(env, "sessions")
	if !ok {
		return code
	}
	ss, err := evidence.Sessions(ctx, dir, flt)
	if err != nil {
		return errorf(env, ExitFail, "sessions: %v", err)
	}
	if f.json {
		return evJSON(env, ss)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SESSION\tAGENT\tUSER\tFIRST (UTC)\tLAST (UTC)\tRECORDS\tALLOWED\tDENIED\tASKED\tENDED")
	for _, s := range ss {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%v\n", evCell(s.ID, 40), evCell(s.Agent, 14), evCell(s.User, 24),
			s.First.UTC().Format("2006-01-02 15:04:05"), s.Last.UTC().Format("2006-01-02 15:04:05"),
			s.Records, s.Allowed, s.Denied, s.Asked, s.Ended)
	}
	if err := tw.Flush(); err != nil {
		return errorf(env, ExitFail, "sessions: %v", err)
	}
	return ExitOK
}

func evJSON(env *Env, v any) int {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return errorf(env, ExitFail, "%v", err)
	}
	return ExitOK
}

// evKey reads a --key value: a file holding the key, or the key text.
func evKey(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if st, err := os.Stat(s); err == nil && st.Mode().IsRegular() {
		if st.Size() > 4096 {
			return "", fmt.Errorf("key file %s is larger than a key", s)
		}
		b, err := os.ReadFile(s)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(b)), nil
	}
	return strings.TrimSpace(s), nil
}

func runVerify(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "verify")
	bundle := fs.String("bundle", "", "verify this bundle `FILE` instead of the local log ('-' for stdin)")
	keyArg := fs.String("key", "", "pin the verifier `KEY` (key text, or a file holding it); default: the local log's key, or the bundle's own (reported as self-asserted)")
	jsonOut := fs.Bool("json", false, "print the report as JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "verify: unexpected argument %q", fs.Arg(0))
	}
	key, err := evKey(*keyArg)
	if err != nil {
		return errorf(env, ExitUsage, "verify: --key: %v", err)
	}
	if *bundle != "" {
		return verifyBundleCmd(ctx, env, *bundle, key, *jsonOut)
	}
	dir, code, ok := evStateDir(env, "verify")
	if !ok {
		return code
	}
	rep, err := evidence.VerifyWithKey(ctx, dir, key)
	if *jsonOut {
		evJSON(env, rep)
	}
	if err != nil {
		if errors.Is(err, evidence.ErrInvalid) {
			return errorf(env, ExitFail, "verify: FAILED: %s", rep.Problem)
		}
		return errorf(env, ExitFail, "verify: %v", err)
	}
	if !*jsonOut {
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
	}
	return ExitOK
}

func verifyBundleCmd(ctx context.Context, env *Env, path, key string, jsonOut bool) int {
	var r io.Reader = env.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return errorf(env, ExitFail, "verify: %v", err)
		}
		defer f.Close()
		r = f
	}
	rep, err := evidence.VerifyBundle(ctx, r, key)
	if jsonOut {
		evJSON(env, rep)
	}
	if err != nil {
		if rep.Problem != "" {
			return errorf(env, ExitFail, "verify: bundle FAILED: %s", rep.Problem)
		}
		return errorf(env, ExitFail, "verify: bundle: %v", err)
	}
	if !jsonOut {
		fmt.Fprintf(env.Stdout, "ok: bundle of %d records (%d pruned) from %s\n", rep.Records, rep.Pruned, rep.Origin)
		fmt.Fprintf(env.Stdout, "every record is included in the signed checkpoint of %d records (root %s, signed %s)\n",
			rep.TreeSize, rep.RootHash, rep.CheckpointTime.Format(time.RFC3339))
		fmt.Fprintf(env.Stdout, "%d checkpoints, all consistent with it; %d policy texts included\n", rep.Checkpoints, rep.Policies)
		if !rep.First.IsZero() {
			fmt.Fprintf(env.Stdout, "records from %s to %s, %d sessions\n", rep.First.Format(time.RFC3339), rep.Last.Format(time.RFC3339), len(rep.Sessions))
		}
		for _, w := range rep.Warnings {
			fmt.Fprintf(env.Stdout, "warning: %s\n", w)
		}
		if rep.KeySelfAsserted {
			fmt.Fprintf(env.Stdout, "WARNING: no key pinned: the bundle is signed by the key it carries (%s); check this key against one you obtained independently, or pass --key\n", rep.Key)
		} else {
			fmt.Fprintf(env.Stdout, "signed by the pinned key %s\n", rep.Key)
		}
	}
	return ExitOK
}

func runExport(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "export")
	out := fs.String("out", "", "write the bundle to `FILE` (required)")
	session := fs.String("session", "", "only this session `ID`")
	since := fs.String("since", "", "records at or after `T`")
	until := fs.String("until", "", "records before `T`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "export: unexpected argument %q", fs.Arg(0))
	}
	if *out == "" {
		return errorf(env, ExitUsage, "export: --out FILE is required")
	}
	var sel evidence.Selection
	var err error
	sel.Session = *session
	if sel.Since, err = evTime(*since, env.Now()); err != nil {
		return errorf(env, ExitUsage, "export: --since: %v", err)
	}
	if sel.Until, err = evTime(*until, env.Now()); err != nil {
		return errorf(env, ExitUsage, "export: --until: %v", err)
	}
	dir, code, ok := evStateDir(env, "export")
	if !ok {
		return code
	}
	// Sign the current head first so the bundle covers everything so far.
	if code, ok := evCheckpoint(ctx, env, dir, "export"); !ok {
		return code
	}
	path := *out
	if !filepath.IsAbs(path) {
		path = filepath.Join(env.Cwd, path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return errorf(env, ExitFail, "export: %v", err)
	}
	defer os.Remove(tmp.Name())
	if err := evidence.Export(ctx, dir, tmp, sel); err != nil {
		tmp.Close()
		return errorf(env, ExitFail, "export: %v", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return errorf(env, ExitFail, "export: %v", err)
	}
	if err := tmp.Close(); err != nil {
		return errorf(env, ExitFail, "export: %v", err)
	}
	// Check what was written before handing it over.
	key, err := evidence.VerifierKey(dir)
	if err != nil {
		return errorf(env, ExitFail, "export: %v", err)
	}
	f, err := os.Open(tmp.Name())
	if err != nil {
		return errorf(env, ExitFail, "export: %v", err)
	}
	rep, err := evidence.VerifyBundle(ctx, f, key)
	f.Close()
	if err != nil {
		return errorf(env, ExitFail, "export: the written bundle does not verify: %v", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return errorf(env, ExitFail, "export: %v", err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d records, checkpoint of %d records, root %s\n", *out, rep.Records, rep.TreeSize, rep.RootHash)
	fmt.Fprintf(env.Stdout, "verify anywhere with: mandate verify --bundle %s --key '%s'\n", filepath.Base(*out), key)
	return ExitOK
}

// evCheckpoint signs a checkpoint of the log in dir.
func evCheckpoint(ctx context.Context, env *Env, dir, cmd string) (int, bool) {
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
	if cmd == "checkpoint" {
		fmt.Fprint(env.Stdout, string(msg))
	}
	return ExitOK, true
}

func runCheckpoint(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "checkpoint")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "checkpoint: unexpected argument %q", fs.Arg(0))
	}
	dir, code, ok := evStateDir(env, "checkpoint")
	if !ok {
		return code
	}
	code, _ = evCheckpoint(ctx, env, dir, "checkpoint")
	return code
}

func runPrune(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "prune")
	before := fs.String("before", "", "erase the payloads of records before `T` (RFC 3339, date, or age like 90d) (required)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "prune: unexpected argument %q", fs.Arg(0))
	}
	if *before == "" {
		return errorf(env, ExitUsage, "prune: --before T is required (for example --before 90d)")
	}
	t, err := evTime(*before, env.Now())
	if err != nil {
		return errorf(env, ExitUsage, "prune: --before: %v", err)
	}
	dir, code, ok := evStateDir(env, "prune")
	if !ok {
		return code
	}
	red, err := evidence.NewRedactor(dir, false)
	if err != nil {
		return errorf(env, ExitFail, "prune: %v", err)
	}
	rep, err := evidence.Prune(ctx, dir, t, evidence.Options{Now: env.Now, Redactor: red})
	if err != nil {
		return errorf(env, ExitFail, "prune: %v", err)
	}
	fmt.Fprintf(env.Stdout, "erased the payloads of %d records before %s (recorded as record %d); the chain still verifies\n",
		rep.Pruned, rep.Before.Format(time.RFC3339), rep.Record)
	return ExitOK
}
