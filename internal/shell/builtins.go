package shell

import (
	"path"
	"slices"
	"strings"
)

// Shell builtins that change the shell itself: eval, source, cd.

func (c *cmd) eval() error {
	var parts []string
	f := field{}
	for k := range c.args {
		if k == 0 && c.s(k) == "--" {
			continue
		}
		c.skip[k] = true
		parts = append(parts, c.s(k))
		f.dyn = f.dyn || c.args[k].dyn
	}
	if len(parts) == 0 {
		return nil
	}
	f.s = strings.Join(parts, " ")
	c.handed = true
	if f.dyn {
		c.sc.keep("evaluates code not known statically") // keptstate.go
		c.opaque("shell code not known statically: " + clip(f.s))
		return nil
	}
	// eval's text runs in this shell: its bindings and cd flow back
	return c.a.reparseHere(f.s, c.sc, "eval") // inshell.go
}

func (c *cmd) source() error {
	if len(c.args) == 0 {
		return nil
	}
	c.sc.keep("sources a file into the shell") // keptstate.go
	f := c.args[0]
	switch {
	case f.proc && !f.docKnown:
		c.opaque("sources code from a process substitution")
	case f.dyn && !f.proc && c.stdinPath(f) < 0:
		c.opaque("sources a file whose name is not known statically")
	default:
		// the file runs in this shell: what it changes flows back, up
		// to a return in it (inshell.go)
		outer := c.a.jumped
		defer c.a.endJumps(outer, jumpLoop|jumpReturn)
		if len(c.args) > 1 {
			return c.sourceArgs()
		}
		return c.scriptCode(0, c.name, runHere)
	}
	return nil
}

// sourceArgs runs . FILE ARGS: ARGS are the positional parameters of
// the sourced code (red-team round 23, #23); bash gives the caller's
// back after it, unless the code set its own (then: not known).
func (c *cmd) sourceArgs() error {
	sc := c.sc
	saved, savedKnown := sc.args, sc.argsKnown
	args := make([]string, 0, len(c.args)-1)
	known := true
	for _, f := range c.args[1:] {
		args = append(args, f.s)
		known = known && !f.dyn && !f.glob && !strings.Contains(f.s, "\x00")
	}
	sc.setArgs(args, known)
	err := c.scriptCode(0, c.name, runHere)
	if sc.argsKnown == known && slices.Equal(sc.args, args) {
		sc.args, sc.argsKnown = saved, savedKnown
	} else {
		sc.setArgs(nil, false)
	}
	return err
}

// cd moves the cwd as cd, pushd and popd do. The variables PWD and
// OLDPWD are the tracked directories until the line assigns them (PWD=,
// read, declare, printf -v): then $PWD, ~+, $OLDPWD and ~- expand to the
// values assigned (analyzer.lookup, tilde), cd - goes to $OLDPWD, and a
// cd sets OLDPWD to $PWD, as bash does; after a cd both are the tracked
// directories again. The shell's cd, pushd and popd bind them as bash
// does, where the cd succeeded (cdbind.go); cd is the move alone, with
// the plain bindings, for the directory a program runs in (git -C, make
// -C, wrappers).
func (c *cmd) cd() {
	c.plainBind(c.cdMove())
}

// cdMove moves the cwd as cd, pushd and popd do, and returns what the
// bindings of PWD and OLDPWD need (cdbind.go).
func (c *cmd) cdMove() cdPre {
	sc := c.sc
	sc.cwdAlts, sc.cwdMaybe = nil, nil // judged from the new directory on
	sc.homeCwd = ""
	o := c.parse(optSpec{})
	if c.name == "pushd" && o.is("-n") {
		sc.stackLost = true
		return cdPre{stay: true} // pushd -n DIR adds DIR to the stack and stays
	}
	prev, prevKnown := sc.cwd, sc.cwdKnown
	// the command's own prefix assignments first: OLDPWD=X cd - goes to X
	pre := c.a.cdPreOf(sc) // cdbind.go
	if pre.oldSet {
		sc.oldpwd = ""
		if pre.old.known {
			sc.oldpwd = pre.old.val
		}
	}
	pre.oldpwd = sc.oldpwd
	if !c.stackOp() { // pushd, pushd ±N, popd ±N of a known stack: dirstack.go
		c.chdir(o)
		if c.name == "pushd" {
			// pushd DIR pushes the directory it leaves (popd returns)
			if k, ok := c.pos(o, 0); ok && prevKnown && !c.args[k].dyn && !c.args[k].glob && !stackIndex(c.args[k]) {
				sc.pushed = append(slices.Clip(sc.pushed), prev)
			} else {
				sc.stackLost = true
			}
		}
	}
	return pre
}

