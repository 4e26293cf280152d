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
//   - zsh's options are read the way zsh reads them (any case, "_"
//     ignored, a "no" prefix inverts) from setopt, unsetopt, set -o,
//     zsh -o and --OPTION, and emulate sh|ksh turns POSIX_BUILTINS on;
//     zsh starts with options its startup files may set (.zshenv runs
//     even for zsh -c): its POSIX mode is posixMaybe unless the line
//     turns POSIX_BUILTINS on;
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
// runs (started with options o): from its name, the binary a busybox
// applet runs, and the name it runs under (exec -a, env --argv0).
func (c *cmd) runDialect(o opts) {
	sc := c.sc
	d := shellDialect(c.name)
	if progName(field{s: c.prog}) == "busybox" || progName(field{s: c.prog}) == "toybox" {
		d = dialAsh
	}
	posix := c.a.shellPosix(c.name, o)
	if d == dialZsh {
		posix = max(posix, zshStartPosix(o))
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
	sc.dialect, sc.posix = d, posix
}

// zshStartPosix is the POSIX mode zsh's command-line options (-o NAME,
// +o NAME, --NAME, --emulate MODE) give; posixMaybe otherwise.
func zshStartPosix(o opts) uint8 {
	level := posixMaybe
	for _, f := range o.values("-o", "--emulate") {
		if f.dyn {
			continue
		}
		if zshPosixEmulations[strings.ToLower(f.s)] {
			level = posixOn
		}
		if n, on := zshOptName(f.s); on && zshOptions.Get()[n].effect == zshOptPosix {
			level = posixOn
		}
	}
	for _, h := range o.has {
		if strings.HasPrefix(h, "--") {
			if n, on := zshOptName(h[2:]); on && zshOptions.Get()[n].effect == zshOptPosix {
				level = posixOn
			}
		}
	}
	return level
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

// zshOption applies the zsh option f (turned on when on) to the scope.
func (c *cmd) zshOption(f field, on bool) {
	if f.dyn {
		c.setOption(f, true) // any option (keyword.go)
		c.a.enableGlobs(c.sc, optCdableVars|globDot|globNoCase)
		return
	}
	n, pos := zshOptName(f.s)
	if !pos {
		on = !on
	}
	opt, ok := zshOptions.Get()[n]
	if !ok {
		return
	}
	switch opt.effect {
	case zshOptPosix:
		if on {
			c.a.setPosix(c.sc, posixOn)
		} else {
			c.sc.posix = min(c.sc.posix, posixMaybe) // zsh's startup files may set it again
		}
	case zshOptGlobs:
		if on {
			c.a.enableGlobs(c.sc, opt.flag)
		} else {
			c.sc.globs &^= opt.flag
		}
	case zshOptAllExport:
		if on {
			c.a.allExport = true
		}
	}
}

// setoptBuiltin is zsh's setopt and unsetopt: option names, -m a
// pattern of names (any option).
func (c *cmd) setoptBuiltin() {
	c.text = true
	on := c.name == "setopt"
	pattern := false
	for i, f := range c.args {
		c.skip[i] = true
		switch {
		case f.s == "-m" && !f.dyn:
			pattern = true
		case strings.HasPrefix(f.s, "-") || strings.HasPrefix(f.s, "+"):
			// single-letter options: not followed
		case pattern || f.glob:
			c.zshOption(field{s: f.s, dyn: true}, on)
		default:
			c.zshOption(f, on)
		}
	}
}

// emulateBuiltin is zsh's emulate [-lLR] [MODE [-c CODE]]: sh and ksh
// turn POSIX_BUILTINS on; -c runs CODE in that emulation.
func (c *cmd) emulateBuiltin() error {
	c.text = true
	mode, code := -1, -1
	for i, f := range c.args {
		c.skip[i] = true
		switch {
		case f.s == "-c" && !f.dyn && i+1 < len(c.args):
			code = i + 1
		case i == code:
		case strings.HasPrefix(f.s, "-") && !f.dyn:
		case mode < 0:
			mode = i
		}
	}
	if mode < 0 {
		return nil // prints the emulation mode
	}
	m := c.args[mode]
	sc := c.sc
	if code >= 0 {
		sc = c.a.child(sc)
	}
	switch {
	case m.dyn:
		c.a.setPosix(sc, posixMaybe)
	case zshPosixEmulations[strings.ToLower(m.s)]:
		c.a.setPosix(sc, posixOn)
	default:
		sc.posix = min(sc.posix, posixMaybe)
	}
	if code < 0 {
		return nil
	}
	cc := *c
	cc.sc = sc
	return cc.code(c.args[code], "emulate -c", false)
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
