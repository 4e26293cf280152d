package policy

import (
	"crypto/sha256"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/mandate-dev/mandate/internal/smallfile"
)

//go:embed default.yaml
var defaultText []byte

// DefaultName is the Name of the built-in default policy.
const DefaultName = "built-in default"

// FileName is the policy file Locate looks for at the repository root.
const FileName = "agent-policy.yaml"

// Default returns the built-in default policy (default.yaml): write_local
// for every session, and approval for writes and deletes outside the
// repository and the temporary directories, writes to disk devices,
// formatting disks and destroying git history.
func Default() *Policy {
	p, err := Parse(DefaultName, defaultText)
	if err != nil {
		// The embedded text is tested; reaching this is a build defect.
		panic("policy: built-in default policy does not parse: " + err.Error())
	}
	return p
}

// Load reads and compiles the policy file at path. The policy's Name is the
// path as given; self-protection covers its absolute form. A path that is
// not a regular file (a dangling symlink, a FIFO, a device, a socket, a
// directory) is an error, never an empty policy; a FIFO is never opened
// for reading.
func Load(path string) (*Policy, error) {
	return load(path, nil)
}

// ParseCopy compiles src, a copy of the policy file at the absolute path
// abs (a session's pinned copy, or a file read by other means), as the
// policy in force there: the repository it governs is governed as by Load
// (nested repositories, the policy file's own protection), which a policy
// compiled by Parse, without a file, is not.
func ParseCopy(abs string, src []byte) (*Policy, error) {
	if !filepath.IsAbs(abs) {
		return nil, fmt.Errorf("policy: %s: the path of a policy copy must be absolute", abs)
	}
	p, err := Parse(abs, src)
	if err != nil {
		return nil, err
	}
	p.path = filepath.Clean(abs)
	return p, nil
}

// CompiledFrom reports whether p is what ParseCopy(abs, src) returns for a
// src whose Digest is digest: p was compiled from that text under that
// name, as the policy at abs (Load of the absolute, clean path abs, or
// ParseCopy). Compiling is deterministic, so such a p can stand in for
// the copy, whatever options it was given (WithOptions replaces them).
func (p *Policy) CompiledFrom(abs, digest string) bool {
	return p.digest == digest && p.name == abs && p.path == abs && filepath.IsAbs(abs) && filepath.Clean(abs) == abs
}

func load(path string, c *Cache) (*Policy, error) {
	return loadStatted(path, nil, c)
}

