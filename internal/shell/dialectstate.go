package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// The dialect of the shell that runs the code being analysed (red-team
// round 18, #1-#6). The line itself runs as bash (or a sh not known,
// Options.PosixSh); sh -c, zsh -c, busybox sh -c and a shell's script
// run in the dialect of that shell (scope.dialect, dialecttables.go).
// The dialect is not only the program word:
//   - the name a shell runs under (exec -a NAME, env -a/--argv0 NAME,
//     a busybox applet) puts bash in POSIX mode and zsh in sh or ksh
//     emulation when it is sh or ksh: the strictest of the name and the
//     binary wins (runDialect);
//   - zsh's options are ONE state every spelling goes through
//     (zshSetOpt; red-team round 21, #2, #3): setopt, unsetopt, set
//     -o/+o and set's letters, emulate MODE and its flags, zsh -o NAME,
//     +o NAME, --NAME and its letters, read as zsh reads them (any case,
//     "_" ignored, a "no" prefix inverts, letters by the table in force)
//     against one table (zshopttables.go): an option not in it is
//     opaque; POSIX_BUILTINS, the glob options, ALL_EXPORT and the
//     expansion options GLOB_SUBST, SH_WORD_SPLIT, KSH_ARRAYS,
//     SH_OPTION_LETTERS (scope.zopts, read by sameParam) change the
//     scope. zsh starts with options its startup files may set (.zshenv
//     runs even for zsh -c): POSIX mode posixMaybe, every zopts bit
//     maybe on; emulate picks its mode by the first letter as zsh does
//     (sh, ksh, bash: all on; zsh: off; csh: opaque);
//   - the builtins that keep their prefix assignments are each shell's
//     (keptAssignBuiltins); where the shell is not known the union is
//     a maybe: the name is bound as not known (persistAssigns).
//
// Under zsh (or a shell that may be zsh) a word with a zsh-only shape
// (an unbraced $x[…] or $x:mod, $~x, $^x, $=x, $+x) is dynamic: its
// value is not what bash reads (zshWordShape); ~NAME of a parameter
// the line binds is that parameter's value (zsh's static named
// directories), of one it binds to a value not known, any directory.

// shellBase is the shell's name n without a version or build suffix.
func shellBase(n string) string {
	for i := min(len(n), 8); i >= 2; i-- {
		if shellSet.Get()[n[:i]] {
			return n[:i]
		}
	}
	return n
}

// shellDialect is the dialect of the shell named n.
func shellDialect(n string) uint8 {
	if d, ok := dialectByName[shellBase(n)]; ok {
		return d
	}
	return dialSh
}

// runDialect sets the dialect and POSIX mode of the code the shell c
// runs (started with options o, the words ws): from its name, the binary a busybox
// applet runs, and the name it runs under (exec -a, env --argv0); zsh's
// options from the name it runs under and its command line.
func (c *cmd) runDialect(o opts, ws []field) {
	sc := c.sc
	d := shellDialect(c.name)
	if progName(field{s: c.prog}) == "busybox" || progName(field{s: c.prog}) == "toybox" {
		d = dialAsh
	}
	posix := c.a.shellPosix(c.name, o)
	if d == dialZsh {
		posix = max(posix, posixMaybe) // its startup files may set POSIX_BUILTINS
	}
	if c.argv0 != nil {
		n := strings.TrimPrefix(progName(*c.argv0), "-") // -bash: a login shell
		switch {
		case c.argv0.dyn:
			posix = max(posix, posixMaybe)
		case isShell(n) && shellBase(n) != "bash" && shellBase(n) != "zsh" && shellBase(n) != "rbash" && shellBase(n) != "rzsh":
			// bash as sh is in POSIX mode; zsh as sh or ksh emulates it
			posix = posixOn
		}
	}
	sc.dialect, sc.posix, sc.zopts = d, posix, 0
	if d != dialZsh {
		return
	}
	// zsh: its startup files may set any option (zAllOpts); the name it
	// runs under chooses an emulation, then its command line's options
	sc.zopts = zAllOpts
	if c.argv0 != nil {
		m := field{s: strings.TrimPrefix(progName(*c.argv0), "-"), dyn: c.argv0.dyn}
		c.a.zshEmulate(sc, c.name, m, true)
	}
	c.a.zshOptWords(sc, c.name, ws, true)
}

