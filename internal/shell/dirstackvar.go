package shell

import "mvdan.cc/sh/v3/syntax"

// DIRSTACK (zsh: dirstack) is the directory stack itself (red-team
// round 18, #4): assigning to it, or to one of its members, rewrites
// the entries popd, pushd +N/-N and ~N go to. The stack is not
// tracked, but once the line binds the variable (an assignment, read,
// declare, printf -v, unset: any binding the line's log notes) the
// directories it assigned are where those may go: popd and pushd read
// each of them and go to the first (cdAmbiguous), ~N is the one
// assigned (several, or one not known: any directory). A binding whose
// value is not known makes the cwd after them any directory (the
// relative reads are judged below /).

// noteStackDir notes a value assigned to DIRSTACK or dirstack.
func (a *analyzer) noteStackDir(name *syntax.Lit, f field) {
	if name == nil || name.Value != "DIRSTACK" && name.Value != "dirstack" {
		return
	}
	if f.dyn || f.glob || f.s == "" {
		a.stackAny = true
		return
	}
	if len(a.stackDirs) < maxCdCandidates {
		a.stackDirs = append(a.stackDirs, f.s)
	} else {
		a.stackAny = true
	}
}

// stackRewritten reports whether the line bound DIRSTACK or dirstack.
func (a *analyzer) stackRewritten(sc *scope) bool {
	return len(a.stackDirs) > 0 || a.stackAny || sc.log.since("DIRSTACK", 0) || sc.log.since("dirstack", 0)
}

// stackTilde reports whether ~user is a directory-stack entry (~N,
// ~+N, ~-N).
func stackTilde(user string) bool {
	if user != "" && (user[0] == '+' || user[0] == '-') {
		user = user[1:]
	}
	if user == "" {
		return false
	}
	for i := 0; i < len(user); i++ {
		if user[i] < '0' || user[i] > '9' {
			return false
		}
	}
	return true
}

// stackEntry adds the value of ~N when the line rewrote the stack.
func (a *analyzer) stackEntry(b *builder) {
	if len(a.stackDirs) == 1 && !a.stackAny {
		b.add(a.stackDirs[0])
		return
	}
	b.f.dyn = true
	if len(a.stackDirs) > 0 {
		b.add(a.stackDirs[0])
		return
	}
	b.add("$DIRSTACK")
}

// stackCwd moves the cwd where popd or pushd may go when the line
// rewrote the stack.
func (c *cmd) stackCwd() {
	if !c.a.stackRewritten(c.sc) {
		return
	}
	if len(c.a.stackDirs) > 0 {
		c.cdAmbiguous(c.a.stackDirs, c.a.stackAny)
		return
	}
	c.sc.cwdKnown = false
	c.sc.cwdMaybe = nil
	c.sc.cwdAlts = []string{"/"}
}
