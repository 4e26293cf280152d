package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// What a command runs when the line changed it. A program is not known by
// the word that names it once the line has changed what that word runs,
// so such a command is analysed again as every program it may run:
//
//   - a name the line hashed (BASH_CMDS[cat]=/bin/rm, hash -p /bin/rm
//     cat, zsh's commands[cat]=… and hash cat=…) runs the hashed program,
//     with the same arguments; a hashed program not known statically is
//     a program not known (opaque where it is hashed; the command's
//     arguments are candidate writes);
//   - a name the line aliases (alias ls=…, BASH_ALIASES[ls]=…, zsh's
//     aliases[ls]=…) runs the alias text with the arguments after it:
//     plain words are the command's new first words, other text is
//     analysed with the arguments appended (arguments not known then are
//     opaque);
//   - a path the line makes a link or a copy of another program (ln -s
//     /bin/rm src/cat, ln, cp -s, cp/install/mv/rsync of a file) runs that
//     program: src/cat F is rm F. A link whose target is not known is
//     opaque. The argument-0 name still matters to multi-call programs
//     (busybox, git, vim), so the command is analysed by its own name too;
//   - a name with no slash that the line makes a program file of, in a
//     directory PATH may search (ln -s /bin/rm ~/.local/bin/cat; cat F:
//     a directory outside the project, where the inherited PATH may
//     look, or one the line puts in PATH), runs that file when its
//     directory is searched first: it is analysed as that path too (not
//     for shell builtins, which are found before any file).
//
// Each is line-wide (see shellvars.go) and bounded: maxRenames names, and
// maxRenameDepth programs followed from one command.
//
// What runs instead of the program the name says is an alternative to
// it, not a step before it: each is walked from the state before the
// command, in a scope of its own, and their states are merged with the
// command's own after it (simple: an alias cd=true where bash expands it
// leaves the cwd where it was, the builtin cd moves it; red-team round
// 26, #a5). An alias's text runs in this shell: its cd and assignments
// are part of that state, arguments or none.

// rename is a command name the line made run something else.
type rename struct {
	name  string // the command name; "" for any (its key is not known)
	kind  svKind // svHash: text is a program path; svAlias: the text replaces the name
	text  string
	known bool
	via   string // NAME[KEY], hash -p, alias NAME
}

const (
	maxRenames     = 64
	maxRenameDepth = 6
	maxMadeLookups = 8 // line-made files one name is looked up as
)

// shellBuiltins are the commands bash finds before searching PATH (or its
// hash table for programs).
var shellBuiltins = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`: . [ alias bg bind break builtin caller cd command compgen complete compopt
		continue declare dirs disown echo enable eval exec exit export false fc fg getopts hash help history jobs
		kill let local logout mapfile popd printf pushd pwd read readarray readonly return set shift shopt source
		suspend test times trap true type typeset ulimit umask unalias unset wait`) {
		m[n] = true
	}
	return m
}}

// addRename records that a command name (key) runs val.
func (a *analyzer) addRename(kind svKind, key, val svVal, via string) {
	if len(a.renames) >= maxRenames {
		a.opaque(via, "the line changes what too many command names run to follow")
		return
	}
	name := key.s
	if !key.known {
		name = ""
	}
	a.renames = append(a.renames, rename{name: name, kind: kind, text: val.s, known: val.known, via: via})
}

// altStates collects the states of the programs a command may run
// instead of the one its name says, each walked from the state before the
// command (sc); acc is their merge, nil while none was walked.
type altStates struct {
	a   *analyzer
	sc  *scope
	acc *scope
}

// run walks fn in a copy of the state before the command, via via, and
// merges the state it leaves into the alternatives.
func (x *altStates) run(via string, fn func(*scope) error) error {
	c, err := x.a.enter(x.a.child(x.sc))
	if err != nil {
		return err
	}
	if via != "" {
		c.via = append(append([]string(nil), c.via...), via)
	}
	if err := fn(c); err != nil {
		return err
	}
	if c.cdFail != nil && c.cdFail.sure {
		// a cd that surely fails in this alternative (cd A B) leaves
		// the state before it here, not for the merge of all: the
		// others' moves stand (cdfail.go)
		c.settleFail()
	}
	if x.acc == nil {
		x.acc = c
	} else {
		x.acc.merge(c)
	}
	return nil
}