// dropVars removes names from sc's variables, on a copy of the map (a
// scope may share its map with the scope it was made from).
func (sc *scope) dropVars(names ...string) {
	vars := make(map[string]varVal, len(sc.vars))
	for k, v := range sc.vars {
		if !slices.Contains(names, k) {
			vars[k] = v
		}
	}
	sc.vars = vars
}

func (c *cmd) chdir(o opts) {
	sc := c.sc
	if c.name == "popd" {
		if n := len(sc.pushed); n > 0 && !sc.stackLost && len(o.pos) == 0 && len(o.has) == 0 && !c.a.stackRewritten(sc) {
			// back to the directory the last pushd DIR left
			sc.oldpwd = sc.cwd
			sc.cwd, sc.cwdKnown = sc.pushed[n-1], true
			sc.pushed = sc.pushed[: n-1 : n-1]
			return
		}
		sc.cwdKnown = false
		sc.cwdMaybe = nil
		c.stackCwd() // dirstackvar.go
		return
	}
	var target field
	if k, ok := c.pos(o, 0); ok {
		target = c.args[k]
		c.skip[k] = true
		k2, two := c.pos(o, 1)
		c.a.cdTwo = two && c.name == "cd"
		if two && foreignDialect(sc.dialect) {
			// zsh's and ksh's cd OLD NEW: $PWD with OLD replaced by NEW
			// (red-team round 19, #2; foreigndialect.go)
			c.skip[k2] = true
			repl := c.args[k2]
			if target.dyn || target.glob || repl.dyn || repl.glob || !sc.cwdKnown || !strings.Contains(sc.cwd, target.s) {
				sc.oldpwd = sc.cwd
				sc.cwdKnown = false
				sc.cwdMaybe = nil
				return
			}
			target = field{s: strings.Replace(sc.cwd, target.s, repl.s, 1)}
		}
		if (c.name == "pushd" || c.name == "cd" && mayZsh(c.sc.dialect)) && stackIndex(target) {
			// pushd +N / -N rotates the directory stack to its Nth
			// entry: the stack is not tracked, so the cwd is unknown
			// (cwdalts.go judges relative reads at home too).
			sc.cwdKnown = false
			sc.cwdMaybe = nil
			c.stackCwd()
			return
		}
		if target.s != "-" {
			c.read(target, c.name+" directory")
		}
	} else if c.name == "pushd" {
		sc.cwdKnown = false
		sc.cwdMaybe = nil
		c.stackCwd()
		return
	} else {
		h, ok := c.a.lookup(sc, "HOME")
		if !ok {
			sc.cwdKnown = false
			sc.cwdMaybe = nil
			return
		}
		target = field{s: h}
	}
	if target.s == "-" {
		if sc.oldpwd == "" {
			sc.cwdKnown = false
			sc.cwdMaybe = nil
			return
		}
		target.s = sc.oldpwd
	}
	if target.dyn || target.glob {
		if target.glob && !target.dyn && sc.cwdKnown && !sc.remote {
			// cd into one match of a glob (for d in */; do cd "$d"):
			// relative paths are judged below the glob (cwdalts.go)
			alt := target.s
			if !path.IsAbs(alt) {
				alt = sc.cwd + "/" + alt
			}
			sc.cwdAlts = []string{path.Clean(alt)}
		}
		sc.oldpwd = sc.cwd
		sc.cwdKnown = false
		sc.cwdMaybe = nil
		return
	}
	next := target.s
	if alts, unknown := c.cdSearch(next); len(alts) > 0 || unknown {
		c.cdAmbiguous(alts, unknown)
		return
	}
	if !path.IsAbs(next) {
		if sc.cwd == "" {
			sc.cwdKnown = false
			sc.cwdMaybe = nil
			return
		}
		next = sc.cwd + "/" + next
	} else {
		sc.cwdKnown = true // an absolute cd makes the cwd known again
	}
	sc.oldpwd = sc.cwd
	c.a.cdRaw = next             // cdfail.go
	ph := c.a.physical(sc, next) // cd /dev/fd is cd /proc/self/fd
	if ph.dyn || ph.stream {
		sc.cwdKnown = false
		sc.cwdMaybe = nil
		return
	}
	if d, ok := c.a.cdLinkDir(next); ok {
		// `..` after a link the line made (dotdot.go): cd -P goes to the
		// physical directory; the logical cd too when the logical one
		// does not exist: one of the two, the physical first
		c.setCwd(d)
		if !o.is("-P") {
			sc.cwdKnown = false
			sc.cwdMaybe = []string{ph.path}
		}
		return
	}
	c.setCwd(ph.path)
}

