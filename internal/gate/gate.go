// Package gate owns the security order of every agent tool call:
//
//  1. normalize: the adapter's actions are completed with who is acting
//     (session, user, agent, trust, repository) and validated;
//  2. decide: the policy evaluates every action; the strictest wins;
//  3. redact: the evidence record is redacted (inside evidence.Append,
//     before anything is hashed or written);
//  4. record: the record is appended to the evidence log, and fsynced;
//  5. answer: only then is the decision returned to the adapter.
//
// If step 4 fails the action is denied: nothing an agent does goes
// unrecorded. Every other error on the way is a deny too, unless the policy
// explicitly opted into fail-open, and that choice is itself recorded.
//
// Gate implements hook.Gate. It is built per hook process by Open, which
// loads the policy and opens the log. A policy that does not load still
// gives a gate when the log opens: it denies every action and records
// each deny with the policy's error (broken.go). A log that does not open
// is reported to the caller, which answers the agent with a deny.
//
// # Contract
//
//   - Every decision is fed what it needs (feed.go): the state
//     directories, the protected set (every policy in force, every
//     agent's hook configuration in the repository, the home directory and
//     the machine, Mandate's binaries, the state directory), Mandate's
//     running processes (listed only when a decision asks), the git
//     runner and the hook's PATH.
//   - Several policies decide a call, each evaluating every action, the
//     strictest decision winning (deciders.go): the policy located for the
//     call's working directory; the repository's own when that one was
//     named by $MANDATE_POLICY or a flag (a named policy adds, never
//     replaces); the policies the session started under, from the copies
//     pinned then, whatever the files hold now (a person's stricter edit
//     is in force at once, a looser one from the next session); and the
//     policy of every other repository the action reaches, from any
//     working directory: the repositories holding the paths it names, and
//     for a recursive read, a delete or a glob every pinned repository
//     below them; and every repository above the session's own, noted
//     at its start (enclosing.go); each decides as its own repository,
//     and its policy file is protected (touched.go).
//     Every deciding policy's text is in the log and the decision record
//     names them (pinned_policy_digest, extra.policies). fail_mode: open
//     applies only when every deciding policy sets it.
//   - Integrity pinning (pins.go, watch.go): at a session's start the
//     protected files it can see are pinned, present or absent, with a
//     copy of each — hook configuration files and trees (hookconfigs.go,
//     hooktrees.go: settings, subagents and skills, the .env files agents
//     load, MCP server definitions, extensions), Mandate's binaries and
//     every place on the hook's PATH where one could shadow them
//     (shadows.go); every call compares them by identity and rereads only
//     what changed. A governance change made while any tool call is in
//     flight (inflight.go) is a `tamper` record naming the calls, and locks
//     the repository (every repository, for a file outside any): every
//     later pre-tool action there is denied until a person runs `mandate
//     tamper ack` (Ack). The lock is the record: it holds while the log
//     has it unanswered by a tamper.ack (locklog.go), whatever becomes of
//     the lock file, and it is keyed by the repository's root with its
//     symlinks resolved and by that directory's device and inode
//     (scopes.go), whatever path reaches it. A call lands only by an
//     event of the process that made it (the hook's parent): a post-tool
//     event, turn boundary or session end that a script sends for the
//     agent's session lands nothing of the agent's, and does not end its
//     session (inflight.go). A change seen at another time is a
//     `governance-change` record (with the new text of a policy) and is
//     pinned. A lock overrides fail_mode: open.
//   - Files the gate reads on a call are opened only when they are
//     regular files, without blocking, and bounded (safefile.go): no FIFO,
//     device or socket an agent creates can stall a call.
//   - A call's request id (internal/hookwire) is on its record, and the
//     evidence log holds one decision per request id: a retry of a call
//     whose decision was recorded answers with that decision and records
//     nothing.
//   - Session files hold no identifier in clear that a record would not:
//     they are redacted as records are, except the members decisions need
//     (see redactedSessionFields).
package gate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/redact"
)