// otherPrograms analyses the command fs again as each program the line
// may have made its name or path run, and returns the merge of the
// states they leave (nil: none), for simple to merge with the command's
// own once it is analysed.
func (a *analyzer) otherPrograms(fs []field, sc *scope) (*scope, error) {
	x := &altStates{a: a, sc: sc}
	err := a.otherPrograms1(fs, x)
	return x.acc, err
}

func (a *analyzer) otherPrograms1(fs []field, x *altStates) error {
	f, sc := fs[0], x.sc
	if f.dyn || f.glob || sc.remote {
		return nil
	}
	if a.renaming >= maxRenameDepth {
		// past the bound what the name runs is not followed: opaque
		// (red-team round 23, #1: every bound of the walk)
		if a.mayBeRenamed(f.s) {
			a.opaque(f.s, "command names renamed to each other deeper than the analysis follows")
		}
		return nil
	}
	a.renaming++
	defer func() { a.renaming-- }()
	if strings.Contains(f.s, "/") {
		return a.madeProgram(fs, x)
	}
	for _, r := range a.renames {
		if r.name != "" && r.name != f.s || r.name == "" && a.renaming > 1 {
			continue // (a name not known is not followed twice: bounded work)
		}
		if err := a.renamedCall(r, fs, x); err != nil {
			return err
		}
	}
	if shellBuiltins.Get()[f.s] {
		return nil
	}
	var made []string
	add := func(p string) {
		if path.Base(p) != f.s || len(made) >= maxMadeLookups || !a.mayBeSearched(path.Dir(p)) {
			return
		}
		for _, m := range made {
			if m == p {
				return
			}
		}
		made = append(made, p)
	}
	for _, l := range a.links {
		add(l.name)
	}
	for _, w := range a.written {
		add(w.path)
	}
	for _, p := range made {
		if err := x.run("PATH "+f.s, func(s *scope) error { return a.simple(append([]field{{s: p}}, fs[1:]...), s) }); err != nil {
			return err
		}
	}
	return nil
}

// mayBeSearched reports whether dir may be in the PATH a command name is
// looked up in: a directory the line puts in a search path, or one outside
// the project (the inherited PATH holds ~/.local/bin, /usr/local/bin, …,
// not the project's own directories).
func (a *analyzer) mayBeSearched(dir string) bool {
	for _, d := range a.searchDirs {
		if d == dir {
			return true
		}
	}
	root := a.opt.Root
	if root == "" {
		root = a.opt.Cwd
	}
	return root == "" || dir != root && !strings.HasPrefix(dir, root+"/")
}

// addSearchDirs notes the absolute directories of a search path the line
// assigns.
func (a *analyzer) addSearchDirs(dirs ...string) {
	for _, d := range dirs {
		if strings.HasPrefix(d, "/") && !strings.ContainsAny(d, "$`") && len(a.searchDirs) < maxRenames {
			a.searchDirs = append(a.searchDirs, path.Clean(d))
		}
	}
}

