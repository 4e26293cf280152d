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
//     line bound as a scalar whose value (known) holds no blank or glob
//     character, or of an environment variable of sameEnv, or $? $$ $!
//     $#. Arrays are not known: zsh's $x is every element, its
//     subscripts 1-based. A word that is not the same is dynamic, and a
//     pattern for any name where an operator may be (expand.go);
//   - a builtin of the dialect is the same when it is on the same list
//     (cd's two-operand form is modelled: chdir); setopt only with
//     options of zshSameOptions, emulate only with modes of
//     zshSameEmulations; any other builtin is opaque;
//   - an assignment to a parameter of the dialect's specials (zsh's
//     ARGV0, tied cdpath/path/fpath, hooks, named directories) is
//     opaque, as a prefix assignment, a plain one or a declaration.
//
// Everything else is opaque (ask; deny at read_only), and the bash
// analysis runs too: its findings stand.

// foreignDialect reports whether d is a dialect analysed through the
// same-meaning tables.
func foreignDialect(d uint8) bool {
	return d == dialZsh || d == dialKsh
}

// foreignName names the dialect d in reasons.
func foreignName(d uint8) string {
	if d == dialKsh {
		return "ksh"
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
	case "setopt", "unsetopt":
		for _, w := range x.Args[1:] {
			s, ok := plainWord(w)
			n, _ := zshOptName(s)
			if !ok || !strings.HasPrefix(s, "-") && !zshSameOptions[n] && zshOptions.Get()[n].effect == 0 {
				a.opaque(name, "zsh option "+clip(s)+" may change what the line means")
			}
		}
	case "emulate":
		for _, w := range x.Args[1:] {
			s, ok := plainWord(w)
			if !ok || !strings.HasPrefix(s, "-") && !zshSameEmulations[strings.ToLower(s)] {
				a.opaque(name, "zsh emulation "+clip(s)+" may change what the line means")
				break
			}
			if s == "-c" {
				break
			}
		}
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
	// zsh neither splits nor globs an unquoted value
	return !v.known || quoted || !strings.ContainsAny(v.val, " \t\n*?[")
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
