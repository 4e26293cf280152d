package redact

import "strings"

// Red-team round 21 (#24): a variable of the program's own language
// handed to a credential parameter, key or connection string.
//
// password=d, {password: p}, "root:"+k+"@tcp(…)", f"…:{k}@…" give the
// credential by name; the secret is what the text binds to the name.
// This is the code counterpart of the shell's fail-closed pass
// (failclosed.go): the name is a secret name, and
//
//   - every literal bound to it in the same text (NAME = '…', NAME :=
//     "…", let/const/var/my/local NAME = …, NAME: T = …, var NAME T =
//     …, $NAME = …, NAME='…' or NAME=word at a line's start) is masked,
//     a concatenation of literals whole;
//   - where the text binds it in a way not modelled (a for loop, a
//     function's parameter, a destructuring, a with … as, an
//     expression holding a literal such as os.getenv('X', '…')), every
//     secret-like literal of the text is masked (unresolved-secret-
//     source): which literal reaches the name is not known;
//   - a name the text never binds (pw = getpass(), a parameter of a
//     function the text does not call) masks nothing more: its value is
//     not in the text.

// secretRef is a name given to a credential sink, and the rule that
// found the sink.
type secretRef struct {
	name, id string
}

// identValue returns the variable name a value at p is ($name, name:
// an identifier standing alone up to a ',', ';', a closing bracket or
// the line's end), or "".
func identValue(s string, p int) string {
	if p < len(s) && s[p] == '$' {
		p++
	}
	e := p
	for e < len(s) && (isAlnum(s[e]) || s[e] == '_') {
		e++
	}
	if e == p || isDigit(s[p]) {
		return ""
	}
	name := s[p:e]
	if isTypeName(name) || codeWords.Get()[name] || len(name) > 64 || highEntropy(name) || tokenPrefixed(name) {
		return "" // a value, not a variable's name
	}
	if p > 0 && s[p-1] == ':' && e < len(s) && s[e] == ']' {
		return "" // a marker's hash
	}
	if q := skipBlanks(s, e, 8); q < len(s) && strings.IndexByte(",;)]}\n\r#", s[q]) < 0 {
		return ""
	}
	return name
}

// maxSecretNames bounds the names resolved in one text.
const maxSecretNames = 16

// tokenPrefixed reports a value in a vendor token's shape (ghp_…,
// xoxb-…): a letter prefix of 2 to 6 and '_' or '-' then 16 or more
// letters and digits with a digit among them.
func tokenPrefixed(v string) bool {
	i := 0
	for i < len(v) && i < 7 && isLower(v[i]) {
		i++
	}
	if i < 2 || i >= len(v) || v[i] != '_' && v[i] != '-' || len(v)-i < 17 {
		return false
	}
	return strings.ContainsAny(v[i:], "0123456789")
}

// maxNameUses bounds the occurrences of one name that are judged;
// past it the text fails closed.
const maxNameUses = 1024

// secretNameSpans resolves the secret names refs in s.
func secretNameSpans(s string, refs []secretRef) []span {
	var out []span
	seen := map[string]bool{}
	failed := false
	for _, ref := range refs {
		if seen[ref.name] || ref.name == "" {
			continue
		}
		if seen[ref.name] = true; len(seen) > maxSecretNames {
			failed = true // each name is a pass over s: past the bound, fail closed
			break
		}
		spans, unmodelled := nameBindings(s, ref)
		out = append(out, spans...)
		failed = failed || unmodelled
	}
	if failed {
		out = append(out, secretLikeLiterals(s)...)
	}
	return out
}

