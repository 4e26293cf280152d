package gate

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/policy"
)

// lockedRepo is a repository locked by a tamper event of session s-1.
func lockedRepo(t *testing.T) *env {
	t.Helper()
	e := newRepoEnv(t, npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_A", "npm test"), policy.Allow)
	if b, err := os.ReadFile(filepath.Join(e.state, "tamper", indexName)); err == nil {
		e.vars["index before"] = string(b) // a valid copy, from before the tamper record
	}
	write(t, filepath.Join(e.repo, ".claude", "settings.local.json"), `{"disableAllHooks": true}`)
	if err := e.g.Post(context.Background(), e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_B", "ls"), policy.Deny)
	return e
}

// Class "lock/absence-forged" (breaker1 item 9), the members besides
// removing the lock files: the lock file replaced by one of another
// scope, the index copy of the log's state forged or replaced, the lock
// directory replaced by a file. The lock holds while the log has the
// unanswered tamper record; `tamper status` lists it and an
// acknowledgement (recorded with the records it answers) lifts it.
func TestLockComesFromTheLog(t *testing.T) {
	for _, tc := range []struct {
		name   string
		forge  func(t *testing.T, e *env)
		hidden bool // the lock file is gone: listed from the log
	}{
		{"lock file emptied into another scope's", func(t *testing.T, e *env) {
			write(t, lockPath(e.state, repoScope(e.repo)), `{"root":"/elsewhere","since":"2026-01-01T00:00:00Z","changes":[]}`)
			os.Rename(lockPath(e.state, repoScope(e.repo)), lockPath(e.state, scope{root: "/elsewhere"}))
		}, true},
		{"index forged without the key", func(t *testing.T, e *env) {
			// The log's real cursor, nothing open: only the MAC is wrong.
			cur, _, err := evidence.ScanTypes(context.Background(), e.state, evidence.Cursor{}, nil, func(evidence.Entry) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(tamperIndex{Cursor: cur})
			os.RemoveAll(filepath.Join(e.state, "tamper"))
			write(t, filepath.Join(e.state, "tamper", indexName), hex.EncodeToString(indexMAC([]byte("guessed"), body))+"\n"+string(body))
		}, true},
		{"index replayed from before the tamper record", func(t *testing.T, e *env) {
			b := e.vars["index before"]
			if b == "" {
				t.Fatal("no index was written before the tamper record")
			}
			os.RemoveAll(filepath.Join(e.state, "tamper"))
			write(t, filepath.Join(e.state, "tamper", indexName), b)
		}, true},
		{"tamper directory replaced by a file", func(t *testing.T, e *env) {
			os.RemoveAll(filepath.Join(e.state, "tamper"))
			write(t, filepath.Join(e.state, "tamper"), "")
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := lockedRepo(t)
			ctx := context.Background()
			tc.forge(t, e)
			// A new hook process: no memory of earlier calls.
			mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "toolu_C", "ls"), policy.Deny)
			if tc.name == "tamper directory replaced by a file" {
				return // Locks cannot list the directory; the log still locks
			}
			locks, err := Locks(e.state)
			var mine *Lock
			for _, l := range locks {
				if l.Root == e.repo {
					mine = l
				}
			}
			if err != nil || mine == nil || len(mine.Changes) == 0 || mine.Changes[0].File != filepath.Join(e.repo, ".claude", "settings.local.json") {
				t.Fatalf("locks: %+v %v", locks, err)
			}
			if _, err := Ack(ctx, AckOptions{StateDir: e.state, Root: e.repo, Restore: true, Log: e.log, Who: AckIdentity{User: "dev"}}); err != nil {
				t.Fatal(err)
			}
			acks := e.ofType(t, evidence.TypeTamperAck)
			if rs, _ := acks[len(acks)-1].Extra["records"].([]any); len(rs) == 0 {
				t.Errorf("the acknowledgement names no tamper record: %+v", acks[len(acks)-1].Extra)
			}
			mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "toolu_D", "ls"), policy.Allow)
		})
	}
}

// Class "lock/symlinked-root" (breaker1 item 10), the members besides a
// symlink to the root: a path through /proc/self/root, a path with "..",
// and the repository directory renamed (another path, the same
// directory): the lock follows the repository, not the string.
func TestLockFollowsTheRepository(t *testing.T) {
	for _, tc := range []struct {
		name string
		path func(t *testing.T, e *env) string
	}{
		{"through /proc/self/root", func(t *testing.T, e *env) string { return "/proc/self/root" + e.repo }},
		{"with ..", func(t *testing.T, e *env) string { return filepath.Join(e.repo, "src") + "/.." }},
		{"renamed", func(t *testing.T, e *env) string {
			moved := filepath.Join(e.dir, "moved")
			if err := os.Rename(e.repo, moved); err != nil {
				t.Fatal(err)
			}
			os.RemoveAll(filepath.Join(e.state, "tamper")) // and the lock files with it
			return moved
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := lockedRepo(t)
			p := tc.path(t, e)
			mustDecide(t, e.gateAt(t, p), e.call(p, "s-2", "toolu_C", "ls"), policy.Deny)
		})
	}
}

// The resident engine follows the log from where its previous call left
// off: every call's gate gets the same pin store from the Cache, and its
// tamper cursor only moves forward, from the end of what the previous
// call read, without starting over.
func TestTamperCursorKeptAcrossCalls(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	cache := &Cache{}
	var store *pinStore
	var last evidence.Cursor
	for i := 0; i < 6; i++ {
		g, err := Open(ctx, Options{StateDir: e.state, Cwd: e.repo, Getenv: e.getenv, Now: e.g.cfg.Now, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		g.cfg.Identity = fixedIdentity{Identity{User: "dev", Home: e.home, Host: "ws-1"}}
		mustDecide(t, g, e.call(e.repo, "s-1", "t", "ls"), policy.Allow)
		g.Close()
		p := cache.pins[e.state]
		if store == nil {
			store = p
		}
		if p != store || p.tamper.idx == nil {
			t.Fatalf("call %d: the pin store or its tamper index was rebuilt", i)
		}
		if p.tamper.follow == nil {
			t.Fatalf("call %d: the resident pin store does not keep the records file open", i)
		}
		cur := p.tamper.idx.Cursor
		if cur.Offset == 0 || cur.Index <= last.Index || cur.Offset <= last.Offset || (last.Ino != 0 && (cur.Dev != last.Dev || cur.Ino != last.Ino)) {
			t.Fatalf("call %d: cursor %+v after %+v", i, cur, last)
		}
		// What the previous call left is not read again: from the kept
		// cursor, a scan finds the records appended since and does not
		// start over.
		if i > 0 {
			next, restarted, err := evidence.ScanTypes(ctx, e.state, last, nil, func(evidence.Entry) error { return nil })
			if err != nil || restarted || next.Index < cur.Index {
				t.Fatalf("call %d: scan from the previous cursor: %+v restarted=%v %v", i, next, restarted, err)
			}
		}
		last = cur
	}
}
