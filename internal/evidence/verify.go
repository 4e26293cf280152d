package evidence

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// ErrInvalid is wrapped by every error that reports evidence failing
// verification (as opposed to an error reading it).
var ErrInvalid = errors.New("evidence: verification failed")

// Report is the outcome of Verify.
type Report struct {
	OK bool `json:"ok"`
	// FirstBad is the index of the first bad record, or -1 when the
	// problem is not a single record (a checkpoint, a key) or there is none.
	FirstBad int64  `json:"first_bad"`
	Problem  string `json:"problem,omitempty"`

	Records       int64  `json:"records"`       // complete, committed records checked
	Pruned        int64  `json:"pruned"`        // of which payloads erased (prune, subject erasure)
	Pseudonymized int64  `json:"pseudonymized"` // of which identities replaced by a subject's pseudonym
	Checkpoints   int    `json:"checkpoints"`   // signed checkpoints checked
	TreeSize      int64  `json:"tree_size"`     // size signed by the latest checkpoint
	RootHash      string `json:"root_hash,omitempty"`
	// CheckpointTime is when the latest checkpoint was signed.
	CheckpointTime time.Time `json:"checkpoint_time,omitzero"`
	// Unsigned is the unsigned tail: the records after the latest
	// checkpoint (all of them when there is none), protected by the
	// hashes file only until the next checkpoint signs them. The engine
	// bounds it (see CheckpointBound).
	Unsigned int64 `json:"unsigned"`
	// Pending is true when the last record was written but its append did
	// not finish (never acknowledged); the next append completes it.
	Pending bool `json:"pending,omitempty"`
	// TornTail is true when the records file ends in an unterminated line
	// left by a writer that died mid-write; the next append removes it.
	TornTail bool `json:"torn_tail,omitempty"`
	// Warnings are findings that do not fail verification (a v1 record's
	// policy text missing, a policy text masked before storage).
	Warnings []string      `json:"warnings,omitempty"`
	Key      string        `json:"key"` // the verifier key used
	Elapsed  time.Duration `json:"-"`
}

// Verify checks the whole local log in state directory dir: the shape,
// index and payload digest of every record, the Merkle hashes on disk
// against the records, every checkpoint's signature (with the log's own
// verifier key), the tree against every checkpoint, consistency between
// consecutive checkpoints, the checkpoint records in the log against the
// checkpoints file, and that every erased payload is covered by a prune
// record. It reads a consistent snapshot while writers keep appending.
//
// When the evidence fails, the Report says where and the error wraps
// ErrInvalid; other errors are failures to read.
func Verify(ctx context.Context, dir string) (Report, error) {
	return VerifyWithKey(ctx, dir, "")
}

// VerifyWithKey is Verify with a pinned verifier key text (as printed by
// `mandate init`); "" uses the key in the state directory.
func VerifyWithKey(ctx context.Context, dir, key string) (Report, error) {
	rep, _, err := verifyDir(ctx, dir, key)
	return rep, err
}

// verifyDir is VerifyWithKey that also returns the verification state
// (recomputed hashes, checkpoints) for Export.
func verifyDir(ctx context.Context, dir, key string) (Report, *verifyState, error) {
	start := time.Now()
	rep := Report{FirstBad: -1}
	if key == "" {
		k, err := VerifierKey(dir)
		if err != nil {
			return rep, nil, err
		}
		key = k
	}
	v, err := parseVerifier(key)
	if err != nil {
		return rep, nil, err
	}
	rep.Key = key
	evdir := filepath.Join(dir, subdir)
	// Snapshot order matters with concurrent writers: checkpoints, then
	// hashes, then records. Anything appended later is simply not seen.
	if _, err := os.Stat(evdir); err != nil {
		return rep, nil, fmt.Errorf("evidence: no evidence log: %w", err)
	}
	cpf, cpSize, err := openOrEmpty(filepath.Join(evdir, checkpointsFile))
	if err != nil {
		return rep, nil, err
	}
	defer cpf.Close()
	hsf, hsSize, err := openOrEmpty(filepath.Join(evdir, hashesFile))
	if err != nil {
		return rep, nil, err
	}
	defer hsf.Close()
	recf, _, err := openOrEmpty(filepath.Join(evdir, recordsFile))
	if err != nil {
		return rep, nil, err
	}
	defer recf.Close()

	vs := newVerifyState(v, false)
	vs.nh = treeSizeForHashes(hsSize / tlog.HashSize)
	hsLen := tlog.StoredHashCount(vs.nh) * tlog.HashSize
	vs.hashes = bufio.NewReaderSize(io.LimitReader(hsf, hsLen), bufSize(hsLen))
	vs.mem = make(memHashes, 0, min(hsLen/tlog.HashSize, 1<<22)) // a forged huge (sparse) hashes file must not allocate up front
	if err := vs.records(ctx, recf, hsLen); err != nil {
		return rep, nil, err
	}
	if vs.problem == "" {
		vs.checkpointsFile(io.LimitReader(cpf, cpSize), 1<<20, cpSize)
	}
	vs.checkpointRecords(vs.cps, vs.nr, true)
	vs.finish()
	vs.fill(&rep)
	rep.Elapsed = time.Since(start)
	if !rep.OK {
		return rep, vs, fmt.Errorf("%w: %s", ErrInvalid, rep.Problem)
	}
	return rep, vs, nil
}

