package shell

import (
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// field is one word after static expansion.
type field struct {
	s    string // the text; parts not known statically are in source form
	dyn  bool   // some part is not known statically
	glob bool   // contains an unquoted glob metacharacter
	proc bool   // is a process substitution <(…) / >(…)
	rec  bool   // read recursively (see PathRef.Recursive)
	// tree, on a read, holds the walk and glob facts a command knows
	// (see PathRef.SkipHidden, TrackedOnly, Exclude, DotGlob, GlobStar).
	tree  *treeOpts
	cand  bool // a candidate write (see PathRef.Candidate)
	mount bool // a host path given to a container (see PathRef.Mount)
	// doc is the output of a process substitution <(…) when it is known
	// statically (docKnown): what a program reading it reads.
	doc      string
	docKnown bool
}

// builder accumulates the fields of one word.
type builder struct {
	a   *analyzer
	cur strings.Builder
	f   field
	has bool // the current field exists even if empty ("" or '')
	// drop: the current field came from "$@" with no parameters and
	// is no word unless something else is added to it
	drop bool
	// assign: the word is an assignment or looks like one (NAME=…):
	// ~ expands after its = and after every unquoted :
	assign bool
	out    []field
	// over: the word grew past the line's expansion limit; what follows
	// is dropped and the analysis fails (a.deferred)
	over bool
}

func (b *builder) add(s string) {
	b.has = true
	if !b.room(len(s)) {
		return
	}
	b.cur.WriteString(s)
}

// room reports whether n more bytes keep the expansion of the line within
// maxExpandBytes. It is checked as a word grows, not after: a variable
// doubled in every assignment (a=$a$a) would otherwise build the whole
// oversized word before it is counted.
func (b *builder) room(n int) bool {
	if b.over {
		return false
	}
	if b.a.nbytes+b.cur.Len()+n <= maxExpandBytes {
		return true
	}
	b.over = true
	if b.a.deferred == nil {
		b.a.deferred = limitErr("more than %d bytes after expansion", maxExpandBytes)
	}
	return false
}

func (b *builder) flush() {
	if b.drop && b.cur.Len() == 0 {
		b.has = false
	}
	b.drop = false
	if b.has || b.cur.Len() > 0 {
		b.f.s = b.cur.String()
		b.out = append(b.out, b.f)
	}
	b.cur.Reset()
	b.f = field{}
	b.has = false
}

// addSplit adds an unquoted expansion result, split on IFS.
func (b *builder) addSplit(val, ifs string) {
	if ifs == "" {
		b.add(val)
		return
	}
	if !b.room(len(val)) {
		return
	}
	for i := 0; i < len(val); {
		r, n := utf8.DecodeRuneInString(val[i:]) // (an invalid byte is one byte)
		if strings.ContainsRune(ifs, r) && r != utf8.RuneError {
			if b.cur.Len() > 0 || b.has {
				b.flush()
			}
			i += n
			continue
		}
		if isGlobChar(r) {
			b.f.glob = true
		}
		b.cur.WriteString(val[i : i+n])
		i += n
	}
}

func isGlobChar(r rune) bool { return r == '*' || r == '?' || r == '[' }

// fields expands words into fields; braces reports whether brace expansion
// applies (command arguments, for items).
func (a *analyzer) fields(words []*syntax.Word, sc *scope, braces bool) ([]field, error) {
	out := make([]field, 0, len(words))
	for _, w := range words {
		var err error
		if out, err = a.appendFields(out, w, sc, braces); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// oneField expands a word that is not split (redirect target, assignment
// value): the fields are joined by a space.
func (a *analyzer) oneField(w *syntax.Word, sc *scope) (field, error) {
	fs, err := a.wordFields(w, sc, false)
	if err != nil {
		return field{}, err
	}
	if len(fs) == 1 {
		return fs[0], nil
	}
	var f field
	parts := make([]string, len(fs))
	for i, x := range fs {
		parts[i] = x.s
		f.dyn = f.dyn || x.dyn
		f.glob = f.glob || x.glob
		f.proc = f.proc || x.proc
	}
	f.s = strings.Join(parts, " ")
	return f, nil
}

func (a *analyzer) wordFields(w *syntax.Word, sc *scope, braces bool) ([]field, error) {
	return a.appendFields(nil, w, sc, braces)
}

// appendFields appends the fields of w to dst.
func (a *analyzer) appendFields(dst []field, w *syntax.Word, sc *scope, braces bool) ([]field, error) {
	assign := a.assignNext
	a.assignNext = false
	if w == nil || len(w.Parts) == 0 {
		return dst, nil
	}
	if len(w.Parts) == 1 {
		// Fast path: a plain literal word.
		if l, ok := w.Parts[0].(*syntax.Lit); ok && !strings.ContainsAny(l.Value, "\\*?[{~") && l.Value != "" && (!foreignDialect(sc.dialect) || a.sameWord(w.Parts, sc, false)) {
			a.nfields++
			a.nbytes += len(l.Value)
			if a.nfields > maxFields || a.nbytes > maxExpandBytes {
				return nil, limitErr("more than %d words or %d bytes after expansion", maxFields, maxExpandBytes)
			}
			return append(dst, field{s: l.Value}), nil
		}
	}
	alts := [][]syntax.WordPart{w.Parts}
	if braces {
		e := braceExpansion{&a.braceParts}
		split, err := e.split(w)
		if err != nil {
			return nil, err
		}
		if split {
			if alts, err = e.expand(w.Parts, 0); err != nil {
				return nil, err
			}
		}
	}
	for _, parts := range alts {
		first := len(dst)
		b := builder{a: a, out: dst, assign: assign}
		if err := a.parts(&b, parts, sc, false, true); err != nil {
			return nil, err
		}
		if b.over {
			return nil, a.deferred
		}
		b.flush()
		dst = b.out
		// counted per alternative: a brace expansion of thousands of
		// words stops at the limit, not after building them all
		a.nfields += len(dst) - first
		for _, f := range dst[first:] {
			a.nbytes += len(f.s)
		}
		if a.nfields > maxFields {
			return nil, limitErr("more than %d words after expansion", maxFields)
		}
		if a.nbytes > maxExpandBytes {
			return nil, limitErr("more than %d bytes after expansion", maxExpandBytes)
		}
	}
	return dst, nil
}

func (a *analyzer) source(sc *scope, n syntax.Node) string {
	s, e := int(n.Pos().Offset()), int(n.End().Offset())
	if s < 0 || e > len(sc.src) || s >= e {
		return "$?"
	}
	return sc.src[s:e]
}

func (a *analyzer) ifs(sc *scope) string {
	v, ok := a.lookup(sc, "IFS")
	if !ok {
		return " \t\n"
	}
	return v
}

// parts expands word parts into b. quoted is true inside double quotes;
// first is true for the first part of a word (tilde expansion).
func (a *analyzer) parts(b *builder, parts []syntax.WordPart, sc *scope, quoted, first bool) error {
	if !a.foreignScan && foreignDialect(sc.dialect) && !quoted && len(parts) > 0 && (mayZsh(sc.dialect) && zshWordShape(parts) || first && !a.sameWord(parts, sc, false)) {
		// zsh reads an expansion bash does not (dialectstate.go), or
		// the word is not known to mean the same there
		// (foreigndialect.go): the word's value is not known. What
		// its expansions reference and run is still analysed as bash
		// reads them (a blocked variable, a command substitution).
		a.foreignScan = true
		scratch := builder{a: a, assign: b.assign}
		err := a.parts(&scratch, parts, sc, false, first)
		a.foreignScan = false
		if err != nil || scratch.over {
			return err
		}
		b.f.dyn = true
		src := a.source(sc, &syntax.Word{Parts: parts})
		if g := foreignGlob(src); g != src {
			// an operator of the dialect's globs: any name there
			b.f.glob = true
			src = g
		}
		b.add(src)
		return nil
	}
	for i, p := range parts {
		switch x := p.(type) {
		case *syntax.Lit:
			v := x.Value
			if quoted {
				b.add(unescapeDQ(v))
				continue
			}
			if first && i == 0 && !b.assign {
				if n := assignPrefix(v); n > 0 {
					// NAME=~/x as an argument: bash expands the ~
					b.assign = true
					unescapeInto(b, v[:n])
					v = a.tildeAssign(b, v[n:], sc, true)
				}
			}
			if first && i == 0 && strings.HasPrefix(v, "~") {
				v = a.tilde(b, v, sc)
			}
			if b.assign {
				v = a.tildeAssign(b, v, sc, false)
			}
			unescapeInto(b, v)
		case *syntax.SglQuoted:
			if x.Dollar {
				b.add(ansiC(x.Value))
			} else {
				b.add(x.Value)
			}
		case *syntax.DblQuoted:
			b.has = true
			if err := a.parts(b, x.Parts, sc, true, false); err != nil {
				return err
			}
		case *syntax.ParamExp:
			if err := a.param(b, x, sc, quoted); err != nil {
				return err
			}
		case *syntax.CmdSubst:
			walk := func(s *scope) error { return a.stmts(x.Stmts, s) }
			var err error
			if funsub(x) {
				err = a.nested(sc, walk) // ${ …; } runs in this shell (inshell.go)
			} else {
				err = a.psIsolated(sc, noKeep(walk))
			}
			if err != nil {
				return err
			}
			v, ok := staticEcho(x, a, sc)
			if !ok {
				// $(cat <<'E' … E): the here-document's text
				if v, ok = a.procOutput(x.Stmts, sc); ok {
					v = strings.TrimRight(v, "\n")
				}
			}
			if ok {
				if quoted {
					b.add(v)
				} else {
					b.addSplit(v, a.ifs(sc))
				}
				continue
			}
			b.f.dyn = true
			b.add(a.source(sc, x))
		case *syntax.ArithmExp:
			if err := a.arith(x.X, sc); err != nil {
				return err
			}
			if w, ok := x.X.(*syntax.Word); ok {
				if lit := w.Lit(); lit != "" {
					if _, err := strconv.ParseInt(lit, 10, 64); err == nil {
						b.add(lit)
						continue
					}
				}
			}
			b.f.dyn = true
			b.add(a.source(sc, x))
		case *syntax.ProcSubst:
			if err := a.isolated(sc, noKeep(func(s *scope) error { return a.stmts(x.Stmts, s) })); err != nil {
				return err
			}
			if x.Op == syntax.CmdIn && len(parts) == 1 {
				b.f.doc, b.f.docKnown = a.procOutput(x.Stmts, sc)
			}
			b.f.dyn = true
			b.f.proc = true
			b.add(a.source(sc, x))
		case *syntax.ExtGlob:
			if err := a.zshGlobQual(x, sc); err != nil { // shdialects.go
				return err
			}
			b.f.glob = true
			b.add(x.Op.String() + x.Pattern.Value + ")")
		case *syntax.BraceExp:
			// only when braces are not expanded (set +B, a word split
			// by an earlier expansion): the word as written, its
			// elements expanded (expandopts.go)
			if err := a.braceText(b, x, sc, quoted); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *analyzer) tilde(b *builder, v string, sc *scope) string {
	end := strings.IndexByte(v, '/')
	if end < 0 {
		end = len(v)
	}
	user := v[1:end]
	switch user {
	case "":
		if h, ok := a.lookup(sc, "HOME"); ok {
			b.add(h)
			return v[end:]
		}
		if sc.boundHome() {
			// the line bound HOME to a value not known statically
			// (varstore.go): any directory, not Options.Home
			b.f.dyn = true
			b.add("$HOME")
			return v[end:]
		}
	case "+", "-":
		// $PWD and $OLDPWD: the tracked directories, or the values the
		// line assigned them (builtins.go cd)
		name := "PWD"
		if user == "-" {
			name = "OLDPWD"
		}
		if d, ok := a.lookup(sc, name); ok && d != "" {
			b.add(d)
			return v[end:]
		}
		// not known: any directory, as $OLDPWD is (an OLDPWD the
		// agent's environment exports, or the one the Codex pin's cd
		// leaves), never a user named "-"
		b.f.dyn = true
		b.add("$" + name)
		return v[end:]
	}
	if stackTilde(user) && a.stackRewritten(sc) {
		a.stackEntry(b) // ~N of a DIRSTACK the line assigned (dirstackvar.go)
		return v[end:]
	}
	if stackTilde(user) {
		// ~N, ~+N, ~-N: an entry of the directory stack (dirstack.go)
		switch d, ok, lit := a.stackTildeDir(sc, user); {
		case ok:
			b.add(d)
			return v[end:]
		case !lit:
			b.f.dyn = true
			b.add("$DIRSTACK")
			return v[end:]
		}
	}
	if mayZsh(sc.dialect) && validName(user) && a.zshNamedDir(b, user, sc) {
		return v[end:] // zsh's named directory of a parameter (dialectstate.go)
	}
	if validName(strings.ReplaceAll(user, "-", "_")) {
		// ~name: the home of another user; assume it sits next to ours
		// (or /root), and mark it dynamic.
		home := "/root"
		if h, ok := a.lookup(sc, "HOME"); ok && path.IsAbs(h) && path.Base(h) == user {
			home = h // our own user: exactly ~
		} else {
			b.f.dyn = true
			if user != "root" {
				base := "/home"
				if ok && path.IsAbs(h) {
					base = path.Dir(h)
				}
				home = path.Join(base, user)
			}
		}
		b.add(home)
		return v[end:]
	}
	b.f.dyn = true
	b.add(v[:end])
	return v[end:]
}

// unescapeInto adds an unquoted literal, removing backslashes and noting
// glob metacharacters.
func unescapeInto(b *builder, v string) {
	if !strings.ContainsAny(v, "\\*?[") {
		b.add(v)
		return
	}
	b.has = true
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v):
			i++
			if v[i] != '\n' {
				b.cur.WriteByte(v[i])
			}
		case c == '*' || c == '?' || c == '[':
			b.f.glob = true
			b.cur.WriteByte(c)
		default:
			b.cur.WriteByte(c)
		}
	}
}

func unescapeDQ(v string) string {
	if !strings.Contains(v, "\\") {
		return v
	}
	var sb strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			switch v[i+1] {
			case '$', '`', '"', '\\':
				i++
			case '\n':
				i++
				continue
			}
		}
		sb.WriteByte(v[i])
	}
	return sb.String()
}

