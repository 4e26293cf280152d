package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Foreign dialects (red-team round 19, #1-#3, #6-#8). The analyser is a
// bash analyser: the line is parsed and followed as bash runs it, and a
// POSIX sh is read as bash in POSIX mode with its own kept builtins
// (dialectstate.go). Code that runs under another shell — zsh, ksh93,
// mksh (foreignDialect) — is analysed as bash would only where it is
// known to mean the same there; the set is small and explicit, a table
// per dialect (foreigntables.go):
//
//   - a word is the same when its unquoted literals hold no character
//     the dialect may read as an operator (zsh: ^ # anywhere, ~ but as
//     a leading tilde, a leading =, **) (extended globs are zshGlobQual's), and
//     its parameter expansions are plain $name / ${name} of a name the
//     line bound as a scalar whose value (known) holds no character of
//     the IFS bash splits on (zsh splits a value only with SH_WORD_SPLIT,
//     red-team round 21, #1) and no glob character (with GLOB_SUBST, none
//     of zsh's patterns either: #3), or of an environment variable of
//     sameEnv, or $? $$ $! $#. Arrays are not known: zsh's $x is every element, its
//     subscripts 1-based. A word that is not the same is dynamic, and a
//     pattern for any name where an operator may be (expand.go);
//   - a builtin of the dialect is the same when it is on the same list
//     (cd's two-operand form is modelled: chdir); zsh's options, by any
//     spelling (setopt, set -o, set's letters, emulate, zsh -o), are
//     read through one table (zshopttables.go): one not in it is
//     opaque, and GLOB_SUBST, SH_WORD_SPLIT, KSH_ARRAYS may be on
//     (scope.zopts) — a zsh starts with them maybe on (its startup
//     files), emulate sh|ksh turns them on, emulate zsh off;
//   - an assignment to a parameter of the dialect's specials (zsh's
//     ARGV0, tied cdpath/path/fpath, hooks, named directories) is
//     opaque, as a prefix assignment, a plain one or a declaration.
//
// Everything else is opaque (ask; deny at read_only), and the bash
// analysis runs too: its findings stand.

// foreignDialect reports whether d is a dialect analysed through the
// same-meaning tables.
func foreignDialect(d uint8) bool {
	return d == dialZsh || d == dialKsh || d == dialAny
}

// foreignName names the dialect d in reasons.
func foreignName(d uint8) string {
	switch d {
	case dialKsh:
		return "ksh"
	case dialAny:
		return "the shell $SHELL names"
	}
	return "zsh"
}

// foreignCall judges the simple command x run under the foreign dialect
// of sc: an assignment to a special parameter, or a builtin whose
// meaning differs, is opaque.
func (a *analyzer) foreignCall(x *syntax.CallExpr, sc *scope) {
	t := foreignTables.Get()[sc.dialect]
	if t == nil {
		return
	}
	for _, as := range x.Assigns {
		a.foreignAssign(as, sc, t)
	}
	if len(x.Args) == 0 {
		return
	}
	name, ok := plainWord(x.Args[0])
	if !ok || !t.builtins[name] {
		return
	}
	if !t.same[name] {
		a.opaque(name, foreignName(sc.dialect)+"'s builtin "+name+" is not known to do what bash's does")
		return
	}
	switch name {
	case "typeset", "declare", "local", "export", "readonly", "integer", "float":
		for _, w := range x.Args[1:] {
			s, _ := plainWord(w)
			if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
				if strings.ContainsAny(s, "Th") {
					a.opaque(name, name+" "+s+" ties or hides parameters")
				}
				continue
			}
			n, _, _ := strings.Cut(s, "=")
			if t.specials[n] {
				a.opaque(name, foreignName(sc.dialect)+"'s parameter "+n+" changes what the shell does")
			}
		}
	}
}

// foreignDecl judges a declaration (DeclClause) under a foreign dialect.
func (a *analyzer) foreignDecl(x *syntax.DeclClause, sc *scope) {
	t := foreignTables.Get()[sc.dialect]
	if t == nil {
		return
	}
	for _, as := range x.Args {
		if as.Naked && as.Name == nil && as.Value != nil {
			if s, _ := plainWord(as.Value); (strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+")) && strings.ContainsAny(s, "Th") {
				a.opaque(x.Variant.Value, x.Variant.Value+" "+s+" ties or hides parameters")
			}
			continue
		}
		a.foreignAssign(as, sc, t)
	}
}

