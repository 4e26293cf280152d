package gate

import (
	"strings"

	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// A tamper lock is what the evidence log says, not a file: a `tamper`
// record that no later `tamper.ack` answered locks its scope. The lock
// file (locks.go) is a copy for people and a first answer; removing it —
// code an agent runs can, it runs as the same user — lifts nothing.
//
// Reading the whole log on every call would cost what the log weighs, so
// the gate follows it (evidence.ScanTypes): the resident engine keeps the
// open tamper records and a cursor in memory, per state directory, and
// reads only what was appended since; a hook process of its own starts
// from the copy of that state in tamper/.index, which carries an HMAC
// under a key derived from the log's redaction key: a copy that is
// missing, damaged, forged without the key, or taken on another records
// file (replaced, truncated, rewritten before the cursor) is ignored and
// the log is read from its first record.

// openTamper is a tamper record no tamper.ack answered.
type openTamper struct {
	Record  int64        `json:"record"`
	Key     string       `json:"key"`          // the scope's key (scope.key)
	ID      string       `json:"id,omitempty"` // the scope root's device:inode
	Global  bool         `json:"global,omitempty"`
	Root    string       `json:"root,omitempty"`
	Time    time.Time    `json:"time"`
	File    string       `json:"file,omitempty"`
	Kind    string       `json:"kind,omitempty"`
	Old     string       `json:"old,omitempty"`
	New     string       `json:"new,omitempty"`
	Actions []LockAction `json:"actions,omitempty"`
	// Attribution and Sessions: see LockChange.
	Attribution string       `json:"attribution,omitempty"`
	Sessions    []LockAction `json:"sessions,omitempty"`
	Restored    string       `json:"restored,omitempty"`
}

// matches reports whether t locks sc.
func (t *openTamper) matches(sc scope) bool {
	if t.Global || sc.global {
		return t.Global && sc.global
	}
	return t.Key == sc.key() || (sc.name == "" && t.ID != "" && t.ID == sc.id)
}

// tamperIndex is what the log said so far.
type tamperIndex struct {
	Cursor evidence.Cursor `json:"cursor"`
	Open   []openTamper    `json:"open"`
}

// tamperState is a pin store's copy of the tamper index.
type tamperState struct {
	follow  *evidence.Follower // a resident engine's (pinStore.cache set)
	idx     *tamperIndex
	saved   int64 // the cursor's offset when last written to tamper/.index
	noCopy  bool  // tamper/.index was missing or not valid when read
	macKey  []byte
	keyRead bool
}

// tamperTypes are the record types the locks derive from.
var tamperTypes = []string{evidence.TypeTamper, evidence.TypeTamperAck}

// indexName is the state directory's copy of the index.
const indexName = ".index"

// persistEvery bounds how much of the log a hook process of its own may
// have to read beyond the copy the resident engine last wrote.
const persistEvery = 1 << 20

// persistEveryProcess is the same bound for the copy a hook process of its
// own writes. Writing it creates a file (a temporary renamed into place),
// which cost more than the rest of the scan together (a tenth of a hook
// process's time, most of it allocating the inode); reading up to this
// much more of the log is one pread and a substring test per record.
// Below evidence's one-pread window (64 KB) with room for the tail.
const persistEveryProcess = 32 << 10

// logTampers returns the tamper records of the log no tamper.ack
// answered, oldest first.
func (p *pinStore) logTampers(ctx context.Context) ([]openTamper, error) {
	p.tmu.Lock()
	defer p.tmu.Unlock()
	st := &p.tamper
	if !st.keyRead {
		st.keyRead = true
		if k, err := evidence.RedactKey(p.dir); err == nil {
			sum := sha256.Sum256(append([]byte("mandate tamper index\x00"), k...))
			st.macKey = sum[:]
		}
	}
	if st.idx == nil {
		st.idx = p.readIndex(st.macKey)
		if st.idx == nil {
			st.idx, st.noCopy = &tamperIndex{}, true
		}
		st.saved = st.idx.Cursor.Offset
	}
	var events []evidence.Entry
	scan := evidence.ScanTypes
	if p.cache != nil {
		// A resident engine keeps the records file open between calls.
		if st.follow == nil {
			st.follow = evidence.NewFollower(p.dir)
		}
		scan = func(ctx context.Context, _ string, c evidence.Cursor, types []string, fn func(evidence.Entry) error) (evidence.Cursor, bool, error) {
			return st.follow.Scan(ctx, c, types, fn)
		}
	}
	cur, restarted, err := scan(ctx, p.dir, st.idx.Cursor, tamperTypes,
		func(e evidence.Entry) error {
			events = append(events, e)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("gate: reading the tamper records of the evidence log: %w", err)
	}
	open := st.idx.Open
	if restarted {
		open = nil
	}
	changed := restarted || len(events) > 0
	for i := range events {
		open = applyTamperEvent(open, &events[i])
	}
	st.idx = &tamperIndex{Cursor: cur, Open: open}
	every := int64(persistEvery)
	if p.cache == nil {
		every = persistEveryProcess
	}
	if st.macKey != nil && (changed || st.noCopy || cur.Offset-st.saved >= every) && cur.Offset != st.saved {
		if p.writeIndex(st.idx, st.macKey) == nil {
			st.saved, st.noCopy = cur.Offset, false
		}
	}
	return open, nil
}

// applyTamperEvent folds one tamper or tamper.ack record into open.
func applyTamperEvent(open []openTamper, e *evidence.Entry) []openTamper {
	r := &e.Record
	switch r.Type {
	case evidence.TypeTamper:
		t := openTamper{Record: e.Index, Time: r.Timestamp, Root: r.Repo}
		x := r.Extra
		str := func(k string) string { s, _ := x[k].(string); return s }
		t.File, t.Kind, t.Old, t.New = str("file"), str("kind"), str("old_digest"), str("new_digest")
		if t.File == "" {
			t.File = r.ResourcePath
		}
		t.ID = str("scope_id")
		switch {
		case str("scope") == "global":
			t.Global, t.Key, t.Root = true, globalScope.key(), ""
		case validScopeKey(str("scope_ref")):
			t.Key = str("scope_ref")
		case validScopeKey(str("scope_key")): // records written before scope_ref
			t.Key = str("scope_key")
		case r.Repo != "":
			t.Key = scope{root: r.Repo}.key()
		default:
			// An erased or pruned payload names no scope: it locks every
			// repository until a person acknowledges it.
			t.Global, t.Key = true, globalScope.key()
		}
		if acts, ok := x["actions"].([]any); ok {
			for _, a := range acts {
				m, _ := a.(map[string]any)
				la := LockAction{}
				la.SessionID, _ = m["session_id"].(string)
				la.Agent, _ = m["agent"].(string)
				la.Tool, _ = m["tool"].(string)
				la.ToolUseID, _ = m["tool_use_id"].(string)
				la.Summary, _ = m["summary"].(string)
				if n, ok := m["decision_index"].(json.Number); ok {
					la.Decision, _ = n.Int64()
				}
				t.Actions = append(t.Actions, la)
			}
		}
		t.Attribution = str("attribution")
		t.Restored = str("restore") // restorenow.go
		if ss, ok := x["sessions"].([]any); ok {
			for _, a := range ss {
				m, _ := a.(map[string]any)
				la := LockAction{}
				la.SessionID, _ = m["session_id"].(string)
				la.Agent, _ = m["agent"].(string)
				t.Sessions = append(t.Sessions, la)
			}
		}
		return append(open, t)
	case evidence.TypeTamperAck:
		acked := map[int64]bool{}
		for _, n := range ackedRecords(r.Extra) {
			acked[n] = true
		}
		out := open[:0:0]
		for _, t := range open {
			if !acked[t.Record] {
				out = append(out, t)
			}
		}
		return out
	}
	return open
}

// ackedRecords lists the tamper records a tamper.ack answered: its
// records member, and (acknowledgements written before it existed) the
// record of every change of every lock it lifted.
func ackedRecords(x map[string]any) []int64 {
	var out []int64
	num := func(v any) {
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				out = append(out, i)
			}
		}
	}
	if rs, ok := x["records"].([]any); ok {
		for _, v := range rs {
			num(v)
		}
	}
	if ls, ok := x["locks"].([]any); ok {
		for _, l := range ls {
			lm, _ := l.(map[string]any)
			cs, _ := lm["changes"].([]any)
			for _, c := range cs {
				cm, _ := c.(map[string]any)
				num(cm["record"])
			}
		}
	}
	return out
}

