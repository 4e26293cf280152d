package codex

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Red-team round 15, #61 (class parser-differential/expansion, source
// "red-team round 15"): the pin's own cd sets OLDPWD to the directory
// Codex started the shell in (the workdir the pin exists to keep out of
// the line), and ~- / cd ~- in the line reach it; the analyser reads ~- at
// the start of a line as the home of a user named "-". Verified: the
// pinned `cat ~-/.local/state/mandate/evidence/redact.key`, allowed by the
// codex hook, prints the key when the shell starts in $HOME. Open until the
// pin leaves OLDPWD as it found it (or the analyser reads ~- at a line's
// start as unknown). Skipped unless MANDATE_REDTEAM_OPEN=1.
func TestRedTeam15PinLeaksStartDirAsOldpwd(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") == "" {
		t.Skip("open red-team finding (round 15, #61); MANDATE_REDTEAM_OPEN=1 runs it")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	pinned, other := t.TempDir(), t.TempDir()
	c := exec.Command(bash, "-c", pinnedLine(pinned, "printf %s ~-"))
	c.Dir = other
	c.Env = []string{"PATH=/usr/bin:/bin"} // no OLDPWD inherited
	out, err := c.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got == other {
		t.Errorf("~- in a pinned line is %q, the unjudged directory the shell started in", got)
	}
}
