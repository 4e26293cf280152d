package gate

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/smallfile"
)

// Session is what the gate knows about an agent session: who runs it, with
// which agent, in which repository. It is written once, at the session's
// first event, to the state directory, so later hook processes of the same
// session read it instead of asking git again.
type Session struct {
	ID           string   `json:"id"`
	Agent        string   `json:"agent"`
	AgentVersion string   `json:"agent_version,omitempty"`
	Model        string   `json:"model,omitempty"`
	User         string   `json:"user"`
	Groups       []string `json:"groups,omitempty"`
	// TrustLevel is the level the policy gave the session when it opened,
	// for evidence records; decisions derive it afresh. Trust says where it
	// came from (the roles, default_trust_level, an explicit level).
	TrustLevel string              `json:"trust_level,omitempty"`
	Trust      *policy.TrustOrigin `json:"trust,omitempty"`
	// UserSource and GroupsSource say where User and Groups came from
	// (see Identity); both are self-asserted until a control plane binds
	// identities.
	UserSource   string    `json:"user_source,omitempty"`
	GroupsSource string    `json:"groups_source,omitempty"`
	Repo         string    `json:"repo,omitempty"`
	Commit       string    `json:"commit,omitempty"`
	Branch       string    `json:"branch,omitempty"`
	Home         string    `json:"home,omitempty"`
	Host         string    `json:"host,omitempty"`
	Started      time.Time `json:"started"`
	// Cwd is the directory the session started in.
	Cwd string `json:"cwd,omitempty"`
	// PolicyPath and PolicyDigest pin the policy that governed the
	// session when it started ("" path: the built-in default). A later
	// call whose working directory locates another policy (another
	// repository, a repository created inside this one, none at all) is
	// decided by both; the pinned text is kept in the pin store.
	// Scope and ScopeID are the repository (or start directory) as pin
	// and lock scopes key it: its path with symlinks resolved and its
	// "device:inode" (scopes.go).
	Scope        string `json:"scope,omitempty"`
	ScopeID      string `json:"scope_id,omitempty"`
	PolicyPath   string `json:"policy_path,omitempty"`
	PolicyDigest string `json:"policy_digest,omitempty"`
	// Policies are every policy that governed the session when it
	// started (the located one first; with $MANDATE_POLICY, the
	// repository's too): each keeps deciding, from its pinned text, for
	// the whole session (deciders.go).
	Policies []SessionPolicy `json:"policies,omitempty"`
	// Enclosing are the repositories above Repo when the session started
	// (nearest first): each decides every call too (enclosing.go).
	Enclosing []string `json:"enclosing,omitempty"`
	// AgentPid is the process that sent the session's first event (the
	// hook's parent): events that end the session must come from it
	// (inflight.go).
	AgentPid int `json:"agent_pid,omitempty"`
}

// Identity is who is acting, as an IdentitySource reports it, and where
// the user and groups came from (docs/identity.md).
type Identity struct {
	User   string
	Groups []string
	Home   string
	Host   string
	// UserSource names where User came from (one of the User* constants).
	UserSource string
	// GroupsSource names where Groups came from ("" when there are none).
	GroupsSource string
}

// Where LocalIdentity finds the user and the groups: every one is
// asserted by the user's own machine, not verified by anyone.
const (
	UserFromGitEmail = "git config user.email" // in the session's working directory
	UserFromOS       = "OS user"               // the account the hook runs as
	UserFromEnv      = "$USER"                 // when the OS user cannot be looked up
	GroupsFromEnv    = "$MANDATE_GROUPS"       // comma-separated
)

// IdentitySource tells the gate who the user behind a session is.
type IdentitySource interface {
	Identify(ctx context.Context, cwd string) Identity
}

// LocalIdentity identifies the user from the machine: git's user.email in
// the working directory, else the OS user; groups from $MANDATE_GROUPS
// (comma-separated) until a control plane issues signed identities. git
// is run as identity.go says: a fixed system program, in an environment
// built from scratch.
type LocalIdentity struct {
	Getenv func(string) string
	// Environ is not used: git gets an environment built from scratch,
	// with HOME and XDG_CONFIG_HOME from Getenv (identity.go). Kept so
	// that callers need not change.
	Environ []string
}