// nameBindings masks the literals bound to ref.name in s and reports a
// binding it does not model.
func nameBindings(s string, ref secretRef) (out []span, unmodelled bool) {
	name := ref.name
	uses := 0
	for i := 0; i < len(s); {
		k := strings.Index(s[i:], name)
		if k < 0 {
			break
		}
		at := i + k
		i = at + len(name)
		if at > 0 && (isWordByte(s[at-1]) || s[at-1] == '.') || i < len(s) && isWordByte(s[i]) {
			continue
		}
		if uses++; uses > maxNameUses {
			return out, true
		}
		rhs, op := bindingOp(s, i)
		switch {
		case op && startsLiteral(s, rhs+prefixLen(s, rhs)) || op && s[rhs] == '(' && startsLiteral(s, skipBlanks(s, rhs+1, 4)):
			if s[rhs] == '(' {
				rhs = skipBlanks(s, rhs+1, 4)
			}
			q := rhs + prefixLen(s, rhs)
			if s[q] == '$' {
				q++
			}
			lt, ok := lexLiteral(s, q)
			if !ok {
				return out, true
			}
			for _, p := range concatChain(s, lt) {
				if p.ident {
					continue
				}
				if p.lit.ce > p.lit.cs && !isPlaceholder(s[p.lit.cs:p.lit.ce]) {
					out = append(out, span{start: p.lit.cs, end: p.lit.ce, id: ref.id})
				}
			}
		case op && shellWordBinding(s, at, i, rhs):
			e := rhs
			for e < len(s) && !isValueStop(s[e]) {
				e++
			}
			if e > rhs && !isPlaceholder(s[rhs:e]) {
				out = append(out, span{start: rhs, end: e, id: ref.id})
			}
		case op:
			// Bound to an expression: computed, unless a literal stands in it.
			if literalInStatement(s, rhs) {
				unmodelled = true
			}
		default:
			unmodelled = unmodelled || otherBinding(s, at, i)
		}
	}
	return out, unmodelled
}

// bindingOp reads an assignment operator after a name ending at e (a
// type annotation between them allowed: NAME: str =, var NAME string =)
// and returns where its right-hand side starts.
func bindingOp(s string, e int) (int, bool) {
	p := skipBlanks(s, e, 8)
	typed := p > e // var NAME T =
	if p < len(s) && s[p] == ':' && (p+1 >= len(s) || s[p+1] != '=') {
		p = skipBlanks(s, p+1, 8) // NAME: T = (Python, TypeScript)
		typed = true
	}
	if typed && p < len(s) && (isAlnum(s[p]) || s[p] == '[' || s[p] == '*') {
		t := p
		for t < len(s) && t-p < 40 && (isKeyByte(s[t]) || strings.IndexByte("[]*<>?", s[t]) >= 0) {
			t++
		}
		if q := skipBlanks(s, t, 8); q < len(s) && s[q] == '=' {
			p = q
		}
	}
	if p >= len(s) {
		return 0, false
	}
	for _, op := range []string{":=", "||=", "??=", "<-", ".=", "+=", "="} {
		if strings.HasPrefix(s[p:], op) {
			q := p + len(op)
			if op == "=" && q < len(s) && (s[q] == '=' || s[q] == '>' || s[q] == '~') {
				return 0, false // ==, =>, =~
			}
			if p > 0 && op == "=" && strings.IndexByte("!<>=", s[p-1]) >= 0 {
				return 0, false
			}
			q = skipBlanks(s, q, 8)
			if q >= len(s) {
				return 0, false
			}
			if s[q] == '\n' || s[q] == '\\' {
				if nl, ok := valueOnNextLineOf(s, q); ok {
					q = nl
				}
			}
			return q, q < len(s)
		}
	}
	return 0, false
}

// valueOnNextLineOf: after "NAME =" at a line's end, the next line that
// starts with a literal (nextline.go).
func valueOnNextLineOf(s string, p int) (int, bool) {
	e, _, ok := emptyRest(s, p, true)
	if !ok || e >= len(s) {
		return 0, false
	}
	q, _, ok := followingLine(s, e)
	return q, ok && startsLiteral(s, q)
}

// shellWordBinding reports NAME=word at a statement's start, no blanks
// around '=' (shell, env files): the word is the value.
func shellWordBinding(s string, at, e, rhs int) bool {
	if rhs != e+1 || s[e] != '=' || rhs >= len(s) || isValueStop(s[rhs]) || s[rhs] == '$' {
		return false
	}
	j := at
	if j > 0 && s[j-1] == '$' {
		return false
	}
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if j >= 6 && s[j-6:j] == "export" {
		j = skipBlanksBack(s, j-6, 8)
	}
	return j == 0 || strings.IndexByte("\n\r;&|", s[j-1]) >= 0
}