// builtinPrograms are the shell's builtins with code of their own, and
// the commands that only print text.
func builtinPrograms() []program {
	return []program{
		{"echo printf true false : test [", (*cmd).textCommand},
		{"eval", (*cmd).eval},
		{"source .", (*cmd).source},
		{"alias", (*cmd).aliasBuiltin},
		{"trap", (*cmd).trapBuiltin},
		{"cd pushd popd", effects((*cmd).cdBuiltin)},              // cdfail.go
		{"read mapfile readarray getopts wait", (*cmd).readNames}, // arith.go
		{"unset", (*cmd).unsetBuiltin},
		{"declare typeset local export readonly", (*cmd).declCommand}, // varstore.go
		{"printenv", effects((*cmd).printenvCmd)},
		{"set", (*cmd).setBuiltin},
		{"print", (*cmd).printBuiltin},                // zsh's print -v NAME (shellvars.go)
		{"zmodload", effects((*cmd).zmodloadBuiltin)}, // shellvars.go
		{"shift", effects((*cmd).shiftBuiltin)},
		{"compgen complete bind", (*cmd).callbackBuiltin}, // callbacks.go
		{"ps", effects((*cmd).psCmd)},
		{"hash", effects((*cmd).hashBuiltin)},
		{"shopt", effects((*cmd).shoptBuiltin)},
		{"setopt unsetopt", effects((*cmd).setoptBuiltin)}, // zsh (dialectstate.go)
		{"emulate", (*cmd).emulateBuiltin},
		{"enable", effects((*cmd).enableBuiltin)},
		{"kill pkill killall", effects((*cmd).textOnly)},
	}
}

// textOnly marks a command whose arguments are text: no reads, no URLs.
func (c *cmd) textOnly() { c.text = true }

func (c *cmd) textCommand() error {
	n := c.name
	c.text = true
	if n == "printf" {
		o := c.parse(optSpec{short: "v"})
		for _, v := range o.values("-v") {
			if err := c.a.varNameArg(v, c.sc); err != nil {
				return err
			}
			c.sc.setVar(v.s, "", false)
			if err := c.a.varWrite(c.sc, n, v, c.printfValue(o)); err != nil { // shellvars.go
				return err
			}
		}
	}
	if n == "test" || n == "[" {
		return c.testNames()
	}
	return nil
}