// Recorder is the evidence log as the gate uses it.
type Recorder interface {
	Append(ctx context.Context, r evidence.Record) (int64, error)
	Checkpoint(ctx context.Context) ([]byte, error)
}

// Config wires a Gate.
type Config struct {
	Policy   *policy.Policy
	Log      Recorder
	StateDir string
	// Identity supplies who is acting; see Identity.
	Identity IdentitySource
	Now      func() time.Time
	// Ppid is the agent's process id, which keys the sessions of agents
	// that send no session id; 0 means this process's parent, or its
	// first ancestor past the shells that only run the hook (hookshell.go).
	Ppid int
	// PpidFunc, when set and Ppid is 0, gives Ppid when it is first
	// needed (Options.PpidFunc); 0 from it means this process's parent.
	PpidFunc func() int
	// CallerStart is the start time of the process that sent the event
	// (the hook process), read when a turn boundary or a session end
	// would land a command line's call (inflight.go); nil or a zero time
	// means unknown.
	CallerStart func() time.Time
	// Getenv is the hook's environment (PATH, HOME, the agents'
	// configuration directories); nil means this process's.
	Getenv func(string) string
	// RequestID is the hook invocation's request id (internal/hookwire),
	// put on the record it writes; "" for none.
	RequestID string
	// Redactor redacts session files as records are; nil means the
	// evidence log's (Log must then be an *evidence.Log).
	Redactor *redact.Redactor
	// Git runs the bounded git queries of decisions (policy.Options.Git).
	Git policy.GitQuery
	// Faults injects failures, for tests only.
	Faults *Faults

	sessions *sessionCache // set by Open from its Cache; nil reads every time
	policies *policy.Cache // compiled policy files (Open's Cache); nil loads afresh
	// explicitPolicy: Policy was named by a flag, not located: the
	// repository's own policy decides too (deciders.go).
	explicitPolicy bool
	policyMarks    *policyMarks // the policy texts recorded (see policytexts.go)
	stateMarks     *stateMarks  // repositories whose state directory is this one (statemark.go)
	pins           *pinStore
	bins           *binaries
	pinnedCache    *pinnedCache
	binds          *bindMemo // the last binding of the deciding policies (feed.go); nil binds every call
}

// Faults are failures a test injects into a gate.
type Faults struct {
	// AfterRecord is called after a pre-tool decision is recorded and
	// before it is answered (a test kills the engine there).
	AfterRecord func()
}

// Gate decides and records agent actions. It is used by one hook process
// for one event, and is safe for concurrent use.
type Gate struct {
	cfg    Config
	closer io.Closer
	// broken is set when no policy could be loaded (see broken.go).
	broken *brokenPolicy
	// fsys is the file system of the decision under way (callfs.go).
	fsys *callFS
	// lazyPpid gives Config.Ppid when it is read from Config.PpidFunc.
	lazyPpid *lazyPid
}

var _ hook.Gate = (*Gate)(nil)