// zshOptName normalises a zsh option name as zsh does: any case,
// underscores ignored, a "no" prefix inverting a known option. on is
// false for the inverted form.
func zshOptName(s string) (name string, on bool) {
	n := strings.ToLower(strings.ReplaceAll(s, "_", ""))
	if _, ok := zshOptions.Get()[n]; !ok && strings.HasPrefix(n, "no") {
		if _, ok := zshOptions.Get()[n[2:]]; ok {
			return n[2:], false
		}
	}
	return n, true
}

// zshSetOpt is the one place a zsh option is set or unset (on), from
// every spelling (zshOptWords, setopt, unsetopt): an option not known
// statically may be any (opaque), one not in zshOptions is opaque, the
// others change the scope as zshOptions says. by names the command.
func (a *analyzer) zshSetOpt(sc *scope, by string, f field, on bool) {
	if f.dyn || f.glob {
		a.opaque(by, "a zsh option not known statically may change what the line means: "+clip(f.s))
		sc.zopts = zAllOpts
		a.setAllExport(sc, expMaybe) // allexport.go
		a.setPosix(sc, posixMaybe)
		a.enableGlobs(sc, optCdableVars|globDot|globNoCase)
		return
	}
	n, pos := zshOptName(f.s)
	opt, ok := zshOptions.Get()[n]
	if !ok {
		a.opaque(by, "zsh option "+clip(f.s)+" may change what the line means")
		return
	}
	if !pos {
		on = !on
	}
	if opt.inv {
		on = !on
	}
	switch opt.effect {
	case zshOptPosix:
		if on {
			a.setPosix(sc, posixOn)
		} else {
			sc.posix = min(sc.posix, posixMaybe) // zsh's startup files may set it again
		}
	case zshOptGlobs:
		if on {
			a.enableGlobs(sc, opt.flag)
		} else {
			sc.globs &^= opt.flag
		}
	case zshOptAllExport:
		if on {
			a.setAllExport(sc, expSure) // allexport.go
		} else {
			a.setAllExport(sc, 0)
		}
	case zshOptState:
		if on {
			sc.zopts |= opt.bit
		} else {
			sc.zopts &^= opt.bit
		}
	}
}

// zshLetter sets the option of zsh's letter ch (on: -X, off: +X): zsh's
// letters, and ksh's too while SH_OPTION_LETTERS may be on. A letter of
// no option is opaque.
func (a *analyzer) zshLetter(sc *scope, by string, ch byte, on bool) {
	n, ok := zshLetters[ch]
	if sc.zopts&zShLetters != 0 {
		if k, kok := zshKshLetters[ch]; kok {
			a.zshSetOpt(sc, by, field{s: k}, on)
			if !ok {
				return
			}
		}
	}
	if !ok {
		a.opaque(by, "zsh option letter -"+string(ch)+" may change what the line means")
		return
	}
	a.zshSetOpt(sc, by, field{s: n}, on)
}

