package evidence

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// BundleFormat is the first field of a bundle's manifest. The container
// did not change with the v2 records it may now hold.
const BundleFormat = "mandate evidence bundle v1"

// Bundle limits: a bundle larger than MaxBundleSize, compressed or not, is
// refused (ErrUnreadable) after reading at most that many bytes.
const (
	MaxBundleSize = 1 << 30  // the whole bundle, compressed and uncompressed
	maxSmallPart  = 16 << 20 // every member but records.jsonl and proofs.jsonl
)

// Bundle member names, in the order Export writes them.
const (
	memberManifest    = "bundle.json"
	memberKey         = "verifier.key"
	memberCheckpoints = "checkpoints.jsonl"
	memberConsistency = "consistency.jsonl"
	memberRecords     = "records.jsonl"
	memberProofs      = "proofs.jsonl"
)

var bundleMembers = []string{memberManifest, memberKey, memberCheckpoints, memberConsistency, memberRecords, memberProofs}

// manifest is bundle.json. It claims only what VerifyBundle checks: how
// the bundle was selected is not a claim (completeness of a selection
// cannot be proven without the whole log); the report lists what the
// records cover instead.
type manifest struct {
	Format   string `json:"format"`
	Origin   string `json:"origin"`
	Records  int64  `json:"records"`
	TreeSize int64  `json:"tree_size"`
}

type proofLine struct {
	Index int64    `json:"index"`
	Proof []string `json:"proof"`
}

type consistencyLine struct {
	Seq   int64    `json:"seq"`
	Proof []string `json:"proof"`
}

// ErrUnreadable is wrapped by every error about a bundle that cannot be
// read as a bundle at all: a missing file, a directory, an empty,
// truncated or corrupt file, one over the size limit, a member missing.
// (Evidence that reads but fails a check wraps ErrInvalid instead.)
var ErrUnreadable = errors.New("evidence: cannot read the bundle")

// ErrUntrusted is VerifyBundleWith's error for a bundle that passed every
// check against the verifier key it carries, with no key given and the
// bundled key not trusted explicitly: it is self-consistent, which a
// forger's bundle signed by the forger's key is too.
var ErrUntrusted = errors.New("evidence: the bundle is only self-consistent: it verifies against the key it carries, which no one vouched for")

// KeyTrust says what the verifier key a bundle was checked with is worth.
type KeyTrust string

const (
	// KeyPinned: the caller gave the key (obtained independently); the
	// bundle is shown to come from that log.
	KeyPinned KeyTrust = "pinned"
	// KeyBundledTrusted: no key was given and the caller chose to trust
	// the key the bundle carries (--trust-bundled-key).
	KeyBundledTrusted KeyTrust = "bundled-trusted-explicitly"
	// KeyNone: no key was given: the bundle is only self-consistent.
	KeyNone KeyTrust = "none"
)

// BundleOptions configure VerifyBundleWith and OpenBundle.
type BundleOptions struct {
	// Key is the verifier key text the bundle must be signed with.
	Key string
	// TrustBundledKey accepts the key the bundle carries when Key is
	// empty (the caller vouches for it, having compared it out of band).
	TrustBundledKey bool
	// MaxSize bounds the bundle, compressed and uncompressed; 0 or more
	// than MaxBundleSize means MaxBundleSize.
	MaxSize int64
}

// BundleReport is the outcome of verifying a bundle.
type BundleReport struct {
	// OK is true when every check passed against the key used (Trust says
	// whose key that is).
	OK       bool   `json:"ok"`
	FirstBad int64  `json:"first_bad"` // index of the first bad record, -1 if none or not a record
	Problem  string `json:"problem,omitempty"`
	// Unreadable is true when the bundle could not be read at all.
	Unreadable bool `json:"unreadable,omitempty"`

	Origin string   `json:"origin"`
	Key    string   `json:"key"`
	Trust  KeyTrust `json:"trust"`
	// KeySelfAsserted is Trust == KeyNone: the bundle proves it was
	// signed by the key it carries, not that this key is the log's.
	KeySelfAsserted bool      `json:"key_self_asserted"`
	TreeSize        int64     `json:"tree_size"`
	RootHash        string    `json:"root_hash"`
	CheckpointTime  time.Time `json:"checkpoint_time"`
	Checkpoints     int       `json:"checkpoints"`
	Records         int64     `json:"records"`
	Pruned          int64     `json:"pruned"`
	Pseudonymized   int64     `json:"pseudonymized"`
	Policies        int       `json:"policies"` // policy texts included (by digest)
	Sessions        []string  `json:"sessions,omitempty"`
	First           time.Time `json:"first"` // earliest record timestamp
	Last            time.Time `json:"last"`  // latest record timestamp
	Warnings        []string  `json:"warnings,omitempty"`
}