// renamedCall analyses fs as the program or text r gives its name, an
// alternative of x.
func (a *analyzer) renamedCall(r rename, fs []field, x *altStates) error {
	for _, v := range x.sc.via {
		if v == r.via {
			return nil // bash does not expand an alias inside its own text
		}
	}
	args := fs[1:]
	switch {
	case r.kind == svHash && shellBuiltins.Get()[fs[0].s]:
		return nil // bash finds a builtin before its hash table
	case !r.known:
		return x.run(r.via, func(s *scope) error {
			return a.simple(append([]field{{s: "${" + r.via + "}", dyn: true}}, args...), s)
		})
	case r.kind == svHash:
		p := r.text
		if !strings.Contains(p, "/") {
			p = "./" + p // a hashed name is run as a path
		}
		return x.run(r.via, func(s *scope) error { return a.simple(append([]field{{s: p}}, args...), s) })
	}
	if words, ok := plainWords(r.text); ok {
		alt := make([]field, 0, len(words)+len(args))
		for _, w := range words {
			alt = append(alt, field{s: w})
		}
		alt = append(alt, args...)
		if err := x.run(r.via, func(s *scope) error { return a.simple(alt, s) }); err != nil {
			return err
		}
		if blankEnd(r.text) {
			return a.aliasNext(alt, len(words), x, r.via, 0)
		}
		return nil
	}
	if blankEnd(r.text) && len(args) > 0 && a.mayBeAlias(args[0]) {
		a.opaque(r.via, "alias text ending in a blank makes the next word an alias too: "+clip(r.text))
		return nil
	}
	// the arguments join the text's last command; the text runs in this
	// shell (judged where it was written too)
	q := make([]string, len(args))
	for i, f := range args {
		if f.dyn || f.glob {
			a.opaque(r.via, "alias text with arguments not known statically: "+clip(r.text))
			return nil
		}
		q[i] = " '" + strings.ReplaceAll(f.s, "'", `'\''`) + "'"
	}
	return x.run("", func(s *scope) error { return a.reparseHere(r.text+strings.Join(q, ""), s, r.via) })
}

// blankEnd reports whether alias text ends in a blank: POSIX makes the
// word after it alias-expanded too (bash with expand_aliases, dash,
// ksh, mksh, zsh; red-team round 21, #4).
func blankEnd(text string) bool {
	return strings.HasSuffix(text, " ") || strings.HasSuffix(text, "\t")
}

// mayBeRenamed reports whether the command name n may run something else
// the line made: a rename of it (or of a name not known), a link or a
// file the line made with that base name.
func (a *analyzer) mayBeRenamed(n string) bool {
	for _, r := range a.renames {
		if r.name == "" || r.name == n {
			return true
		}
	}
	for _, l := range a.links {
		if path.Base(l.name) == n {
			return true
		}
	}
	for _, w := range a.written {
		if path.Base(w.path) == n {
			return true
		}
	}
	return false
}

// mayBeAlias reports whether the word f may name an alias the line made.
func (a *analyzer) mayBeAlias(f field) bool {
	for _, r := range a.renames {
		if r.kind == svAlias && (r.name == "" || r.name == f.s || f.dyn) {
			return true
		}
	}
	return false
}