// zshOptWords applies the option words at the start of ws as zsh reads
// them: set's (-o NAME, +o NAME, -oNAME, letters, +letters), emulate's
// flags, and, for zsh's own command line (cmdline), --NAME, --no-NAME,
// --emulate MODE, -c (code follows as an operand) and -b (the end of the
// options). It stops at the first other word, -A (set -A NAME …), - or
// --.
func (a *analyzer) zshOptWords(sc *scope, by string, ws []field, cmdline bool) {
	for i := 0; i < len(ws); i++ {
		f := ws[i]
		s := f.s
		if f.dyn && (s == "" || s[0] == '-' || s[0] == '+') {
			a.zshSetOpt(sc, by, f, true) // an option word not known statically
			return
		}
		if f.dyn || len(s) < 2 || s[0] != '-' && s[0] != '+' || s == "--" {
			return
		}
		if strings.HasPrefix(s, "--") {
			if !cmdline || s[0] != '-' {
				return
			}
			switch name := s[2:]; name {
			case "version", "help":
			case "emulate":
				if i+1 < len(ws) {
					i++
					a.zshEmulate(sc, by, ws[i], false)
				}
			default:
				a.zshSetOpt(sc, by, field{s: strings.ReplaceAll(name, "-", "_")}, true)
			}
			continue
		}
		on := s[0] == '-'
		for j := 1; j < len(s); j++ {
			switch ch := s[j]; {
			case ch == 'o':
				name := field{s: s[j+1:]}
				if name.s == "" {
					if i+1 >= len(ws) {
						return
					}
					i++
					name = ws[i]
				}
				a.zshSetOpt(sc, by, name, on)
				j = len(s)
			case ch == 'A' && !cmdline:
				return // set -A NAME VALUE…: an array
			case ch == 'c' && cmdline:
				// the code is the first operand (shell)
			case ch == 'b' && cmdline:
				if j == len(s)-1 {
					return
				}
			default:
				a.zshLetter(sc, by, ch, on)
			}
		}
	}
}

// zshEmulate sets the emulation named by m as zsh does: by its first
// letter (after an r: rbash, rsh), c csh, k ksh, s or b sh, any other
// zsh. sh and ksh turn POSIX_BUILTINS, GLOB_SUBST, SH_WORD_SPLIT,
// KSH_ARRAYS and SH_OPTION_LETTERS on, zsh turns them off (emulate
// zsh: their startup values are not read again); csh, or a mode not
// known statically, is opaque. byName: m is the name zsh runs under
// (only sh, ksh, csh names change it then).
func (a *analyzer) zshEmulate(sc *scope, by string, m field, byName bool) {
	if m.dyn || m.glob {
		a.opaque(by, "a zsh emulation not known statically may change what the line means")
		sc.zopts = zAllOpts
		a.setPosix(sc, posixMaybe)
		return
	}
	mode := strings.TrimPrefix(strings.ToLower(m.s), "r")
	switch {
	case strings.HasPrefix(mode, "c"):
		a.opaque(by, "zsh's csh emulation changes what the line means")
	case strings.HasPrefix(mode, "k") || strings.HasPrefix(mode, "s") || strings.HasPrefix(mode, "b"):
		a.setPosix(sc, posixOn)
		sc.zopts = zAllOpts
	case !byName:
		sc.posix = min(sc.posix, posixMaybe)
		sc.zopts = 0
	}
}

// setoptBuiltin is zsh's setopt and unsetopt: option names, -m a
// pattern of names (any option), set-style option words before them.
// Outside zsh only the options the analysis follows are applied.
func (c *cmd) setoptBuiltin() {
	c.text = true
	on := c.name == "setopt"
	judge := mayZsh(c.sc.dialect)
	pattern := false
	for i, f := range c.args {
		c.skip[i] = true
		switch {
		case !f.dyn && (strings.HasPrefix(f.s, "-") || strings.HasPrefix(f.s, "+")):
			if strings.Contains(f.s, "m") {
				pattern = true
			} else if judge {
				g := f
				if !on { // unsetopt -X turns X off
					g.s = string("+-"[strings.IndexByte("-+", f.s[0])]) + f.s[1:]
				}
				c.a.zshOptWords(c.sc, c.name, []field{g}, false)
			}
		case pattern || f.glob || f.dyn:
			if judge {
				c.a.zshSetOpt(c.sc, c.name, field{s: f.s, dyn: true}, on)
			}
		case judge:
			c.a.zshSetOpt(c.sc, c.name, f, on)
		default:
			if n, _ := zshOptName(f.s); zshOptions.Get()[n].effect > zshOptSame {
				c.a.zshSetOpt(c.sc, c.name, f, on)
			}
		}
	}
}

