package gate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mandate-dev/mandate/internal/atomicfile"
	"github.com/mandate-dev/mandate/internal/canonjson"
	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/smallfile"
	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// Integrity pinning. The state directory holds:
//
//	pins/<scope>.pins        the manifest of a scope: every protected file
//	                         it can see, as last observed and as pinned
//	pins/objects/<sha256>    a copy of each pinned content, by its digest
//	pins/lock                flock(2) held by whoever changes pins or locks
//	pins/roots               the repositories pinned so far (touched.go)
//	pins/scopes              each pinned scope's kind and root identities
//	                         (scopeindex.go)
//	tamper/<scope>.json      the scope's tamper lock (tamper.go)
//	inflight/<session>       the session's tool calls in flight (inflight.go)
//
// A scope is "global" (files outside any repository: the user's and the
// machine's hook configurations, Mandate's binaries, a policy named by
// MANDATE_POLICY) or one repository (its policy and hook configurations;
// the key is a digest of its root). Every hook call compares each pinned
// file's identity (lstat: device, inode, mode, size, modification and
// change times) with the one recorded, and reads a file again only when it
// differs, or when it was modified so shortly before it was recorded that
// a later write could keep the same times (a "racy" entry, as in git's
// index).

// Digest values of what is not a regular file's content.
const (
	digestAbsent   = "absent"
	digestDangling = "dangling-symlink"
	// govEmpty is the governance digest of a Claude Code settings file
	// that is absent or holds nothing but volatile members.
	govEmpty = "empty"
	// digestUnhashable prefixes the identity that stands for the content
	// of a file too large to hash (examineHuge).
	digestUnhashable = "unhashable-identity:"
)

// Bounds on what is hashed and copied.
const (
	maxConfigSize = policy.MaxFileSize // policies and hook configurations
	maxBinarySize = 512 << 20
	maxManifest   = 16 << 20
	// racyWindow: an entry modified less than this before it was observed
	// is read again on every check until it is older.
	racyWindow = 2_000_000_000 // ns
)

// maxParsedConfig bounds a configuration read whole to find what in it
// governs; a larger one is hashed whole (examineHuge). A variable for
// tests.
var maxParsedConfig int64 = 64 << 20

// ident is what lstat says of a file, as compared on every call.
type ident struct {
	Dev   uint64
	Ino   uint64
	Mode  uint32
	Size  int64
	Mtime int64
	Ctime int64
}

func identOf(st *unix.Stat_t) ident {
	return ident{Dev: uint64(st.Dev), Ino: st.Ino, Mode: uint32(st.Mode), Size: st.Size, Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano()}
}

// pinEntry is one protected file of a manifest.
type pinEntry struct {
	Path   string
	Kind   string
	Format configFormat

	// The file as last observed.
	Missing bool
	L       ident
	T       *ident // the target's, when the path is a symlink
	Checked int64  // when L was observed (Unix ns)
	Seen    string // content digest
	SeenGov string // governance digest (see govOf)

	// The pinned state: accepted by Mandate (for a policy, by a person:
	// pending.go), and what a restore puts back.
	Pinned    string
	PinnedGov string
	Perm      uint32 // permission bits of the pinned file
	// LastPolicy is, for a policy, the digest of the last policy text
	// pinned: a session pinned to it keeps deciding with it when the file
	// is later removed or replaced by something that is not a policy.
	LastPolicy string
	// Programs are the Mandate programs a hook configuration registers.
	Programs []string
	// Since are, for a policy, the digests of the texts its file held
	// since a person last accepted it (pending.go): each decides with the
	// accepted text until a person accepts the file as it is.
	Since []string
}

// manifest is the pin manifest of one scope.
type manifest struct {
	V       int
	Scope   string // "global" or "repo"
	Root    string
	Entries []pinEntry

	protected []policy.Protected // derived once per loaded manifest
	// sharedDir[i] says entry i is absent and so is another entry of the
	// same directory (see pinStore.clean).
	sharedDir []bool
	// dirs are the entries' directories, each once; dirOf[i] indexes
	// entry i's, base[i] is its name (cleanWatched: one lookup per
	// directory, no path arithmetic per entry and call).
	dirs  []string
	dirOf []int
	base  []string
	// pending indexes the policies whose content as last seen is not the
	// accepted (pinned) one (pending.go).
	pending []int
}

const manifestVersion = 1

// scope names a manifest.
type scope struct {
	global bool
	root   string // the repository root (or start directory) of a repo scope
	// name is the key, for a scope known only by it (a lock file that
	// cannot be read names its scope only by its file name).
	name string
	// id is the root directory's "device:inode" (scopes.go), "" unknown.
	id string
}

