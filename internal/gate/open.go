package gate

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hookwire"
	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/redact"
	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// Options tell Open where things are.
type Options struct {
	// StateDir is Mandate's state directory (see StateDir).
	StateDir string
	// PolicyPath is an explicit policy file (the --policy flag); empty means
	// policy.Locate from Cwd, else the built-in default.
	PolicyPath string
	// Cwd is the working directory of the agent (the payload's cwd).
	Cwd    string
	Getenv func(string) string
	// Environ is the hook process's whole environment, for the programs
	// the gate runs (git, to identify the user); nil means this process's.
	// The resident engine passes the forwarded hook's, so that it answers
	// exactly as the hook process would have.
	Environ []string
	// Ppid is the hook process's parent (the agent), which keys sessions
	// of agents that send no session id; 0 means this process's parent.
	Ppid int
	// PpidFunc, when set and Ppid is 0, gives Ppid the first time the
	// call needs it (the resident engine's caller's parent costs system
	// calls; an allowed call needs it for its in-flight note, which is
	// written while its record goes to the disk, a denied one not at
	// all). It must answer until the call is answered.
	PpidFunc func() int
	// Caller is the process that sent the event (the hook process; the
	// resident engine's peer), whose start time tells a turn boundary of
	// the agent from one a command it runs sends (inflight.go); 0 means
	// this process when Ppid is 0, else unknown.
	Caller int
	Now    func() time.Time
	// Cache, when set, keeps compiled policies and redactors across calls
	// in a long-lived process. Nil compiles everything afresh.
	Cache *Cache
	// RequestID is the invocation's request id (internal/hookwire), put
	// on its record; "" for none.
	RequestID string
	// Checkpoints is the engine's bound on the evidence log's unsigned
	// tail (zero: the default, 1,000 records or 60 seconds); the policy's
	// evidence.checkpoint_every and checkpoint_interval tighten it.
	Checkpoints evidence.CheckpointBound
	// Faults injects failures, for tests only.
	Faults *Faults
}

// checkpointBound is the stricter of the engine's bound and p's.
func checkpointBound(engine evidence.CheckpointBound, p *policy.Policy) evidence.CheckpointBound {
	b := engine
	if p != nil {
		every, interval := p.CheckpointBound()
		pb := evidence.CheckpointBound{Every: int64(every), Interval: interval}
		if every == 0 {
			pb.Every = -1
		}
		if interval == 0 {
			pb.Interval = -1
		}
		b = b.Stricter(pb)
	}
	return b
}

// Cache holds what a long-lived process (the resident engine) reuses
// between gates: compiled policies, keyed by file path and content digest,
// and open evidence logs with their redactors, keyed by state directory,
// PII setting and the digest of the redaction key. Every Open still reads
// the policy file and the redaction key, so an edit or a new key is in
// force on the next call; a cached log notices on every append when its
// files were replaced (see evidence.Log). It also keeps parsed session
// files, checked against the file's identity on every call (see
// sessionCache). A Cache assumes one clock: the
// Now of the Open that first opened a log stays that log's. The zero
// value is ready to use and safe for concurrent use.
type Cache struct {
	policies policy.Cache
	sessions sessionCache
	marks    policyMarks
	bins     binaries
	pinned   pinnedCache
	survey   surveyMemo
	binds    bindMemo

	mu     sync.Mutex
	keys   map[string]cachedKey // redaction keys, by state directory
	logs   map[logKey]*evidence.Log
	pins   map[string]*pinStore // by state directory
	states *stateMarks          // repositories' state marks (statemark.go)
}

// stateMarks returns the state marks kept across calls.
func (c *Cache) stateMarks() *stateMarks {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.states == nil {
		c.states = &stateMarks{keep: true}
	}
	return c.states
}

