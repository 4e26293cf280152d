package shell

import (
	"path"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Where a command starts when its directory is not known statically (a
// login shell's home, find -execdir's match directories, popd): a relative
// path is judged at the best known directory (scope.cwd, today's reading),
// and also where else the command may run, so that a relative name a rule
// protects there is caught (sudo -i cat .ssh/id_rsa, find ~ -execdir cat
// .ssh/id_rsa):
//   - below each of scope.cwdAlts (find -execdir: any directory at or
//     below a start path holds a match), as the glob ALT/**/NAME;
//   - otherwise (no cwdAlts), in any directory: the pattern /**/NAME, for
//     a read or a candidate write, one reading of several (Dynamic), so a
//     name a rule protects anywhere (a credential store, a block_paths
//     directory) asks rather than denies. A cd whose target is a known
//     command's output (git rev-parse --show-toplevel, mktemp -d,
//     dirname "$0": knownOutput) keeps the cwd known.
// A relative write there is opaque already (analyzer.path).

// otherCwds judges the relative path f (of kind) at the directories the
// command may run in other than sc.cwd, when sc.cwd is not known.
func (a *analyzer) otherCwds(sc *scope, kind pathKind, f field, cmd, why string) {
	p := strings.TrimPrefix(f.s, "./")
	up := slices.Contains(strings.Split(p, "/"), "..")
	for _, alt := range sc.cwdAlts {
		g := filtered(field{s: alt, dyn: f.dyn}, globQuote(p), treeOpts{})
		if f.glob {
			g.s = strings.TrimSuffix(alt, "/") + "/**/" + p
		}
		g.dyn, g.cand, g.rec = f.dyn, f.cand, f.rec
		a.path(sc, kind, g, cmd, why)
		if up {
			// a ".." climbs from the directory itself too (cd d*
			// enters one match: d*/../../x is two levels above it,
			// where the "**" above ate a level)
			h := f
			h.s = strings.TrimSuffix(alt, "/") + "/" + p
			h.glob = f.glob || hasGlobMeta(alt)
			a.path(sc, kind, h, cmd, why)
		}
	}
	for _, d := range sc.cwdMaybe {
		g := f
		g.s, g.dyn = strings.TrimSuffix(d, "/")+"/"+p, true // one reading of two
		a.path(sc, kind, g, cmd, why)
	}
	if len(sc.cwdAlts) == 0 && len(sc.cwdMaybe) == 0 && !sc.remote && (kind == kRead || f.cand) && (sc.homeCwd == "" || sc.homeCwd != sc.cwd) {
		// no directory known at all: the name in any directory, one
		// reading of several (Dynamic), so a protected name anywhere asks
		g := f
		g.s, g.dyn = anyDir(p), true
		a.path(sc, kind, g, cmd, why)
	}
}

// anyDir is the relative path p in any directory: /**/p, a pattern the
// policy matches against its rules (never walked on disk: it is Dynamic).
func anyDir(p string) string {
	p = strings.TrimPrefix(p, "./")
	if p == "" || p == "." {
		return "/**"
	}
	return "/**/" + p
}

// leadingDynamic reports whether the relative path p starts with a part
// not known statically ("$y/id_rsa", "$(cmd)/x"): that part may be an
// absolute path, so p may be in any directory, not only below the cwd.
func leadingDynamic(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return strings.ContainsAny(first, "$`")
}

// anyDirRest is anyDir of the literal segments that follow the last part
// of the relative path p not known statically. Those parts are kept in
// their source form ($y, ${y%x}, $(cmd a/b), `cmd`), whose text may hold
// a "/" of its own: literalTail finds where they end, and anything it
// cannot read leaves no literal tail (/**, every path).
func anyDirRest(p string) string {
	return anyDir(literalTail(p))
}

// literalTail returns the segments of p after the "/" that follows its
// last source form of a dynamic part, or "" when there is none or the
// forms cannot be read (a quote or backslash inside one).
func literalTail(p string) string {
	end := -1 // the index just past the last dynamic form
	for i := 0; i < len(p); {
		switch {
		case p[i] == '`':
			j := strings.IndexAny(p[i+1:], "`\\'\"")
			if j < 0 || p[i+1+j] != '`' {
				return ""
			}
			i += j + 2
			end = i
		case p[i] == '$' && i+1 < len(p) && (p[i+1] == '(' || p[i+1] == '{'):
			j, ok := formEnd(p, i+1)
			if !ok {
				return ""
			}
			i = j
			end = i
		case p[i] == '$':
			i++
			for i < len(p) && (p[i] == '_' || p[i] >= 'a' && p[i] <= 'z' || p[i] >= 'A' && p[i] <= 'Z' || p[i] >= '0' && p[i] <= '9') {
				i++
			}
			if i < len(p) && strings.IndexByte("@*#?-$!", p[i]) >= 0 && p[i-1] == '$' {
				i++
			}
			end = i
		default:
			i++
		}
	}
	if end < 0 {
		return ""
	}
	k := strings.IndexByte(p[end:], '/')
	if k < 0 {
		return ""
	}
	return strings.TrimLeft(p[end+k:], "/")
}

// formEnd returns the index just past the bracketed form whose opening
// bracket is at i, ( or {, nested brackets counted; false when a quote or
// backslash inside makes the count unreliable, or it does not close.
func formEnd(p string, i int) (int, bool) {
	depth := 0
	for j := i; j < len(p); j++ {
		switch p[j] {
		case '(', '{':
			depth++
		case ')', '}':
			depth--
			if depth == 0 {
				return j + 1, true
			}
		case '\'', '"', '\\', '`':
			return 0, false
		}
	}
	return 0, false
}

// knownOutput is what a command substitution prints that names a
// directory a cd commonly goes to, when the analysis knows it:
//   - git rev-parse --show-toplevel in the repository (Options.Root),
//     from the directory the line starts in or the root itself;
//   - mktemp -d with no other argument: a fresh, empty directory in
//     $TMPDIR or /tmp, named by its template (tmp.XXXXXXXXXX); what is
//     read there the line itself puts there.
func (a *analyzer) knownOutput(prog string, words []*syntax.Word, sc *scope) (string, bool) {
	var args []string
	for _, w := range words {
		lit, ok := literalWord(w)
		if !ok {
			return "", false
		}
		args = append(args, lit)
	}
	switch {
	case prog == "git" && slices.Equal(args, []string{"rev-parse", "--show-toplevel"}):
		r := cleanAbs(a.opt.Root)
		if r != "" && path.IsAbs(r) && sc.cwdKnown && (sc.cwd == r || sc.cwd == cleanAbs(a.opt.Cwd) && strings.HasPrefix(sc.cwd, strings.TrimSuffix(r, "/")+"/")) {
			return r, true
		}
	case prog == "mktemp" && len(args) == 1 && (args[0] == "-d" || args[0] == "--directory"):
		dir := "/tmp"
		if v, ok := a.lookup(sc, "TMPDIR"); ok && v != "" {
			dir = v // else the inherited one, a temporary directory (mktempOps)
		}
		if !path.IsAbs(dir) {
			return "", false
		}
		return path.Clean(dir) + "/tmp.XXXXXXXXXX", true
	}
	return "", false
}

// literalWord is the text of a word of literal parts only.
func literalWord(w *syntax.Word) (string, bool) {
	var b strings.Builder
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			if strings.ContainsAny(x.Value, "\\*?[~{") {
				return "", false
			}
			b.WriteString(x.Value)
		case *syntax.SglQuoted:
			if x.Dollar {
				return "", false
			}
			b.WriteString(x.Value)
		default:
			return "", false
		}
	}
	return b.String(), true
}

// shellArg0 reports whether w is "$0" (or $0) where $0 is the name the
// line's own shell was started by.
func shellArg0(w *syntax.Word, sc *scope) bool {
	if !sc.arg0Shell || sc.argv0Bound() || len(w.Parts) != 1 {
		return false
	}
	p := w.Parts[0]
	if q, ok := p.(*syntax.DblQuoted); ok && len(q.Parts) == 1 {
		p = q.Parts[0]
	}
	x, ok := p.(*syntax.ParamExp)
	return ok && plainParam(x) && x.Param != nil && x.Param.Value == "0"
}