// aliasBuiltin analyses alias bodies as code, and records that the name
// runs its body at a later use (renames.go); zsh's global and suffix
// aliases (-g, -s) replace other words than a command's name: opaque.
func (c *cmd) aliasBuiltin() error {
	for i := range c.args {
		c.skip[i] = true
		if s := c.s(i); strings.HasPrefix(s, "-") && strings.ContainsAny(s, "gs") {
			// their text is not a command of its own
			c.opaque("zsh's global and suffix aliases replace words anywhere in later commands")
			return nil
		}
	}
	for i := range c.args {
		if k, v, ok := strings.Cut(c.s(i), "="); ok {
			f := c.args[i]
			f.s = v
			c.a.addRename(svAlias, svVal{k, !strings.ContainsAny(k, "$`")}, svVal{v, !f.dyn}, "alias "+k)
			c.sc.keep("defines the alias " + clip(k)) // keptstate.go
			if err := c.codeInShell(f, "alias"); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *cmd) trapBuiltin() error {
	o := c.parse(optSpec{})
	if len(o.pos) > 1 || (len(o.pos) == 1 && !o.any("-p", "-l")) {
		c.skip[o.pos[0]] = true
		if len(o.pos) > 1 {
			c.setTrap(c.args[o.pos[0]], c.fieldsAt(o.pos[1:])) // traps.go
			if s := c.s(o.pos[0]); s != "-" && s != "" || c.args[o.pos[0]].dyn {
				c.keepTrap(c.fieldsAt(o.pos[1:])) // keptstate.go
			}
		}
		if s := c.s(o.pos[0]); s != "-" && s != "" {
			return c.codeInShell(c.args[o.pos[0]], "trap")
		}
	}
	return nil
}

func (c *cmd) unsetBuiltin() error {
	fOpt, vOpt, nOpt, opts := false, false, false, true
	for i := range c.args {
		c.skip[i] = true
		if f := c.args[i]; opts && !f.dyn && strings.HasPrefix(f.s, "-") && len(f.s) > 1 {
			if f.s == "--" {
				opts = false
				continue
			}
			fOpt = fOpt || strings.Contains(f.s, "f")
			vOpt = vOpt || strings.Contains(f.s, "v")
			nOpt = nOpt || strings.Contains(f.s, "n")
		} else {
			opts = false
		}
		if f := c.args[i]; !opts && (f.dyn || f.glob && isGlobPattern(f.s)) {
			// a name not known, or a pattern bash expands against the
			// cwd's files first: any name it may match may be unset
			// (red-team round 23, #3)
			c.unsetAny(f, fOpt, vOpt)
			continue
		}
		if !opts && !vOpt {
			c.sc.unsetFunc(c.args[i], fOpt) // funcs.go
		}
		if err := c.a.varNameArg(c.args[i], c.sc); err != nil {
			return err
		}
		n, _, hasKey, _, _ := varWord(c.s(i))
		if !fOpt && !hasKey {
			c.a.unsetAttrs(c.sc, n, nOpt) // varattrs.go
		}
		if fOpt || nOpt || hasKey {
			c.unsetVar(c.args[i], true, !fOpt)
			continue
		}
		// unset r, r a reference: its target (namerefs.go); r itself
		// when it has none
		names, sure := c.a.refActs(c.sc, n, false)
		if names == nil {
			names = []string{n}
		}
		for _, t := range names {
			c.unsetVar(field{s: t}, sure, true)
		}
	}
	return nil
}

// unsetVar applies unset to the variable f names: its state, its value
// and its export attribute; maybe (not sure): the value is not known
// after, the attribute may stay. exp: the export attribute goes (not
// unset -f).
func (c *cmd) unsetVar(f field, sure, exp bool) {
	c.a.unsetState(c.name, f) // shellvars.go
	if !sure {
		c.sc.forgetVar(f.s)
		return
	}
	c.sc.setVar(f.s, "", false)
	if exp {
		c.sc.setExported(f.s, false) // unset takes the export away (childenv.go)
	}
}

// unsetAny applies unset to a word whose names are not known statically:
// a glob pattern (unset -f c* with a file cat in the cwd unsets cat) may
// unset every function and variable it matches, a dynamic word any.
func (c *cmd) unsetAny(f field, fOpt, vOpt bool) {
	if !fOpt {
		c.sc.keep("unsets variables whose names are not known statically") // keptstate.go
	}
	match := func(name string) bool {
		return f.dyn || strings.Contains(f.s, "(") || shellMatch(f.s, name) // params.go; extglob: any
	}
	if !vOpt {
		for k, fn := range c.sc.funcs {
			if match(k) && !fn.maybe {
				c.sc.unsetFunc(field{s: k}, false) // maybe: the pattern may match no file
			}
		}
	}
	if fOpt {
		return
	}
	for k := range c.sc.vars {
		if match(k) {
			c.sc.forgetVar(k) // maybe unset: the export attribute it had may stay
		}
	}
	c.a.unsetAnyAttrs(c.sc, match) // varattrs.go
	for k := range shellVars.Get() {
		if match(k) {
			c.a.unsetState(c.name, field{s: k}) // shellvars.go
		}
	}
}

func (c *cmd) printenvCmd() {
	c.text = true
	o := c.parse(optSpec{})
	for _, k := range o.pos {
		c.a.envRef(c.sc, c.s(k))
	}
	if len(o.pos) == 0 {
		c.a.res.EnvDump = true
	}
}

func (c *cmd) setBuiltin() error {
	if len(c.args) == 0 {
		c.a.res.EnvDump = true
	}
	if err := c.setArray(); err != nil { // shellvars.go
		return err
	}
	c.text = true
	c.setOptions() // keyword.go: -a, -k, -o NAME
	c.setPositional()
	return nil
}

func (c *cmd) shiftBuiltin() {
	c.text = true
	c.shiftPositional()
}

func (c *cmd) psCmd() {
	for i := range c.args {
		s := c.s(i)
		if !strings.HasPrefix(s, "-") && strings.Contains(s, "e") || psEnvCluster(s) || strings.Contains(s, "environ") {
			c.a.res.EnvDump = true
		}
	}
	c.text = true
}

// hashBuiltin: hash -p PATH NAME… (bash) and hash NAME=PATH (zsh) make
// NAME run PATH (renames.go); zsh's hash -d NAME=DIR names a directory
// ~NAME expands to.
func (c *cmd) hashBuiltin() {
	o := c.parse(optSpec{short: "p"})
	names := c.posFields(o)
	for _, p := range o.values("-p") {
		for _, n := range names {
			c.a.addRename(svHash, svVal{n.s, !n.dyn && !n.glob}, svVal{p.s, !p.dyn && !p.glob}, "hash -p")
			c.keepHash("hashes the command " + clip(n.s) + " with hash -p") // keptwrapper.go
		}
		if p.dyn || p.glob {
			c.opaque("hash -p makes a command name run a program not known statically")
		}
	}
	for _, n := range names {
		k, v, ok := strings.Cut(n.s, "=")
		switch {
		case !ok:
		case o.is("-d"):
			c.opaque("zsh's hash -d names a directory that ~NAME expands to")
		default:
			c.keepHash("hashes the command " + clip(k)) // keptwrapper.go
			known := !n.dyn && !n.glob
			if !known {
				c.opaque("hash makes a command name run a program not known statically")
			}
			c.a.addRename(svHash, svVal{k, known || !strings.ContainsAny(k, "$`")}, svVal{v, known}, "hash "+k)
		}
	}
}

func (c *cmd) shoptBuiltin() {
	c.shopt()
	for i := range c.args {
		if c.s(i) == "expand_aliases" {
			c.opaque("shopt expand_aliases makes aliases change what later lines run")
		}
	}
}

func (c *cmd) enableBuiltin() {
	o := c.parse(optSpec{short: "f"})
	if len(o.values("-f")) > 0 || o.is("-n") {
		c.opaque("enable loads or disables shell builtins")
	}
	if len(o.values("-f")) > 0 || o.any("-n", "-d") {
		c.keepHash("loads or disables shell builtins with enable") // keptwrapper.go
	}
}

// stackIndex reports whether f is a directory-stack index (+N, -N), or
// may be one (not known statically).
func stackIndex(f field) bool {
	if f.dyn {
		return true
	}
	if len(f.s) < 2 || f.s[0] != '+' && f.s[0] != '-' {
		return false
	}
	for _, r := range f.s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
