package gate

import (
	"path/filepath"
	"strings"
)

// The agent behind a hook shell. Several agents run a hook's command
// through a shell, a new one for each event: Claude Code runs
// `/bin/sh -c COMMAND` (Debian's dash stays the hook's parent), Gemini
// CLI `bash -c COMMAND` (bash execs a lone command, so there it is
// usually gone), Copilot CLI its `bash` member through bash. The process
// that made a tool call (the agent) is then the hook's grandparent, and a
// pid taken from the hook's parent would differ for every event: no call
// would ever land (inflight.go), no session end would end its session.
//
// So the agent is the first ancestor of the hook process that is neither
// Mandate's own front running the hook (which runs mandate-engine as its
// child when it decides a call itself; its executable is compared with
// the mandate beside this one) nor a hook shell: a process whose argv is exactly SHELL -c COMMAND, SHELL one
// of hookShellNames, and COMMAND nothing but a hook command (hookCommand:
// mandate, mandate-engine or mandate-hook, `hook`, and plain words; no
// redirection, expansion, list or second command). Such a shell cannot
// have done anything but start the hook. The walk starts at the parent
// the kernel gave (the resident engine's pidfd of its peer, or this
// process's own parent) and goes through at most maxHookShells of them.
//
// What it does not open: a process whose parent is the agent is either
// the agent's hook runner or a tool call's own process. The latter can
// exec into `sh -c 'mandate hook claude'`, exactly as it can exec into
// `mandate hook claude` itself, which inflight.go already answers: a
// command line's call lands by a turn boundary or a session end only when
// the process that sent it was started after the call (Config.CallerStart).
// That start time is the one of the topmost hook shell (the agent's own
// child), never of the hook process a shell started later: `sleep 9;
// exec sh -c 'mandate hook claude'` keeps the call's start time. Any other
// process (a script, a shell running more than the hook) stops the walk
// and is taken for the agent, which matches no agent's calls, as before.

// maxHookShells bounds the hook shells walked past (a shell running a
// shell running the hook, at most).
const maxHookShells = 3

// hookShellNames are the shells agents run hook commands with.
var hookShellNames = map[string]bool{"sh": true, "dash": true, "bash": true, "zsh": true}

// hookProgramNames are the programs a hook command starts.
var hookProgramNames = map[string]bool{"mandate": true, "mandate-engine": true, "mandate-hook": true}

// hookShellArgv reports whether argv is SHELL -c COMMAND with COMMAND a
// bare hook command.
func hookShellArgv(argv []string) bool {
	if len(argv) != 3 || argv[1] != "-c" {
		return false
	}
	if !hookShellNames[strings.TrimPrefix(filepath.Base(argv[0]), "-")] {
		return false
	}
	return hookCommand(argv[2])
}

// hookCommand reports whether cmd is `PROGRAM hook [WORD...]`: PROGRAM
// (quoted or not) named as Mandate's hook programs, and at most two more
// plain words (the agent, the event).
func hookCommand(cmd string) bool {
	words, ok := hookWords(cmd)
	if !ok || len(words) < 3 || len(words) > 4 || words[1] != "hook" || !hookProgramNames[filepath.Base(words[0])] {
		return false
	}
	for _, w := range words[1:] {
		if !plainWord(w) {
			return false
		}
	}
	return true
}

// hookWords splits cmd into its words when each is plain, or wholly in
// single quotes, or wholly in double quotes with nothing the shell would
// expand inside; ok is false for anything else (an operator, an
// expansion, a word half quoted).
func hookWords(cmd string) (words []string, ok bool) {
	for i := 0; i < len(cmd); {
		switch c := cmd[i]; {
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '\'' || c == '"':
			j := strings.IndexByte(cmd[i+1:], c)
			if j < 0 {
				return nil, false
			}
			w := cmd[i+1 : i+1+j]
			if w == "" || (c == '"' && strings.ContainsAny(w, "$`\\!")) {
				return nil, false
			}
			i += j + 2
			if i < len(cmd) && cmd[i] != ' ' && cmd[i] != '\t' {
				return nil, false
			}
			words = append(words, w)
		default:
			j := strings.IndexAny(cmd[i:], " \t")
			if j < 0 {
				j = len(cmd) - i
			}
			w := cmd[i : i+j]
			if !plainWord(w) {
				return nil, false
			}
			i += j
			words = append(words, w)
		}
	}
	return words, true
}

// plainWord reports whether w holds only characters the shell takes
// literally.
func plainWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,=", r)) {
			return false
		}
	}
	return true
}
