package gate

import (
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/mandate-dev/mandate/internal/gitquery"
	"github.com/mandate-dev/mandate/internal/policy"
)

// What the gate feeds every decision (policy.Options): Mandate's state
// directories; the protected set (the pinned files of every scope the call
// can see: policies, hook configurations, binaries, plus the state
// directories and the policies deciding); a lazy list of Mandate's running
// processes; the bounded git runner; the hook's PATH. Lists that cannot
// change while a process runs are computed once (the executable and its
// siblings); the pinned files come with the manifests, which a long-lived
// process re-reads only when they are replaced; nothing is scanned unless
// a decision asks (Procs).

// NewGitQuery returns the git runner decisions use for git operations
// that rewrite the work tree, print history or push by configuration
// (policy.Options.Git): internal/gitquery's hardened, bounded runner,
// which builds its own environment rather than taking the hook's. It is a
// variable so that tests can take git away; nil makes such operations
// "cannot tell" (ask, or deny at read_only), which is safe.
var NewGitQuery = func(environ []string) policy.GitQuery { return gitRunner.Query }

// gitRunner is shared by every call: it holds no state between queries.
var gitRunner = gitquery.New()

// bind returns ds's policies bound to the decision options of one call
// (options). In a resident engine the last binding is kept (bindMemo):
// while the deciding policies, the manifests, the state directories and
// the PATH are the ones it was bound from, the bound policies are the ones
// binding would build again, and only the per-call options (the process
// list, the git runner, the call's file system) are set afresh.
func (g *Gate) bind(v *view, ds []decider) []*policy.Policy {
	getenv := g.cfg.Getenv
	dirs, pathEnv := StateDirs(getenv), getenv("PATH")
	var mans []*manifest
	if v != nil {
		mans = v.manifests
	}
	ps := make([]*policy.Policy, len(ds))
	m := g.cfg.binds
	if m != nil {
		m.mu.Lock()
		m.all++
		if m.same(ds, mans, dirs, g.cfg.StateDir, pathEnv) {
			m.hits++
			bound, procs := m.bound, procsOf(m.prot)
			m.mu.Unlock()
			for i, b := range bound {
				ps[i] = b.WithCall(procs, g.cfg.Git, g.fsys)
			}
			return ps
		}
		m.mu.Unlock()
	}
	opts := g.options(v, ds, dirs, pathEnv)
	opts.FS = g.fsys
	for i, dc := range ds {
		ps[i] = dc.p.WithOptions(opts)
	}
	if m != nil {
		bound := make([]*policy.Policy, len(ps))
		for i, p := range ps {
			bound[i] = p.WithCall(nil, nil, nil)
		}
		m.mu.Lock()
		m.ps = m.ps[:0]
		for _, dc := range ds {
			m.ps = append(m.ps, dc.p)
		}
		m.manifests = append(m.manifests[:0], mans...)
		m.dirs, m.state, m.path = dirs, g.cfg.StateDir, pathEnv
		m.prot, m.bound = opts.Protected, bound
		m.mu.Unlock()
	}
	return ps
}

// bindMemo is the last binding of a resident engine's hook calls (bind),
// with what it was bound from: the deciding policies (compiled, by
// identity), the pinned manifests (by identity: a manifest is immutable
// once loaded, and a changed file is loaded afresh), the state
// directories, the gate's state directory and the PATH. It is what
// surveyMemo is for mandate check.
type bindMemo struct {
	mu        sync.Mutex
	ps        []*policy.Policy
	manifests []*manifest
	dirs      []string
	state     string
	path      string
	prot      []policy.Protected
	bound     []*policy.Policy // ps bound, Procs, Git and FS unset
	hits, all int              // for tests
}

// same reports whether binding ds's policies with these inputs builds
// m's bound policies again. Called with m.mu held.
func (m *bindMemo) same(ds []decider, mans []*manifest, dirs []string, state, path string) bool {
	if m.bound == nil || len(ds) != len(m.ps) || state != m.state || path != m.path ||
		!slices.Equal(mans, m.manifests) || !slices.Equal(dirs, m.dirs) {
		return false
	}
	for i, dc := range ds {
		if dc.p != m.ps[i] {
			return false
		}
	}
	return true
}

