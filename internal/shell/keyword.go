package shell

import "strings"

// set -k (keyword, red-team round 10 #9): while it is on, every word of a
// simple command that has the form of an assignment (NAME=VALUE), not
// only those before the command name, is taken out of the arguments and
// put in the command's environment: with it, "bash -c : BASH_ENV=F" runs
// bash with BASH_ENV set. The option is tracked like the shell options of
// globopts.go: set -k, set -o keyword (also in a cluster: set -ek, set
// -eo keyword), shopt -s -o keyword, a shell started with -k or -o
// keyword turn it on in the scope, set +k and set +o keyword off; where
// it is set out of the analysis's sight (eval, a function, a sourced
// file) or by an option not known statically, it is taken to be on for
// the rest of the line. While it may be on, such a word is judged both
// ways: as the argument the analysis reads without the option (a write
// dd of=FILE does) and as an assignment to the command's environment
// (dangerousEnv, the option variables of toolenv.go, Command.Env), so a
// wrong guess about the option never hides an effect.

// setOptions notes the options of set that the analysis tracks: -a and
// -o allexport (allexport.go), -k and -o keyword, +B and +o braceexpand,
// -f and -o noglob (expandopts.go).
func (c *cmd) setOptions() {
	if mayZsh(c.sc.dialect) {
		// zsh reads its own letters and option names (dialectstate.go)
		c.a.zshOptWords(c.sc, "set", c.args, false)
	}
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		s := f.s
		if s == "--" || s == "-" || len(s) < 2 || s[0] != '-' && s[0] != '+' || strings.HasPrefix(s, "--") {
			if f.dyn {
				c.setOption(f, true) // an option not known statically may be any
			}
			return
		}
		if f.dyn {
			c.setOption(f, true)
			return
		}
		on := s[0] == '-'
		for _, ch := range s[1:] {
			switch ch {
			case 'a':
				c.setOption(field{s: "allexport"}, on)
			case 'k':
				c.setOption(field{s: "keyword"}, on)
			case 'B':
				c.setOption(field{s: "braceexpand"}, on)
			case 'f':
				c.setOption(field{s: "noglob"}, on)
			case 'o':
				if i+1 < len(c.args) {
					i++
					c.setOption(c.args[i], on)
				}
			}
		}
	}
}

// setOption turns the set -o option named by f on or off.
func (c *cmd) setOption(f field, on bool) {
	if f.dyn {
		c.a.setAllExport(c.sc, expMaybe) // allexport.go
		c.a.enableGlobs(c.sc, optKeyword)
		c.a.setPosix(c.sc, posixMaybe)                                       // posixspecial.go
		c.a.enableGlobs(c.sc, optNoBrace|optNoGlob|optBraceBoth|optGlobBoth) // expandopts.go
		return
	}
	switch f.s {
	case "posix":
		if on {
			c.a.setPosix(c.sc, posixOn)
		} else {
			c.sc.posix = posixOff
		}
		c.sc.bindPosixlyCorrect(on) // shellopts.go
	case "allexport":
		if on {
			c.a.setAllExport(c.sc, expSure) // allexport.go
		} else {
			c.a.setAllExport(c.sc, 0)
		}
	case "keyword":
		if on {
			c.a.enableGlobs(c.sc, optKeyword)
		} else {
			c.sc.globs &^= optKeyword
		}
	case "braceexpand", "noglob":
		c.a.setExpandOption(c.sc, f.s, on) // expandopts.go
	}
}

// keywordShell notes a shell started with -k or -o keyword for the
// code it runs.
func (a *analyzer) keywordShell(sc *scope, o opts) {
	on := o.is("-k")
	for _, f := range o.values("-o") {
		on = on || f.dyn || f.s == "keyword"
	}
	if on {
		sc.globs |= optKeyword
	}
}

// keywordWords returns the indexes of the words of fs (its program
// first) that set -k, where it may be on, takes out of the arguments: the
// command runs with them (the option off) or without them (on: cd
// FOO=bar goes home), and both are analysed (calls.go). nil: none.
func (a *analyzer) keywordWords(fs []field, sc *scope) []int {
	if a.globsOn(sc)&optKeyword == 0 {
		return nil
	}
	var idx []int
	for i, f := range fs[1:] {
		if n, _, ok := strings.Cut(f.s, "="); ok && validName(n) {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// keywordAssigns returns the words of a simple command (fs, its program
// first) that set -k makes assignments to its environment, when the
// option may be on.
func (a *analyzer) keywordAssigns(fs []field, sc *scope) (names, vals []string, known []bool) {
	if a.globsOn(sc)&optKeyword == 0 {
		return nil, nil, nil
	}
	for _, f := range fs[1:] {
		n, v, ok := strings.Cut(f.s, "=")
		if !ok || !validName(n) {
			continue
		}
		names, vals, known = append(names, n), append(vals, v), append(known, !f.dyn && !f.glob)
	}
	return names, vals, known
}