// openOrEmpty opens a log file for reading; a file that does not exist
// reads as empty (a log that has recorded nothing yet). A records file
// missing while hashes exist is then reported as missing records.
func openOrEmpty(path string) (io.ReadCloser, int64, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return io.NopCloser(strings.NewReader("")), 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("evidence: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("evidence: %w", err)
	}
	return f, st.Size(), nil
}

// verifyState is the verifier, of the local log (Verify, and Export
// before it writes a bundle) and of a bundle (verify_bundle.go): one
// checkpoint chain (checkpointsFile) and one set of record checks
// (recordChecks) over either. They differ in how a record is tied to the
// signed tree: the log recomputes every Merkle hash and compares it with
// the hashes file; a bundle holds a subset of the records, each with an
// inclusion proof in the latest checkpoint, and a consistency proof from
// every older checkpoint to it.
type verifyState struct {
	*recordChecks
	v note.Verifier
	// bundle: verifying a bundle. Its checkpoint lines must all be whole,
	// and are tied to the records by proofs, not by recomputed hashes.
	bundle bool

	// The local log only:
	nh     int64         // records covered by the hashes file
	hashes *bufio.Reader // the hashes file, compared as records are hashed
	mem    memHashes     // stored hashes recomputed from the records

	nr        int64 // complete records seen
	cps       []Checkpoint
	pending   bool
	torn      bool
	hashesBuf [tlog.HashSize]byte
}

func newVerifyState(v note.Verifier, bundle bool) *verifyState {
	return &verifyState{recordChecks: newRecordChecks(bundle), v: v, bundle: bundle}
}