// ansiC decodes the body of a $'…' string.
func ansiC(v string) string {
	if !strings.Contains(v, "\\") {
		return v
	}
	var sb strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 >= len(v) {
			sb.WriteByte(c)
			continue
		}
		i++
		switch e := v[i]; e {
		case 'a':
			sb.WriteByte('\a')
		case 'b':
			sb.WriteByte('\b')
		case 'e', 'E':
			sb.WriteByte(0x1b)
		case 'f':
			sb.WriteByte('\f')
		case 'n':
			sb.WriteByte('\n')
		case 'r':
			sb.WriteByte('\r')
		case 't':
			sb.WriteByte('\t')
		case 'v':
			sb.WriteByte('\v')
		case '\\', '\'', '"', '?':
			sb.WriteByte(e)
		case 'c':
			if i+1 < len(v) {
				i++
				sb.WriteByte(v[i] & 0x1f)
			}
		case 'x', 'u', 'U':
			max := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			j := i + 1
			for j < len(v) && j-i-1 < max && isHex(v[j]) {
				j++
			}
			if j == i+1 {
				sb.WriteByte('\\')
				sb.WriteByte(e)
				continue
			}
			n, _ := strconv.ParseUint(v[i+1:j], 16, 32)
			if e == 'x' {
				sb.WriteByte(byte(n))
			} else if n <= utf8.MaxRune {
				sb.WriteRune(rune(n))
			}
			i = j - 1
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(v) && j-i < 3 && v[j] >= '0' && v[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(v[i:j], 8, 16)
			sb.WriteByte(byte(n))
			i = j - 1
		default:
			sb.WriteByte('\\')
			sb.WriteByte(e)
		}
	}
	s := sb.String()
	if k := strings.IndexByte(s, 0); k >= 0 {
		s = s[:k] // bash truncates at NUL
	}
	return s
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func isSpecialParam(n string) bool {
	switch n {
	case "@", "*", "#", "?", "-", "$", "!", "_":
		return true
	}
	return n != "" && n[0] >= '0' && n[0] <= '9'
}

func (a *analyzer) param(b *builder, x *syntax.ParamExp, sc *scope, quoted bool) error {
	// Walk every sub-word for substitutions first.
	var def []field
	if x.Exp != nil && x.Exp.Word != nil {
		var err error
		cond := condExpOp(x.Exp.Op)
		if cond {
			a.condWord++
		}
		def, err = a.wordFields(x.Exp.Word, sc, false)
		if cond {
			a.condWord--
		}
		if err != nil {
			return err
		}
	}
	if x.Repl != nil {
		for _, w := range []*syntax.Word{x.Repl.Orig, x.Repl.With} {
			if _, err := a.wordFields(w, sc, false); err != nil {
				return err
			}
		}
	}
	if x.Slice != nil {
		if err := a.arith(x.Slice.Offset, sc); err != nil {
			return err
		}
		if err := a.arith(x.Slice.Length, sc); err != nil {
			return err
		}
	}
	if x.Index != nil {
		if err := a.arith(x.Index, sc); err != nil {
			return err
		}
	}
	name := ""
	if x.Param != nil {
		name = x.Param.Value
	}
	if x.Exp != nil && x.Exp.Op == syntax.OtherParamOps && x.Exp.Word != nil {
		if op := x.Exp.Word.Lit(); op == "P" || op == "E" {
			a.opaque("$", "prompt or escape expansion of a variable: ${"+name+"@"+op+"}")
		}
	}
	if !isSpecialParam(name) {
		a.envRef(sc, name)
	}
	a.paramNames(sc, x)
	if err := a.paramAssign(sc, x, def); err != nil { // shellvars.go
		return err
	}
	if a.paramKnown(b, x, sc, quoted, def) {
		return nil
	}
	if x.Excl && x.Names == 0 {
		// ${!name}: indirect
		if v, ok := a.lookup(sc, name); ok && validName(v) {
			a.envRef(sc, v)
		} else if ok && strings.Contains(v, "[") && validName(v[:strings.IndexByte(v, '[')]) {
			a.envRef(sc, v[:strings.IndexByte(v, '[')])
			if err := a.varNameArg(field{s: v}, sc); err != nil {
				return err
			}
		} else if !isSpecialParam(name) {
			a.opaque("$", "indirect expansion of a variable named at run time: ${!"+name+"}")
		}
	}
	simple := !x.Excl && !x.Length && !x.Width && x.Index == nil && x.Slice == nil && x.Repl == nil && x.Names == 0 &&
		(x.Exp == nil || x.Exp.Op == syntax.DefaultUnsetOrNull || x.Exp.Op == syntax.DefaultUnset)
	if simple && !isSpecialParam(name) {
		if v, ok := a.lookup(sc, name); ok && (v != "" || x.Exp == nil) {
			if quoted {
				b.add(v)
			} else {
				b.addSplit(v, a.ifs(sc))
			}
			return nil
		}
	}
	b.f.dyn = true
	b.add(a.source(sc, x))
	return nil
}

// staticEcho resolves $(echo literal…) to its output.
func staticEcho(cs *syntax.CmdSubst, a *analyzer, sc *scope) (string, bool) {
	if len(cs.Stmts) != 1 {
		return "", false
	}
	st := cs.Stmts[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(st.Redirs) > 0 || len(call.Assigns) > 0 || len(call.Args) == 0 || st.Negated || st.Background {
		return "", false
	}
	prog := call.Args[0].Lit()
	switch prog {
	case "echo", "printf":
	case "pwd", "dirname", "basename":
		return a.pathOutput(prog, call.Args[1:], sc)
	case "git", "mktemp":
		return a.knownOutput(prog, call.Args[1:], sc) // cwdalts.go
	default:
		return "", false
	}
	var out []string
	for _, w := range call.Args[1:] {
		if !isStaticWord(w) {
			return "", false
		}
		b := &builder{a: a}
		if err := a.parts(b, w.Parts, sc, false, true); err != nil {
			return "", false
		}
		b.flush()
		for _, f := range b.out {
			if f.dyn || f.glob {
				return "", false
			}
			out = append(out, f.s)
		}
	}
	if len(out) > 0 && strings.HasPrefix(out[0], "-") {
		return "", false
	}
	if prog == "printf" {
		s, ok := printfOutput(out)
		// $( ) drops the trailing newlines
		return strings.TrimRight(s, "\n"), ok && !strings.ContainsRune(s, 0)
	}
	return a.cmdSubstEcho(out) // echo.go
}

// pathOutput is what pwd, dirname PATH and basename PATH [SUFFIX] print
// for literal arguments.
func (a *analyzer) pathOutput(prog string, words []*syntax.Word, sc *scope) (string, bool) {
	for _, w := range words {
		if !isStaticWord(w) {
			return "", false
		}
	}
	if prog == "dirname" && len(words) == 1 && shellArg0(words[0], sc) {
		// dirname "$0" of the line's own shell: the directory it was
		// started from, taken as the cwd (cwdalts.go)
		return ".", true
	}
	fs, err := a.fields(words, sc, false)
	if err != nil {
		return "", false
	}
	var args []string
	for _, f := range fs {
		if f.dyn || f.glob {
			return "", false
		}
		if f.s == "-L" || f.s == "-P" || f.s == "--" {
			continue
		}
		if strings.HasPrefix(f.s, "-") {
			return "", false
		}
		args = append(args, f.s)
	}
	switch {
	case prog == "pwd" && len(args) == 0 && sc.cwdKnown && path.IsAbs(sc.cwd):
		return sc.cwd, true
	case prog == "dirname" && len(args) == 1:
		return path.Dir(strings.TrimRight(args[0], "/")), args[0] != ""
	case prog == "basename" && (len(args) == 1 || len(args) == 2) && args[0] != "":
		b := path.Base(args[0])
		if len(args) == 2 && b != args[1] {
			b = strings.TrimSuffix(b, args[1])
		}
		return b, true
	}
	return "", false
}
