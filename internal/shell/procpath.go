package shell

import (
	"path"
	"strconv"
	"strings"
)

// This file maps the kernel's other names for files (/dev/fd, /dev/std*,
// /proc/<pid>/{root,cwd,fd,task}) to the files they name, and tracks the
// file descriptors the line opens, so that a write through a descriptor is
// a write of the file it was opened on.

// fdKind says what one of the shell's file descriptors refers to.
type fdKind uint8

const (
	fdStd     fdKind = iota // a standard stream the caller passed in: not a file the line names
	fdFile                  // a file the line opened (path)
	fdDoc                   // a here-document or here-string (doc, when known)
	fdPipe                  // one end of a pipe
	fdClosed                // closed by the line
	fdUnknown               // a copy of a descriptor the line did not open
)

// fdVal is what a descriptor refers to.
type fdVal struct {
	kind  fdKind
	path  string // fdFile: absolute path (source form when dyn)
	dyn   bool   // fdFile: path not known statically
	doc   string // fdDoc: the text fed to the descriptor
	known bool   // fdDoc: doc is known statically
}

// fdNode is one entry of a scope's descriptor table: an immutable list,
// newest first, shared between scopes (a change prepends a node).
type fdNode struct {
	n     int
	v     fdVal
	unset bool // the descriptor is back to what the caller passed
	depth int
	next  *fdNode
}

// maxFDNodes bounds a table's list before it is compacted.
const maxFDNodes = 32

// fdLookup returns what the line set descriptor n to, if it did.
func (sc *scope) fdLookup(n int) (fdVal, bool) {
	for p := sc.fds; p != nil; p = p.next {
		if p.n == n {
			return p.v, !p.unset
		}
	}
	return fdVal{}, false
}

// fd returns what descriptor n refers to in sc; ok is false for a
// descriptor above 2 the line never opened (inherited from the caller).
func (sc *scope) fd(n int) (fdVal, bool) {
	if v, ok := sc.fdLookup(n); ok {
		return v, true
	}
	if n >= 0 && n <= 2 {
		return fdVal{kind: fdStd}, true
	}
	return fdVal{}, false
}

// setEnv adds NAME=value to the environment of the command being
// analysed (copy on write: the caller's scope keeps its own).
func (sc *scope) setEnv(name, val string, known bool) {
	m := make(map[string]varVal, len(sc.cmdEnv)+1)
	for k, x := range sc.cmdEnv {
		m[k] = x
	}
	m[name] = varVal{val: val, known: known}
	sc.cmdEnv = m
}

func (sc *scope) setFD(n int, v fdVal) { sc.pushFD(&fdNode{n: n, v: v}) }

func (sc *scope) unsetFD(n int) {
	if _, ok := sc.fdLookup(n); ok {
		sc.pushFD(&fdNode{n: n, unset: true})
	}
}

func (sc *scope) pushFD(node *fdNode) {
	node.next = sc.fds
	if sc.fds != nil {
		node.depth = sc.fds.depth + 1
	}
	sc.fds = node
	if node.depth > maxFDNodes {
		sc.fds = compactFDs(sc.fds)
	}
}