// Identify implements IdentitySource.
func (l LocalIdentity) Identify(ctx context.Context, cwd string) Identity {
	getenv := l.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	var id Identity
	id.Home = getenv("HOME")
	if id.Home == "" {
		id.Home, _ = os.UserHomeDir()
	}
	id.Host, _ = os.Hostname()
	id.User, id.UserSource = gitEmail(ctx, cwd, getenv), UserFromGitEmail
	if id.User == "" {
		if u, err := user.Current(); err == nil {
			id.User, id.UserSource = u.Username, UserFromOS
		} else {
			id.User, id.UserSource = getenv("USER"), UserFromEnv
		}
	}
	for _, g := range strings.Split(getenv("MANDATE_GROUPS"), ",") {
		if g = strings.TrimSpace(g); g != "" {
			id.Groups = append(id.Groups, g)
			id.GroupsSource = GroupsFromEnv
		}
	}
	return id
}

// sessionPath is where a session's state lives. The name is a digest so
// that an attacker-chosen session id cannot escape the directory.
func (g *Gate) sessionPath(agent, id string) string {
	return filepath.Join(g.cfg.StateDir, "sessions", sessionKey(agent, id)+".json")
}

// sessionID is the event's session id, or a stable stand-in when the agent
// sent none.
func (g *Gate) sessionID(ev *hook.Event) string {
	if ev.SessionID != "" {
		return ev.SessionID
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d", ev.Agent, ev.Cwd, g.ppid())))
	return "anon-" + hex.EncodeToString(sum[:8])
}

// session returns the event's session, opening it (and recording its start
// and the policy it runs under) when this is its first event.
func (g *Gate) session(ctx context.Context, ev *hook.Event) (*Session, error) {
	id := g.sessionID(ev)
	path := g.sessionPath(ev.Agent, id)
	if s, err := g.cfg.sessions.read(path); err == nil {
		if s.AgentVersion == "" && ev.AgentVersion != "" {
			s.AgentVersion = ev.AgentVersion
		}
		if s.Model == "" && ev.Model != "" {
			s.Model = ev.Model
		}
		return s, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("gate: session state: %w", err)
	}

	idn := g.cfg.Identity.Identify(ctx, ev.Cwd)
	s := &Session{
		ID:           id,
		Agent:        ev.Agent,
		AgentVersion: ev.AgentVersion,
		Model:        ev.Model,
		User:         idn.User,
		Groups:       idn.Groups,
		Home:         idn.Home,
		Host:         idn.Host,
		UserSource:   idn.UserSource,
		GroupsSource: idn.GroupsSource,
		Started:      g.cfg.Now().UTC(),
	}
	if filepath.IsAbs(ev.Cwd) {
		s.Cwd = filepath.Clean(ev.Cwd)
	}
	s.Repo, s.Branch, s.Commit = gitState(ev.Cwd)
	s.Enclosing = enclosingRepos(s.Repo)
	if sc, ok := sessionScope(s); ok {
		s.Scope, s.ScopeID = sc.root, sc.id
	}
	trust := g.cfg.Policy.TrustOrigin(action.Actor{Groups: s.Groups})
	s.TrustLevel, s.Trust = trust.Level, &trust
	if name := g.cfg.Policy.Name(); name != policy.DefaultName && filepath.IsAbs(name) {
		s.PolicyPath = filepath.Clean(name)
	}
	s.PolicyDigest = g.cfg.Policy.Digest()
	s.AgentPid = g.ppid()
	ds, err := g.deciders(ev, nil)
	if err != nil {
		return nil, fmt.Errorf("gate: %w", err)
	}
	for _, dc := range ds {
		sp := sessionPolicyOf(dc.p)
		s.Policies = append(s.Policies, sp)
		if sp.Path != "" {
			// The text the session is pinned to, whatever the file holds later.
			if err := g.cfg.pins.putObject(sp.Digest, dc.p.Text()); err != nil {
				return nil, err
			}
		}
	}
	// The files the session can see are pinned before its first call is
	// decided, so that call is already checked against them.
	scopes := []scope{globalScope}
	if sc, ok := sessionScope(s); ok {
		scopes = append(scopes, sc)
	}
	if err := g.pin(ctx, s, scopes); err != nil {
		return nil, fmt.Errorf("gate: pinning the session's governance files: %w", err)
	}
	if err := g.redactSession(s); err != nil {
		return nil, err
	}
	created, err := writeSessionOnce(path, s)
	if err != nil {
		return nil, fmt.Errorf("gate: session state: %w", err)
	}
	if !created {
		// Another hook process of the same session won the race.
		return g.cfg.sessions.read(path)
	}
	rec := g.record(ev, s, "session.start")
	rec.Extra = sessionExtra(s, rec.Extra)
	rec.Params = nil
	rec.Tool = ""
	rec.ToolUseID = ""
	rec.ActionType = ""
	rec.ResourcePath = ""
	rec.RequestID = ""
	if _, err := g.appendRecord(ctx, s, rec); err != nil {
		os.Remove(path) // the next event tries again
		return nil, fmt.Errorf("evidence: %w", err)
	}
	return s, nil
}

// redactSession redacts, in place, with the evidence log's redactor, the
// members of a session file that only ever end up in evidence records
// (id, user, host, model, agent_version, commit): a session file is
// evidence at rest. The identity (id, user, host) is kept as records keep
// it, in clear unless a secret is found in it (evidence.RedactIdentity),
// the others are redacted in full. The other members (repository, home
// and start directory, groups, trust level, branch, pinned policy) are
// inputs of every decision and stay usable; the session id names the
// file only through a digest.
func (g *Gate) redactSession(s *Session) error {
	r := g.cfg.Redactor
	if r == nil {
		return errors.New("gate: no redactor for the session file")
	}
	id := evidence.RedactIdentity(r, map[string]string{"id": s.ID, "user": s.User, "host": s.Host})
	fields := map[string]any{"model": s.Model, "agent_version": s.AgentVersion, "commit": s.Commit}
	out, _ := r.Tree(fields)
	m, ok := out.(map[string]any)
	if !ok {
		return errors.New("gate: redacting the session file failed")
	}
	for _, k := range []string{"model", "agent_version", "commit"} {
		if _, ok := m[k].(string); !ok {
			return fmt.Errorf("gate: redacting the session file: member %q was not kept", k)
		}
	}
	s.ID, s.User, s.Host = id["id"], id["user"], id["host"]
	s.Model, s.AgentVersion, s.Commit = m["model"].(string), m["agent_version"].(string), m["commit"].(string)
	return nil
}

// sessionExtra adds to a session record's extra who the session's user
// is and how its trust level was set, with where each came from.
func sessionExtra(s *Session, extra map[string]any) map[string]any {
	if extra == nil {
		extra = map[string]any{}
	}
	if s.UserSource != "" {
		extra["user_source"] = s.UserSource
	}
	if len(s.Groups) > 0 {
		gs := make([]any, len(s.Groups))
		for i, g := range s.Groups {
			gs[i] = g
		}
		extra["groups"] = gs
		extra["groups_source"] = s.GroupsSource
	}
	if t := s.Trust; t != nil {
		tm := map[string]any{"level": t.Level, "source": t.Source, "why": t.Why}
		if len(t.Roles) > 0 {
			rs := make([]any, len(t.Roles))
			for i, r := range t.Roles {
				rs[i] = r
			}
			tm["roles"] = rs
		}
		if t.Capped {
			tm["capped"] = true
		}
		extra["trust"] = tm
	}
	return extra
}

func (g *Gate) closeSession(ev *hook.Event) error {
	err := os.Remove(g.sessionPath(ev.Agent, g.sessionID(ev)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("gate: %w", err)
	}
	return nil
}

// fallbackSession describes the event's session without touching disk, for
// recording failures.
func (g *Gate) fallbackSession(ev *hook.Event) *Session {
	if s, err := g.cfg.sessions.read(g.sessionPath(ev.Agent, g.sessionID(ev))); err == nil {
		return s
	}
	return &Session{ID: g.sessionID(ev), Agent: ev.Agent, AgentVersion: ev.AgentVersion, Model: ev.Model}
}

// sessionCache keeps parsed session files in a long-lived process, keyed by
// path and by the file's identity (device, inode, size, modification and
// change times): a session file is written once (linked into place whole)
// and removed at the session's end, so a file with the same identity has
// the same content, and any replacement or removal is seen at once. The
// nil cache reads the file every time. Safe for concurrent use.
type sessionCache struct {
	mu sync.Mutex
	m  map[string]cachedSession
}

type cachedSession struct {
	id smallfile.ID
	s  Session
}

// sessionCacheMax bounds a sessionCache; beyond it, it starts over.
const sessionCacheMax = 1024

// read returns the session stored at path (a copy the caller may change).
func (c *sessionCache) read(path string) (*Session, error) {
	if c == nil {
		return readSession(path)
	}
	id, err := smallfile.Stat(path)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	e, ok := c.m[path]
	c.mu.Unlock()
	if ok && e.id == id {
		s := e.s
		return &s, nil
	}
	s, err := readSession(path)
	if err != nil {
		return nil, err
	}
	// Cache it only if the file read is the one identified: a file
	// replaced in between is read afresh next time.
	if now, err := smallfile.Stat(path); err == nil && now == id {
		c.mu.Lock()
		if c.m == nil || len(c.m) >= sessionCacheMax {
			c.m = make(map[string]cachedSession)
		}
		c.m[path] = cachedSession{id: id, s: *s}
		c.mu.Unlock()
	}
	return s, nil
}

// maxSessionFile bounds a session file.
const maxSessionFile = 1 << 20

func readSession(path string) (*Session, error) {
	b, err := readRegular(path, maxSessionFile, false)
	if err != nil {
		return nil, err
	}
	var s Session
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("corrupt session file %s: %w", filepath.Base(path), err)
	}
	return &s, nil
}

// writeSessionOnce writes s to path unless a session is there already. It
// reports whether this call created it. The file appears whole or not at
// all (temp file, fsync, hard link).
func writeSessionOnce(path string, s *Session) (bool, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, err
	}
	b, err := json.Marshal(s)
	if err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(dir, ".session-*")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// maxPackedRefs bounds how much of packed-refs is searched.
const maxPackedRefs = 64 << 20

// RepoRoot is the root of the git repository containing dir, or "".
func RepoRoot(dir string) string {
	return repoRoot(dir)
}

// gitState finds the repository containing dir and its current branch and
// commit by reading .git directly (no git process on the hook path).
func gitState(dir string) (root, branch, commit string) {
	if dir == "" {
		return "", "", ""
	}
	d := filepath.Clean(dir)
	for {
		gitPath := filepath.Join(d, ".git")
		// Any .git entry makes the repository root, as for policy.Locate.
		if _, err := os.Lstat(gitPath); err == nil {
			gitDir := gitPath
			if st, err := os.Stat(gitPath); err != nil || !st.IsDir() {
				gitDir = readGitdirFile(gitPath, d)
			}
			branch, commit = readHead(gitDir)
			return d, branch, commit
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", ""
		}
		d = parent
	}
}

// maxGitFile bounds the small files of a repository the gate reads
// (.git as a file, HEAD, refs, commondir).
const maxGitFile = 64 << 10

func readGitdirFile(path, base string) string {
	b, err := readRegular(path, maxGitFile, true)
	if err != nil {
		return ""
	}
	s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(b)), "gitdir:"))
	if s != "" && !filepath.IsAbs(s) {
		s = filepath.Join(base, s)
	}
	return s
}

