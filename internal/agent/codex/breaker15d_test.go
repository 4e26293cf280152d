package codex

import (
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
// codex hook, prints the key when the shell starts in $HOME. Fixed twice:
// the pin unsets OLDPWD after its cd, and the analyser reads ~- with no
// OLDPWD of the line's own as any directory ($OLDPWD), never a user "-".
func TestRedTeam15PinLeaksStartDirAsOldpwd(t *testing.T) {
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
