package codex

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/hook"
)

// Codex's shell tools take a working directory of the model's choosing
// (exec_command workdir, shell workdir) that the tool input of its
// PreToolUse payload leaves out ({"command": cmd}). Codex 0.169.0 sends
// the turn's cwd joined with workdir as the payload's cwd (verified by the
// real-agent test's shell-workdir step), but nothing in the protocol
// promises it, and the upstream source has built the payload from the
// turn's cwd. Mandate decides the line as if it ran in the payload's cwd,
// so an allowed shell call is answered with the same line behind a change
// to that directory (updatedInput, which Codex applies to cmd and keeps
// workdir): whatever workdir the model chose, the line's relative paths
// are the ones that were judged (pinnedLine says how the change of
// directory is made sure of); a cd that fails stops the line. A rewrite Codex cannot apply fails the call, never runs it
// elsewhere. A line Codex takes over as a patch (intercept.go) is left as
// it is: Codex applies it itself, from the payload's cwd, which is what
// the interception judged; a rewritten one would reach the shell instead.

// pinAllowed answers an allowed Bash call with its line pinned to the
// payload's cwd; other tools need no answer.
func pinAllowed(ev *hook.Event) any {
	if ev.Tool != "Bash" || !path.IsAbs(ev.Cwd) {
		return nil
	}
	cmd, ok := ev.Input["command"].(string)
	if !ok || intercepted(ev.Tool, ev.Cwd, cmd) != nil {
		return nil
	}
	return rewrite{rewriteSpecific{"PreToolUse", "allow", map[string]string{"command": pinnedLine(ev.Cwd, cmd)}}}
}

// pinnedLine is line run in dir, whatever directory the shell starts in
// and whichever shell Codex runs (bash, zsh, dash: the payload does not
// say). A shell function named cd is removed first (a profile may define
// one), the backslash skips an alias, and the shell's own directory is
// checked afterwards: where cd is not the builtin (zsh's "command cd" runs
// a cd program on PATH, in a child process), PWD is unchanged and the
// line stops instead of running elsewhere. The pin's cd leaves OLDPWD
// naming the directory the shell started in, which the line was not
// judged in: OLDPWD is unset, so ~- and cd - reach nothing (red-team
// round 15, #61).
func pinnedLine(dir, line string) string {
	q := shellQuote(path.Clean(dir))
	return "unset -f cd 2>/dev/null; \\cd -- " + q + " && [ \"$PWD\" = " + q + " ] || exit 1; unset OLDPWD\n" + line
}

// shellQuote is s as one single-quoted POSIX shell word.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

type rewrite struct {
	HookSpecificOutput rewriteSpecific `json:"hookSpecificOutput"`
}

type rewriteSpecific struct {
	HookEventName      string            `json:"hookEventName"`
	PermissionDecision string            `json:"permissionDecision"`
	UpdatedInput       map[string]string `json:"updatedInput"`
}