// logLock is the lock the open tamper records ts put on sc, or nil.
func logLock(sc scope, ts []openTamper) *Lock {
	var l *Lock
	for i := range ts {
		t := &ts[i]
		if !t.matches(sc) {
			continue
		}
		if l == nil {
			l = &Lock{Global: t.Global, Root: t.Root, ID: t.ID, Since: t.Time, key: t.Key}
			if sc.root != "" {
				l.Root = sc.root
			}
		}
		l.Changes = append(l.Changes, t.change())
	}
	return l
}

func (t *openTamper) change() LockChange {
	return LockChange{Time: t.Time, File: t.File, Kind: t.Kind, Old: t.Old, New: t.New, Record: t.Record, Actions: t.Actions,
		Attribution: t.Attribution, Sessions: t.Sessions, Restored: t.Restored}
}

// logLocks groups open tamper records into locks, by scope key.
func logLocks(ts []openTamper) map[string]*Lock {
	out := map[string]*Lock{}
	for i := range ts {
		t := &ts[i]
		l := out[t.Key]
		if l == nil {
			l = &Lock{Global: t.Global, Root: t.Root, ID: t.ID, Since: t.Time, key: t.Key}
			out[t.Key] = l
		}
		l.Changes = append(l.Changes, t.change())
	}
	return out
}

