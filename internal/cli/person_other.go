//go:build !linux

package cli

import (
	"errors"
	"io"
)

// procAncestry knows no ancestors outside Linux: the environment and the
// terminal code are the checks there.
func procAncestry(pid int) []proc { return nil }

// procParent is not known outside Linux.
func procParent(pid int) (int, bool) { return 0, false }

// openTerminal is not implemented outside Linux: commands for a person
// only refuse there.
func openTerminal(env *Env) (io.ReadWriteCloser, string, error) {
	return nil, "", errors.New("confirming on a terminal is only implemented on Linux")
}

// isTerminal is not asked outside Linux: output is never taken for a
// terminal there.
func isTerminal(fd int) bool { return false }