func readHead(gitDir string) (branch, commit string) {
	if gitDir == "" {
		return "", ""
	}
	b, err := readRegular(filepath.Join(gitDir, "HEAD"), maxGitFile, true)
	if err != nil {
		return "", ""
	}
	head := strings.TrimSpace(string(b))
	ref, ok := strings.CutPrefix(head, "ref: ")
	if !ok {
		return "", head // detached
	}
	branch = strings.TrimPrefix(ref, "refs/heads/")
	common := gitDir
	if c, err := readRegular(filepath.Join(gitDir, "commondir"), maxGitFile, true); err == nil {
		cd := strings.TrimSpace(string(c))
		if !filepath.IsAbs(cd) {
			cd = filepath.Join(gitDir, cd)
		}
		common = cd
	}
	for _, d := range []string{gitDir, common} {
		if c, err := readRegular(filepath.Join(d, ref), maxGitFile, true); err == nil {
			return branch, strings.TrimSpace(string(c))
		}
	}
	fd, _, err := openRegular(filepath.Join(common, "packed-refs"), true)
	if err != nil {
		return branch, ""
	}
	f := os.NewFile(uintptr(fd), "packed-refs")
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, maxPackedRefs))
	for sc.Scan() {
		line := sc.Text()
		if h, r, ok := strings.Cut(line, " "); ok && r == ref {
			return branch, h
		}
	}
	return branch, ""
}
