package gate

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Pending policy changes. A policy that changed while no tool call was in
// flight (a governance-change) may still be an agent's doing: a command
// it ran can leave a process behind (setsid, nohup, a fork, a daemon, a
// test's TestMain) that rewrites the file seconds — or sessions — later,
// when nothing of the agent's is in flight any more (red-team round 23,
// #1). So a governance change of a policy never moves what governs on
// its own: the pin keeps the last text a person (or Mandate itself:
// install, policy init) accepted, and the new text is pending. Until a
// person accepts it (mandate policy accept, or mandate tamper ack of a
// locked scope), every call — of a running session and of every new one
// — is decided by the file as it is (the located policy) and by the
// accepted text (role "accepted"), the stricter decision winning: a
// person's stricter edit is in force at once, a looser one only once a
// person accepted it. Nothing here depends on when the change was made.

// roleAccepted is the role, in records (extra.policies), of the accepted
// text of a policy whose file holds a pending change.
const roleAccepted = "accepted"

// pendingPolicy reports whether e is a policy whose content as last seen
// is not the accepted one.
func (e *pinEntry) pendingPolicy() bool {
	return e.Kind == kindPolicy && e.Seen != e.Pinned
}

// acceptedPolicy compiles the accepted text of the pending policy e: its
// pinned copy; the built-in default when what was accepted is no file at
// all (a policy an agent created where none was); else the last text
// accepted (an accepted state that is no policy: a FIFO, a dangling
// link), else the default.
func (g *Gate) acceptedPolicy(e *pinEntry) (*policy.Policy, error) {
	dig := e.Pinned
	switch {
	case strings.HasPrefix(dig, "sha256:"):
	case dig == digestAbsent:
		return g.cfg.pinnedCache.defaultPolicy(), nil
	case strings.HasPrefix(e.LastPolicy, "sha256:"):
		dig = e.LastPolicy
	default:
		return g.cfg.pinnedCache.defaultPolicy(), nil
	}
	p, err := g.cfg.pinnedCache.load(g.cfg.pins, e.Path, dig, g.cfg.Policy)
	if err != nil {
		return nil, fmt.Errorf("the accepted text of %s (its file holds a change no person accepted yet): %w", e.Path, err)
	}
	return p, nil
}

// acceptedPolicies compiles the accepted text of every pending policy of
// ms (the manifests of a call's scopes).
func (g *Gate) acceptedPolicies(ms []*manifest) ([]*policy.Policy, error) {
	var out []*policy.Policy
	for _, m := range ms {
		for _, i := range m.pending {
			p, err := g.acceptedPolicy(&m.Entries[i])
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// acceptedFor loads the manifests of the scopes a call of s from cwd
// sees and compiles their pending policies' accepted texts (for a path
// that has no view: failOpen).
func (g *Gate) acceptedFor(s *Session, cwd string) ([]*policy.Policy, error) {
	var ms []*manifest
	for _, sc := range g.scopesOf(s, cwd) {
		m, err := g.cfg.pins.load(sc)
		if err != nil {
			return nil, err
		}
		if m != nil {
			ms = append(ms, m)
		}
	}
	return g.acceptedPolicies(ms)
}