// loadStatted is load for a path whose stat (following symlinks) the
// caller has just made and found a regular file (fi; nil: stat it).
func loadStatted(path string, fi fs.FileInfo, c *Cache) (*Policy, error) {
	var src []byte
	var err error
	if fi != nil {
		src, err = smallfile.ReadStatted(path, fi, MaxFileSize)
	} else {
		src, err = smallfile.ReadRegular(path, MaxFileSize)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Op == "read" {
			return nil, fmt.Errorf("policy: read %s: %w", path, pe.Err)
		}
		return nil, fmt.Errorf("policy: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	var key cacheKey
	if c != nil {
		key = cacheKey{name: path, abs: filepath.Clean(abs), sum: sha256.Sum256(src)}
		if p := c.get(key); p != nil {
			return p, nil
		}
	}
	p, err := Parse(path, src)
	if err != nil {
		return nil, err
	}
	p.path = filepath.Clean(abs)
	if c != nil {
		c.put(key, p)
	}
	return p, nil
}

// Cache reuses compiled policies in a long-lived process (the resident
// engine). Its Load reads the file on every call and reuses a compiled
// policy only when the path and the sha256 of the bytes are the same, so
// an edit is in force on the very next call however quickly it follows
// the last one: nothing is trusted from file timestamps. Errors are never
// cached. The zero value is ready to use and safe for concurrent use.
type Cache struct {
	mu  sync.Mutex
	m   map[cacheKey]*Policy
	def *Policy
}

type cacheKey struct {
	name, abs string
	sum       [sha256.Size]byte
}

// cacheMax bounds a Cache: beyond it, the cache starts over.
const cacheMax = 64

// Load is Load through the cache.
func (c *Cache) Load(path string) (*Policy, error) { return load(path, c) }

// Default is Default, compiled once.
func (c *Cache) Default() *Policy {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.def == nil {
		c.def = Default()
	}
	return c.def
}

func (c *Cache) get(k cacheKey) *Policy {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *Cache) put(k cacheKey, p *Policy) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= cacheMax {
		c.m = make(map[cacheKey]*Policy)
	}
	c.m[k] = p
}

// Locate finds the policy file for a session whose working directory is
// cwd: $MANDATE_POLICY when set, else agent-policy.yaml at the root of the
// git repository containing cwd (the nearest directory with a .git
// directory or file), else "" meaning the built-in default. A file that
// $MANDATE_POLICY names must exist.
//
// It fails closed: a policy path that exists but is not a regular file
// (a dangling symlink, a FIFO, a device, a socket, a directory) is an
// error, never "no policy". So is a .git that is none of a directory, a
// regular file (a worktree's or submodule's gitfile) or a symlink to one
// of them: a .git FIFO, socket, device or dangling symlink marks a
// directory as a repository root to some tools and not to others, so
// Mandate cannot tell which repository, and so which policy, governs it.
func Locate(cwd string, getenv func(string) string) (string, error) {
	l, err := LocateFile(cwd, getenv)
	return l.Path, err
}

// Located is the policy file Locate found, with what the stat that found
// it a regular file said, so that reading it takes no second stat
// (LoadLocated). The zero value is no policy file: the built-in default.
type Located struct {
	Path string
	fi   fs.FileInfo
}

// LocateFile is Locate, keeping the stat of the file found.
func LocateFile(cwd string, getenv func(string) string) (Located, error) {
	if getenv != nil {
		if p := getenv("MANDATE_POLICY"); p != "" {
			fi, err := regularPolicy(p)
			if err != nil {
				return Located{}, fmt.Errorf("policy: MANDATE_POLICY: %w", err)
			}
			if !filepath.IsAbs(p) {
				fi = nil // stat-ed from this process's directory, read from the caller's
			}
			return Located{Path: p, fi: fi}, nil
		}
	}
	if cwd == "" {
		return Located{}, errors.New("policy: no working directory to locate the policy from")
	}
	dir, err := filepath.Abs(cwd)
	if err != nil {
		return Located{}, fmt.Errorf("policy: %w", err)
	}
	for i := 0; i < 4096; i++ {
		git := filepath.Join(dir, ".git")
		fi, err := os.Lstat(git)
		switch {
		case err == nil:
			if err := gitMarker(git, fi); err != nil {
				return Located{}, err
			}
			cand := filepath.Join(dir, FileName)
			switch fi, err := regularPolicy(cand); {
			case err == nil:
				return Located{Path: cand, fi: fi}, nil
			case errors.Is(err, fs.ErrNotExist):
				return Located{}, nil
			default:
				return Located{}, fmt.Errorf("policy: %w", err)
			}
		case !errors.Is(err, fs.ErrNotExist):
			return Located{}, fmt.Errorf("policy: %w", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return Located{}, nil
		}
		dir = parent
	}
	return Located{}, nil
}

// LoadLocated is Load of the file l names, opened and checked as Load
// does (it must still be the regular file Locate stat-ed), without
// stat-ing it again. l must name a file.
func LoadLocated(l Located) (*Policy, error) { return loadStatted(l.Path, l.fi, nil) }

// LoadLocated is LoadLocated through the cache.
func (c *Cache) LoadLocated(l Located) (*Policy, error) { return loadStatted(l.Path, l.fi, c) }

// regularPolicy checks that p is a regular file (through symlinks), and
// returns what its stat said. A missing file is fs.ErrNotExist; anything
// else that is there but not a regular file is an error saying what it
// is.
func regularPolicy(p string) (fs.FileInfo, error) {
	fi, err := os.Stat(p)
	if err == nil {
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is %s, not a regular file: a policy that cannot be read is never replaced by the default", p, smallfile.ModeKind(fi.Mode()))
		}
		return fi, nil
	}
	if lfi, lerr := os.Lstat(p); lerr == nil && lfi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s is a symlink that cannot be followed (%v): a policy that cannot be read is never replaced by the default", p, unwrapPath(err))
	}
	return nil, err
}

// gitMarker checks that a .git found while locating the repository root
// is a directory or a gitfile.
func gitMarker(git string, fi fs.FileInfo) error {
	mode := fi.Mode()
	if mode&fs.ModeSymlink != 0 {
		t, err := os.Stat(git)
		if err != nil {
			return fmt.Errorf("policy: %s is a symlink that cannot be followed (%v): cannot tell which repository governs this directory", git, unwrapPath(err))
		}
		mode = t.Mode()
	}
	if mode.IsDir() || mode.IsRegular() {
		return nil
	}
	return fmt.Errorf("policy: %s is %s, neither a git directory nor a gitfile: cannot tell which repository governs this directory", git, smallfile.ModeKind(mode))
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Digest is "sha256:<hex>" of the exact policy text.
func (p *Policy) Digest() string { return p.digest }

// Text returns a copy of the exact source bytes.
func (p *Policy) Text() []byte { return append([]byte(nil), p.text...) }

// Name is the file path the policy was loaded from, the name given to
// Parse, or DefaultName.
func (p *Policy) Name() string { return p.name }

// FailOpen reports the explicit opt-in `fail_mode: open`: when Mandate
// itself fails (not when a policy denies), the caller may let the action
// through. The default is closed.
func (p *Policy) FailOpen() bool { return p.failOpen }

// RedactPII reports `evidence: {redact_pii: true}`.
func (p *Policy) RedactPII() bool { return p.redactPII }

// RetentionDays is evidence.retention in days; 0 means keep forever.
func (p *Policy) RetentionDays() int { return p.retentionDays }

// DefaultTrust is the policy's default_trust_level.
func (p *Policy) DefaultTrust() string { return p.defaultTrust }
