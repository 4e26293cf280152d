package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// What a line leaves for the steps Hermes' wrapper runs after it, in the
// same shell (red-team round 29, #1 and #2). After `eval COMMAND` the
// wrapper writes the session's snapshot with mktemp, awk, grep, mv and
// echo, then prints the shell's directory between two
// __HERMES_CWD_<sid>__ markers; Hermes takes the next call's directory
// from the LAST marker pair in the output. The marker is no secret (it
// is in the wrapper's argv), so a command that prints a pair and then
// makes it the last one moves Hermes' shell where Mandate never looked;
// and a program the wrapper runs in the lookup the command changed
// writes the snapshot every later call sources.
//
// Contract (with keptstate.go's; the notes go to Analysis.KeepsState):
//   - a trap set in the line's own shell on any condition (EXIT, a
//     signal, DEBUG, …) but its reset ('-') or ignore (''): its code runs
//     in the wrapper, after or during its steps (a signal can be sent
//     again and again by a job the line leaves);
//   - exec without a command that redirects descriptor 1 (the wrapper's
//     marker goes where the line said, or nowhere);
//   - exit, exec COMMAND and set -e (errexit, also -o errexit, shopt -o
//     errexit or options not known) in the line's own shell: the shell may end
//     before the wrapper prints its marker, so a pair the command printed
//     is the last;
//   - hash -p / hash NAME=PATH, a binding of the hash table (BASH_CMDS,
//     zsh's commands) and enable -n/-f/-d: the wrapper's own programs may
//     run another one (PATH is exported: its bindings are kept anyway;
//     hash -r and hash -d alone only drop entries: the wrapper then looks
//     its programs up through PATH, as it would have);
//   - a background job anywhere in the line (a subshell's too: it
//     inherits the descriptors) whose descriptor 1 or 2, or any other
//     copy of the line's output, is not redirected to a regular file or
//     /dev/null, or closed: it may print after the wrapper's marker. The
//     note tells the agent to redirect its output.
// A program that forks a process of its own which prints later is not
// seen here (see the package's report of round 29).

// keepWrapperNote notes, in the line's own shell, what makes the
// wrapper's later steps run other code or print elsewhere.
func (sc *scope) keepWrapperNote(what string) {
	sc.keep(what + " (Hermes' wrapper runs its own steps after the command in this shell: its snapshot and the directory it reports)")
}

// keepExecRedir notes exec without a command that redirects descriptor 1
// in the line's own shell.
func (sc *scope) keepExecRedir(s *syntax.Stmt) {
	if sc.kept == nil || !execOnly(s.Cmd) {
		return
	}
	for _, r := range s.Redirs {
		fds, n := redirFDs(r)
		if n == 0 && r.N != nil && strings.HasPrefix(r.N.Value, "{") {
			continue // {var}>… opens a new descriptor
		}
		if n == 0 || fds[0] == 1 || n == 2 && fds[1] == 1 {
			sc.keepWrapperNote("redirects the shell's output with exec")
			return
		}
	}
}

// execOnly reports whether c is exec without a command, also behind
// command (command exec >f persists too) or builtin.
func execOnly(c syntax.Command) bool {
	ce, ok := c.(*syntax.CallExpr)
	if !ok || len(ce.Args) == 0 {
		return false
	}
	for _, w := range ce.Args[:len(ce.Args)-1] {
		if l := w.Lit(); l != "command" && l != "builtin" && l != "-p" {
			return false
		}
	}
	return ce.Args[len(ce.Args)-1].Lit() == "exec"
}

// keepEnding notes a command that may end the line's own shell before the
// wrapper's steps: exit, exec with a command, set -e.
func (c *cmd) keepEnding() {
	if c.sc.kept == nil {
		return
	}
	switch c.name {
	case "exit", "logout":
		c.sc.keepWrapperNote("ends the shell with " + c.name)
	case "exec":
		if len(c.args) > 0 {
			c.sc.keepWrapperNote("replaces the shell with exec")
		}
	case "shopt":
		for _, f := range c.args {
			if f.dyn || f.s == "errexit" {
				c.sc.keepWrapperNote("turns on set -e")
				return
			}
		}
	case "set":
		for i, f := range c.args {
			s := f.s
			if !f.dyn && (s == "--" || s == "-") {
				return // the rest are positional parameters
			}
			errexit := f.dyn || strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "--") && strings.Contains(s, "e") ||
				s == "-o" && i+1 < len(c.args) && (c.args[i+1].dyn || c.args[i+1].s == "errexit")
			if errexit {
				c.sc.keepWrapperNote("turns on set -e")
				return
			}
		}
	}
}

// keepHash notes a change of the command lookup in the line's own shell.
func (c *cmd) keepHash(what string) {
	c.sc.keepWrapperNote(what)
}

// quietJob reports whether a background job with sc's descriptors writes
// nothing to the line's output: 1 and 2 go to a regular file, /dev/null
// or nowhere, and no other descriptor is a copy of the output.
func (sc *scope) quietJob() bool {
	for n := 1; n <= 2; n++ {
		if v, _ := sc.fd(n); !quietFD(v) {
			return false
		}
	}
	for p := sc.fds; p != nil; p = p.next {
		if p.n > 2 && !p.unset && (p.v.kind == fdStd || p.v.kind == fdUnknown) {
			if v, ok := sc.fdLookup(p.n); ok && (v.kind == fdStd || v.kind == fdUnknown) {
				return false
			}
		}
	}
	return true
}

// quietFD reports whether a job's output descriptor v writes nothing the
// agent reads: closed, /dev/null, or a file not under /dev or /proc.
func quietFD(v fdVal) bool {
	switch v.kind {
	case fdClosed, fdDoc:
		return true
	case fdFile:
		if v.dyn {
			return false
		}
		return v.path == "/dev/null" || !strings.HasPrefix(v.path, "/dev/") && !strings.HasPrefix(v.path, "/proc/")
	}
	return false
}

// noteLoudJob records a background job (sc: its descriptors) that may
// write to the line's output after the line ends.
func (a *analyzer) noteLoudJob(sc *scope) {
	if !a.loudJob && !sc.quietJob() {
		a.loudJob = true
	}
}

// loudJobNote is the note for a background job writing to the output.
const loudJobNote = "starts a background job that writes to the shell's output, which Hermes reads the directory of its shell from (redirect the job's output: cmd > file 2>&1 &)"