// fdNumbers lists the descriptors a table mentions.
func fdNumbers(l *fdNode, into []int) []int {
	for p := l; p != nil; p = p.next {
		if !containsInt(into, p.n) {
			into = append(into, p.n)
		}
	}
	return into
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// compactFDs rebuilds a table with one node per descriptor set.
func compactFDs(l *fdNode) *fdNode {
	var out *fdNode
	tmp := &scope{fds: l}
	for _, n := range fdNumbers(l, nil) {
		if v, ok := tmp.fdLookup(n); ok {
			d := 0
			if out != nil {
				d = out.depth + 1
			}
			out = &fdNode{n: n, v: v, depth: d, next: out}
		}
	}
	return out
}

// mergeFDs makes every descriptor whose meaning differs between sc and a
// branch b unknown.
func (sc *scope) mergeFDs(b *scope) {
	if sc.fds == b.fds {
		return
	}
	for _, n := range fdNumbers(b.fds, fdNumbers(sc.fds, nil)) {
		x, xok := sc.fdLookup(n)
		y, yok := b.fdLookup(n)
		if x == y && xok == yok {
			continue
		}
		if n <= 2 {
			sc.setFD(n, fdVal{kind: fdPipe}) // not known: not a file
		} else {
			sc.setFD(n, fdVal{kind: fdUnknown})
		}
	}
}

// physResult is a path after the kernel's aliases are followed.
type physResult struct {
	path   string // absolute and clean
	dyn    bool   // a part of the path is not known statically (in source form)
	stream bool   // the path names a standard stream, pipe or here-document, not a file
	// inherited is the descriptor number when the path goes through a
	// descriptor above 2 the line did not open, else -1.
	inherited int
	// otherCwd is set when the path goes through another process's
	// working directory.
	otherCwd bool
}

// isSelfPid reports whether a /proc entry name means the shell itself.
func isSelfPid(s string) bool {
	switch s {
	case "self", "thread-self", "$$", "${$}", "$BASHPID", "${BASHPID}":
		return true
	}
	return false
}

// selfPidOnly reports whether the only parts of a dynamic field p not
// known statically are the shell's own process id in /proc/$$/…: such a
// path is as static as /proc/self/….
func selfPidOnly(p string) bool {
	if !strings.HasPrefix(p, "/proc/") {
		return false
	}
	pid, rest, _ := strings.Cut(p[len("/proc/"):], "/")
	if pid == "self" || !isSelfPid(pid) {
		return false
	}
	return !strings.ContainsAny(rest, "$`") && !strings.Contains(rest, "{}") && !strings.Contains(rest, "<(") && !strings.Contains(rest, ">(")
}

// physical cleans an absolute path lexically while following the names
// that are links maintained by the kernel: /dev/fd → /proc/self/fd,
// /dev/stdin|stdout|stderr → fd 0|1|2, /proc/<pid>/task/<tid> and
// /proc/thread-self → /proc/<pid>, /proc/<pid>/root → /, /proc/self/cwd →
// the working directory, /proc/self/fd/N → the file the line opened on N.
// They are followed before ".." is applied, as the kernel does
// (/dev/fd/../environ is /proc/self/environ).
func (a *analyzer) physical(sc *scope, raw string) physResult {
	res := physResult{inherited: -1}
	if !strings.Contains(raw, "/proc") && !(strings.Contains(raw, "/dev") && (strings.Contains(raw, "fd") || strings.Contains(raw, "std"))) {
		res.path = path.Clean(raw)
		return res
	}
	var out []string
	comps := strings.Split(raw, "/")
	for i := 0; i < len(comps); i++ {
		c := comps[i]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			continue
		}
		out = append(out, c)
		last := i == len(comps)-1 || allEmpty(comps[i+1:])
		switch {
		case len(out) == 2 && out[0] == "dev" && out[1] == "fd":
			out = []string{"proc", "self", "fd"}
		case len(out) == 2 && out[0] == "dev" && (c == "stdin" || c == "stdout" || c == "stderr"):
			n := stdFdNumber(c) // procentry.go
			out = []string{"proc", "self", "fd"}
			comps = append(append(comps[:i:i], n), comps[i+1:]...)
			i--
		case len(out) == 2 && out[0] == "proc" && isSelfPid(c):
			out[1] = "self"
		case len(out) == 4 && out[0] == "proc" && out[2] == "task":
			out = out[:2]
		case len(out) == 3 && out[0] == "proc" && c == "root":
			out = out[:0]
		case len(out) == 3 && out[0] == "proc" && c == "cwd":
			if out[1] == "self" && sc.cwdKnown && path.IsAbs(sc.cwd) {
				out = splitAbs(sc.cwd)
				continue
			}
			// Another process's working directory, or ours when it is
			// not known: a directory not known statically.
			res.dyn = true
			if out[1] == "self" {
				out = []string{"${working directory not known statically}"}
				continue
			}
			res.otherCwd = true
			out = []string{"${working directory of process " + out[1] + "}"}
		case len(out) == 4 && out[0] == "proc" && out[2] == "fd":
			if out[1] != "self" {
				// Another process's descriptor: the file is not known
				// statically, but the name stays, so that the policy can
				// tell whose process it is (Mandate's are never read).
				res.dyn = true
				out = append(out, c)
				continue
			}
			n, err := strconv.Atoi(c)
			if err != nil || n < 0 {
				continue
			}
			v, ok := sc.fd(n)
			switch {
			case !ok || v.kind == fdUnknown:
				res.dyn = true
				res.inherited = n
				out = []string{"${file open on inherited descriptor " + c + "}"}
			case v.kind == fdFile:
				if v.dyn {
					res.dyn = true
				}
				out = splitAbs(v.path)
			case v.kind == fdClosed:
				// the open fails
				res.stream = true
				res.path = "/proc/self/fd/" + c
				return res
			default:
				if last {
					res.stream = true
					res.path = "/proc/self/fd/" + c
					return res
				}
				res.dyn = true
				out = []string{"${descriptor " + c + "}"}
			}
		}
	}
	res.path = "/" + strings.Join(out, "/")
	return res
}

func allEmpty(list []string) bool {
	for _, s := range list {
		if s != "" && s != "." {
			return false
		}
	}
	return true
}

func splitAbs(p string) []string {
	p = strings.Trim(path.Clean(p), "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}
