package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// Red-team round (issue 9, breaker1), class "evidence/terminal-escape":
// the text views of the evidence print what an agent put in its tool
// input byte for byte. A Write whose path holds "\x1b[1A\x1b[2K" twice is
// allowed (src/ is writable) and recorded; `mandate log` then moves the
// cursor up and erases the two lines above it on the reviewer's terminal,
// hiding the agent's earlier (denied) attempts, and an OSC 52 sequence in
// a command sets the reviewer's clipboard. Reproduced with the built
// binaries (cat -v shows the raw ESC bytes). `mandate tamper status`
// prints the locking call's command the same way, where erasing lines
// hides the lock from the person asked to acknowledge it. Text output
// must show control characters escaped, never raw.
func TestBreakerLogEscapesControlCharacters(t *testing.T) {
	d := t.TempDir()
	state := filepath.Join(d, "state")
	if code, _, stderr := evRun(t, state, d, "init"); code != ExitOK {
		t.Fatalf("init: %s", stderr)
	}
	red, err := evidence.NewRedactor(state, false)
	if err != nil {
		t.Fatal(err)
	}
	l, err := evidence.Open(state, evidence.Options{Redactor: red})
	if err != nil {
		t.Fatal(err)
	}
	hide := "/home/dev/project/src/a\x1b[1A\x1b[2K\x1b[1A\x1b[2K.go"
	clip := "echo '\x1b]52;c;cm0gLXJmIH4K\x07'"
	for _, r := range []evidence.Record{
		{Type: evidence.TypeDecision, Timestamp: evNow, SessionID: "sess-a", Agent: "claude-code", Tool: "Write",
			Decision: "allow", ResourcePath: hide, Params: map[string]any{"file_path": hide, "content": "x"}},
		{Type: evidence.TypeDecision, Timestamp: evNow, SessionID: "sess-a", Agent: "claude-code", Tool: "Bash",
			Decision: "deny", Rule: "r", Reason: "no\rallowed", Params: map[string]any{"command": clip}},
	} {
		if _, err := l.Append(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	// A tamper lock naming the call: `mandate tamper status` prints its
	// command as the decision record has it.
	lock := `{"root":"/home/dev/project","since":"2026-03-10T12:00:00Z","changes":[{"time":"2026-03-10T12:00:00Z",` +
		`"file":"/home/dev/project/agent-policy.yaml","kind":"policy","old":"sha256:a","new":"sha256:b","record":2,` +
		`"actions":[{"agent":"claude-code","tool":"Bash","decision":1,"summary":"ls\u001b[1A\u001b[2K\u001b[1A\u001b[2K"}]}]}`
	if err := os.MkdirAll(filepath.Join(state, "tamper"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(state, "tamper", "repo-0123456789abcdef01234567.json"), []byte(lock), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"log"}, {"tamper", "status"}} {
		code, out, stderr := evRun(t, state, d, args...)
		if code != ExitOK {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
		for i, r := range out {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
				t.Errorf("mandate %v prints the raw control character %U at byte %d: %q", args, r, i, out)
				break
			}
		}
	}
}