// aliasNext analyses fs again with its word n alias-expanded, for each
// alias the line made that may name it, after an alias text that ends in
// a blank (blankEnd); again at the word after that alias's text when it
// ends in a blank too. An alias text not known or not plain words there
// is opaque.
func (a *analyzer) aliasNext(fs []field, n int, x *altStates, via string, depth int) error {
	if n >= len(fs) {
		return nil
	}
	if depth >= maxRenameDepth {
		if a.mayBeAlias(fs[n]) {
			a.opaque(via, "aliases ending in a blank chained deeper than the analysis follows")
		}
		return nil
	}
	f := fs[n]
	for _, r := range a.renames {
		if r.kind != svAlias || r.name != f.s && r.name != "" && !f.dyn {
			continue
		}
		words, ok := plainWords(r.text)
		if r.name == "" || f.dyn || !r.known || !ok {
			a.opaque(via, "the word after alias text ending in a blank may be an alias ("+r.via+"): not followed")
			continue
		}
		alt := make([]field, 0, len(fs)+len(words))
		alt = append(alt, fs[:n]...)
		for _, w := range words {
			alt = append(alt, field{s: w})
		}
		alt = append(alt, fs[n+1:]...)
		if err := x.run(via, func(s *scope) error {
			s.via = append(s.via, r.via)
			return a.simple(alt, s)
		}); err != nil {
			return err
		}
		if blankEnd(r.text) {
			if err := a.aliasNext(alt, n+len(words), x, r.via, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// plainWords splits alias text made of plain words only (no quoting,
// expansion, operator or leading assignment).
func plainWords(s string) ([]string, bool) {
	if strings.ContainsAny(s, ";&|<>()$`'\"\\*?[]{}~#!\n") {
		return nil, false
	}
	w := strings.Fields(s)
	return w, len(w) > 0 && !strings.Contains(w[0], "=")
}

// madeProgram analyses a program run by its path again as the program the
// line made that path a link or a copy of.
func (a *analyzer) madeProgram(fs []field, x *altStates) error {
	sc := x.sc
	if len(a.links) == 0 && len(a.written) == 0 {
		return nil
	}
	abs, ok := a.absField(sc, fs[0])
	if !ok {
		return nil
	}
	orig := a.physical(sc, abs).path
	p, dyn := a.madeChain(orig)
	switch {
	case dyn:
		// a program not known: its arguments are candidate writes
		a.opaque(progName(fs[0]), "runs "+clip(fs[0].s)+", a link the line makes to a program not known statically")
		return x.run(fs[0].s, func(s *scope) error { return a.simple(append([]field{{s: p, dyn: true}}, fs[1:]...), s) })
	case p == orig:
		return nil
	}
	return x.run(fs[0].s, func(s *scope) error { return a.simple(append([]field{{s: p}}, fs[1:]...), s) })
}

// madeChain follows the links and copies the line makes from p to the
// file that runs (p itself when the line makes none there).
func (a *analyzer) madeChain(p string) (string, bool) {
	for n := 0; n < maxLinks; n++ {
		next, dyn := a.madeFrom(p)
		if dyn {
			return next, true
		}
		if next == "" || next == p {
			break
		}
		p = next
	}
	return p, false
}

// madeFrom returns the file p stands for when the line makes p, or a
// directory above it, a link to or a copy of another file ("" when it
// does not; the nearest such name wins); dyn says that file is not known
// statically.
func (a *analyzer) madeFrom(p string) (string, bool) {
	best, to, dyn := -1, "", false
	try := func(name, target string, d bool) {
		rest, ok := strings.CutPrefix(p, name)
		if ok && (rest == "" || rest[0] == '/') && len(name) > best {
			best, to, dyn = len(name), target+rest, d
		}
	}
	for _, l := range a.links {
		try(l.name, l.target, l.dyn)
	}
	for _, w := range a.written {
		if w.from != "" {
			try(w.path, w.from, false)
		}
	}
	return to, dyn
}

// noteCopies records the files cp, install, mv and rsync make copies of
// (srcs and dest as copyLike parsed them): a copy runs as its source.
func (c *cmd) noteCopies(o opts, srcs []field, dest *field) {
	if dest == nil || dest.dyn || c.sc.remote {
		return
	}
	switch c.name {
	case "cp", "install", "mv", "rsync":
	default:
		return
	}
	if c.name == "cp" && o.anyOf("-s", "--symbolic-link", "-l", "--link") {
		return // links (links.go)
	}
	into := len(srcs) > 1 || len(o.values("-t", "--target-directory")) > 0
	for _, s := range srcs {
		sabs, ok := c.a.absField(c.sc, s)
		if !ok || s.glob {
			continue
		}
		sp := c.a.physical(c.sc, sabs).path
		names := []field{joinField(*dest, path.Base(sp))}
		if !into {
			names = append(names, *dest) // dest itself, unless it is a directory
		}
		for _, n := range names {
			if dabs, ok := c.a.absField(c.sc, n); ok {
				c.a.noteCopy(c.a.physical(c.sc, dabs).path, sp, c.name)
			}
		}
	}
}

// noteCopy records that the line makes dst a copy of src: the text src
// was written with in the line, or the file src is.
func (a *analyzer) noteCopy(dst, src, by string) {
	if dst == src {
		return
	}
	if i := a.writtenIndex(src); i >= 0 && a.written[i].known {
		a.noteWrite(dst, by, a.written[i].text, true, false)
		return
	}
	a.noteWrite(dst, by, "", false, false)
	if i := a.writtenIndex(dst); i >= 0 {
		a.written[i].from = src
		if p, dyn := a.madeChain(dst); !dyn && systemProgram(p) {
			a.written[i].kind = writeHarmless // a copy of a system program (writtencode.go)
		}
	}
}
