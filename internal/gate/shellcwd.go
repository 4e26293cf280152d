package gate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// The directories a session's persistent shell may be in. An agent that
// keeps its shell's working directory across calls (hook.Protocol.KeepsCwd)
// runs a call where an earlier call's cd left it while its payload names
// the process's directory; the gate keeps, per session, every directory
// an allowed or asked command of the session may have left its shell in,
// and decides each call from all of them (hook.JudgeKept).
//
// Contract:
//   - the record is the session's file sessions/<key>.cwds in the state
//     directory (protected like the rest of it), append-only: one quoted
//     directory a line, or "?" for "anywhere". A record that cannot be
//     read, holds a line that is not an absolute clean directory, or is
//     over maxKeptSize is "anywhere" (hook.KeptCwds.Unknown); one that is
//     absent is a session whose shell never left the payload's directory;
//   - a call's additions are written, fsynced, before the call is
//     answered (and before its decision is recorded), in one append: a
//     call decided after this one's answer sees them. A call of the same
//     batch decided in parallel may not; the move out of the session's
//     tree asks (hook.JudgeKept), so a person sees the cd that could race
//     its siblings. When they cannot be written the call is refused;
//   - an event of an agent that keeps no shell (no ActionsAt) costs
//     nothing: no file is read; a session that never cd'ed costs one
//     failed open per call.

// maxKeptSize bounds the record read (16 directories fit many times).
const maxKeptSize = 64 << 10

// keptPath is the session's record of its shell's directories.
func (g *Gate) keptPath(ev *hook.Event) string {
	return filepath.Join(g.cfg.StateDir, "sessions", sessionKey(ev.Agent, g.sessionID(ev))+".cwds")
}

// keptCwds reads the session's record.
func (g *Gate) keptCwds(ev *hook.Event) hook.KeptCwds {
	b, err := readRegular(g.keptPath(ev), maxKeptSize, false)
	if errors.Is(err, fs.ErrNotExist) {
		return hook.KeptCwds{}
	}
	if err != nil {
		return hook.KeptCwds{Unknown: true}
	}
	return parseKept(string(b))
}

// parseKept reads a record's text.
func parseKept(s string) hook.KeptCwds {
	var k hook.KeptCwds
	for _, line := range strings.Split(s, "\n") {
		if line == "" {
			continue
		}
		if line == "?" {
			return hook.KeptCwds{Unknown: true}
		}
		d, err := strconv.Unquote(line)
		if err != nil || !filepath.IsAbs(d) || filepath.Clean(d) != d {
			return hook.KeptCwds{Unknown: true} // a torn or foreign line
		}
		k = k.Add(hook.KeptCwds{Dirs: []string{d}})
	}
	return k
}

// formatKept is the lines that add k to a record.
func formatKept(k hook.KeptCwds) string {
	if k.Unknown {
		return "?\n"
	}
	var b strings.Builder
	for _, d := range k.Dirs {
		b.WriteString(strconv.Quote(d))
		b.WriteByte('\n')
	}
	return b.String()
}

// keepAllowed appends k to the session's record, durably, when d lets the
// call run (allow or ask).
func (g *Gate) keepAllowed(ev *hook.Event, d policy.Decision, k hook.KeptCwds) error {
	if d.Decision != policy.Allow && d.Decision != policy.Ask || !k.Unknown && len(k.Dirs) == 0 {
		return nil
	}
	path := g.keptPath(ev)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("gate: the session's shell directories: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("gate: the session's shell directories: %w", err)
	}
	_, err = f.WriteString(formatKept(k))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gate: the session's shell directories: %w", err)
	}
	return nil
}

// decideKept is decide for an event of an agent that keeps its shell's
// directory: every kept directory decides too, the strictest winning, and
// a move out of the session's tree asks. It returns what the call adds to
// the record, to be kept when the call is allowed or asked.
func (g *Gate) decideKept(ev *hook.Event, sess *Session, v *view) (policy.Decision, []decider, hook.KeptCwds) {
	if ev.ActionsAt == nil {
		d, ds := g.decide(ev, sess, v)
		return d, ds, hook.KeptCwds{}
	}
	kept := g.keptCwds(ev)
	var ds []decider
	var own []action.Action
	first := true
	k := hook.JudgeKept(ev, kept, sess.Repo, func(acts []action.Action) policy.Decision {
		if !first {
			ev.Actions = acts
		}
		d, dd := g.decide(ev, sess, v)
		if first {
			first, own = false, ev.Actions
		}
		ds = addDeciders(ds, dd)
		return d
	})
	ev.Actions = own // the record names the payload's actions
	d := k.Decisions[0]
	for _, o := range k.Decisions[1:] {
		d = merge(d, o)
	}
	if k.Leaves != "" {
		d = merge(d, askDecision(g.cfg.Policy, sess.TrustLevel, "mandate", "persistent-cwd", k.Leaves))
	}
	if k.State != "" {
		d = merge(d, denyDecision(g.cfg.Policy, sess.TrustLevel, "mandate", "persistent-shell-state", k.State))
	}
	return d, ds, k.New
}

// addDeciders adds to ds the deciders of add it does not hold.
func addDeciders(ds, add []decider) []decider {
	for _, a := range add {
		dup := false
		for _, d := range ds {
			if d.p == a.p && d.role == a.role && d.root == a.root {
				dup = true
				break
			}
		}
		if !dup {
			ds = append(ds, a)
		}
	}
	return ds
}

// askDecision is a built-in ask.
func askDecision(p *policy.Policy, trust, pol, rule, reason string) policy.Decision {
	d := denyDecision(p, trust, pol, rule, reason)
	d.Decision = policy.Ask
	d.PolicyChecks[0].Result = "ask"
	return d
}