// pinStore returns the pin store of dir, whose parsed manifests are kept
// (checked against the file's identity on every call) when c is not nil.
func (c *Cache) pinStore(dir string) *pinStore {
	if c == nil {
		return &pinStore{dir: dir}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.pins[dir]; p != nil {
		return p
	}
	if c.pins == nil || len(c.pins) >= cacheMax {
		c.pins = make(map[string]*pinStore)
	}
	p := &pinStore{dir: dir, cache: make(map[string]cachedManifest)}
	c.pins[dir] = p
	return p
}

// cachedKey is a redaction key as read, with the identity its file had
// then (lstat: the key is read without following a symlink).
type cachedKey struct {
	id  ident
	key []byte
	sum [sha256.Size]byte
}

// redactKey is evidence.RedactKey, and its digest, read again only when
// an lstat of the key file shows another identity (device, inode, mode,
// size, modification and change times) than when it was last read: a new
// key is in force on the next call. A key file modified within racyWindow
// of being read is not remembered (a rewrite in the same clock tick could
// keep its times).
func (c *Cache) redactKey(dir string) ([]byte, [sha256.Size]byte, error) {
	var st unix.Stat_t
	var id ident
	known := false
	if lstatNoFollow(evidence.RedactKeyPath(dir), &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
		id, known = identOf(&st), true
		c.mu.Lock()
		ck, ok := c.keys[dir]
		c.mu.Unlock()
		if ok && ck.id == id {
			return ck.key, ck.sum, nil
		}
	}
	k, err := evidence.RedactKey(dir)
	if err != nil {
		return nil, [sha256.Size]byte{}, err
	}
	sum := sha256.Sum256(k)
	if known && wallNow()-max(id.Mtime, id.Ctime) >= racyWindow {
		c.mu.Lock()
		if c.keys == nil || len(c.keys) >= cacheMax {
			c.keys = make(map[string]cachedKey)
		}
		c.keys[dir] = cachedKey{id: id, key: k, sum: sum}
		c.mu.Unlock()
	}
	return k, sum, nil
}

type logKey struct {
	dir   string
	pii   bool
	key   [sha256.Size]byte
	bound evidence.CheckpointBound
}

// cacheMax bounds the logs a Cache keeps open; beyond it, it starts over
// (the dropped logs are closed by the garbage collector once unused).
const cacheMax = 64

// openLog returns the evidence log of the state directory dir, redacting
// with the installation's key (and PII detectors when pii), and what to
// close when the gate is done with it (nil for a cached log).
func (c *Cache) openLog(dir string, pii bool, now func() time.Time, bound evidence.CheckpointBound) (*evidence.Log, io.Closer, error) {
	if c == nil {
		red, err := evidence.NewRedactor(dir, pii)
		if err != nil {
			return nil, nil, fmt.Errorf("evidence: %w", err)
		}
		log, err := evidence.Open(dir, evidence.Options{Now: now, Redactor: red, Checkpoints: bound})
		if err != nil {
			return nil, nil, err
		}
		return log, log, nil
	}
	k, sum, err := c.redactKey(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("evidence: %w", err)
	}
	key := logKey{dir: dir, pii: pii, key: sum, bound: bound}
	c.mu.Lock()
	defer c.mu.Unlock()
	if log := c.logs[key]; log != nil {
		return log, nil, nil
	}
	red, err := redact.New(redact.Config{Key: k, PII: pii})
	if err != nil {
		return nil, nil, fmt.Errorf("evidence: %w", err)
	}
	log, err := evidence.Open(dir, evidence.Options{Now: now, Redactor: red, Checkpoints: bound})
	if err != nil {
		return nil, nil, err
	}
	if c.logs == nil || len(c.logs) >= cacheMax {
		c.closeLogs(context.Background()) // sign what they leave unsigned before dropping them
		c.logs = make(map[logKey]*evidence.Log)
	}
	c.logs[key] = log
	return log, nil, nil
}

// Open loads the policy, opens the evidence log, and returns a Gate ready
// for one event. The caller must Close it. A policy that does not load
// gives a gate that refuses and records every action (broken.go); the
// error is returned only when the log cannot record that either.
func Open(ctx context.Context, o Options) (*Gate, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.StateDir == "" {
		d, err := StateDir(o.Getenv)
		if err != nil {
			return nil, err
		}
		o.StateDir = d
	}
	p, err := locatePolicy(o.PolicyPath, o.Cwd, o.Getenv, o.Cache)
	if err != nil {
		return openBroken(o, err)
	}
	// A policy named by $MANDATE_POLICY or a flag adds to the repository's
	// (deciders.go): the stricter evidence settings of both apply.
	explicit := o.PolicyPath != ""
	redactPII, bound := p.RedactPII(), checkpointBound(o.Checkpoints, p)
	if explicit || o.Getenv("MANDATE_POLICY") != "" {
		rp, err := locatePolicy("", o.Cwd, nil, o.Cache)
		if err != nil {
			return openBroken(o, fmt.Errorf("the repository's policy: %w", err))
		}
		redactPII = redactPII || rp.RedactPII()
		bound = bound.Stricter(checkpointBound(o.Checkpoints, rp))
	}
	log, closer, err := o.Cache.openLog(o.StateDir, redactPII, o.Now, bound)
	if err != nil {
		return nil, err
	}
	environ := o.Environ
	if environ == nil {
		environ = os.Environ()
	}
	cfg := Config{
		Policy:      p,
		Log:         log,
		StateDir:    o.StateDir,
		Identity:    LocalIdentity{Getenv: o.Getenv, Environ: o.Environ},
		Now:         o.Now,
		Ppid:        o.Ppid,
		PpidFunc:    o.PpidFunc,
		CallerStart: callerStart(o.Caller, o.Ppid != 0 || o.PpidFunc != nil),
		Getenv:      o.Getenv,
		RequestID:   o.RequestID,
		Redactor:    log.Redactor(),
		Git:         NewGitQuery(environ),
		Faults:      o.Faults,
		pins:        o.Cache.pinStore(o.StateDir),

		explicitPolicy: explicit,
	}
	if o.Cache != nil {
		cfg.policies = &o.Cache.policies
		cfg.sessions = &o.Cache.sessions
		cfg.policyMarks = &o.Cache.marks
		cfg.bins = &o.Cache.bins
		cfg.pinnedCache = &o.Cache.pinned
		cfg.binds = &o.Cache.binds
		cfg.stateMarks = o.Cache.stateMarks()
	}
	g, err := New(cfg)
	if err != nil {
		if closer != nil {
			closer.Close()
		}
		return nil, err
	}
	g.closer = closer
	return g, nil
}

// Close signs a checkpoint of every log the cache holds that has records
// unsigned, and closes them: the resident engine calls it when it stops,
// so its last calls do not wait, unsigned, for the next engine. The cache
// stays usable (logs are opened again when needed).
func (c *Cache) Close(ctx context.Context) error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.closeLogs(ctx)
	c.logs = nil
	return err
}