// New returns a Gate; cfg.Policy and cfg.Log are required.
func New(cfg Config) (*Gate, error) {
	if cfg.Policy == nil {
		return nil, errors.New("gate: no policy")
	}
	if cfg.Log == nil {
		return nil, errors.New("gate: no evidence log")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Identity == nil {
		cfg.Identity = LocalIdentity{}
	}
	var lazy *lazyPid
	if cfg.Ppid == 0 {
		// The hook's parent as the kernel says, then past the shells
		// that only run the hook (hookshell.go).
		lazy = &lazyPid{f: cfg.PpidFunc}
	}
	if cfg.Getenv == nil {
		cfg.Getenv = os.Getenv
	}
	if cfg.Redactor == nil {
		if l, ok := cfg.Log.(*evidence.Log); ok {
			cfg.Redactor = l.Redactor()
		}
		if cfg.Redactor == nil {
			return nil, errors.New("gate: no redactor")
		}
	}
	if cfg.StateDir == "" {
		return nil, errors.New("gate: no state directory")
	}
	if cfg.pins == nil {
		cfg.pins = &pinStore{dir: cfg.StateDir}
	}
	if cfg.bins == nil {
		cfg.bins = &binaries{}
	}
	if cfg.policyMarks == nil {
		cfg.policyMarks = &policyMarks{}
	}
	if cfg.stateMarks == nil {
		cfg.stateMarks = &stateMarks{}
	}
	return &Gate{cfg: cfg, lazyPpid: lazy}, nil
}

// lazyPid is a Ppid read when first needed.
type lazyPid struct {
	once sync.Once
	f    func() int // nil: this process's parent
	v    int
	// top is the topmost hook shell between the hook and the agent (0:
	// none), whose start time stands for the caller's (inflight.go).
	top int
}

// ppid is the agent's process id (Config.Ppid).
func (g *Gate) ppid() int {
	l := g.lazyPpid
	if l == nil {
		return g.cfg.Ppid
	}
	l.once.Do(func() {
		if l.f != nil {
			l.v = l.f()
		}
		if l.v == 0 {
			l.v = os.Getppid()
		}
		l.v, l.top = pastHookShells(l.v)
	})
	return l.v
}

// hookShell is the topmost hook shell walked past to the agent (the
// agent's own child), 0 when the hook's parent is the agent.
func (g *Gate) hookShell() int {
	if g.lazyPpid == nil {
		return 0
	}
	g.ppid()
	return g.lazyPpid.top
}

// Policy returns the policy the gate decides with.
func (g *Gate) Policy() *policy.Policy { return g.cfg.Policy }

// Pre decides a pre-tool event and records the decision before returning
// it. It never returns allow for an action it could not decide and record.
func (g *Gate) Pre(ctx context.Context, ev *hook.Event) policy.Decision {
	if g.broken != nil {
		return g.brokenPre(ctx, ev)
	}
	sess, err := g.session(ctx, ev)
	if err != nil {
		return g.Failure(ctx, ev, err)
	}
	v, err := g.watch(ctx, ev, sess)
	if err != nil {
		return g.Failure(ctx, ev, err)
	}
	d, ds, kept := g.decideKept(ev, sess, v) // shellcwd.go
	switch {
	case v.lockErr != nil:
		d = merge(denyDecision(g.cfg.Policy, sess.TrustLevel, "mandate-tamper", "lock",
			fmt.Sprintf("Mandate cannot read a tamper lock (%v); every action is refused until a person runs `mandate tamper status`", oneLine(v.lockErr))), d)
	case v.lock != nil:
		d = merge(denyDecision(g.cfg.Policy, sess.TrustLevel, "mandate-tamper", "lock", lockReason(v.lock)), d)
	}
	if err := g.cfg.stateMarks.check(sess.Repo, g.cfg.StateDir); err != nil { // statemark.go
		d = merge(denyDecision(g.cfg.Policy, sess.TrustLevel, "mandate-tamper", "state-directory", oneLine(err)), d)
	}
	if err := g.keepAllowed(ev, d, kept); err != nil { // shellcwd.go, before the answer
		return g.Failure(ctx, ev, err)
	}
	rec := g.record(ev, sess, "decision")
	if d.TrustLevel != "" {
		rec.TrustLevel = d.TrustLevel
	}
	rec.PolicyChecks = d.PolicyChecks
	rec.Decision = string(d.Decision)
	rec.Policy = d.Policy
	rec.Rule = d.Rule
	rec.Reason = d.Reason
	var others []*policy.Policy
	for _, dc := range ds {
		if dc.role == roleLocated {
			continue
		}
		if dc.role == roleSession && rec.PinnedPolicyDigest == "" && dc.p.Digest() != rec.PolicyDigest {
			rec.PinnedPolicyDigest = dc.p.Digest()
		}
		others = append(others, dc.p)
	}
	if len(others) > 0 {
		if rec.Extra == nil {
			rec.Extra = map[string]any{}
		}
		rec.Extra["policies"] = decidersExtra(ds)
	}
	if d.Decision == policy.Ask {
		rec.ApprovalStatus = "required"
	}
	// An allowed (or asked) call takes off (inflight.go) before it is
	// answered; the note is written while the record is made durable,
	// not after: the disk's wait is the longest of the call.
	key := sessionKey(ev.Agent, g.sessionID(ev))
	var during func(int64)
	tookOff := false
	var offErr error
	if d.Decision == policy.Allow || d.Decision == policy.Ask {
		asked := d.Decision == policy.Ask
		during = func(idx int64) {
			tookOff, offErr = true, g.takeOff(key, ev, idx, asked)
		}
	} else {
		// A denied call is remembered too: its outcome, should the agent
		// send one, is then no outcome without a decision (decided.go).
		during = func(idx int64) { g.noteDecided(key, ev, idx) }
	}
	idx, err := g.appendRecordDuring(ctx, sess, rec, during, others...)
	var dup *evidence.DuplicateError
	switch {
	case errors.As(err, &dup):
		// This request was decided and recorded before (the engine died
		// before answering): answer as recorded, record nothing.
		d, idx = recordedDecision(&dup.Entry.Record), dup.Entry.Index
		if d.Decision != policy.Allow && d.Decision != policy.Ask {
			g.noteDecided(key, ev, idx)
		}
	case err != nil:
		if tookOff && offErr == nil && ev.ToolUseID != "" {
			// Not recorded, so not run: land the note (by its name; a
			// call without one stays in flight, which only attributes
			// more).
			g.land(key, ev)
		}
		return denyDecision(g.cfg.Policy, sess.TrustLevel, "evidence", "record",
			fmt.Sprintf("the evidence log could not record this action (%v); action refused so that nothing runs unrecorded", err))
	}
	if g.cfg.Faults != nil && g.cfg.Faults.AfterRecord != nil {
		g.cfg.Faults.AfterRecord()
	}
	if tookOff {
		if offErr != nil {
			// A call that cannot be followed could change governance files
			// unattributed: refuse it (its allow is on the record, this
			// deny is the answer, and the failure is recorded).
			return g.Failure(ctx, ev, offErr)
		}
		return d
	}
	if (d.Decision == policy.Allow || d.Decision == policy.Ask) && (dup == nil || !g.flying(key, ev, idx)) {
		if err := g.takeOff(key, ev, idx, d.Decision == policy.Ask); err != nil {
			// A call that cannot be followed could change governance files
			// unattributed: refuse it (its allow is on the record, this
			// deny is the answer, and the failure is recorded).
			return g.Failure(ctx, ev, err)
		}
	}
	return d
}

// recordedDecision is the decision an earlier record of the same request
// answered with.
func recordedDecision(r *evidence.Record) policy.Decision {
	return policy.Decision{
		Decision:     policy.Effect(r.Decision),
		Policy:       r.Policy,
		Rule:         r.Rule,
		Reason:       r.Reason,
		PolicyChecks: r.PolicyChecks,
		PolicyDigest: r.PolicyDigest,
		TrustLevel:   r.TrustLevel,
	}
}

// decide evaluates every action of ev with every deciding policy
// (deciders.go, touched.go); the strictest decision wins, and the policy
// checks of all are merged (a policy fails if it failed for any action).
// It returns the policies that decided.
func (g *Gate) decide(ev *hook.Event, sess *Session, v *view) (policy.Decision, []decider) {
	g.fsys = &callFS{}
	if v.watched {
		g.fsys.dirs = &g.cfg.pins.dirs
		for _, d := range []string{sess.Repo, sess.Home} {
			if d != "" && filepath.IsAbs(d) {
				g.fsys.dirsFor = append(g.fsys.dirsFor, filepath.Clean(d))
			}
		}
	}
	defer func() { g.fsys = nil }()
	ds, err := g.deciders(ev, v)
	var reached []string
	if err == nil {
		ds, reached, err = g.touched(ev, sess, ds)
	}
	if err == nil && len(reached) > 0 {
		// A tamper lock holds for every action that reaches its
		// repository, from whichever session (red-team round 16, #62).
		var l *Lock
		if l, err = g.reachedLock(v, reached); l != nil {
			return denyDecision(g.cfg.Policy, sess.TrustLevel, "mandate-tamper", "lock", lockReason(l)), []decider{{p: g.cfg.Policy, role: roleLocated}}
		}
	}
	if err != nil {
		return denyDecision(g.cfg.Policy, sess.TrustLevel, "mandate", RulePolicyError,
			fmt.Sprintf("%s; every action is refused until it is fixed (run mandate policy validate)", oneLine(err))), []decider{{p: g.cfg.Policy, role: roleLocated}}
	}
	ps := g.bind(v, ds)
	if len(ev.Actions) == 0 {
		a := action.Action{V: action.Version, Kind: action.Unknown, Tool: ev.Tool, Cwd: ev.Cwd}
		ev.Actions = []action.Action{a}
	}
	var out policy.Decision
	for i := range ev.Actions {
		a := &ev.Actions[i]
		g.complete(a, ev, sess)
		var d policy.Decision
		if err := a.Validate(); err != nil {
			d = denyDecision(ps[0], sess.TrustLevel, "mandate", "normalize",
				fmt.Sprintf("the %s tool call could not be normalized (%v); action refused", ev.Tool, err))
		} else {
			for j, p := range ps {
				pa := *a
				if r := ds[j].root; r != "" {
					pa.Actor.RepoRoot = r // a touched repository's policy decides as its own
				}
				if j == 0 {
					d = p.Evaluate(&pa)
					continue
				}
				d = merge(d, p.Evaluate(&pa))
			}
		}
		if i == 0 {
			out = d
			continue
		}
		out = merge(out, d)
	}
	return out, ds
}

// reachedLock is the tamper lock in force on one of the repositories an
// action reaches besides the caller's own (touched), or nil; an unreadable
// lock is an error, which denies.
func (g *Gate) reachedLock(v *view, roots []string) (*Lock, error) {
	for _, r := range roots {
		l, err := lockOf(g.cfg.StateDir, repoScope(r), v.tampers)
		if err != nil {
			return nil, fmt.Errorf("the tamper lock of %s, which the action reaches: %w", r, err)
		}
		if l != nil {
			return l, nil
		}
	}
	return nil, nil
}

// decidersExtra lists the deciding policies for a record's extra.
func decidersExtra(ds []decider) []any {
	out := make([]any, 0, len(ds))
	for _, dc := range ds {
		m := map[string]any{"role": dc.role, "digest": dc.p.Digest(), "name": dc.p.Name()}
		if dc.root != "" {
			m["repo"] = dc.root
		}
		out = append(out, m)
	}
	return out
}

// merge combines the decisions for two actions of one tool call.
func merge(a, b policy.Decision) policy.Decision {
	out := a
	if b.Decision.Stricter(a.Decision) != a.Decision {
		out = b
	}
	byName := map[string]int{}
	var checks []policy.Check
	for _, c := range append(append([]policy.Check{}, a.PolicyChecks...), b.PolicyChecks...) {
		if j, ok := byName[c.Policy]; ok {
			if resultRank(c.Result) > resultRank(checks[j].Result) {
				checks[j] = c
			}
			continue
		}
		byName[c.Policy] = len(checks)
		checks = append(checks, c)
	}
	out.PolicyChecks = checks
	out.EndCwds, out.EndCwdUnknown = policy.MergeEndCwds(a, b)
	out.KeepsState = policy.MergeKeepsState(a, b)
	out.Findings = append(append([]policy.Finding{}, a.Findings...), b.Findings...)
	return out
}

func resultRank(r string) int {
	switch r {
	case "pass":
		return 0
	case "ask":
		return 1
	}
	return 2
}

// complete fills in who is acting and where.
func (g *Gate) complete(a *action.Action, ev *hook.Event, s *Session) {
	if a.V == 0 {
		a.V = action.Version
	}
	if a.Cwd == "" {
		a.Cwd = ev.Cwd
	}
	if a.Tool == "" {
		a.Tool = ev.Tool
	}
	act := &a.Actor
	act.SessionID = s.ID
	act.Agent = s.Agent
	if act.AgentVersion == "" {
		act.AgentVersion = s.AgentVersion
	}
	if act.Model == "" {
		act.Model = s.Model
	}
	act.User = s.User
	act.Groups = s.Groups
	// Actor.TrustLevel stays empty: an explicit level would override the
	// policy's roles, which the policy derives from Groups per decision.
	act.RepoRoot = s.Repo
	act.Home = s.Home
	act.Host = s.Host
	if a.Branch == "" {
		a.Branch = s.Branch
	}
}

// Post records the outcome of a tool call, with the sha256 of every file
// it wrote, so each change is attributable to the session that made it.
func (g *Gate) Post(ctx context.Context, ev *hook.Event) error {
	if g.broken != nil {
		return g.broken.err // answered and recorded by Failure
	}
	sess, err := g.session(ctx, ev)
	if err != nil {
		return err
	}
	// The check runs before the call lands: a governance file changed by
	// this call is attributed to it.
	v, err := g.watch(ctx, ev, sess)
	if err != nil {
		return err
	}
	key := sessionKey(ev.Agent, g.sessionID(ev))
	noDecision, again := g.undecidedOutcome(key, ev, sess, v) // undecided.go
	rec := g.record(ev, sess, "outcome")
	if noDecision != "" {
		rec.Extra = extraWith(rec.Extra, "no_decision", noDecision)
	}
	switch {
	case ev.Success == nil:
		rec.Result = "unknown"
	case *ev.Success:
		rec.Result = "success"
	default:
		rec.Result = "failure"
	}
	rec.ExitCode = ev.ExitCode
	if ev.Error != "" {
		if rec.Extra == nil {
			rec.Extra = map[string]any{}
		}
		rec.Extra["error"] = truncate(ev.Error, 4096)
	}
	var hashes []any
	for _, a := range ev.Actions {
		if a.Kind != action.FileWrite {
			continue
		}
		for _, p := range a.Paths {
			if !filepath.IsAbs(p) {
				p = filepath.Join(ev.Cwd, p)
			}
			h, err := fileDigest(p)
			if err != nil {
				h = "unreadable: " + errReason(err)
			}
			if rec.DiffHash == "" && !strings.HasPrefix(h, "unreadable") {
				rec.DiffHash = h
			}
			hashes = append(hashes, map[string]any{"path": p, "sha256": h})
		}
	}
	if len(hashes) > 0 {
		if rec.Extra == nil {
			rec.Extra = map[string]any{}
		}
		rec.Extra["files"] = hashes
	}
	refused := g.landing(key, ev, false, false)
	setLanding(&rec, refused)
	idx, err := g.appendRecord(ctx, sess, rec)
	if err != nil && !errors.Is(err, evidence.ErrDuplicateRequest) {
		return err
	}
	if noDecision != "" && err == nil {
		// Remembered: a repeat of this outcome is not another tamper.
		g.noteDecided(key, ev, idx)
		if again.Decision == policy.Deny || again.Decision == policy.Ask {
			if err := g.lockUndecided(ctx, ev, sess, v, again, idx, noDecision); err != nil {
				return err
			}
		}
	}
	if refused == "" {
		g.land(key, ev)
	}
	return nil
}

// extraWith sets x[k] = v, making x when nil.
func extraWith(x map[string]any, k string, v any) map[string]any {
	if x == nil {
		x = map[string]any{}
	}
	x[k] = v
	return x
}

// setLanding puts a refused landing on the event's record.
func setLanding(rec *evidence.Record, refused string) {
	if refused == "" {
		return
	}
	if rec.Extra == nil {
		rec.Extra = map[string]any{}
	}
	rec.Extra["landing"] = refused
}

// maxDigestSize bounds how much of a written file Post hashes.
const maxDigestSize = 256 << 20

// fileDigest hashes a file a tool call wrote. Only a regular file is
// opened, without blocking (an agent's FIFO, device or socket in its
// place is reported, never read), and at most maxDigestSize bytes.
func fileDigest(path string) (string, error) {
	dig, _, err := hashRegular(path, maxDigestSize, nil)
	return dig, err
}

// Session records a session start or end, or another event. At a session
// end it also writes a signed checkpoint.
func (g *Gate) Session(ctx context.Context, ev *hook.Event) error {
	if g.broken != nil {
		return g.broken.err // answered and recorded by Failure
	}
	sess, err := g.session(ctx, ev)
	if err != nil {
		return err
	}
	if _, err := g.watch(ctx, ev, sess); err != nil {
		return err
	}
	key := sessionKey(ev.Agent, g.sessionID(ev))
	switch ev.Kind {
	case hook.SessionStart:
		// session() recorded the start when it opened the session.
		return nil
	case hook.SessionEnd:
		rec := g.record(ev, sess, "session.end")
		rec.Extra = sessionExtra(sess, rec.Extra)
		refused := g.landing(key, ev, false, true)
		// Only the process that opened the session ends it: a script's
		// forged session end would have the next event open a session
		// pinned to whatever the policy holds by then.
		ends := sess.AgentPid == 0 || sess.AgentPid == g.ppid()
		if !ends && refused == "" {
			refused = fmt.Sprintf("refused: the session end comes from process %d, not from the agent process that opened the session (%d); the session goes on", g.ppid(), sess.AgentPid)
		}
		setLanding(&rec, refused)
		if _, err := g.appendRecord(ctx, sess, rec); err != nil && !errors.Is(err, evidence.ErrDuplicateRequest) {
			return err
		}
		g.landAll(key, false)
		if ends {
			if err := g.closeSession(ev); err != nil {
				return err
			}
		}
		_, err := g.cfg.Log.Checkpoint(ctx)
		return err // the session's records are signed when it ends
	default:
		rec := g.record(ev, sess, "event")
		boundary := turnBoundaries[ev.Name]
		if boundary {
			setLanding(&rec, g.landing(key, ev, true, false))
		}
		if _, err := g.appendRecord(ctx, sess, rec); err != nil && !errors.Is(err, evidence.ErrDuplicateRequest) {
			return err
		}
		if boundary {
			g.landAll(key, true)
		}
		return nil
	}
}

// Failure answers an internal failure: deny, or allow only where the policy
// explicitly chose fail-open. Either way the failure is recorded if the log
// can take it.
func (g *Gate) Failure(ctx context.Context, ev *hook.Event, cause error) policy.Decision {
	return g.failure(ctx, ev, cause, true)
}

var _ hook.OverdueRecorder = (*Gate)(nil)

// Overdue records a call that hook.Run refused because its time budget
// ran out: a failure record (a deny, even under fail_mode: open, since
// the call was answered deny). The event hook.Run hands over carries a
// marker for its input (hook/overdue.go); its normalized actions, which
// would name the command or path, are not recorded either.
func (g *Gate) Overdue(ctx context.Context, ev *hook.Event, cause error) {
	if ev == nil {
		ev = &hook.Event{}
	}
	e := *ev
	e.Actions = nil
	g.failure(ctx, &e, cause, false)
}

// failure is Failure; mayOpen: the policy's fail_mode: open may allow.
func (g *Gate) failure(ctx context.Context, ev *hook.Event, cause error, mayOpen bool) policy.Decision {
	if ev == nil {
		ev = &hook.Event{}
	}
	if g.broken != nil {
		return g.brokenFailure(ctx, ev, cause)
	}
	sess := g.fallbackSession(ev)
	trust := sess.TrustLevel
	p := g.cfg.Policy
	reason := fmt.Sprintf("Mandate could not check this action (%v); it is refused because governance fails closed", oneLine(cause))
	d := denyDecision(p, trust, "mandate", "fail-closed", reason)
	typ := "failure"
	if mayOpen && g.failOpen(ev, sess) && !g.locked(ev, sess) {
		d.Decision = policy.Allow
		d.Rule = "fail-open"
		d.Reason = fmt.Sprintf("Mandate could not check this action (%v); allowed because the policy sets fail_mode: open", oneLine(cause))
		typ = "fail_open"
	}
	rec := g.record(ev, sess, typ)
	rec.Decision = string(d.Decision)
	rec.Policy = d.Policy
	rec.Rule = d.Rule
	rec.Reason = d.Reason
	if rec.Extra == nil {
		rec.Extra = map[string]any{}
	}
	rec.Extra["event_kind"] = string(ev.Kind)
	if g.ensurePolicy(ctx, sess, p) != nil {
		rec.PolicyDigest = "" // the failure is recorded even when the policy text cannot be
	}
	idx, err := g.cfg.Log.Append(ctx, rec)
	if err == nil && (ev.Kind == hook.PreTool || ev.Kind == "") {
		// Its outcome, if a fail-open let it run, is not one without a
		// decision (decided.go).
		g.noteDecided(sessionKey(ev.Agent, g.sessionID(ev)), ev, idx)
	}
	var dup *evidence.DuplicateError
	if errors.As(err, &dup) {
		if ev.Kind == hook.PreTool || ev.Kind == "" {
			return recordedDecision(&dup.Entry.Record)
		}
		return d
	}
	if err != nil && d.Decision == policy.Allow {
		// Fail-open still may not run unrecorded.
		return denyDecision(p, trust, "evidence", "record",
			fmt.Sprintf("the evidence log could not record a fail-open decision (%v); action refused", oneLine(err)))
	}
	return d
}

// locked reports whether a tamper lock (or an unreadable one) covers the
// event's session or working directory.
func (g *Gate) locked(ev *hook.Event, s *Session) bool {
	scopes := []scope{globalScope}
	if sc, ok := sessionScope(s); ok {
		scopes = append(scopes, sc)
	}
	if r := repoRoot(ev.Cwd); r != "" {
		scopes = append(scopes, repoScope(r))
	}
	ts, err := g.cfg.pins.logTampers(context.Background())
	if err != nil {
		return true
	}
	for _, sc := range scopes {
		if l, err := lockOf(g.cfg.StateDir, sc, ts); err != nil || l != nil {
			return true
		}
	}
	return false
}

// record builds the evidence record common to every event type.
func (g *Gate) record(ev *hook.Event, s *Session, typ string) evidence.Record {
	rec := evidence.Record{
		Type:         typ,
		Timestamp:    g.cfg.Now().UTC(),
		SessionID:    s.ID,
		User:         s.User,
		Agent:        s.Agent,
		AgentVersion: s.AgentVersion,
		Model:        s.Model,
		TrustLevel:   s.TrustLevel,
		Repo:         s.Repo,
		Commit:       s.Commit,
		Host:         s.Host,
		Tool:         ev.Tool,
		ToolUseID:    ev.ToolUseID,
		Params:       ev.Input,
		PolicyDigest: g.cfg.Policy.Digest(),
		RequestID:    g.cfg.RequestID,
	}
	if len(ev.Actions) > 0 {
		rec.ActionType = string(ev.Actions[0].Kind)
		rec.ResourcePath = ev.Actions[0].Resource()
	}
	if ev.Name != "" {
		rec.Extra = map[string]any{"event": ev.Name}
	}
	return rec
}

func denyDecision(p *policy.Policy, trust, pol, rule, reason string) policy.Decision {
	return policy.Decision{
		Decision:     policy.Deny,
		Policy:       pol,
		Rule:         rule,
		Reason:       reason,
		PolicyChecks: []policy.Check{{Policy: pol, Result: "fail", Rule: rule, Reason: reason}},
		PolicyDigest: p.Digest(),
		TrustLevel:   trust,
	}
}

func oneLine(err error) string {
	if err == nil {
		return "unknown error"
	}
	return truncate(strings.Join(strings.Fields(err.Error()), " "), 300)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
