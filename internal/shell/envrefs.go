package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Environment revealed later or indirectly: variables whose values bash
// expands or runs after the assignment, names in parameter expansions that
// can become indirect references, and the files that hold a process's
// environment.

// laterExpanded are variables whose value the shell expands again when it
// uses it (prompts, each traced command under set -x, the start-up file
// name), so PS4='$PROD_DB_URL' reads PROD_DB_URL at every traced command.
// laterRun are variables whose value the shell runs as code.
var (
	laterExpanded = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"PS0": true, "PS1": true, "PS2": true, "PS3": true, "PS4": true, "BASH_ENV": true, "ENV": true, "MAILPATH": true}
	}}
	laterRun = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"PROMPT_COMMAND": true}
	}}
)

// assignEffects is what an assignment of val to name does beyond setting
// it (every form: NAME=V, NAME=V cmd, export/declare/local/readonly, env
// and sudo NAME=V): the hosts it points programs at, and the code and
// references bash finds in it later.
func (a *analyzer) assignEffects(sc *scope, cmd, name, val string, known bool) {
	a.assignHosts(sc, cmd, name, val, known)
	switch {
	case laterExpanded.Get()[name]:
		a.defer1(a.reparseWord(val, sc, name))
	case laterRun.Get()[name] && known:
		a.defer1(a.reparse(val, sc, name, false))
	case laterRun.Get()[name]:
		a.defer1(a.reparseWord(val, sc, name)) // at least the references
	}
	switch name {
	case "GLOBIGNORE":
		if val != "" || !known {
			a.enableGlobs(sc, globDot) // a non-empty GLOBIGNORE makes * and ? match dotfiles
		}
	case "BASHOPTS":
		// bash turns on the options listed in an inherited BASHOPTS
		fl := globDot | globStar | globNoCase | globNull
		if known {
			fl = 0
			for _, o := range strings.Split(val, ":") {
				fl |= shoptGlobs.Get()[o]
			}
		}
		a.enableGlobs(sc, fl)
	case "GIT_DIR", "GIT_WORK_TREE":
		a.path(sc, kRead, tree(field{s: val, dyn: !known}, treeOpts{}), cmd, "git "+name)
	}
}

// defer1 keeps the first error of an analysis step that cannot return one
// (the line is then refused when analysis ends).
func (a *analyzer) defer1(err error) {
	if err != nil && a.deferred == nil {
		a.deferred = err
	}
}

// reparseWord analyzes s as the shell expands a prompt or a here-document
// body: parameter expansions, command substitutions and arithmetic are
// found; nothing else is code.
func (a *analyzer) reparseWord(s string, sc *scope, via string) error {
	if !strings.ContainsAny(s, "$`") {
		return nil
	}
	c := a.child(sc).withVia(via)
	c.reparse++
	if c.reparse > MaxReparse {
		return limitErr("more than %d levels of nested shell strings", MaxReparse)
	}
	a.parsed += len(s)
	if a.parsed > 2*MaxLineBytes {
		return limitErr("more than %d bytes of shell code parsed, counting re-parsed strings", 2*MaxLineBytes)
	}
	if err := precheck(s); err != nil {
		return err
	}
	s, cr := crProtect(s) // crlf.go
	w, err := a.parser.Document(strings.NewReader(s))
	if err != nil {
		return fmt.Errorf("shell: %s value does not parse: %w", via, err)
	}
	if cr {
		crRestore(w)
	}
	c.src, c.nest = s, 0
	_, err = a.wordFields(w, c, false)
	return err
}

// paramNames handles the parts of a parameter expansion that name other
// variables: ${x:-NAME} and the other operator words that are a bare name
// (they become indirect references as soon as the value is used with
// ${!…} or eval), and ${!prefix*} / ${!prefix@}, which list every
// variable whose name starts with prefix: a dump of the environment.
func (a *analyzer) paramNames(sc *scope, x *syntax.ParamExp) {
	if x.Excl && x.Names != 0 {
		if !sc.remote {
			a.res.EnvDump = true
		}
		return
	}
	if x.Exp == nil || x.Exp.Word == nil {
		return
	}
	switch x.Exp.Op {
	case syntax.DefaultUnset, syntax.DefaultUnsetOrNull, syntax.AlternateUnset, syntax.AlternateUnsetOrNull,
		syntax.AssignUnset, syntax.AssignUnsetOrNull, syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
		if lit := x.Exp.Word.Lit(); validName(lit) {
			a.envRef(sc, lit)
		}
	}
}

// procPID stands for any process's directory below /proc.
const procPID = "*"

// environTemplates are the files that hold a process's environment (or
// its memory, which holds the same strings), as segments below "/":
// "*" is any one segment.
var environTemplates = &lazy.Value[[][]string]{New: func() [][]string {
	return [][]string{
		{"proc", procPID, "environ"},
		{"proc", procPID, "task", procPID, "environ"},
		{"proc", procPID, "mem"},
		{"proc", procPID, "task", procPID, "mem"},
	}
}}

