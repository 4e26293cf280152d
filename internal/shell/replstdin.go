package shell

import "strings"

// A program that reads commands from its terminal (a REPL, an editor, an
// interactive shell or client: terminalTable's rows) reads them from its
// standard input when that is not a terminal. A line that feeds it text —
// a here-document or here-string, a pipe, a file — hands it code in its
// own language (ipython <<< 'import os; …', vim < keys, ftp <<< '!cmd'):
// what it does is unknown to the analysis (opaque), and literals in the
// fed text that name blocked paths are judged as reads. Pagers read their
// input as text, and database clients' input is read as SQL by dbshells.go.

// stdinReaders are the terminalTable reasons whose programs run what they
// read from standard input.
var stdinReaders = map[string]bool{whyREPL: true, whyEditor: true, whyShell: true, whyClient: true}

// replStdin reports c when it is such a program and the line feeds its
// standard input.
func (c *cmd) replStdin() {
	if !c.stdinFed() {
		return
	}
	name := termName(c.name)
	rows := terminalTable.Get()[name]
	if len(rows) == 0 {
		return
	}
	args := make([]string, len(c.args))
	for i, f := range c.args {
		args[i] = f.s
	}
	for _, r := range rows {
		if stdinReaders[r.why] && r.matches(name, args) {
			c.opaque(c.name + " reads commands from its standard input, which the line feeds: " + strings.TrimPrefix(r.why, "an ") + "")
			if text, known := c.fedText(); known {
				c.codeLiterals(field{s: text})
			}
			return
		}
	}
}

// stdinFed reports whether the line feeds c's standard input (not the
// terminal, nor closed, nor /dev/null).
func (c *cmd) stdinFed() bool {
	v, ok := c.sc.fd(0)
	return ok && v.kind != fdStd && v.kind != fdClosed && !(v.kind == fdFile && !v.dyn && v.path == "/dev/null")
}
