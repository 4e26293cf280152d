package evidence

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/mandate-dev/mandate/internal/canonjson"
)

// Checkpoint is a parsed, signature-checked checkpoint.
type Checkpoint struct {
	Origin string
	Tree   tlog.Tree
	Seq    int64
	Time   time.Time
	Note   []byte // the signed note as stored
}

// Checkpoint signs the current tree head as a C2SP checkpoint (a signed
// note, Ed25519), appends it to the checkpoints file, records it in the log
// as a "checkpoint" record, and returns the signed note. The note body is
//
//	mandate.dev/evidence/<log-id>
//	<tree size>
//	<base64 root hash>
//	mandate evidence v1
//	seq <n>
//	time <RFC 3339 UTC, ms>
func (l *Log) Checkpoint(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, ErrClosed
	}
	if err := l.lk.lock(); err != nil {
		return nil, err
	}
	defer l.lk.unlock()
	return l.checkpointLocked()
}

func (l *Log) checkpointLocked() ([]byte, error) {
	n, size, err := l.recoverLocked()
	if err != nil {
		return nil, err
	}
	return l.checkpointAt(n, size)
}

// checkpointAt signs a checkpoint of the n records of a records file of
// size bytes, just recovered, and records it as record n. Called with the
// lock held.
func (l *Log) checkpointAt(n, size int64) ([]byte, error) {
	if n == 0 {
		return nil, errors.New("evidence: the log is empty: nothing to checkpoint")
	}
	cpSize, lastCP, err := repairTail(l.cps) // already repaired by recoverLocked
	if err != nil {
		return nil, err
	}
	now := l.opt.Now().UTC().Truncate(time.Millisecond)
	seq := int64(0)
	if lastCP != nil {
		prev, err := parseCheckpointLine(lastCP, l.verifier)
		if err != nil {
			return nil, fmt.Errorf("%w: last checkpoint: %v", ErrDamaged, err)
		}
		seq = prev.Seq + 1
		if now.Before(prev.Time) {
			now = prev.Time // checkpoint times never go backwards, whatever the clock does
		}
	}
	signer, err := l.loadSigner()
	if err != nil {
		return nil, err
	}
	root, err := tlog.TreeHash(n, hashFile{l.hs})
	if err != nil {
		return nil, fmt.Errorf("evidence: computing tree head: %w", err)
	}
	body := fmt.Sprintf("%s\n%d\n%s\n%s\nseq %d\ntime %s\n", signer.Name(), n,
		base64.StdEncoding.EncodeToString(root[:]), CheckpointFormat, seq, now.Format(timeFormat))
	msg, err := note.Sign(&note.Note{Text: body}, signer)
	if err != nil {
		return nil, fmt.Errorf("evidence: signing checkpoint: %w", err)
	}
	// Prepare the checkpoint's own record before writing anything, so a
	// redaction or encoding failure leaves no checkpoint without a record.
	cp := Checkpoint{Tree: tlog.Tree{N: n}, Seq: seq, Time: now, Note: msg}
	p, err := l.prepare(checkpointRecord(cp))
	if err != nil {
		return nil, err
	}
	ln, err := canonjson.Marshal(map[string]any{"note": string(msg)})
	if err != nil {
		return nil, fmt.Errorf("evidence: encoding checkpoint: %w", err)
	}
	ln = append(ln, '\n')
	if _, err := l.cps.WriteAt(ln, cpSize); err != nil {
		_ = l.cps.Truncate(cpSize)
		return nil, fmt.Errorf("evidence: writing checkpoint: %w", err)
	}
	if err := l.sync(l.cps); err != nil {
		return nil, fmt.Errorf("evidence: syncing checkpoints: %w", err)
	}
	if _, err := l.appendLocked(p, n, size); err != nil {
		return nil, err
	}
	l.lastCP = cpInfo{known: true, n: n, t: now}
	return msg, nil
}

// checkpointRecord is the record that logs checkpoint cp, at index
// cp.Tree.N.
func checkpointRecord(cp Checkpoint) Record {
	return Record{Type: TypeCheckpoint, Timestamp: cp.Time, Extra: map[string]any{
		"seq": cp.Seq, "tree_size": cp.Tree.N, "note_digest": payloadDigest(cp.Note),
	}}
}