// Trusted reports whether the bundle verified against a key someone
// vouched for (pinned, or the bundled key trusted explicitly).
func (r *BundleReport) Trusted() bool { return r.OK && r.Trust != KeyNone }

// VerifyBundle verifies a bundle with an optional pinned key. Without a
// key it returns no error for a self-consistent bundle, and the report
// says Trust == KeyNone; use VerifyBundleWith to have that refused.
func VerifyBundle(ctx context.Context, r io.Reader, key string) (BundleReport, error) {
	rep, err := VerifyBundleWith(ctx, r, BundleOptions{Key: key})
	if errors.Is(err, ErrUntrusted) {
		err = nil
	}
	return rep, err
}

// VerifyBundleWith verifies a bundle written by Export using nothing but
// the bundle and opts (docs/evidence-format.md, section 8). It reads at
// most the size limit, compressed and uncompressed. The error wraps
// ErrUnreadable (not a bundle), ErrInvalid (a check failed; the report
// says where) or ErrUntrusted (every check passed, but against a key no
// one vouched for).
func VerifyBundleWith(ctx context.Context, r io.Reader, opts BundleOptions) (BundleReport, error) {
	b, err := OpenBundle(ctx, r, opts)
	if b == nil {
		return BundleReport{FirstBad: -1, Unreadable: true, Problem: problemOf(err)}, err
	}
	return b.Report, err
}

// VerifyBundleFile is VerifyBundleWith for a file: a path that is missing,
// a directory, not a regular file, empty or over the limit is refused
// (ErrUnreadable) before anything is read.
func VerifyBundleFile(ctx context.Context, path string, opts BundleOptions) (BundleReport, error) {
	b, err := OpenBundleFile(ctx, path, opts)
	if b == nil {
		return BundleReport{FirstBad: -1, Unreadable: true, Problem: problemOf(err)}, err
	}
	return b.Report, err
}

func problemOf(err error) string {
	if err == nil {
		return ""
	}
	return strings.TrimPrefix(err.Error(), ErrUnreadable.Error()+": ")
}

// Bundle is a verified (or failed) bundle held in memory, readable as a
// record source (see Source).
type Bundle struct {
	Report  BundleReport
	records []byte // the records member
}

// OpenBundle reads and verifies a bundle (see VerifyBundleWith). It
// returns nil only with an ErrUnreadable error; a bundle that fails a
// check is returned with its report and an ErrInvalid error, so a caller
// may still show what it holds, marked as failed.
func OpenBundle(ctx context.Context, r io.Reader, opts BundleOptions) (*Bundle, error) {
	limit := opts.MaxSize
	if limit <= 0 || limit > MaxBundleSize {
		limit = MaxBundleSize
	}
	parts, err := readBundle(r, limit)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	return openParts(ctx, parts, opts)
}

// openParts verifies the members of a bundle read by readBundle.
func openParts(ctx context.Context, parts map[string][]byte, opts BundleOptions) (*Bundle, error) {
	b := &Bundle{records: parts[memberRecords]}
	rep := &b.Report
	rep.FirstBad = -1
	vs := newVerifyState(nil, true)
	vs.verifyBundle(ctx, parts, opts, rep)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	if vs.problem != "" {
		rep.FirstBad = vs.firstBad
		rep.Problem = problemText(rep.FirstBad, vs.problem)
		return b, fmt.Errorf("%w: %s", ErrInvalid, rep.Problem)
	}
	rep.OK = true
	if rep.Trust == KeyNone {
		return b, ErrUntrusted
	}
	return b, nil
}

