package policy

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// facts are what one evaluation learns about its environment beyond the
// action — Mandate's running processes, its binaries on disk, git's
// answers — each asked at most once and only when a decision needs it.
type facts struct {
	procs     []Proc
	procsDone bool

	bins     []binFile
	binsDone bool

	binInfos     []binInfo
	binInfosDone bool

	progs map[string]progAnswer // program word + cwd → which file runs

	git         map[string]gitAnswer
	gitDeadline time.Time
}

func (ev *evaluation) facts() *facts {
	if ev.fx == nil {
		ev.fx = &facts{}
	}
	return ev.fx
}

func (ev *evaluation) fsys() fsview.FS {
	if ev.p.opt.FS != nil {
		return ev.p.opt.FS
	}
	return fsview.OS
}

// procList returns Mandate's running processes (Options.Procs, asked once).
func (ev *evaluation) procList() []Proc {
	fx := ev.facts()
	if !fx.procsDone {
		fx.procsDone = true
		if ev.p.opt.Procs != nil {
			fx.procs = ev.p.opt.Procs()
		}
	}
	return fx.procs
}

// binFile is a protected Mandate binary as found on disk.
type binFile struct {
	path string
	info fsview.Info
}

// binaries returns the protected binaries that exist, stat-ed once.
func (ev *evaluation) binaries() []binFile {
	fx := ev.facts()
	if fx.binsDone {
		return fx.bins
	}
	fx.binsDone = true
	for _, pr := range ev.p.opt.Protected {
		if pr.Kind != ProtectBinary || !path.IsAbs(pr.Path) {
			continue
		}
		info, err := ev.fsys().Lstat(pr.Path)
		if err == nil && info.Mode&fs.ModeSymlink != 0 {
			info, err = fsview.Stat(ev.fsys(), pr.Path)
		}
		if err != nil || !info.Mode.IsRegular() {
			continue
		}
		fx.bins = append(fx.bins, binFile{path: pr.Path, info: info})
	}
	return fx.bins
}

// binaryNames are the base names of the protected binaries' paths, listed
// whether or not the files exist.
func (ev *evaluation) binaryNames() []string {
	var out []string
	for _, pr := range ev.p.opt.Protected {
		if pr.Kind == ProtectBinary && pr.Path != "" {
			out = append(out, path.Base(pr.Path))
		}
	}
	return out
}

// ---- reading the few files a decision reads --------------------------------

// Mandate's decisions read file content only to compare a program with
// its binaries (by SHA-256), a protected file with what a git revision
// holds (by blob id), and the ignore files that re-include hidden names
// for a search tool: through fsview.Open, regular files only, never
// blocking on a FIFO. A file system that cannot open files (not an
// fsview.OpenFS) answers fsview.ErrNoOpen, which the caller treats as
// "cannot tell".

func (ev *evaluation) open(name string) (io.ReadCloser, error) {
	return fsview.Open(ev.fsys(), name)
}

// readBounded reads at most max bytes of name; a longer file is an error.
func (ev *evaluation) readBounded(name string, max int64) ([]byte, error) {
	return fsview.ReadFile(ev.fsys(), name, max)
}

// gitBlobID is the id git gives content stored as a blob.
func gitBlobID(content []byte) string {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(content)) + "\x00"))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}

// fileSHA256 hashes a file, remembering the result by the file's identity,
// size and times so that a binary is hashed once however many decisions
// compare a program with it.
func (ev *evaluation) fileSHA256(name string, info fsview.Info) ([32]byte, error) {
	key := hashKey{info.Dev, info.Ino, info.Size, info.Mtime, info.Ctime}
	if info.Ino != 0 {
		if h, ok := hashes.get(key); ok {
			return h, nil
		}
	}
	f, err := ev.open(name)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, info.Size+1)); err != nil {
		return [32]byte{}, err
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	if info.Ino != 0 {
		hashes.put(key, sum)
	}
	return sum, nil
}

type hashKey struct {
	dev, ino     uint64
	size         int64
	mtime, ctime int64
}

// hashCache is shared by every Policy: it holds only digests of files,
// keyed so that a changed file is a new key.
type hashCache struct {
	mu sync.Mutex
	m  map[hashKey][32]byte
}

var hashes hashCache

const hashCacheMax = 64

func (c *hashCache) get(k hashKey) ([32]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.m[k]
	return h, ok
}

func (c *hashCache) put(k hashKey, h [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= hashCacheMax {
		c.m = map[hashKey][32]byte{}
	}
	c.m[k] = h
}

// ---- git -------------------------------------------------------------------

// gitBudget bounds the time one evaluation spends in git queries.
const gitBudget = 1500 * time.Millisecond

type gitAnswer struct {
	out []byte
	err error
}

var errNoGit = errors.New("no git query is available to this decision")

// gitQuery runs one query through Options.Git, once per evaluation.
func (ev *evaluation) gitQuery(repo string, args ...string) ([]byte, error) {
	q := ev.p.opt.Git
	if q == nil {
		return nil, errNoGit
	}
	fx := ev.facts()
	key := repo + "\x00" + strings.Join(args, "\x00")
	if a, ok := fx.git[key]; ok {
		return a.out, a.err
	}
	if fx.gitDeadline.IsZero() {
		fx.gitDeadline = time.Now().Add(gitBudget)
	}
	if fx.git == nil {
		fx.git = map[string]gitAnswer{}
	}
	ctx, cancel := context.WithDeadline(context.Background(), fx.gitDeadline)
	out, err := q(ctx, repo, args...)
	cancel()
	fx.git[key] = gitAnswer{out, err}
	return out, err
}
