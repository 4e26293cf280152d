package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// red-team round 28, #307 (false alarm; open, skipped unless
// MANDATE_REDTEAM_OPEN=1): Claude Code 2.1.330 runs every hook command as
// `/bin/sh -c COMMAND`, and Debian's /bin/sh (dash) stays the hook's
// parent, so the pre- and post-tool events of one call come from two
// different processes. A call lands only by an event of the process that
// made it (gate/inflight.go), so no Claude Code call ever lands: every
// outcome record carries "refused: the event comes from process N, not
// from the agent process that made the calls in flight", the session end
// too, and the calls stay in flight forever. Verified with the real
// Claude Code under the fake model: after a session of `echo hello >
// src/h.txt`, `cat src/h.txt`, `ls src` had ended, a person appended a
// stricter policy (block_commands: ["rm -rf"]); the next session was
// locked, the person's edit recorded as a tamper "changed by the Bash call
// `echo hello > src/h.txt`". The hook's parent should be taken past a
// shell that only runs the hook command.
func TestOpenHookRunByShellLands(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") != "1" {
		t.Skip("open red-team case (red-team round 28, #307); set MANDATE_REDTEAM_OPEN=1")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("sh not found")
	}
	b := build(t)
	home := t.TempDir()
	policy := "policies:\n  - name: file-boundary\n    rules:\n      - allow_paths: [\"src/\"]\n"
	work := project(t, []byte(policy))
	bin := filepath.Dir(b.mandate)
	base := []string{"HOME=" + home, "PATH=" + bin + ":/usr/bin:/bin", "MANDATE_RESIDENT=off", "GIT_CONFIG_NOSYSTEM=1"}
	run := func(env []string, name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), name, args...)
		cmd.Dir, cmd.Env = work, env
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	run(base, b.mandate, "init")
	// The agent: one process named claude that runs each hook through
	// /bin/sh -c, as Claude Code does.
	claude := filepath.Join(t.TempDir(), "claude")
	if err := os.Symlink(sh, claude); err != nil {
		t.Fatal(err)
	}
	pre := `{"session_id":"s-1","cwd":"` + work + `","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls src"},"tool_use_id":"t-1"}`
	post := `{"session_id":"s-1","cwd":"` + work + `","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"ls src"},"tool_response":{"stdout":"README","stderr":"","interrupted":false},"tool_use_id":"t-1"}`
	end := `{"session_id":"s-1","cwd":"` + work + `","hook_event_name":"SessionEnd","reason":"other"}`
	script := ""
	for _, p := range []string{pre, post, end} {
		script += "printf '%s' '" + p + "' | " + sh + " -c '" + b.engine + " hook claude'\n"
	}
	run(append(base, "CLAUDECODE=1"), claude, "-c", script)
	// The session is over; a person makes the policy stricter.
	if err := os.WriteFile(filepath.Join(work, "agent-policy.yaml"), []byte(policy+"  - name: extra\n    rules:\n      - block_commands: [\"rm -rf\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	next := `{"session_id":"s-2","cwd":"` + work + `","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"},"tool_use_id":"t-9"}`
	out := run(append(base, "CLAUDECODE=1"), claude, "-c", "printf '%s' '"+next+"' | "+sh+" -c '"+b.engine+" hook claude'")
	if strings.Contains(out, "tamper") {
		t.Errorf("a person's stricter policy edit after the session ended is taken for the agent's tamper (today: every Claude Code call stays in flight):\n%s", out)
	}
}
