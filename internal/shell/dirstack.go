package shell

import (
	"slices"
	"strconv"
)

// The directory stack's own entries (red-team round 23, #14). The
// analysis tracks the stack where it knows it: the cwd on top, then the
// directories pushd DIR left (scope.pushed, last first), a new shell's
// stack starting with its cwd alone. Where it is known, pushd with no
// operand (swap the top two), pushd +N / -N (rotate to the Nth entry from
// the top / the bottom), popd +N / -N (drop one entry) and the tilde forms
// ~N, ~+N, ~-N go to the entry they name, and an index past the end fails
// as bash's does (the cwd stays). Where it is not known (a pushd of a
// directory not known, a stack the line assigned: dirstackvar.go), the
// cwd is not known after them.

// dirStack is sc's directory stack, top first, when known.
func (a *analyzer) dirStack(sc *scope) ([]string, bool) {
	if sc.stackLost || !sc.cwdKnown || sc.cwd == "" || a.stackRewritten(sc) || foreignDialect(sc.dialect) {
		return nil, false
	}
	st := make([]string, 0, len(sc.pushed)+1)
	st = append(st, sc.cwd)
	for i := len(sc.pushed) - 1; i >= 0; i-- {
		st = append(st, sc.pushed[i])
	}
	return st, true
}

// setDirStack makes st (top first) sc's stack: its top the cwd.
func (c *cmd) setDirStack(st []string) {
	sc := c.sc
	if st[0] != sc.cwd {
		sc.oldpwd = sc.cwd
	}
	c.setCwd(st[0])
	pushed := make([]string, 0, len(st)-1)
	for i := len(st) - 1; i >= 1; i-- {
		pushed = append(pushed, st[i])
	}
	sc.pushed = pushed
}

// stackPos is the position in a stack of n entries that +N or -N names;
// false when the word is not one or names no entry.
func stackPos(f field, n int) (int, bool) {
	if f.dyn || !stackIndex(f) {
		return 0, false
	}
	k, err := strconv.Atoi(f.s[1:])
	if err != nil || k >= n {
		return 0, false
	}
	if f.s[0] == '-' {
		k = n - 1 - k
	}
	return k, true
}

// stackMove applies pushd with no operand, pushd ±N and popd ±N to a
// known stack; false when the stack is not known (the caller's model).
// target is the operand, if any.
func (c *cmd) stackMove(target *field) bool {
	st, ok := c.a.dirStack(c.sc)
	if !ok {
		return false
	}
	if target != nil && target.dyn {
		return false
	}
	switch {
	case c.name == "pushd" && target == nil:
		if len(st) < 2 {
			return true // no other directory: fails, nothing changes
		}
		st[0], st[1] = st[1], st[0]
	case c.name == "pushd":
		k, ok := stackPos(*target, len(st))
		if !ok {
			return true // out of range: fails
		}
		st = append(st[k:], st[:k]...)
	case c.name == "popd" && target != nil:
		k, ok := stackPos(*target, len(st))
		if !ok || len(st) < 2 {
			return true // fails
		}
		st = slices.Delete(st, k, k+1)
	default:
		return false
	}
	c.setDirStack(st)
	return true
}

// stackTildeDir is ~N, ~+N or ~-N (user is N, +N or -N) of a known
// stack: the entry, or ok false with lit true when it names none (bash
// leaves the word as it is); both false when the stack is not known.
func (a *analyzer) stackTildeDir(sc *scope, user string) (dir string, ok, lit bool) {
	st, known := a.dirStack(sc)
	if !known {
		return "", false, false
	}
	if user[0] != '+' && user[0] != '-' {
		user = "+" + user
	}
	k, in := stackPos(field{s: user}, len(st))
	if !in {
		return "", false, true
	}
	return st[k], true, false
}

// stackOp applies pushd or popd to the known stack when their operands
// are the stack's own (none for pushd, +N, -N: bash reads -N as one, not
// as an option): true when done.
func (c *cmd) stackOp() bool {
	if c.name != "pushd" && c.name != "popd" {
		return false
	}
	switch {
	case len(c.args) == 0 && c.name == "pushd":
		return c.stackMove(nil)
	case len(c.args) == 1 && stackIndex(c.args[0]):
		c.skip[0] = true
		return c.stackMove(&c.args[0])
	}
	return false
}