func (vs *verifyState) records(ctx context.Context, r io.Reader, sizeHint int64) error {
	err := parseLines(ctx, r, sizeHint, func(pl *parsedLine) error {
		i := vs.nr
		if i > vs.nh {
			return errStop // appended after the snapshot
		}
		if !pl.complete {
			if i < vs.nh {
				vs.fail(i, "truncated (the line has no end, but the log's hashes commit to it)")
			} else {
				vs.torn = true
			}
			return errStop
		}
		if pl.err != nil {
			vs.fail(i, "%v", pl.err)
			return errStop
		}
		l := &pl.l
		if l.env.Index != i {
			vs.fail(i, "holds index %d (a record was deleted, duplicated or reordered)", l.env.Index)
			return errStop
		}
		if !vs.add(l) {
			return errStop
		}
		if i == vs.nh {
			vs.pending = true
			return errStop
		}
		hs, err := tlog.StoredHashesForRecordHash(i, pl.leaf, vs.mem)
		if err != nil {
			return fmt.Errorf("evidence: hashing record %d: %w", i, err)
		}
		for _, h := range hs {
			if _, err := io.ReadFull(vs.hashes, vs.hashesBuf[:]); err != nil {
				return fmt.Errorf("evidence: reading hashes: %w", err)
			}
			if h != tlog.Hash(vs.hashesBuf) {
				vs.fail(i, "the Merkle hashes on disk do not match this record (the record or the hashes file was altered)")
				return errStop
			}
		}
		vs.mem = append(vs.mem, hs...)
		vs.nr++
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		if errors.Is(err, errLine) {
			vs.fail(vs.nr, "%v", err)
			return nil
		}
		return err
	}
	if vs.problem == "" && vs.nr < vs.nh {
		vs.fail(vs.nr, "missing: the log's hashes commit to %d records but only %d are present (records deleted or truncated)", vs.nh, vs.nr)
	}
	return nil
}

// checkpointsFile checks every checkpoint line, of at most maxLine bytes,
// as the next checkpoint (checkpoint). The log's last line may be a
// checkpoint still being written: unterminated and not yet a whole JSON
// value, it ends the file. A bundle's lines must all be whole.
func (vs *verifyState) checkpointsFile(r io.Reader, maxLine int, size int64) {
	err := readLines(r, maxLine, size, func(b []byte, complete bool) error {
		k := len(vs.cps)
		if !complete && vs.bundle {
			vs.fail(-1, "checkpoint %d: unterminated line", k)
			return errStop
		}
		if !complete {
			if holdsJSONValue(b) {
				vs.fail(-1, "checkpoint %d: the file's last line is complete but unterminated (a checkpoint was truncated or altered)", k)
			}
			return errStop
		}
		cp, err := parseCheckpointLine(b, vs.v)
		if err != nil {
			vs.fail(-1, "checkpoint %d: %v", k, err)
			return errStop
		}
		return vs.checkpoint(cp)
	})
	if err != nil && !errors.Is(err, errStop) {
		vs.fail(-1, "checkpoints file: %v", err)
	}
}

// checkpoint checks the next checkpoint in sequence (chainNext) and, in
// the log, against the records: the tree it signs is the records' tree,
// and consistent with the checkpoint before. (A bundle's checkpoints are
// checked against the latest by their consistency proofs.)
func (vs *verifyState) checkpoint(cp Checkpoint) error {
	k := int64(len(vs.cps))
	var prev *Checkpoint
	if k > 0 {
		prev = &vs.cps[k-1]
	}
	if err := chainNext(prev, &cp, k); err != nil {
		vs.fail(-1, "%v", err)
		return errStop
	}
	if vs.bundle {
		vs.cps = append(vs.cps, cp)
		return nil
	}
	if cp.Tree.N > vs.nr {
		vs.fail(vs.nr, "missing: checkpoint %d signs %d records but the log holds %d (records deleted or truncated)", k, cp.Tree.N, vs.nr)
		return errStop
	}
	h, err := tlog.TreeHash(cp.Tree.N, vs.mem)
	if err != nil || h != cp.Tree.Hash {
		lo := int64(0)
		if prev != nil {
			lo = prev.Tree.N
		}
		vs.fail(lo, "checkpoint %d (tree size %d) does not match the records: a record with index in [%d, %d) was altered or replaced", k, cp.Tree.N, lo, cp.Tree.N)
		return errStop
	}
	if prev != nil {
		proof, err := tlog.ProveTree(cp.Tree.N, prev.Tree.N, vs.mem)
		if err != nil || tlog.CheckTree(proof, cp.Tree.N, cp.Tree.Hash, prev.Tree.N, prev.Tree.Hash) != nil {
			vs.fail(-1, "checkpoint %d is not consistent with checkpoint %d", k, k-1)
			return errStop
		}
	}
	vs.cps = append(vs.cps, cp)
	return nil
}

func (vs *verifyState) fill(rep *Report) {
	rep.Records = vs.nr
	rep.Pruned = int64(len(vs.pruned))
	rep.Pseudonymized = int64(len(vs.pseud))
	rep.Checkpoints = len(vs.cps)
	if len(vs.cps) > 0 {
		last := vs.cps[len(vs.cps)-1]
		rep.TreeSize = last.Tree.N
		rep.RootHash = last.Tree.Hash.String()
		rep.CheckpointTime = last.Time
	}
	rep.Unsigned = vs.nr - rep.TreeSize
	rep.Pending = vs.pending
	rep.TornTail = vs.torn
	rep.OK = vs.problem == ""
	rep.Problem = problemText(vs.firstBad, vs.problem)
	rep.FirstBad = vs.firstBad
	rep.Warnings = vs.warnings
}

// problemText names the record a problem is about, if any.
func problemText(index int64, problem string) string {
	if index >= 0 && problem != "" {
		return fmt.Sprintf("record %d: %s", index, problem)
	}
	return problem
}

// memHashes is a tlog.HashReader over stored hashes held in memory.
type memHashes []tlog.Hash

func (m memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(m)) {
			return nil, fmt.Errorf("evidence: hash %d not available", x)
		}
		out[i] = m[x]
	}
	return out, nil
}