var globalScope = scope{global: true}

func (s scope) key() string {
	if s.name != "" {
		return s.name
	}
	if s.global {
		return "global"
	}
	repoKeys.Lock()
	defer repoKeys.Unlock()
	if k, ok := repoKeys.m[s.root]; ok {
		return k
	}
	sum := sha256.Sum256([]byte(s.root))
	k := "repo-" + hex.EncodeToString(sum[:12])
	if repoKeys.m == nil || len(repoKeys.m) >= 1024 {
		repoKeys.m = make(map[string]string)
	}
	repoKeys.m[s.root] = k
	return k
}

// repoKeys remembers the keys of the repository scopes seen: every call
// names its scopes' manifests and lock files several times.
var repoKeys struct {
	sync.Mutex
	m map[string]string
}

func (s scope) String() string {
	if s.global {
		return "every repository"
	}
	return s.root
}

// pinStore is the pin store of one state directory.
type pinStore struct {
	dir string // the state directory

	mu    sync.Mutex
	cache map[string]cachedManifest // parsed manifests, by path (nil: no caching)

	tmu    sync.Mutex
	tamper tamperState // what the log says of tamper locks (locklog.go)
	// behind: a record was appended since the tamper state last read
	// the log; Cache.Answered reads it once the call is answered, so that
	// the next call does not read its predecessor's record back.
	behind atomic.Bool

	absent absentNames // names found absent, by directory identity (absent.go)
	// vouched: manifests whose absent files the watches vouch for (watch.go)
	vouched absentVouched
	dirs    dirWatch               // directory states vouched for by inotify (dirwatch_linux.go)
	roots   fileCache[[]string]    // the known repositories as last read (knownRootsCached)
	index   fileCache[*scopeIndex] // the scope index as last read (scopeIndexCached)
}

type cachedManifest struct {
	id smallfile.ID
	m  *manifest
	// gen is the generation of the pins directory's state cached under
	// inotify watches (dirWatch.stateWith) when id was last found
	// current; 0 when it was not vouched for.
	gen uint64
}

func (p *pinStore) pinsDir() string             { return filepath.Join(p.dir, "pins") }
func (p *pinStore) manifestPath(s scope) string { return filepath.Join(p.dir, "pins", s.key()+".pins") }
func (p *pinStore) objectPath(dig string) string {
	return filepath.Join(p.dir, "pins", "objects", strings.TrimPrefix(dig, "sha256:"))
}

// load returns the manifest of s, or nil when there is none. A manifest is
// immutable once loaded: changes go to a copy that is saved.
func (p *pinStore) load(s scope) (*manifest, error) {
	path := p.manifestPath(s)
	if p.cache != nil {
		id, err := smallfile.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("pins: %w", err)
		}
		p.mu.Lock()
		c, ok := p.cache[path]
		p.mu.Unlock()
		if ok && c.id == id {
			return c.m, nil
		}
		m, err := readManifest(path)
		if err != nil || m == nil {
			return m, err
		}
		if now, err := smallfile.Stat(path); err == nil && now == id {
			p.mu.Lock()
			if len(p.cache) >= 256 {
				clear(p.cache)
			}
			p.cache[path] = cachedManifest{id: id, m: m}
			p.mu.Unlock()
		}
		return m, nil
	}
	return readManifest(path)
}

// loadWatched is load for the per-call check (Gate.watch), once the
// inotify queue was looked at (watched). Every writer of a manifest
// replaces it by a rename (save), which is an event in the pins
// directory; writes in place through it are events too (contentMask). So
// while the directory's state stays cached under its watches, in the
// generation in which a cached manifest was last found current, that
// manifest is current and is not stat-ed again. Anything else (no watch,
// an event since, a directory modified within racyWindow) is load.
func (p *pinStore) loadWatched(s scope, watched bool) (*manifest, error) {
	if !watched || p.cache == nil {
		return p.load(s)
	}
	path := p.manifestPath(s)
	d, gen := p.dirs.stateWith(p.pinsDir(), wallNow(), contentMask) // before the manifest is looked at
	if gen == 0 || !d.trusted {
		return p.load(s)
	}
	p.mu.Lock()
	c, ok := p.cache[path]
	p.mu.Unlock()
	if ok && c.gen == gen {
		return c.m, nil
	}
	id, err := smallfile.Stat(path)
	if err != nil || !ok || c.id != id {
		return p.load(s)
	}
	p.mu.Lock()
	if cur, ok := p.cache[path]; ok && cur.m == c.m && cur.id == id {
		cur.gen = gen
		p.cache[path] = cur
	}
	p.mu.Unlock()
	return c.m, nil
}

