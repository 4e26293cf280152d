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

	Records     int64  `json:"records"`     // complete, committed records checked
	Pruned      int64  `json:"pruned"`      // of which payloads erased by prune
	Checkpoints int    `json:"checkpoints"` // signed checkpoints checked
	TreeSize    int64  `json:"tree_size"`   // size signed by the latest checkpoint
	RootHash    string `json:"root_hash,omitempty"`
	Unsigned    int64  `json:"unsigned"` // records after the latest checkpoint (protected only by the next one)
	// Pending is true when the last record was written but its append did
	// not finish (never acknowledged); the next append completes it.
	Pending bool `json:"pending,omitempty"`
	// TornTail is true when the records file ends in an unterminated line
	// left by a writer that died mid-write; the next append removes it.
	TornTail bool          `json:"torn_tail,omitempty"`
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

	vs := newVerifyState(v)
	vs.nh = treeSizeForHashes(hsSize / tlog.HashSize)
	hsLen := tlog.StoredHashCount(vs.nh) * tlog.HashSize
	vs.hashes = bufio.NewReaderSize(io.LimitReader(hsf, hsLen), bufSize(hsLen))
	vs.mem = make(memHashes, 0, min(hsLen/tlog.HashSize, 1<<22)) // a forged huge (sparse) hashes file must not allocate up front
	if err := vs.records(ctx, recf, hsLen); err != nil {
		return rep, nil, err
	}
	if vs.problem == "" {
		vs.checkpointsFile(io.LimitReader(cpf, cpSize), cpSize)
	}
	vs.crossCheck()
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

// verifyState carries one verification over the files or a bundle.
type verifyState struct {
	v      note.Verifier
	nh     int64         // records covered by the hashes file
	hashes *bufio.Reader // the hashes file, compared as records are hashed
	mem    memHashes     // stored hashes recomputed from the records

	nr        int64 // complete records seen
	pruned    []prunedRec
	prunes    []pruneRec
	cpRecs    []cpRec
	cps       []Checkpoint
	pending   bool
	torn      bool
	problem   string
	firstBad  int64
	hashesBuf [tlog.HashSize]byte
}

type prunedRec struct {
	index int64
	ts    string
}
type pruneRec struct {
	index, through int64
	before         string // timeFormat
}
type cpRec struct {
	index, seq, size int64
	digest           string
}

func newVerifyState(v note.Verifier) *verifyState {
	return &verifyState{v: v, firstBad: -1}
}

func (vs *verifyState) fail(index int64, format string, args ...any) {
	if vs.problem != "" {
		return
	}
	vs.firstBad = index
	vs.problem = fmt.Sprintf(format, args...)
	if index >= 0 {
		vs.problem = fmt.Sprintf("record %d: %s", index, vs.problem)
	}
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
		if err := vs.record(l); err != nil {
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

// record collects what the cross-checks need from one parsed record.
func (vs *verifyState) record(l *line) error {
	i := l.env.Index
	if l.payload == nil {
		if l.env.Type == TypePrune || l.env.Type == TypeCheckpoint {
			vs.fail(i, "the payload of a %s record was erased", l.env.Type)
			return errStop
		}
		vs.pruned = append(vs.pruned, prunedRec{index: i, ts: l.env.Timestamp})
		return nil
	}
	switch l.env.Type {
	case TypePrune, TypeCheckpoint:
	default:
		return nil
	}
	e, err := l.entry()
	if err != nil {
		vs.fail(i, "%v", err)
		return errStop
	}
	if l.env.Type == TypePrune {
		through, ok := e.Record.extraInt("through_index")
		before := e.Record.extraString("before")
		if _, err := time.Parse(timeFormat, before); !ok || err != nil || through >= i {
			vs.fail(i, "malformed prune record")
			return errStop
		}
		vs.prunes = append(vs.prunes, pruneRec{index: i, through: through, before: before})
		return nil
	}
	seq, ok1 := e.Record.extraInt("seq")
	size, ok2 := e.Record.extraInt("tree_size")
	if !ok1 || !ok2 || size != i {
		vs.fail(i, "malformed checkpoint record")
		return errStop
	}
	vs.cpRecs = append(vs.cpRecs, cpRec{index: i, seq: seq, size: size, digest: e.Record.extraString("note_digest")})
	return nil
}

// checkpointsFile checks every checkpoint line against the records.
func (vs *verifyState) checkpointsFile(r io.Reader, size int64) {
	err := readLines(r, 1<<20, size, func(b []byte, complete bool) error {
		k := len(vs.cps)
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

// checkpoint checks the next checkpoint in sequence.
func (vs *verifyState) checkpoint(cp Checkpoint) error {
	k := int64(len(vs.cps))
	if cp.Seq != k {
		vs.fail(-1, "checkpoint %d has seq %d (checkpoints deleted, duplicated or reordered)", k, cp.Seq)
		return errStop
	}
	var prev *Checkpoint
	if k > 0 {
		prev = &vs.cps[k-1]
		if cp.Tree.N <= prev.Tree.N {
			vs.fail(-1, "checkpoint %d signs %d records, not more than checkpoint %d's %d", k, cp.Tree.N, k-1, prev.Tree.N)
			return errStop
		}
		if cp.Time.Before(prev.Time) {
			vs.fail(-1, "checkpoint %d is dated before checkpoint %d", k, k-1)
			return errStop
		}
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

// crossCheck ties checkpoint records to checkpoints and erased payloads to
// prune records.
func (vs *verifyState) crossCheck() {
	if vs.problem != "" {
		return
	}
	for _, r := range vs.cpRecs {
		if r.seq < 0 || r.seq >= int64(len(vs.cps)) {
			vs.fail(r.index, "records checkpoint %d, which is missing from the checkpoints file (checkpoints deleted)", r.seq)
			return
		}
		cp := vs.cps[r.seq]
		if cp.Tree.N != r.size || payloadDigest(cp.Note) != r.digest {
			vs.fail(r.index, "records checkpoint %d, but the checkpoints file holds a different one (checkpoints altered or replaced)", r.seq)
			return
		}
	}
	for k, cp := range vs.cps {
		if cp.Tree.N >= vs.nr {
			continue // its record was not written yet (a crash right after signing)
		}
		if k >= len(vs.cpRecs) || vs.cpRecs[k].seq != int64(k) || vs.cpRecs[k].index != cp.Tree.N {
			vs.fail(cp.Tree.N, "should record checkpoint %d but does not", k)
			return
		}
	}
	pi := 0
	for _, p := range vs.pruned {
		ok := false
		for _, pr := range vs.prunes[pi:] {
			if pr.index > p.index && pr.through >= p.index && p.ts < pr.before {
				ok = true
				break
			}
		}
		if !ok {
			vs.fail(p.index, "payload erased but no prune record covers it")
			return
		}
	}
}

func (vs *verifyState) fill(rep *Report) {
	rep.Records = vs.nr
	rep.Pruned = int64(len(vs.pruned))
	rep.Checkpoints = len(vs.cps)
	if len(vs.cps) > 0 {
		last := vs.cps[len(vs.cps)-1]
		rep.TreeSize = last.Tree.N
		rep.RootHash = last.Tree.Hash.String()
	}
	rep.Unsigned = vs.nr - rep.TreeSize
	rep.Pending = vs.pending
	rep.TornTail = vs.torn
	rep.OK = vs.problem == ""
	rep.Problem = vs.problem
	rep.FirstBad = vs.firstBad
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