// emulateBuiltin is zsh's emulate [-lLR] [MODE [FLAGS] [-c CODE]]: the
// mode's options (zshEmulate), then its set-style flags; -c runs CODE in
// that emulation, -l only lists.
func (c *cmd) emulateBuiltin() error {
	c.text = true
	mode, code := -1, -1
	list := false
	var flags []field
	for i, f := range c.args {
		c.skip[i] = true
		switch {
		case f.s == "-c" && !f.dyn && i+1 < len(c.args):
			code = i + 1
		case i == code:
		case mode < 0 && strings.HasPrefix(f.s, "-") && !f.dyn:
			list = list || strings.Contains(f.s, "l")
		case mode < 0:
			mode = i
		default:
			flags = append(flags, f)
		}
	}
	if mode < 0 || list {
		return nil // prints the emulation mode or the options it would set
	}
	sc := c.sc
	if code >= 0 {
		sc = c.a.child(sc)
	}
	c.a.zshEmulate(sc, c.name, c.args[mode], false)
	c.a.zshOptWords(sc, c.name, flags, false)
	if code < 0 {
		return nil
	}
	cc := *c
	cc.sc = sc
	return cc.codeInShell(c.args[code], "emulate -c")
}

// zshWordShape reports whether the word parts hold a zsh-only shape
// (red-team round 18, #5): an unbraced $NAME followed by [ or : (a
// subscript, a history modifier), or $ followed by ~ ^ = + (zsh's
// GLOB_SUBST, RC_EXPAND_PARAM, SH_WORD_SPLIT and set-or-not forms),
// which bash reads as literal text.
func zshWordShape(parts []syntax.WordPart) bool {
	for i, p := range parts {
		switch x := p.(type) {
		case *syntax.Lit:
			if zshLitShape(x.Value) {
				return true
			}
			// the parser ends a literal at a lone $: $~x is "$" "~x"
			if strings.HasSuffix(x.Value, "$") && i+1 < len(parts) {
				if l, ok := parts[i+1].(*syntax.Lit); ok && l.Value != "" && strings.IndexByte(zshParamOps, l.Value[0]) >= 0 {
					return true
				}
			}
		case *syntax.DblQuoted:
			if zshWordShape(x.Parts) {
				return true
			}
		case *syntax.ParamExp:
			if !x.Short || i+1 >= len(parts) {
				continue
			}
			if l, ok := parts[i+1].(*syntax.Lit); ok && l.Value != "" && strings.IndexByte(zshParamSuffixes, l.Value[0]) >= 0 {
				return true
			}
		}
	}
	return false
}

// zshLitShape reports whether the literal text s holds a $ that zsh
// reads as the start of an expansion bash leaves as text ($~x, $^x).
func zshLitShape(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '$' && (i == 0 || s[i-1] != '\\') && strings.IndexByte(zshParamOps, s[i+1]) >= 0 {
			return true
		}
	}
	return false
}

// zshNamedDir expands ~NAME as zsh does when NAME is a parameter the
// line binds (red-team round 18, #6): its value when known and absolute,
// any directory when not known or when NAME has the shape of an
// environment variable's (upper case: the agent's environment may hold
// it); false when zsh reads a user's home.
func (a *analyzer) zshNamedDir(b *builder, name string, sc *scope) bool {
	v, bound := sc.cmdEnv[name]
	if !bound {
		v, bound = sc.varEntry(name)
	}
	if !bound && !sc.log.since(name, 0) && strings.ToLower(name) == name {
		return false // a user's name
	}
	if bound && v.known && !strings.HasPrefix(v.val, "/") {
		return false // not a directory's name: the user's home
	}
	if !bound || !v.known {
		b.f.dyn = true
		b.add("$" + name)
		return true
	}
	b.add(v.val)
	return true
}
