package gate

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The session cache answers what the file holds now: a replaced or
// removed session file is never answered from memory.
func TestSessionCacheSeesReplacement(t *testing.T) {
	var c sessionCache
	path := filepath.Join(t.TempDir(), "sessions", "s.json")
	if _, err := writeSessionOnce(path, &Session{ID: "a", User: "one"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // a miss, then a hit
		s, err := c.read(path)
		if err != nil || s.User != "one" {
			t.Fatalf("read %d: %+v, %v", i, s, err)
		}
		s.User = "changed by the caller"
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := c.read(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("removed session: %v", err)
	}
	if _, err := writeSessionOnce(path, &Session{ID: "a", User: "two"}); err != nil {
		t.Fatal(err)
	}
	if s, err := c.read(path); err != nil || s.User != "two" {
		t.Fatalf("replaced session: %+v, %v", s, err)
	}
	var nilCache *sessionCache
	if s, err := nilCache.read(path); err != nil || s.User != "two" {
		t.Fatalf("nil cache: %+v, %v", s, err)
	}
}