// literalInStatement reports a string literal in the statement from p
// to its end (the line, or a ';').
func literalInStatement(s string, p int) bool {
	e := lineEnd(s, p, min(len(s), p+maxValueLen))
	for i := p; i < e; i++ {
		switch s[i] {
		case ';':
			return false
		case '"', '\'', '`':
			return true
		}
	}
	return false
}

// binderWords start a line that binds names other than by assignment.
var binderWords = []string{"for", "foreach", "def", "function", "func", "fn", "lambda", "sub", "proc", "catch", "with", "async", "each"}

// otherBinding reports a binding of the name at s[at:e] that is not an
// assignment: a loop variable, a parameter, a with … as, a
// destructuring (a, NAME = …, {NAME} = …), an arrow function's
// parameter, a block's |NAME|.
func otherBinding(s string, at, e int) bool {
	ls := strings.LastIndexByte(s[max(0, at-maxValueLen):at], '\n') + 1 + max(0, at-maxValueLen)
	before := s[ls:at]
	if strings.HasSuffix(strings.TrimRight(before, " \t"), " as") || strings.HasSuffix(before, "|") {
		return true
	}
	for _, w := range binderWords {
		if i := strings.Index(before, w); i >= 0 && (i == 0 || !isWordByte(before[i-1])) && i+len(w) < len(before) && !isWordByte(before[i+len(w)]) {
			return true
		}
	}
	// a, NAME = …; (NAME) => …; {NAME} = …
	p := e
	for p < len(s) && p-e < 256 && (isWordByte(s[p]) || strings.IndexByte(" \t,)]}*", s[p]) >= 0) {
		p++
	}
	if p < len(s) && p > e && (s[p] == '=' && (p+1 >= len(s) || s[p+1] != '=') || strings.HasPrefix(s[p:], ":=")) {
		return true
	}
	return strings.HasPrefix(s[skipBlanks(s, e, 8):], "=>") && at > 0
}

// secretLikeLiterals masks every string literal of s that could be a
// secret: not prose, a path, a URL without a password, a number, a
// word or words, a marker (the fail-closed allow-list of code text).
func secretLikeLiterals(s string) []span {
	var out []span
	for i := 0; i < len(s); {
		k := strings.IndexAny(s[i:], "\"'`")
		if k < 0 {
			break
		}
		lt, ok := lexLiteral(s, i+k)
		if !ok {
			i += k + 1
			continue
		}
		i = lt.b
		if v := s[lt.cs:lt.ce]; secretLike(v) {
			out = append(out, span{start: lt.cs, end: lt.ce, id: ruleUnresolved})
		}
	}
	return out
}

// secretLike reports a literal the fail-closed pass masks.
func secretLike(v string) bool {
	if len(v) < 6 || isPlaceholder(v) || strings.Contains(v, markerPrefix) || proseCell(v) {
		return false
	}
	if strings.ContainsAny(v, " \t\n") && !strings.ContainsAny(v, "@:") {
		return false // a label, a message
	}
	if v[0] == '/' || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") || strings.HasPrefix(v, "~/") {
		return false
	}
	if i := strings.Index(v, "://"); i > 0 && !strings.Contains(v[i:], "@") {
		return false
	}
	// Words and numbers: every run of letters or digits is one word
	// (lower, UPPER or Capitalised) or a number.
	for i := 0; i < len(v); {
		if !isAlnum(v[i]) {
			i++
			continue
		}
		j := i
		for j < len(v) && isAlnum(v[j]) {
			j++
		}
		if !plainWord(v[i:j]) {
			return true
		}
		i = j
	}
	return false
}

// plainWord reports a run that is a number or one word in one case
// (Capitalised allowed).
func plainWord(w string) bool {
	if allDigits(w) {
		return true
	}
	up, low := 0, 0
	for i := 0; i < len(w); i++ {
		switch {
		case isUpper(w[i]):
			up++
		case isLower(w[i]):
			low++
		default:
			return false
		}
	}
	return up == 0 || low == 0 || up == 1 && isUpper(w[0])
}