// fdAliases name /proc/self/fd and its entries: /dev/fd/../environ is
// /proc/self/environ.
var fdAliases = &lazy.Value[[]struct{ from, to string }]{New: func() []struct{ from, to string } {
	return []struct{ from, to string }{
		{"/dev/fd", "/proc/self/fd"},
		{"/dev/stdin", "/proc/self/fd/0"},
		{"/dev/stdout", "/proc/self/fd/1"},
		{"/dev/stderr", "/proc/self/fd/2"},
	}
}}

// revealsEnviron reports whether reading p (as written, before lexical
// cleaning; possibly a glob or with parts not known statically) can read
// a process's environment: /proc/<pid>/environ for any pid, self,
// thread-self, $$, $PPID or a glob, /proc/*/task/*/environ,
// /dev/fd/../environ, and globs such as /pro?/self/env*.
func revealsEnviron(p string, glob, dyn bool) bool { return environFile(p, glob, dyn, false) }

// revealsEnvironBelow reports whether a recursive read of p (grep -r x
// /proc/self, tar c /proc) can read a process's environment file.
func revealsEnvironBelow(p string, glob, dyn bool) bool { return environFile(p, glob, dyn, true) }

func environFile(p string, glob, dyn, below bool) bool {
	if !strings.Contains(p, "/") {
		return false
	}
	for _, al := range fdAliases.Get() {
		if rest, ok := strings.CutPrefix(p, al.from); ok && (rest == "" || rest[0] == '/') {
			p = al.to + rest
			break
		}
	}
	if !strings.HasPrefix(p, "/") {
		if !dyn || !isDynSeg(p) {
			return false // relative: the caller tries again with the cwd joined
		}
		p = "/" + p // "$D/environ": $D may be absolute
	}
	if !glob && !dyn {
		// the common case, a plain path, without building segments
		p = path.Clean(p)
		if below {
			return p == "/" || p == "/proc" || strings.HasPrefix(p, "/proc/")
		}
		if !strings.HasPrefix(p, "/proc/") || !strings.HasSuffix(p, "/environ") && !strings.HasSuffix(p, "/mem") {
			return false
		}
	}
	p = path.Clean(p)
	if p == "/" {
		return below
	}
	segs := strings.Split(p[1:], "/")
	// /proc/<pid>/root/… is / again, as many times as it is written
	for len(segs) > 3 && segMay(segs[0], "proc", glob, dyn) && segs[2] == "root" {
		segs = segs[3:]
	}
	literal := false // "$X" alone is not taken for an environment file
	for _, s := range segs {
		literal = literal || !(dyn && isDynSeg(s)) && s != "**"
	}
	if !literal {
		return false
	}
	for _, t := range environTemplates.Get() {
		if matchTemplate(segs, t, glob, dyn, below) {
			return true
		}
	}
	return false
}

// matchTemplate reports whether the path segments can name a file of the
// template. A segment not known statically may span any number of
// segments (it may contain "/"), and so may "**". With below, the
// segments need only name a directory above such a file. It runs in time
// linear in len(segs)·len(t) (no backtracking: a line of "$a/$a/…" must
// not take exponential time).
func matchTemplate(segs, t []string, glob, dyn, below bool) bool {
	// ok[j]: the segments so far can name the first j template segments
	var ok, next [8]bool // templates have at most 7 segments
	if len(t) >= len(ok) {
		panic("shell: environ template too long")
	}
	ok[0] = true
	for _, s := range segs {
		next = [8]bool{}
		spans := dyn && isDynSeg(s) || glob && s == "**"
		reached := false
		for j := 0; j <= len(t); j++ {
			reached = reached || ok[j]
			switch {
			case spans:
				next[j] = reached // zero or more template segments
			case j > 0 && ok[j-1]:
				next[j] = t[j-1] == procPID && s != "" || t[j-1] != procPID && segMay(s, t[j-1], glob, dyn)
			}
		}
		ok = next
	}
	if below {
		for _, v := range ok[:len(t)+1] {
			if v {
				return true
			}
		}
		return false
	}
	return ok[len(t)]
}

// segMay reports whether segment s can be the name want.
func segMay(s, want string, glob, dyn bool) bool {
	if s == want {
		return true
	}
	if dyn && strings.ContainsAny(s, "$`") {
		return true
	}
	if glob && strings.ContainsAny(s, "*?[(") {
		if ok, err := path.Match(s, want); err == nil && ok {
			return true
		}
		return strings.Contains(s, "(") // an extended glob: @(a|b), !(x) may match
	}
	return false
}

// isDynSeg reports whether a segment is wholly a part not known
// statically ("$X", "$(cmd)").
func isDynSeg(s string) bool {
	return strings.HasPrefix(s, "$") || strings.HasPrefix(s, "`")
}