// Answered does, once a resident engine's call is answered, what may
// wait until then: the tamper state of every pin store whose log had
// records appended reads them (locklog.go), so that the next call's check
// of the pins reads only what was appended after. It decides nothing: the
// next call reads the log from where this left it, and whatever was
// appended since, as it would have read from the earlier cursor.
func (c *Cache) Answered() {
	if c == nil {
		return
	}
	var behind []*pinStore
	c.mu.Lock()
	for _, p := range c.pins {
		if p.behind.Swap(false) {
			behind = append(behind, p)
		}
	}
	c.mu.Unlock()
	for _, p := range behind {
		_, _ = p.logTampers(context.Background()) // an error is the next call's to report
	}
}

// closeLogs is Close with c.mu held.
func (c *Cache) closeLogs(ctx context.Context) error {
	var errs []error
	for _, l := range c.logs {
		if _, err := l.CheckpointPending(ctx); err != nil {
			errs = append(errs, err)
		}
		if err := l.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Close releases the evidence log.
func (g *Gate) Close() error {
	if g.closer == nil {
		return nil
	}
	return g.closer.Close()
}

var _ io.Closer = (*Gate)(nil)

// LoadPolicy finds and loads the policy: path if given, else
// $MANDATE_POLICY, else agent-policy.yaml at the root of the git
// repository containing cwd, else the built-in default. The policy is
// bound to the decision options of a call without a session (mandate
// check): Mandate's state directories, the protected set as pinned (or,
// before anything is pinned, as the tables list it), its binaries and
// processes, the hook's PATH.
func LoadPolicy(path, cwd string, getenv func(string) string) (*policy.Policy, error) {
	return loadPolicy(path, cwd, getenv, nil)
}

func loadPolicy(path, cwd string, getenv func(string) string, c *Cache) (*policy.Policy, error) {
	p, err := locatePolicy(path, cwd, getenv, c)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return p.WithOptions(surveyOptions(p, cwd, getenv, nil)), nil
	}
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return c.survey.bind(p, survey(cwd, getenv, c), getenv), nil
}

// locatePolicy finds and loads the policy, without decision options: a
// gate sets them per call (Gate.options).
func locatePolicy(path, cwd string, getenv func(string) string, c *Cache) (*policy.Policy, error) {
	if path == "" {
		l, err := policy.LocateFile(cwd, getenv)
		if err != nil {
			return nil, err
		}
		if l.Path != "" && filepath.IsAbs(l.Path) {
			// Read without a second stat: the one that found it is checked
			// against what is opened.
			if c != nil {
				return c.policies.LoadLocated(l)
			}
			return policy.LoadLocated(l)
		}
		path = l.Path
	}
	var p *policy.Policy
	switch {
	case path == "" && c != nil:
		p = c.policies.Default()
	case path == "":
		p = policy.Default()
	default:
		if !filepath.IsAbs(path) && cwd != "" {
			path = filepath.Join(cwd, path)
		}
		load := policy.Load
		if c != nil {
			load = c.policies.Load
		}
		var err error
		if p, err = load(path); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// StateDir is Mandate's state directory (evidence, keys, caches), by the
// rule the front shares (hookwire.StateDir): $MANDATE_HOME if set, else
// $XDG_STATE_HOME/mandate, else ~/.local/state/mandate. Without HOME, the
// home directory is the system's (os.UserHomeDir).
func StateDir(getenv func(string) string) (string, error) {
	if d, ok := hookwire.StateDir(getenv, "", filepath.IsAbs, filepath.Join); ok {
		if getenv("MANDATE_HOME") != "" {
			// A relative MANDATE_HOME is taken from the working directory.
			return filepath.Abs(d)
		}
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("cannot find the state directory: set MANDATE_HOME or HOME")
	}
	return hookwire.StateDirUnder(home, filepath.Join), nil
}

// StateDirs lists every directory that is or could be Mandate's state
// directory, for self-protection: an agent that sets MANDATE_HOME for its
// own commands must not thereby expose the real one.
// They are the directories the rule (hookwire.StateDir) picks from each of
// its variables alone.
func StateDirs(getenv func(string) string) []string {
	var out []string
	for _, k := range []string{"MANDATE_HOME", "XDG_STATE_HOME", "HOME"} {
		only := func(name string) string {
			if name == k {
				return getenv(k)
			}
			return ""
		}
		d, ok := hookwire.StateDir(only, "", filepath.IsAbs, filepath.Join)
		if ok && k == "MANDATE_HOME" {
			// A relative MANDATE_HOME is taken from the working directory.
			var err error
			d, err = filepath.Abs(d)
			ok = err == nil
		}
		if ok {
			out = append(out, d)
		}
	}
	return out
}

// LoadPolicy is LoadPolicy with the policy compiled once per content: the
// file is still read and hashed on every call, so an edit is in force on
// the next one. A nil Cache loads afresh.
func (c *Cache) LoadPolicy(path, cwd string, getenv func(string) string) (*policy.Policy, error) {
	return loadPolicy(path, cwd, getenv, c)
}

// callerStart reads the start time of the process that sent the event,
// when it is needed (see Options.Caller).
func callerStart(pid int, ppidGiven bool) func() time.Time {
	if pid <= 0 {
		if ppidGiven {
			return nil
		}
		pid = os.Getpid()
	}
	return func() time.Time { return procStart(pid) }
}