// foreignAssign judges one assignment under a foreign dialect.
func (a *analyzer) foreignAssign(as *syntax.Assign, sc *scope, t *foreignTable) {
	if as.Name != nil && t.specials[as.Name.Value] {
		a.opaque(as.Name.Value, foreignName(sc.dialect)+"'s parameter "+as.Name.Value+" changes what the shell does (search paths, the name commands run under, hooks, named directories)")
	}
}

// plainWord is the text of a word made of literals and quotes only.
func plainWord(w *syntax.Word) (string, bool) {
	if w == nil {
		return "", false
	}
	var b strings.Builder
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			b.WriteString(x.Value)
		case *syntax.SglQuoted:
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				b.WriteString(l.Value)
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

// sameWord reports whether the word parts mean under the foreign
// dialect of sc what they mean to bash.
func (a *analyzer) sameWord(parts []syntax.WordPart, sc *scope, quoted bool) bool {
	t := foreignTables.Get()[sc.dialect]
	if t == nil {
		return true
	}
	for i, p := range parts {
		switch x := p.(type) {
		case *syntax.Lit:
			if quoted {
				continue
			}
			v := x.Value
			if i == 0 && t.leadEquals && strings.HasPrefix(v, "=") {
				return false // zsh's EQUALS: =cmd is a command's path
			}
			if t.litSpecial != "" && strings.ContainsAny(v, t.litSpecial) {
				return false
			}
			if t.starStar && strings.Contains(v, "**") {
				return false
			}
			if t.leadEquals { // zsh: ~ is an operator but as a leading tilde
				j := strings.IndexByte(v, '~')
				if j > 0 || i > 0 && j >= 0 || j == 0 && strings.IndexByte(v[1:], '~') >= 0 {
					return false
				}
			}
		case *syntax.DblQuoted:
			if !a.sameWord(x.Parts, sc, true) {
				return false
			}
		case *syntax.ParamExp:
			if !a.sameParam(x, sc, quoted) {
				return false
			}
		}
	}
	return true
}

// sameParam reports whether the expansion x means the same under the
// foreign dialect of sc: a plain $name or ${name} of a scalar.
func (a *analyzer) sameParam(x *syntax.ParamExp, sc *scope, quoted bool) bool {
	if x.Excl || x.Length || x.Width || x.Index != nil || x.Slice != nil || x.Repl != nil || x.Names != 0 || x.Exp != nil || x.Param == nil {
		return false
	}
	n := x.Param.Value
	if len(n) == 1 && strings.Contains(sameSpecialParams, n) {
		return true
	}
	v, bound := sc.cmdEnv[n]
	if !bound {
		v, bound = sc.varEntry(n)
	}
	if !bound {
		return sameEnv[n] && !sc.log.since(n, 0)
	}
	if v.elems != nil || v.glob {
		return false // an array: zsh's $x is every element
	}
	if !v.known || quoted || v.val == "" {
		return true
	}
	// zsh splits an unquoted value only with SH_WORD_SPLIT, on its own
	// IFS, where bash splits on the line's: a value holding an IFS
	// character (any, while IFS is not known) is not the same
	if ifs, ok := a.lookup(sc, "IFS"); !ok || strings.ContainsAny(v.val, ifs) {
		return false
	}
	// bash globs it, zsh only with GLOB_SUBST, and then as zsh's
	// pattern (and ~, a leading = expand)
	if strings.ContainsAny(v.val, "*?[") {
		return false
	}
	return sc.zopts&zGlobSubst == 0 || !strings.ContainsAny(v.val, zshSubstSpecial) && v.val[0] != '='
}

// foreignGlob is the word text w with the characters a foreign dialect
// may read as glob operators (zsh's EXTENDED_GLOB ^ # ~, a leading =)
// made *: a pattern for any name they may match.
func foreignGlob(w string) string {
	if strings.ContainsAny(w, "$`") {
		return w
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("^#~=", r) {
			return '*'
		}
		return r
	}, w)
}