// options are the decision options of one call, ds its deciding policies,
// dirs the state directories (StateDirs) and pathEnv the PATH.
func (g *Gate) options(v *view, ds []decider, dirs []string, pathEnv string) policy.Options {
	n := len(dirs) + 2
	if v != nil {
		for _, m := range v.manifests {
			n += len(m.protected)
		}
	}
	prot := make([]policy.Protected, 0, n)
	if v != nil {
		for _, m := range v.manifests {
			prot = append(prot, m.protected...)
		}
	}
	for _, d := range dirs {
		prot = append(prot, policy.Protected{Path: d, Kind: policy.ProtectState})
	}
	if d := g.cfg.StateDir; d != "" {
		prot = append(prot, policy.Protected{Path: filepath.Clean(d), Kind: policy.ProtectState})
	}
	for _, dc := range ds {
		if p := dc.p; p.Name() != policy.DefaultName && filepath.IsAbs(p.Name()) {
			prot = append(prot, policy.Protected{Path: filepath.Clean(p.Name()), Kind: policy.ProtectPolicy})
		}
	}
	return policy.Options{
		StateDirs: dirs,
		Protected: prot,
		Procs:     procsOf(prot),
		LiveIDs:   true,
		Git:       g.cfg.Git,
		PathEnv:   pathEnv,
	}
}

// procsOf returns a Procs function that lists, once and only when asked,
// the running processes whose executable is one of the protected binaries.
func procsOf(prot []policy.Protected) func() []policy.Proc {
	return sync.OnceValue(func() []policy.Proc {
		var bins []string
		for _, p := range prot {
			if p.Kind == policy.ProtectBinary {
				bins = append(bins, p.Path)
			}
		}
		return mandateProcs(bins)
	})
}

// pinnedCache keeps the policies compiled from pinned copies, by digest.
type pinnedCache struct {
	mu  sync.Mutex
	m   map[string]*policy.Policy
	def *policy.Policy
}

