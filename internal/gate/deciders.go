package gate

import (
	"fmt"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Which policies decide a call. Several can, and every one of them
// evaluates every action: the strictest decision wins, and every deciding
// policy's text is in the evidence (policytexts.go). A policy is only ever
// added to the set, never swapped for another:
//
//   - located: the policy the gate was opened with (Locate from the
//     call's working directory: $MANDATE_POLICY when set, else the
//     repository's agent-policy.yaml, else the built-in default);
//   - repository: when the located policy came from the environment
//     ($MANDATE_POLICY) or a flag, the repository's own policy too. The
//     hook's environment is the agent's, which agents load from files an
//     agent can write (.gemini/.env, ~/.codex/.env, …): a policy named
//     there adds rules, it never switches the repository's off;
//   - session: every policy that governed the session when it started,
//     as pinned then (session file: path and digest; pin store: the
//     text). It keeps deciding for the whole session whatever becomes of
//     the file — edited, emptied, removed, replaced by a FIFO, a
//     governance change accepted by a person — so a person's stricter
//     edit is in force at once (it is the located policy) and a looser
//     one, once accepted, from the session after;
//   - accepted (pending.go): the last text a person accepted of every
//     policy of the call's scopes whose file holds a change no person
//     accepted yet (a governance-change), for running and new sessions
//     alike;
//   - scope (lineage.go): the accepted text of every repository scope
//     a directory of the call is, by path or by identity, or is below
//     (a repository moved, linked, renamed or stripped of its .git);
//   - touched (touched.go): the policy of every other repository the
//     action reaches, deciding as if that repository were the session's.

// Roles of deciding policies, as records name them (extra.policies).
const (
	roleLocated    = "located"
	roleRepository = "repository"
	roleSession    = "session"
	roleTouched    = "touched"
	// roleScope: the accepted text of a repository scope the call's
	// directory is by path or identity (lineage.go)
	roleScope = "scope"
)

// decider is one deciding policy (without decision options).
type decider struct {
	p    *policy.Policy
	role string
	// root is the repository the policy decides as; "" is the session's.
	root string
}

// SessionPolicy is one policy that governed a session when it started.
type SessionPolicy struct {
	// Path is the policy file; "" is the built-in default.
	Path   string `json:"path,omitempty"`
	Digest string `json:"digest"`
}

// startPolicies are the policies s was pinned to when it started (a
// session file of an earlier version holds only PolicyPath and
// PolicyDigest).
func (s *Session) startPolicies() []SessionPolicy {
	if len(s.Policies) > 0 {
		return s.Policies
	}
	if s.PolicyDigest == "" {
		return nil
	}
	return []SessionPolicy{{Path: s.PolicyPath, Digest: s.PolicyDigest}}
}

// sessionPolicyOf is how p is pinned in a session file.
func sessionPolicyOf(p *policy.Policy) SessionPolicy {
	sp := SessionPolicy{Digest: p.Digest()}
	if name := p.Name(); name != policy.DefaultName && filepath.IsAbs(name) {
		sp.Path = filepath.Clean(name)
	}
	return sp
}

// environmentPolicy reports whether the gate's policy may not be the
// repository's own: $MANDATE_POLICY is set, or the gate was opened on an
// explicit file.
func (g *Gate) environmentPolicy() bool {
	return g.cfg.explicitPolicy || g.cfg.Getenv("MANDATE_POLICY") != ""
}

// repositoryPolicy is the policy Locate finds from cwd without the
// environment: the repository's agent-policy.yaml, else the default.
func (g *Gate) repositoryPolicy(cwd string) (*policy.Policy, error) {
	path, err := policy.Locate(cwd, nil)
	if err != nil {
		return nil, err
	}
	return g.loadPolicyFile(path)
}

// loadPolicyFile loads the policy at path ("" is the default) through the
// cache when the gate has one.
func (g *Gate) loadPolicyFile(path string) (*policy.Policy, error) {
	c := g.cfg.policies
	switch {
	case path == "" && c != nil:
		return c.Default(), nil
	case path == "":
		return g.cfg.pinnedCache.defaultPolicy(), nil
	case c != nil:
		return c.Load(path)
	}
	return policy.Load(path)
}

// sessionPolicies returns the session's start policies, compiled from their
// pinned copies: the pinned text decides whatever the file holds now.
func (g *Gate) sessionPolicies(s *Session) ([]*policy.Policy, error) {
	sps := s.startPolicies()
	out := make([]*policy.Policy, 0, len(sps))
	for _, sp := range sps {
		if sp.Path == "" && sp.Digest == g.cfg.pinnedCache.defaultPolicy().Digest() {
			out = append(out, g.cfg.pinnedCache.defaultPolicy())
			continue
		}
		if sp.Path == "" {
			// The default of another version of Mandate: its text was
			// recorded, not pinned; today's default stands in for it.
			out = append(out, g.cfg.pinnedCache.defaultPolicy())
			continue
		}
		p, err := g.cfg.pinnedCache.load(g.cfg.pins, sp.Path, sp.Digest, g.cfg.Policy)
		if err != nil {
			return nil, fmt.Errorf("the policy %s this session started with: %w", sp.Path, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// deciders lists the policies that decide ev (see above), each once.
func (g *Gate) deciders(ev *hook.Event, v *view) ([]decider, error) {
	ds := []decider{{p: g.cfg.Policy, role: roleLocated}}
	if g.environmentPolicy() && ev.Cwd != "" {
		rp, err := g.repositoryPolicy(ev.Cwd)
		if err != nil {
			return nil, fmt.Errorf("the repository's policy: %w", err)
		}
		ds = addDecider(ds, decider{p: rp, role: roleRepository})
	}
	if v != nil {
		for _, p := range v.sessionPolicies {
			ds = addDecider(ds, decider{p: p, role: roleSession})
		}
		for _, p := range v.accepted { // pending.go
			ds = addDecider(ds, decider{p: p, role: roleAccepted})
		}
		for _, p := range v.lineage { // lineage.go
			ds = addDecider(ds, decider{p: p, role: roleScope})
		}
	}
	return ds, nil
}

// addDecider appends d unless a policy with the same text and name
// decides as the same repository already.
func addDecider(ds []decider, d decider) []decider {
	for _, o := range ds {
		if o.p.Digest() == d.p.Digest() && o.p.Name() == d.p.Name() && o.root == d.root {
			return ds
		}
	}
	return append(ds, d)
}

// failOpen reports whether every policy that would decide ev (touched
// repositories' too) opted into fail_mode: open. One that did not (or cannot be told) keeps Mandate's
// failure a deny: an agent cannot open what the repository or the
// session's start policy keeps closed with a file of its own.
func (g *Gate) failOpen(ev *hook.Event, s *Session) bool {
	if !g.cfg.Policy.FailOpen() {
		return false
	}
	if g.environmentPolicy() {
		rp, err := g.repositoryPolicy(ev.Cwd)
		if err != nil || !rp.FailOpen() {
			return false
		}
	}
	if s != nil {
		ps, err := g.sessionPolicies(s)
		if err != nil {
			return false
		}
		for _, p := range ps {
			if !p.FailOpen() {
				return false
			}
		}
		as, err := g.acceptedFor(s, ev.Cwd) // pending.go
		if err != nil {
			return false
		}
		for _, p := range as {
			if !p.FailOpen() {
				return false
			}
		}
		ds, _, err := g.touched(ev, s, nil)
		if err != nil {
			return false
		}
		for _, dc := range ds {
			if !dc.p.FailOpen() {
				return false
			}
		}
	}
	return true
}