func (p *pinStore) indexPath() string { return filepath.Join(p.dir, "tamper", indexName) }

// readIndex returns the copy in tamper/.index when its MAC holds.
func (p *pinStore) readIndex(key []byte) *tamperIndex {
	if key == nil {
		return nil
	}
	b, err := readRegular(p.indexPath(), maxLock, false)
	if err != nil {
		return nil
	}
	mac, body, ok := bytes.Cut(b, []byte("\n"))
	if !ok {
		return nil
	}
	want, err := hex.DecodeString(string(mac))
	if err != nil || !hmac.Equal(want, indexMAC(key, body)) {
		return nil
	}
	var idx tamperIndex
	if json.Unmarshal(body, &idx) != nil {
		return nil
	}
	sort.Slice(idx.Open, func(i, j int) bool { return idx.Open[i].Record < idx.Open[j].Record })
	return &idx
}

// writeIndex writes the copy (not synced: a lost copy is a full read).
func (p *pinStore) writeIndex(idx *tamperIndex, key []byte) error {
	body, err := json.Marshal(idx)
	if err != nil {
		return err
	}
	b := append([]byte(hex.EncodeToString(indexMAC(key, body))+"\n"), body...)
	dir := filepath.Dir(p.indexPath())
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".index-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p.indexPath())
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

func indexMAC(key, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return m.Sum(nil)
}

// validScopeKey reports whether k has the shape scope.key gives: "global",
// "repo-" and 24 hex digits, or a named scope's name. A key the log's
// redaction masked (written under a name it took for a credential, as
// scope_key was) or damaged is not one: the record's repository, or else
// every repository, is locked instead.
func validScopeKey(k string) bool {
	if k == "" || strings.HasPrefix(k, "[REDACTED") || strings.ContainsAny(k, " []:/") {
		return false
	}
	if h, ok := strings.CutPrefix(k, "repo-"); ok {
		if len(h) != 24 {
			return false
		}
		for i := 0; i < len(h); i++ {
			if !strings.ContainsRune("0123456789abcdef", rune(h[i])) {
				return false
			}
		}
	}
	return true
}