func (c *pinnedCache) defaultPolicy() *policy.Policy {
	if c == nil {
		return policy.Default()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.def == nil {
		c.def = policy.Default()
	}
	return c.def
}

// load compiles the pinned copy dig of the policy at path.
//
// have, when not nil, is a policy already compiled in this call (the one
// the gate was opened with): a hook process of its own, which keeps no
// cache, uses it when it was compiled from this copy's text at path
// (policy.CompiledFrom) instead of compiling the copy again. The copy is
// still read and its digest checked, so a missing or damaged copy fails
// as before.
func (c *pinnedCache) load(p *pinStore, path, dig string, have *policy.Policy) (*policy.Policy, error) {
	key := path + "\x00" + dig
	if c != nil {
		c.mu.Lock()
		q := c.m[key]
		c.mu.Unlock()
		if q != nil {
			return q, nil
		}
	}
	text, err := p.readObject(dig, maxConfigSize)
	if err != nil {
		return nil, err
	}
	if c == nil && have != nil && have.CompiledFrom(path, dig) {
		return have, nil
	}
	q, err := policy.ParseCopy(path, text)
	if err != nil {
		return nil, err
	}
	if c != nil {
		c.mu.Lock()
		if c.m == nil || len(c.m) >= 64 {
			c.m = make(map[string]*policy.Policy)
		}
		c.m[key] = q
		c.mu.Unlock()
	}
	return q, nil
}

// surveyOptions are the decision options of a call without a session
// (mandate check, and the policy a gate is opened with): the protected set
// of the pins of cwd's repository and the global scope when they exist,
// else surveyed from the tables; the rest as for a hook call.
func surveyOptions(p *policy.Policy, cwd string, getenv func(string) string, c *Cache) policy.Options {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return survey(cwd, getenv, c).options(p, getenv)
}

// surveyed is what surveyOptions reads: the state directories, cwd's
// repository root and scopes, the manifest of each scope (nil where there
// is none or it cannot be read), Mandate's binaries and the PATH.
type surveyed struct {
	dirs      []string
	root      string
	scopes    []scope
	state     string
	stateOK   bool
	manifests []*manifest // one per scope, when stateOK
	bins      []string
	path      string
}

func survey(cwd string, getenv func(string) string, c *Cache) *surveyed {
	s := &surveyed{dirs: StateDirs(getenv), root: repoRoot(cwd), path: getenv("PATH")}
	s.scopes = []scope{globalScope}
	if s.root != "" {
		s.scopes = append(s.scopes, repoScope(s.root))
	}
	if state, err := StateDir(getenv); err == nil {
		s.state, s.stateOK = state, true
		store := c.pinStore(state)
		for _, sc := range s.scopes {
			m, err := store.load(sc)
			if err != nil {
				m = nil
			}
			s.manifests = append(s.manifests, m)
		}
	}
	bins := &binaries{}
	if c != nil {
		bins = &c.bins
	}
	s.bins = bins.list(s.path, time.Now())
	return s
}

// protected is the protected set surveyOptions gives p.
func (s *surveyed) protected(p *policy.Policy, getenv func(string) string) []policy.Protected {
	var prot []policy.Protected
	add := func(ts []target) {
		for _, t := range ts {
			prot = append(prot, policy.Protected{Path: t.path, Kind: protectKind(t.kind), Tree: isDirKind(t.kind)})
		}
	}
	if s.stateOK {
		for i, sc := range s.scopes {
			if m := s.manifests[i]; m != nil {
				prot = append(prot, m.protected...)
				continue
			}
			if sc.global {
				add(keepInUse(configTargets(nil, getenv("HOME"), getenv, false), &Session{Home: getenv("HOME")}, s.root))
			} else {
				add([]target{{path: filepath.Join(s.root, policy.FileName), kind: kindPolicy}})
				add(keepInUse(configTargets([]string{s.root}, "", nil, true), &Session{Home: getenv("HOME")}, s.root))
			}
		}
		prot = append(prot, policy.Protected{Path: s.state, Kind: policy.ProtectState})
	}
	for _, b := range s.bins {
		prot = append(prot, policy.Protected{Path: b, Kind: policy.ProtectBinary})
	}
	for _, d := range s.dirs {
		prot = append(prot, policy.Protected{Path: d, Kind: policy.ProtectState})
	}
	if p.Name() != policy.DefaultName && filepath.IsAbs(p.Name()) {
		prot = append(prot, policy.Protected{Path: filepath.Clean(p.Name()), Kind: policy.ProtectPolicy})
	}
	return prot
}

func (s *surveyed) options(p *policy.Policy, getenv func(string) string) policy.Options {
	prot := s.protected(p, getenv)
	return policy.Options{
		StateDirs: s.dirs,
		Protected: prot,
		Procs:     procsOf(prot),
		LiveIDs:   true,
		Git:       NewGitQuery(nil),
		PathEnv:   s.path,
	}
}

// pinnedOnly reports whether every scope has a manifest: then, and only
// then, the protected set depends on nothing but what s holds and the
// policy (no survey of the file system from the tables).
func (s *surveyed) pinnedOnly() bool {
	if !s.stateOK || len(s.manifests) != len(s.scopes) {
		return false
	}
	for _, m := range s.manifests {
		if m == nil {
			return false
		}
	}
	return true
}

// surveyMemo is the last policy a resident engine bound for a call
// without a session (mandate check), with what it was bound from.
// Binding copies and cleans the whole protected set (a hundred paths or
// so) on every check; while the policy (the compiled one, by identity),
// the pinned manifests (by identity: a manifest is immutable once
// loaded, and pinStore.load stats its file on every call), the state
// directories, the repository root, the binaries and the PATH are the
// ones the memo was bound from, the bound policy is the one binding would
// build again. The process list and the git runner stay per call
// (Policy.WithCall). Anything not pinned is surveyed and bound afresh.
type surveyMemo struct {
	mu        sync.Mutex
	p         *policy.Policy
	in        *surveyed
	prot      []policy.Protected
	bound     *policy.Policy // p bound to in's options, Procs and Git unset
	hits, all int            // for tests
}

func (m *surveyMemo) bind(p *policy.Policy, s *surveyed, getenv func(string) string) *policy.Policy {
	if !s.pinnedOnly() {
		return p.WithOptions(s.options(p, getenv))
	}
	m.mu.Lock()
	m.all++
	if m.p == p && m.in != nil && sameSurvey(m.in, s) {
		m.hits++
		bound, prot := m.bound, m.prot
		m.mu.Unlock()
		return bound.WithCall(procsOf(prot), NewGitQuery(nil), nil)
	}
	m.mu.Unlock()
	prot := s.protected(p, getenv)
	bound := p.WithOptions(policy.Options{StateDirs: s.dirs, Protected: prot, PathEnv: s.path, LiveIDs: true})
	m.mu.Lock()
	m.p, m.in, m.prot, m.bound = p, s, prot, bound
	m.mu.Unlock()
	return bound.WithCall(procsOf(prot), NewGitQuery(nil), nil)
}

// sameSurvey reports whether a and b, both pinnedOnly, bind a policy to
// the same options.
func sameSurvey(a, b *surveyed) bool {
	return a.root == b.root && a.state == b.state && a.path == b.path &&
		slices.Equal(a.dirs, b.dirs) && slices.Equal(a.bins, b.bins) &&
		slices.Equal(a.manifests, b.manifests) && slices.Equal(a.scopes, b.scopes)
}