// OpenBundleFile is OpenBundle for the file at path (see VerifyBundleFile).
func OpenBundleFile(ctx context.Context, path string, opts BundleOptions) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	limit := opts.MaxSize
	if limit <= 0 || limit > MaxBundleSize {
		limit = MaxBundleSize
	}
	switch {
	case st.IsDir():
		return nil, fmt.Errorf("%w: %s is a directory, not a bundle", ErrUnreadable, path)
	case st.Mode().IsRegular() && st.Size() == 0:
		return nil, fmt.Errorf("%w: %s is empty", ErrUnreadable, path)
	case st.Mode().IsRegular() && st.Size() > limit:
		return nil, fmt.Errorf("%w: %s is %d bytes, over the %d-byte limit", ErrUnreadable, path, st.Size(), limit)
	case !st.Mode().IsRegular() && st.Mode()&os.ModeNamedPipe == 0:
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrUnreadable, path)
	}
	return OpenBundle(ctx, f, opts)
}

// readBundle reads the members of a bundle within the limits.
func readBundle(r io.Reader, limit int64) (map[string][]byte, error) {
	lr := &io.LimitedReader{R: r, N: limit + 1}
	var magic [2]byte
	switch n, err := io.ReadFull(lr, magic[:]); {
	case n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF):
		return nil, errors.New("the bundle is empty")
	case err != nil && err != io.ErrUnexpectedEOF:
		return nil, fmt.Errorf("reading: %v", err)
	case n < 2 || magic != [2]byte{0x1f, 0x8b}:
		return nil, errors.New("not a bundle (a bundle is a gzip-compressed tar file)")
	}
	// lr counted the magic; it is read again from memory.
	gz, err := gzip.NewReader(io.MultiReader(bytes.NewReader(magic[:]), lr))
	if err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("bundle exceeds the %d-byte limit", limit)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.New("bundle is truncated")
		}
		return nil, fmt.Errorf("not a bundle (gzip): %v", err)
	}
	// Count decompressed bytes: a zip bomb stops at the limit.
	dr := &io.LimitedReader{R: gz, N: limit + 1}
	tr := tar.NewReader(dr)
	parts := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bundleReadError(lr, dr, limit, err)
		}
		known := false
		for _, n := range bundleMembers {
			known = known || hdr.Name == n
		}
		if !known {
			return nil, fmt.Errorf("unexpected member %q", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("member %q is not a regular file", hdr.Name)
		}
		if _, dup := parts[hdr.Name]; dup {
			return nil, fmt.Errorf("member %q appears twice", hdr.Name)
		}
		max := int64(maxSmallPart)
		if hdr.Name == memberRecords || hdr.Name == memberProofs {
			max = limit
		}
		if hdr.Size < 0 || hdr.Size > max || hdr.Size > limit {
			return nil, fmt.Errorf("member %q is %d bytes, over the %d-byte limit", hdr.Name, hdr.Size, max)
		}
		b, err := io.ReadAll(io.LimitReader(tr, hdr.Size))
		if err != nil {
			return nil, bundleReadError(lr, dr, limit, err)
		}
		if int64(len(b)) != hdr.Size {
			return nil, fmt.Errorf("bundle is truncated (member %q)", hdr.Name)
		}
		parts[hdr.Name] = b
	}
	// Read to the end of the gzip stream so its checksum is checked.
	if _, err := io.Copy(io.Discard, dr); err != nil {
		return nil, bundleReadError(lr, dr, limit, err)
	}
	if dr.N <= 0 || lr.N <= 0 {
		return nil, fmt.Errorf("bundle exceeds the %d-byte limit", limit)
	}
	for _, n := range bundleMembers {
		if _, ok := parts[n]; !ok {
			return nil, fmt.Errorf("bundle has no %s", n)
		}
	}
	return parts, nil
}

func bundleReadError(lr, dr *io.LimitedReader, limit int64, err error) error {
	if lr.N <= 0 || dr.N <= 0 {
		return fmt.Errorf("bundle exceeds the %d-byte limit (uncompressed or compressed)", limit)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("bundle is truncated")
	}
	return fmt.Errorf("bundle is corrupt: %v", err)
}
