package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// red-team round 28, #307 (a false alarm): Claude Code 2.1.330 runs every
// hook command as `/bin/sh -c COMMAND`, and Debian's /bin/sh (dash) stays
// the hook's parent, so the pre- and post-tool events of one call come
// from two different processes. A call lands only by an event of the
// agent process that made it (gate/inflight.go), which was taken to be
// the hook's parent: no Claude Code call ever landed, the session end did
// not end the session, and a person's stricter policy edit after the
// session was recorded as a tamper "changed by the Bash call `echo hello
// > src/h.txt`". The agent is now the first ancestor past the shells that
// only run the hook (gate/hookshell.go). The control runs the hooks
// directly (the agent is the hook's parent), the rest through the
// shells agents use.
func TestHookRunByShellLands(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("sh not found")
	}
	bash, _ := exec.LookPath("bash")
	b := build(t)
	for _, tc := range []struct {
		name     string
		run      func(hook string) string // how the agent runs one hook command
		resident bool                     // mandate (the front) forwards to the resident engine
	}{
		{"directly", func(hook string) string { return hook }, false},
		{"sh -c", func(hook string) string { return sh + " -c '" + hook + "'" }, false},
		{"bash -c", func(hook string) string { return bash + " -c '" + hook + "'" }, false},
		{"sh -c via the resident engine", func(hook string) string { return sh + " -c '" + hook + "'" }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "bash -c" && bash == "" {
				t.Skip("bash not found")
			}
			hookShellLands(t, b, sh, tc.run, tc.resident)
		})
	}
}

func hookShellLands(t *testing.T, b bins, sh string, via func(string) string, resident bool) {
	home := t.TempDir()
	state := filepath.Join(t.TempDir(), "mandate-home")
	hook, mode := b.engine, "MANDATE_RESIDENT=off"
	if resident {
		// The front's pidfd of its peer names the hook shell as the
		// parent; the engine walks past it (cli.callerParent).
		hook, mode = b.mandate, "MANDATE_RESIDENT=on"
		t.Cleanup(func() { stopEngine(t, b.engine, state) })
	}
	policy := "policies:\n  - name: file-boundary\n    rules:\n      - allow_paths: [\"src/\"]\n"
	work := project(t, []byte(policy))
	bin := filepath.Dir(b.mandate)
	base := []string{"HOME=" + home, "PATH=" + bin + ":/usr/bin:/bin", mode, "MANDATE_HOME=" + state, "GIT_CONFIG_NOSYSTEM=1"}
	run := func(env []string, name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), name, args...)
		cmd.Dir, cmd.Env = work, env
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	run(base, b.mandate, "init")
	// The agent: one process named claude that runs each hook as Claude
	// Code (or another agent) does.
	claude := filepath.Join(t.TempDir(), "claude")
	if err := os.Symlink(sh, claude); err != nil {
		t.Fatal(err)
	}
	pre := `{"session_id":"s-1","cwd":"` + work + `","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls src"},"tool_use_id":"t-1"}`
	post := `{"session_id":"s-1","cwd":"` + work + `","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"ls src"},"tool_response":{"stdout":"README","stderr":"","interrupted":false},"tool_use_id":"t-1"}`
	end := `{"session_id":"s-1","cwd":"` + work + `","hook_event_name":"SessionEnd","reason":"other"}`
	script := ""
	for _, p := range []string{pre, post, end} {
		script += "printf '%s' '" + p + "' | " + via(hook+" hook claude") + "\n"
	}
	run(append(base, "CLAUDECODE=1"), claude, "-c", script)
	if log := run(base, b.mandate, "log", "--json"); strings.Contains(log, "refused") {
		t.Errorf("an event of the agent was refused as another process's:\n%s", log)
	}
	// The session is over; a person makes the policy stricter.
	if err := os.WriteFile(filepath.Join(work, "agent-policy.yaml"), []byte(policy+"  - name: extra\n    rules:\n      - block_commands: [\"rm -rf\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	next := `{"session_id":"s-2","cwd":"` + work + `","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"},"tool_use_id":"t-9"}`
	out := run(append(base, "CLAUDECODE=1"), claude, "-c", "printf '%s' '"+next+"' | "+via(hook+" hook claude"))
	if strings.Contains(out, "tamper") {
		t.Errorf("a person's stricter policy edit after the session ended is taken for the agent's tamper (every call stayed in flight):\n%s", out)
	}
}
