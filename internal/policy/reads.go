package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"io/fs"
	"path"

	"github.com/mandate-dev/mandate/internal/action"
)

// Reads that no policy allows: Mandate's state directory (its keys,
// evidence log, session files and socket), Mandate's binaries (reading one
// is how a copy is made, and a copy runs under a name Mandate does not
// know), and a process's environment in /proc (an environment dump, for
// every policy that blocks environment variables).

// digestOnly are programs whose output says nothing of a file's bytes but
// a digest, a size or a type: reading a Mandate binary with them makes
// no copy (sha256sum ~/bin/mandate checks an installation). Not cmp,
// od, strings or diff, which print bytes.
var digestOnly = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"md5sum": true, "sha1sum": true, "sha224sum": true, "sha256sum": true, "sha384sum": true, "sha512sum": true,
		"b2sum": true, "cksum": true, "sum": true, "wc": true, "file": true, "stat": true, "du": true, "ls": true,
	}
}}

// environPats are the files that hold a process's environment, or its
// memory, which holds the same strings (the shell's environTemplates).
var environPats = [][]string{
	{"proc", "*", "environ"},
	{"proc", "*", "task", "*", "environ"},
	{"proc", "*", "mem"},
	{"proc", "*", "task", "*", "mem"},
}

// environ reports whether t is, or (a glob or dynamic t) can be, a
// process's environment file; covers also accepts t being a directory
// above one (a recursive read of /proc/self reaches /proc/self/environ).
func environ(t *target, covers bool) bool {
	segs := t.absSegs
	for _, p := range environPats {
		switch {
		case t.glob:
			if segsOverlap(p, segs, true, covers, 0) {
				return true
			}
		case covers:
			if len(segs) <= len(p) && segsPrefix(p, segs) {
				return true
			}
		case len(segs) == len(p) && segsPrefix(p, segs):
			return true
		}
	}
	return false
}

// segsPrefix reports whether each of segs matches the pattern segment at
// the same position in p.
func segsPrefix(p, segs []string) bool {
	for i, s := range segs {
		if i >= len(p) || !segMatch(p[i], s) {
			return false
		}
	}
	return true
}

// envDump records that the action reveals the whole environment: denied
// by every policy with block_env_vars, and at read_only.
func (ev *evaluation) envDump(subj, how string) {
	for _, pa := range ev.p.idx.envPolicies {
		ev.userRule(pa.pol, pa.rule, Deny, subj, fmt.Sprintf("%s, which would reveal block_env_vars %s", how, pa.list))
	}
	if ev.trust == action.ReadOnly {
		ev.deny(groupTrust, "read-only", subj, "trust level read_only does not allow dumping the environment")
	}
}

// readProtected applies the read rules of self-protection to one form of
// a path read.
func (ev *evaluation) readProtected(t *target, subj string, hitEffect Effect, isA string, cmd string) {
	for _, d := range ev.stateDirs() {
		in := false
		if t.glob {
			in = segsOverlap(foldSegs(d), t.lAbsSegs, true, false, 0)
		} else {
			_, in = underFold(t.abs, d)
		}
		if in {
			ev.builtin(groupSelf, hitEffect, "protected-read", subj, fmt.Sprintf("read of %q: %s in Mandate's state directory (keys, evidence log, sessions, socket), which agents may never read", subj, isA))
			break
		}
	}
	for _, f := range ev.protectedFiles() {
		if f.kind != ProtectBinary || digestOnly.Get()[cmd] {
			continue
		}
		hit := samePathFold(t.abs, f.path)
		if t.glob {
			hit = segsOverlap(foldSegs(f.path), t.lAbsSegs, true, false, 0)
		}
		if hit {
			ev.builtin(groupSelf, hitEffect, "protected-read", subj, fmt.Sprintf("read of %q: %s a Mandate binary, which agents may not read or copy (a copy would run under a name Mandate does not know)", subj, isA))
			break
		}
	}
	if t.anyDir {
		// a name in a directory not known: it could be in the state
		// directory (asked above); read as /proc's files it is one
		// reading of many, not the certain deny below
		return
	}
	if environ(t, false) {
		ev.envDump(subj, fmt.Sprintf("reading %q dumps a process's environment", subj))
	}
	if why := ev.procStateRead(t); why != "" {
		// Denied even when the process is not known statically, as a
		// signal to it would be (signals.go).
		ev.builtin(groupSelf, Deny, "protected-read", subj, fmt.Sprintf("read of %q: %s, which hold Mandate's open state files and memory", subj, why))
	}
}

// fileToolTarget refuses an agent's file tool a path that is not a file
// it can read or write in bounded time: a FIFO (the tool would block
// until a writer comes), a socket or a device. The shell's own reads of
// such files are left to the rules: a command line may use a FIFO on
// purpose, and its tool call has its own timeout.
func (ev *evaluation) fileToolTarget(abs string, op opKind) {
	if op == opDelete || devSink(path.Clean(abs)) && op == opWrite {
		return
	}
	info, ok := ev.stat(ev.kernelPath(abs))
	if !ok {
		return
	}
	var what string
	switch m := info.Mode; {
	case m&fs.ModeNamedPipe != 0:
		what = "a FIFO"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		what = "a device"
	default:
		return
	}
	shown := ev.display(newTarget(path.Clean(abs), ev.root, ev.home))
	ev.deny(groupAnalysis, "special-file", shown, fmt.Sprintf("%s %q: it is %s, not a regular file; a file tool could block on it", op.noun(), shown, what))
}
