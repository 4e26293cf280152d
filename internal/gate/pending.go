package gate

import (
	"fmt"
	"slices"
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
// accepted text and every other text the file held since (role
// "accepted"), the stricter decision winning: a person's stricter edit is
// in force at once and stays in force even if the accepted text is
// written back; a looser one only once a person accepted it. Nothing
// here depends on when the change was made.

// roleAccepted is the role, in records (extra.policies), of the accepted
// text of a policy whose file holds a pending change.
const roleAccepted = "accepted"

// pendingPolicy reports whether e is a policy whose content as last seen
// is not the accepted one, or held another text since it was accepted.
func (e *pinEntry) pendingPolicy() bool {
	return e.Kind == kindPolicy && (e.Seen != e.Pinned || len(e.Since) > 0)
}

// maxSince bounds the texts kept per policy since its acceptance; past
// it, every call the policy decides is denied until a person accepts.
const maxSince = 32

// seenSince notes that the policy e held the text dig (a digest, or
// absent) since it was accepted: every text it held decides until a
// person accepts one, so that a person's stricter edit, not yet accepted,
// is not undone by a process that writes the accepted text back.
func (e *pinEntry) seenSince(dig string) {
	if dig != digestAbsent && !strings.HasPrefix(dig, "sha256:") {
		return // not a policy: nothing to decide with once it changes again
	}
	if slices.Contains(e.Since, dig) || len(e.Since) > maxSince {
		return
	}
	e.Since = append(slices.Clip(e.Since), dig)
}

// policyText compiles the text dig of the policy at path (absent: the
// built-in default).
func (g *Gate) policyText(path, dig string) (*policy.Policy, error) {
	if dig == digestAbsent {
		return g.cfg.pinnedCache.defaultPolicy(), nil
	}
	return g.cfg.pinnedCache.load(g.cfg.pins, path, dig, g.cfg.Policy)
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
			e := &m.Entries[i]
			p, err := g.acceptedPolicy(e)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
			if len(e.Since) > maxSince {
				return nil, fmt.Errorf("%s held more than %d texts since a person last accepted it; a person accepts it as it is (mandate policy accept)", e.Path, maxSince)
			}
			for _, dig := range e.Since {
				p, err := g.policyText(e.Path, dig)
				if err != nil {
					return nil, fmt.Errorf("a text %s held since a person last accepted it: %w", e.Path, err)
				}
				out = append(out, p)
			}
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
	ps, err := g.acceptedPolicies(ms)
	if err != nil {
		return nil, err
	}
	lin, err := g.lineageFor(s, cwd) // lineage.go
	if err != nil {
		return nil, err
	}
	return append(ps, lin...), nil
}