func readManifest(path string) (*manifest, error) {
	b, err := readRegular(path, maxManifest, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pins: %w", err)
	}
	m, err := decodeManifest(b)
	if err != nil {
		return nil, fmt.Errorf("pins: corrupt manifest %s: %w", filepath.Base(path), err)
	}
	m.derive()
	return m, nil
}

// derive computes what every call uses of a manifest.
func (m *manifest) derive() {
	m.protected = make([]policy.Protected, 0, len(m.Entries))
	m.sharedDir = make([]bool, len(m.Entries))
	m.dirs, m.dirOf, m.base = nil, make([]int, len(m.Entries)), make([]string, len(m.Entries))
	at := make(map[string]int, len(m.Entries))
	for i, e := range m.Entries {
		d := filepath.Dir(e.Path)
		k, ok := at[d]
		if !ok {
			k = len(m.dirs)
			at[d] = k
			m.dirs = append(m.dirs, d)
		}
		m.dirOf[i], m.base[i] = k, filepath.Base(e.Path)
	}
	m.pending = nil
	for i, e := range m.Entries {
		m.protected = append(m.protected, policy.Protected{Path: e.Path, Kind: protectKind(e.Kind), Tree: isDirKind(e.Kind)})
		if e.pendingPolicy() {
			m.pending = append(m.pending, i)
		}
		if !e.Missing {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(m.Entries) && m.Entries[j].Missing && m.dirOf[j] == m.dirOf[i] {
				m.sharedDir[i] = true
			}
		}
	}
}

func (m *manifest) clone() *manifest {
	c := &manifest{V: m.V, Scope: m.Scope, Root: m.Root, Entries: make([]pinEntry, len(m.Entries))}
	copy(c.Entries, m.Entries)
	return c
}

func (m *manifest) find(path string) int {
	for i := range m.Entries {
		if m.Entries[i].Path == path {
			return i
		}
	}
	return -1
}

func (p *pinStore) save(s scope, m *manifest) error {
	m.V = manifestVersion
	b := encodeManifest(m)
	if err := os.MkdirAll(p.pinsDir(), 0o700); err != nil {
		return fmt.Errorf("pins: %w", err)
	}
	if err := atomicfile.WriteFile(p.manifestPath(s), b, 0o600); err != nil {
		return fmt.Errorf("pins: %w", err)
	}
	m.derive()
	return nil
}

