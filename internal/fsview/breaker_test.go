package fsview

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Red-team round (issue 9, breaker1), class "fifo/where-a-directory-is-
// expected": ReadDir opens its argument with a plain open(2), which blocks
// on a FIFO until a writer comes. A glob that walks one level below the
// fixture's src/ (`cat src/*/*/x`, a search tool over src/) lists src/fifo
// as a directory candidate: the call stalls for the whole hook budget
// (10 s, then "Mandate did not reach a decision"), and in the resident
// engine the goroutine stays blocked in open(2) after the answer, holding
// an OS thread for good — each such call leaks one, until the engine dies
// at Go's thread limit. Reproduced with the built binaries. A FIFO must be
// refused at once, as Open refuses one.
func TestBreakerReadDirOfFIFODoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for name, fsys := range map[string]FS{"OS": OS, "Rooted": Rooted(dir)} {
		p := fifo
		if name == "Rooted" {
			p = "/fifo"
		}
		done := make(chan error, 1)
		go func() {
			_, err := fsys.ReadDir(p, 16)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s.ReadDir of a FIFO: no error", name)
			}
		case <-time.After(2 * time.Second):
			t.Errorf("%s.ReadDir of a FIFO is still blocked after 2 s", name)
			// Unblock the leaked goroutine so the test binary can exit.
			if f, err := syscall.Open(fifo, syscall.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				syscall.Close(f)
			}
		}
	}
}