// parseCheckpointLine parses one line of the checkpoints file.
func parseCheckpointLine(b []byte, v note.Verifier) (Checkpoint, error) {
	var w struct {
		Note string `json:"note"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&w); err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint line: %v", err)
	}
	if d.More() {
		return Checkpoint{}, errors.New("checkpoint line: trailing data")
	}
	again, err := canonjson.Marshal(map[string]any{"note": w.Note})
	if err != nil || !bytes.Equal(again, b) {
		return Checkpoint{}, errors.New("checkpoint line is not in canonical form")
	}
	return parseCheckpoint([]byte(w.Note), v)
}

// ParseCheckpoint checks a signed checkpoint note against v and parses it.
// A note without a valid signature by v is an error.
func ParseCheckpoint(msg []byte, v note.Verifier) (Checkpoint, error) {
	cp, err := parseCheckpoint(msg, v)
	if err != nil {
		return cp, fmt.Errorf("evidence: %w", err)
	}
	return cp, nil
}

func parseCheckpoint(msg []byte, v note.Verifier) (Checkpoint, error) {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		var unk *note.UnverifiedNoteError
		if errors.As(err, &unk) {
			return Checkpoint{}, fmt.Errorf("checkpoint is not signed by %s (signed by an unknown key, or altered)", v.Name())
		}
		return Checkpoint{}, fmt.Errorf("checkpoint signature: %v", err)
	}
	// note.Open accepts non-canonical base64 (stray padding bits) in
	// signature lines; evidence accepts exactly one spelling.
	for _, sl := range strings.Split(strings.TrimSuffix(string(msg[len(n.Text)+1:]), "\n"), "\n") {
		f := strings.Fields(sl)
		if len(f) != 3 {
			return Checkpoint{}, errors.New("checkpoint signature line is malformed")
		}
		if _, err := base64.StdEncoding.Strict().DecodeString(f[2]); err != nil {
			return Checkpoint{}, errors.New("checkpoint signature is not canonical base64")
		}
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) != 7 || lines[6] != "" {
		return Checkpoint{}, errors.New("checkpoint body: want 6 lines")
	}
	cp := Checkpoint{Origin: lines[0], Note: msg}
	if cp.Origin != v.Name() {
		return Checkpoint{}, fmt.Errorf("checkpoint origin %q is not the log's %q", cp.Origin, v.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return Checkpoint{}, fmt.Errorf("checkpoint tree size %q", lines[1])
	}
	h, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(h) != tlog.HashSize || base64.StdEncoding.EncodeToString(h) != lines[2] {
		return Checkpoint{}, fmt.Errorf("checkpoint root hash %q", lines[2])
	}
	cp.Tree.N = size
	copy(cp.Tree.Hash[:], h)
	if lines[3] != CheckpointFormat {
		return Checkpoint{}, fmt.Errorf("checkpoint format %q is not %q", lines[3], CheckpointFormat)
	}
	seq, ok := strings.CutPrefix(lines[4], "seq ")
	if !ok {
		return Checkpoint{}, errors.New("checkpoint: no seq line")
	}
	if cp.Seq, err = strconv.ParseInt(seq, 10, 64); err != nil || cp.Seq < 0 || strconv.FormatInt(cp.Seq, 10) != seq {
		return Checkpoint{}, fmt.Errorf("checkpoint seq %q", seq)
	}
	ts, ok := strings.CutPrefix(lines[5], "time ")
	if !ok {
		return Checkpoint{}, errors.New("checkpoint: no time line")
	}
	if cp.Time, err = time.Parse(timeFormat, ts); err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint time %q", ts)
	}
	return cp, nil
}

// CheckpointBound bounds the unsigned tail of a log: the records after its
// latest checkpoint, which only the next checkpoint will sign. An append
// that finds Every or more records unsigned, or the latest checkpoint (the
// first record, before any) Interval old or older with records unsigned,
// signs a checkpoint of the records so far before it appends. Nothing runs
// in between: an idle log's tail is signed by its next append, or by
// CheckpointPending (a session end, an engine shutting down).
type CheckpointBound struct {
	// Every is the record bound: 0 means DefaultCheckpointEvery, a
	// negative value no bound by count.
	Every int64
	// Interval is the time bound: 0 means DefaultCheckpointInterval, a
	// negative value no bound by time.
	Interval time.Duration
}

// The default bound: a checkpoint at least every 1,000 records or 60
// seconds of activity, whichever comes first.
const (
	DefaultCheckpointEvery    = 1000
	DefaultCheckpointInterval = 60 * time.Second
)

// resolved returns b with the defaults filled in.
func (b CheckpointBound) resolved() CheckpointBound {
	if b.Every == 0 {
		b.Every = DefaultCheckpointEvery
	}
	if b.Interval == 0 {
		b.Interval = DefaultCheckpointInterval
	}
	return b
}

// Stricter returns the bound that signs at least as often as both.
func (b CheckpointBound) Stricter(o CheckpointBound) CheckpointBound {
	b, o = b.resolved(), o.resolved()
	pick := func(x, y int64) int64 {
		switch {
		case x < 0:
			return y
		case y < 0:
			return x
		}
		return min(x, y)
	}
	return CheckpointBound{Every: pick(b.Every, o.Every), Interval: time.Duration(pick(int64(b.Interval), int64(o.Interval)))}
}

// cpInfo is what a Log knows of its latest checkpoint, under mu: the tree
// size it signed and when. Valid while the checkpoints file keeps the
// size the tail state remembers (see tailUnchanged); read again on every
// recovery.
type cpInfo struct {
	known bool
	n     int64     // records signed; 0 with none
	t     time.Time // when; with none, the first record's time (zero before any)
}

// readCPInfo reads the latest checkpoint's size and time from its line
// (the signature is not checked: this only decides when to sign), or,
// without a checkpoint, the first record's time. Called with the lock
// held, after recovery; n is the record count.
func (l *Log) readCPInfo(last []byte, n, size int64) cpInfo {
	if last != nil {
		if cpN, t, ok := quickCheckpointInfo(last); ok {
			return cpInfo{known: true, n: cpN, t: t}
		}
		return cpInfo{} // malformed: Checkpoint reports it
	}
	info := cpInfo{known: true}
	if n > 0 {
		if b, err := readLineAt(l.rec, 0, size); err == nil {
			if ln, err := parseLine(b); err == nil {
				info.t, _ = time.Parse(timeFormat, ln.env.Timestamp)
			}
		}
	}
	return info
}

// checkpointDue reports whether the bound requires a checkpoint before
// record n is appended. The latest checkpoint's own record (at index its
// tree size) does not count as unsigned: signing only it would never end.
func (l *Log) checkpointDue(n int64, now time.Time) bool {
	cp := l.lastCP
	if !cp.known || n == 0 {
		return false
	}
	unsigned := n - cp.n
	if cp.n > 0 {
		unsigned-- // the checkpoint record
	}
	if unsigned <= 0 {
		return false
	}
	b := l.opt.Checkpoints.resolved()
	if b.Every > 0 && unsigned >= b.Every {
		return true
	}
	return b.Interval > 0 && !cp.t.IsZero() && now.Sub(cp.t) >= b.Interval
}

// CheckpointPending signs a checkpoint when records are unsigned (beyond
// the latest checkpoint's own record), and returns it; nil when nothing
// was unsigned. A session end and an engine shutting down call it.
func (l *Log) CheckpointPending(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, ErrClosed
	}
	if err := l.lk.lock(); err != nil {
		return nil, err
	}
	defer l.lk.unlock()
	n, size, err := l.recoverLocked()
	if err != nil {
		return nil, err
	}
	cp := l.lastCP
	if n == 0 || (cp.known && n-cp.n <= 1 && cp.n > 0) {
		return nil, nil
	}
	return l.checkpointAt(n, size)
}

// quickCheckpointInfo reads the tree size and time of a checkpoint line
// without checking its signature.
func quickCheckpointInfo(b []byte) (int64, time.Time, bool) {
	var w struct {
		Note string `json:"note"`
	}
	if json.Unmarshal(b, &w) != nil {
		return 0, time.Time{}, false
	}
	lines := strings.SplitN(w.Note, "\n", 7)
	if len(lines) < 7 {
		return 0, time.Time{}, false
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	ts, ok := strings.CutPrefix(lines[5], "time ")
	t, terr := time.Parse(timeFormat, ts)
	return n, t, err == nil && ok && terr == nil
}