// lockPins takes the pin store's exclusive lock.
func (p *pinStore) lockPins() (unlock func(), err error) {
	if err := os.MkdirAll(p.pinsDir(), 0o700); err != nil {
		return nil, fmt.Errorf("pins: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(p.pinsDir(), "lock"), os.O_RDWR|os.O_CREATE|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, fmt.Errorf("pins: %w", err)
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("pins: locking: %w", err)
	}
	return func() { f.Close() }, nil
}

// observation is what a path is now.
type observation struct {
	missing bool
	l       ident
	t       *ident
	err     error // lstat failed for another reason than absence
}

func observe(path string) observation {
	var st unix.Stat_t
	var err error
	for {
		err = unix.Lstat(path, &st)
		if err != unix.EINTR {
			break
		}
	}
	switch {
	case err == unix.ENOENT || err == unix.ENOTDIR:
		return observation{missing: true}
	case err != nil:
		return observation{err: err}
	}
	o := observation{l: identOf(&st)}
	if st.Mode&unix.S_IFMT == unix.S_IFLNK {
		var tst unix.Stat_t
		if unix.Stat(path, &tst) == nil {
			t := identOf(&tst)
			o.t = &t
		}
	}
	return o
}

// unchanged reports whether o is what e recorded.
func (e *pinEntry) unchanged(o observation) bool {
	if o.err != nil || o.missing != e.Missing {
		return false
	}
	if o.missing {
		return true
	}
	if o.l != e.L || (o.t == nil) != (e.T == nil) || (o.t != nil && *o.t != *e.T) {
		return false
	}
	return true
}

// wallNow is when a file is observed, on the clock file times are on
// (never a test's clock).
func wallNow() int64 { return time.Now().UnixNano() }

// racy reports whether e was observed so soon after its last modification
// that a write since could have left the same times.
func (e *pinEntry) racy() bool {
	return !e.Missing && e.Checked-e.modified() < racyWindow
}

// modified is when e's file (or its link's target) last changed.
func (e *pinEntry) modified() int64 {
	m := max(e.L.Mtime, e.L.Ctime)
	if e.T != nil {
		m = max(m, e.T.Mtime, e.T.Ctime)
	}
	return m
}

// content is what hashing a protected file found.
type content struct {
	digest, gov string
	programs    []string
	text        []byte // the content of a small file (policies, configurations)
	perm        uint32
}

// examine reads the file e names as observed in o and returns its digests;
// with store, the content is also copied into the object store in the
// same pass. Only regular files are opened (see openRegular).
func (p *pinStore) examine(e *pinEntry, o observation, home string, store bool) (content, error) {
	switch {
	case o.err != nil:
		d := "unreadable: " + o.err.Error()
		return content{digest: d, gov: d}, nil
	case o.missing:
		return content{digest: digestAbsent, gov: govOf(e.Format, nil, true)}, nil
	case isDirKind(e.Kind):
		d := fileType(o.l.Mode)
		if o.l.Mode&unix.S_IFMT == unix.S_IFDIR {
			d = dirDigest(e.Path, e.Kind) // hooktrees.go
		}
		return content{digest: d, gov: d}, nil
	}
	mode := o.l.Mode
	if mode&unix.S_IFMT == unix.S_IFLNK {
		if o.t == nil {
			return content{digest: digestDangling, gov: digestDangling}, nil
		}
		mode = o.t.Mode
	}
	if mode&unix.S_IFMT != unix.S_IFREG {
		d := fileType(mode)
		return content{digest: d, gov: d}, nil
	}
	c := content{perm: mode & 0o7777}
	if e.Kind == kindBinary {
		dig, err := p.hashInto(e.Path, maxBinarySize, store)
		if errors.Is(err, errStore) {
			return c, err
		}
		if err != nil {
			d := "unreadable: " + errReason(err)
			return content{digest: d, gov: d}, nil
		}
		c.digest, c.gov = dig, dig
		return c, nil
	}
	b, err := readRegular(e.Path, maxConfigSize, true)
	if errors.Is(err, errTooLarge) {
		// Past the everyday bound, the pin still follows the content
		// (red-team round 16, #64): read and parsed whole up to
		// maxParsedConfig (Claude Code's state file grows past 4 MB),
		// else hashed streaming, any change counting, else pinned by its
		// identity (size, times, inode: any write changes them).
		if b, err = readRegular(e.Path, maxParsedConfig, true); errors.Is(err, errTooLarge) {
			return p.examineHuge(e, o, store)
		}
	}
	if err != nil {
		d := "unreadable: " + errReason(err)
		return content{digest: d, gov: d}, nil
	}
	c.text = b
	c.digest = digestBytes(b)
	c.gov = govOf(e.Format, b, false)
	if e.Kind == kindHook {
		c.programs = registeredPrograms(b, e.Format, home)
	}
	if store && !NoCopy(e.Path) { // pinsecrets.go: secrets are pinned by digest only
		if err := p.putObject(c.digest, b); err != nil {
			return c, err
		}
	}
	return c, nil
}

// examineHuge pins a configuration too large to parse: by a streamed
// digest of its content (any change of which counts: its governing part
// cannot be told), or, past maxBinarySize, by its identity.
func (p *pinStore) examineHuge(e *pinEntry, o observation, store bool) (content, error) {
	c := content{perm: o.l.Mode & 0o7777}
	dig, err := p.hashInto(e.Path, maxBinarySize, store && !NoCopy(e.Path))
	if errors.Is(err, errStore) {
		return c, err
	}
	if err != nil {
		id := o.l
		if o.t != nil {
			id = *o.t
		}
		// not hashable within the budget: its identity stands for it
		// (doctor says so: an unhashable pin)
		d := fmt.Sprintf("%s%d:%d:%d:%d:%d", digestUnhashable, id.Dev, id.Ino, id.Size, id.Mtime, id.Ctime)
		return content{digest: d, gov: d, perm: c.perm}, nil
	}
	c.digest, c.gov = dig, dig
	return c, nil
}

// govOf is the governance digest of a file's content: the content digest,
// except for a Claude Code settings file, whose volatile members
// (claudeVolatile) are left out, and which counts as absent when nothing
// else is in it, and for Claude Code's state file, of which only the
// governing members count (claudeStateGov).
func govOf(format configFormat, b []byte, missing bool) string {
	if format == formatClaudeState {
		if missing {
			return govEmpty
		}
		return claudeStateGov(b)
	}
	if format != formatClaudeJSON {
		if missing {
			return digestAbsent
		}
		return digestBytes(b)
	}
	if missing {
		return govEmpty
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil || v == nil {
		return digestBytes(b)
	}
	for _, path := range claudeVolatile {
		m := v
		for i, k := range path {
			if i == len(path)-1 {
				delete(m, k)
				break
			}
			next, ok := m[k].(map[string]any)
			if !ok {
				break
			}
			m = next
		}
	}
	if perms, ok := v["permissions"].(map[string]any); ok && len(perms) == 0 {
		delete(v, "permissions")
	}
	if len(v) == 0 {
		return govEmpty
	}
	cb, err := canonjson.Marshal(v)
	if err != nil {
		return digestBytes(b)
	}
	return digestBytes(cb)
}

// putObject stores b under its digest, unless it is there already.
func (p *pinStore) putObject(dig string, b []byte) error {
	path := p.objectPath(dig)
	if _, err := os.Lstat(path); err == nil {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("pins: %w", err)
	}
	f, err := os.CreateTemp(dir, ".obj-*")
	if err != nil {
		return fmt.Errorf("pins: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("pins: storing a copy: %w", err)
	}
	return p.linkObject(f.Name(), path)
}

func (p *pinStore) linkObject(tmp, path string) error {
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pins: storing a copy: %w", err)
	}
	return atomicfile.SyncDir(filepath.Dir(path))
}

// errStore wraps a failure to write the object store (as opposed to a
// failure to read the file being pinned).
var errStore = errors.New("pins: storing a copy")

// hashInto hashes a large file (a binary), copying it into the object
// store in the same pass when store is set.
func (p *pinStore) hashInto(path string, max int64, store bool) (string, error) {
	if !store {
		dig, _, err := hashRegular(path, max, nil)
		return dig, err
	}
	dir := filepath.Join(p.pinsDir(), "objects")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("%w: %v", errStore, err)
	}
	f, err := os.CreateTemp(dir, ".obj-*")
	if err != nil {
		return "", fmt.Errorf("%w: %v", errStore, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	var werr error
	dig, _, err := hashRegular(path, max, func(b []byte) error {
		if _, werr = f.Write(b); werr != nil {
			return werr
		}
		return nil
	})
	if werr != nil {
		return "", fmt.Errorf("%w: %v", errStore, werr)
	}
	if err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("%w: %v", errStore, err)
	}
	if err := p.linkObject(f.Name(), p.objectPath(dig)); err != nil {
		return "", fmt.Errorf("%w: %v", errStore, err)
	}
	return dig, nil
}

// readObject returns the pinned copy with digest dig, checking it.
func (p *pinStore) readObject(dig string, max int64) ([]byte, error) {
	if !strings.HasPrefix(dig, "sha256:") {
		return nil, fmt.Errorf("pins: no copy of %q", dig)
	}
	b, err := readRegular(p.objectPath(dig), max, false)
	if err != nil {
		return nil, fmt.Errorf("pins: the pinned copy %s: %w", dig, err)
	}
	if got := digestBytes(b); got != dig {
		return nil, fmt.Errorf("pins: the pinned copy %s is damaged (its content is %s)", dig, got)
	}
	return b, nil
}

// record sets e to what o and c say it is now.
func (e *pinEntry) record(o observation, c content, now int64) {
	e.Missing = o.missing
	e.L, e.T = o.l, o.t
	if o.missing || o.err != nil {
		e.L, e.T = ident{}, nil
	}
	e.Checked = now
	e.Seen, e.SeenGov = c.digest, c.gov
	if e.Kind == kindHook {
		e.Programs = c.programs
	}
}

// pin makes the current state the pinned one (for a policy: the accepted
// one, pending.go).
func (e *pinEntry) pin(c content) {
	e.Pinned, e.PinnedGov, e.Perm = c.digest, c.gov, c.perm
	e.Since = nil
	if e.Kind == kindPolicy && strings.HasPrefix(c.digest, "sha256:") {
		e.LastPolicy = c.digest
	}
}

// addTargets adds to m every target it does not have, observed and pinned
// as it is now (not a change: it was not pinned before). It reports
// whether it added any.
func (p *pinStore) addTargets(m *manifest, ts []target, home string, now int64) (bool, error) {
	added := false
	for _, t := range ts {
		if m.find(t.path) >= 0 {
			continue
		}
		kind := t.kind
		e := pinEntry{Path: t.path, Kind: kind, Format: t.format}
		o := observe(t.path)
		c, err := p.examine(&e, o, home, true)
		if err != nil {
			return added, err
		}
		e.record(o, c, now)
		e.pin(c)
		m.Entries = append(m.Entries, e)
		added = true
	}
	if added {
		sort.SliceStable(m.Entries, func(i, j int) bool { return m.Entries[i].Path < m.Entries[j].Path })
	}
	return added, nil
}

// errReason is an error's cause without the path (digests must not vary
// with where the state directory is).
func errReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
