package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// PowerShell's statements (red-team round 6, #16). bash's grammar reads
// PowerShell's commands, pipes and lists, but not its language: if,
// elseif, else, foreach, for, while, do, switch-less control flow,
// variable assignment, a bare member access ($x.Count), a parenthesised
// pipeline's member ((Get-Content f).Count) or the call operator with a
// literal name (& ./build.ps1). psLower rewrites those into the commands
// they run, as a ";" list bash can parse, so that every command in a
// condition, a loop's collection and a body is judged — all branches, as
// if each ran. Nothing is skipped: a construct it does not know stays as
// written, and bash's parse then fails (the line is denied) or reads a
// "$x" program name (asked).
//
//	if (C) { B } elseif (D) { E } else { F }   →  C ; B ; D ; E ; F
//	foreach ($v in X) { B }                     →  X ; B
//	for (I; C; S) { B }                         →  I ; C ; S ; B
//	while (C) { B }    do { B } while (C)       →  C ; B    B ; C
//	$v = P    $v += P    [int]$v = P            →  P
//	$v.Name    $v -gt 3    $true                →  (nothing: no command)
//	(P).Name                                    →  P
//	& ./x.ps1 -A    & 'x'                       →  ./x.ps1 -A    'x'
//
// A loop variable is dynamic in the body ($f), as any variable is.

// maxPSDepth bounds how deeply statement blocks are lowered.
const maxPSDepth = 32

// psLower returns src with PowerShell's statements lowered, or src as it
// is when it has none or cannot be lowered (unbalanced text).
func psLower(src string) string {
	low := strings.ToLower(src)
	if !psMayLower(low) {
		return src
	}
	l := &psLowerer{s: src, low: low}
	l.block(0)
	if l.bad || l.p < len(src) {
		return src
	}
	return l.out.String()
}

// psMayLower is a cheap test: does the line hold anything psLower
// rewrites?
func psMayLower(low string) bool {
	if strings.ContainsAny(low, "$(&") {
		return true
	}
	for _, k := range []string{"if", "foreach", "for", "while", "do"} {
		if strings.Contains(low, k) {
			return true
		}
	}
	return false
}

type psLowerer struct {
	s, low string
	p      int
	out    strings.Builder
	bad    bool
}

// block lowers statements up to a "}" (depth > 0) or the end.
func (l *psLowerer) block(depth int) {
	if depth > maxPSDepth {
		l.bad = true
		return
	}
	for !l.bad {
		l.blanks(true)
		if l.p >= len(l.s) {
			return
		}
		switch c := l.s[l.p]; {
		case c == '}':
			if depth == 0 {
				l.bad = true
			}
			return
		case c == ';' || c == '\n':
			l.p++
			continue
		}
		l.statement(depth)
	}
}

// blanks skips spaces and tabs (and newlines when nl).
func (l *psLowerer) blanks(nl bool) {
	for l.p < len(l.s) && (l.s[l.p] == ' ' || l.s[l.p] == '\t' || l.s[l.p] == '\r' || nl && l.s[l.p] == '\n') {
		l.p++
	}
}

// keyword reports whether the keyword k (lower-case) stands at p, not as
// part of a longer word.
func (l *psLowerer) keyword(k string) bool {
	if !strings.HasPrefix(l.low[l.p:], k) {
		return false
	}
	e := l.p + len(k)
	return e == len(l.s) || !psWordByte(l.low[e]) && l.s[e] != '.' && l.s[e] != '/'
}

func (l *psLowerer) emit(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if l.out.Len() > 0 {
		l.out.WriteString(" ; ")
	}
	l.out.WriteString(s)
}

// statement lowers one statement at p.
func (l *psLowerer) statement(depth int) {
	for _, k := range []string{"if", "elseif", "while"} {
		if l.keyword(k) && l.parenAfter(len(k)) {
			l.p += len(k)
			l.condBody(depth)
			return
		}
	}
	switch {
	case l.keyword("else") && !l.keyword("elseif"):
		l.p += len("else")
		l.body(depth)
		return
	case l.keyword("foreach") && l.parenAfter(len("foreach")):
		l.p += len("foreach")
		l.blanks(false)
		inner, ok := l.paren()
		if !ok {
			return
		}
		v, coll, ok := strings.Cut(inner, " in ")
		if !ok || !psVarRef(strings.TrimSpace(v)) {
			l.bad = true
			return
		}
		l.lowerText(coll, depth)
		l.blanks(true)
		if l.p >= len(l.s) || l.s[l.p] != '{' {
			l.bad = true
			return
		}
		e := psSkip(l.s, l.p)
		if e < 0 {
			l.bad = true
			return
		}
		body := l.s[l.p+1 : e-1]
		l.p = e
		if items := psLoopItems(coll); items != "" {
			body = psSubstVar(body, strings.TrimSpace(v), items)
		}
		l.lowerText(body, depth)
		return
	case l.keyword("for") && l.parenAfter(len("for")):
		l.p += len("for")
		l.blanks(false)
		inner, ok := l.paren()
		if !ok {
			return
		}
		for _, part := range strings.Split(inner, ";") {
			l.lowerText(part, depth)
		}
		l.body(depth)
		return
	case l.keyword("do"):
		l.p += len("do")
		l.body(depth)
		l.blanks(true)
		if !l.keyword("while") && !l.keyword("until") {
			l.bad = true
			return
		}
		l.p += len("while") // "until" has the same length
		l.blanks(false)
		inner, ok := l.paren()
		if ok {
			l.lowerText(inner, depth)
		}
		return
	}
	l.simple(l.rest(), depth)
}

// parenAfter reports whether "(" follows the keyword of length n.
func (l *psLowerer) parenAfter(n int) bool {
	q := l.p + n
	for q < len(l.s) && (l.s[q] == ' ' || l.s[q] == '\t') {
		q++
	}
	return q < len(l.s) && l.s[q] == '('
}

// condBody lowers "(C) { B }" after if, elseif or while.
func (l *psLowerer) condBody(depth int) {
	l.blanks(false)
	inner, ok := l.paren()
	if !ok {
		return
	}
	l.lowerText(inner, depth)
	l.body(depth)
}

// body lowers "{ B }".
func (l *psLowerer) body(depth int) {
	l.blanks(true)
	if l.p >= len(l.s) || l.s[l.p] != '{' {
		l.bad = true
		return
	}
	l.p++
	l.block(depth + 1)
	if l.bad || l.p >= len(l.s) || l.s[l.p] != '}' {
		l.bad = true
		return
	}
	l.p++
}

// lowerText lowers the statements of text (a condition, a collection).
func (l *psLowerer) lowerText(text string, depth int) {
	if depth+1 > maxPSDepth {
		l.bad = true
		return
	}
	sub := &psLowerer{s: text, low: strings.ToLower(text)}
	sub.block(depth + 1)
	if sub.bad || sub.p < len(text) {
		l.bad = true
		return
	}
	l.emit(sub.out.String())
}

// paren returns the text inside the parentheses at p and moves past them.
func (l *psLowerer) paren() (string, bool) {
	if l.p >= len(l.s) || l.s[l.p] != '(' {
		l.bad = true
		return "", false
	}
	e := psSkip(l.s, l.p)
	if e < 0 {
		l.bad = true
		return "", false
	}
	inner := l.s[l.p+1 : e-1]
	l.p = e
	return inner, true
}

// rest returns the simple statement at p: up to ";", a newline or a "}"
// outside quotes, parentheses and braces, and moves past it.
func (l *psLowerer) rest() string {
	start := l.p
	for l.p < len(l.s) {
		switch l.s[l.p] {
		case ';', '\n', '}':
			return l.s[start:l.p]
		case '(', '{', '[', '\'', '"':
			e := psSkip(l.s, l.p)
			if e < 0 {
				l.bad = true
				return ""
			}
			l.p = e
			continue
		}
		l.p++
	}
	return l.s[start:l.p]
}

// simple lowers a statement that is no control flow.
func (l *psLowerer) simple(st string, depth int) {
	st = strings.TrimSpace(st)
	if st == "" {
		return
	}
	if psPureExpr(st) {
		return // 0, 'text', $v.Count, $v -gt 3, $i++: no command
	}
	// [type]$v = P, $v = P, $v += P: the pipeline P.
	t := st
	for strings.HasPrefix(t, "[") {
		e := psSkip(t, 0)
		if e < 0 {
			break
		}
		t = strings.TrimSpace(t[e:])
	}
	if n := psVarLen(t); n > 0 {
		r := strings.TrimSpace(t[n:])
		for _, op := range []string{"=", "+=", "-=", "*=", "/=", "??="} {
			if v, ok := strings.CutPrefix(r, op); ok && !strings.HasPrefix(v, "=") {
				l.lowerText(v, depth)
				return
			}
		}
		if psPureExpr(t) {
			return // $v.Count, $v -gt 3: no command
		}
		l.emit(st)
		return
	}
	// (P).Member: the pipeline P.
	if strings.HasPrefix(st, "(") {
		if e := psSkip(st, 0); e > 0 && psMembers(st[e:]) {
			l.lowerText(st[1:e-1], depth)
			return
		}
	}
	// & NAME ARGS with a literal name: the command.
	if r, ok := strings.CutPrefix(st, "&"); ok && psLiteralCall(r) {
		l.emit(r)
		return
	}
	l.emit(st)
}

// psSkip returns the index just past the quoted string or bracketed
// group at s[i], or -1 when it does not end. PowerShell's single quotes
// double to escape; a double-quoted string ends at its next '"'.
func psSkip(s string, i int) int {
	switch s[i] {
	case '\'', '"':
		q := s[i]
		for j := i + 1; j < len(s); j++ {
			if s[j] == q {
				if j+1 < len(s) && s[j+1] == q {
					j++
					continue
				}
				return j + 1
			}
		}
		return -1
	}
	open := s[i]
	closeB := map[byte]byte{'(': ')', '{': '}', '[': ']'}[open]
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\'', '"':
			e := psSkip(s, j)
			if e < 0 {
				return -1
			}
			j = e - 1
		case '(', '{', '[':
			depth++
		case ')', '}', ']':
			depth--
			if depth == 0 {
				if s[j] != closeB {
					return -1
				}
				return j + 1
			}
		}
	}
	return -1
}

// psVarLen is the length of the variable reference ($name, $env:NAME is
// not one: its provider reads the environment) at the start of s, 0 if
// none.
func psVarLen(s string) int {
	if len(s) < 2 || s[0] != '$' {
		return 0
	}
	i := 1
	for i < len(s) && (psWordByte(s[i]) && s[i] != '-' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	if i == 1 || i < len(s) && s[i] == ':' {
		return 0
	}
	return i
}

func psVarRef(s string) bool { return psVarLen(s) == len(s) && len(s) > 0 }

// psMembers reports whether s is a chain of property accesses (.Name,
// .Count), nothing else: no method call, no index.
func psMembers(s string) bool {
	if s == "" {
		return false
	}
	for s != "" {
		if s[0] != '.' {
			return false
		}
		i := 1
		for i < len(s) && (psWordByte(s[i]) && s[i] != '-' || s[i] >= 'A' && s[i] <= 'Z') {
			i++
		}
		if i == 1 {
			return false
		}
		s = s[i:]
	}
	return true
}

// psPureExpr reports whether st is an expression of variables, their
// properties, literals and comparison or arithmetic operators: no
// command, no call, no substitution.
func psPureExpr(st string) bool {
	for _, w := range strings.Fields(strings.ReplaceAll(st, ",", " ")) {
		switch {
		case psExprOps.Get()[strings.ToLower(w)]:
		case allDigitsWord(w):
		case psVarLen(w) > 0 && (psVarLen(w) == len(w) || psMembers(w[psVarLen(w):]) || w[psVarLen(w):] == "++" || w[psVarLen(w):] == "--"):
		case len(w) >= 2 && (w[0] == '\'' && w[len(w)-1] == '\'') && !strings.ContainsAny(w[1:len(w)-1], "'"):
		default:
			return false
		}
	}
	return true
}

// psExprOps are PowerShell's comparison, logical and arithmetic operators.
var psExprOps = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"-eq": true, "-ne": true, "-gt": true, "-ge": true, "-lt": true, "-le": true, "-like": true, "-notlike": true,
		"-match": true, "-notmatch": true, "-contains": true, "-notcontains": true, "-in": true, "-notin": true,
		"-and": true, "-or": true, "-not": true, "-xor": true, "-ceq": true, "-ieq": true, "-cne": true, "-is": true, "-isnot": true,
		"+": true, "-": true, "*": true, "/": true, "%": true, "!": true,
	}
}}

// Where-Object and ForEach-Object without a script block (#16):
// "Where-Object CPU -gt 100" compares a property (its simplified
// syntax), and "ForEach-Object Name" / "% Name" prints one: no code of
// the line runs. ForEach-Object's member may be a method, though
// ("% Delete" deletes every file piped in), so only the properties of
// psReadMembers are read that way; anything else stays opaque.

// psReadMembers are members, lower-cased, that read a value of the
// objects PowerShell's own commands print (files, processes, services,
// matches, hashes, hashtable entries) and call nothing.
var psReadMembers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"name": true, "fullname": true, "basename": true, "extension": true, "length": true, "count": true,
		"directory": true, "directoryname": true, "parent": true, "root": true, "mode": true, "exists": true,
		"attributes": true, "lastwritetime": true, "creationtime": true, "lastaccesstime": true, "linktype": true,
		"target": true, "pschildname": true, "psparentpath": true, "pspath": true, "id": true, "processname": true,
		"cpu": true, "ws": true, "pm": true, "handles": true, "starttime": true, "path": true, "status": true,
		"displayname": true, "servicename": true, "starttype": true, "line": true, "linenumber": true,
		"filename": true, "pattern": true, "hash": true, "algorithm": true, "key": true, "value": true,
		"source": true, "version": true, "size": true, "sum": true, "average": true, "maximum": true, "minimum": true,
	}
}}

// psWhereParams are Where-Object's parameters, lower-cased without the
// dash, that compare a property (its simplified syntax), besides the
// operators of psExprOps.
var psWhereParams = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"property": true, "value": true, "eq": true, "ne": true, "gt": true, "ge": true,
		"lt": true, "le": true, "like": true, "notlike": true, "match": true, "notmatch": true, "contains": true,
		"notcontains": true, "in": true, "notin": true, "is": true, "isnot": true, "not": true, "ceq": true, "cne": true,
		"clike": true, "cnotlike": true, "cmatch": true, "cnotmatch": true, "ccontains": true, "cin": true}
}}

// psPropertyOnly reports whether c is a Where-Object or ForEach-Object
// that reads a property and runs no script block.
func (c *cmd) psPropertyOnly() bool {
	var where bool
	switch c.name {
	case "where-object", "?", "where":
		where = true
	case "foreach-object", "%", "foreach":
	default:
		return false
	}
	pos := 0
	for k := range c.args {
		f := c.args[k]
		s := strings.ToLower(f.s)
		if f.dyn || f.glob || s == "" || strings.ContainsAny(s[:1], "{($@") || strings.Contains(s, "{") {
			return false
		}
		if strings.HasPrefix(s, "-") {
			name := strings.TrimPrefix(s, "-")
			if where && psWhereParams.Get()[name] || !where && name == "membername" {
				continue
			}
			return false
		}
		pos++
		if !where && (pos > 1 || !psReadMembers.Get()[s]) {
			return false
		}
	}
	return pos > 0
}

// psLiteralCall reports whether the text after a call operator "&" is a
// command named by a literal (& ./x.ps1, & 'C:/x y/t.exe'): psLower
// drops the operator and the command is judged as written. A variable,
// a script block, an expression or a string that expands ("…$x…") is
// not literal.
func psLiteralCall(rest string) bool {
	if rest == "" || rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\'' && rest[0] != '"' {
		return false
	}
	rest = strings.TrimLeft(rest, " \t")
	if rest == "" || strings.ContainsAny(rest[:1], "$({@&") {
		return false
	}
	if rest[0] == '"' {
		e := strings.IndexByte(rest[1:], '"')
		return e >= 0 && !strings.ContainsAny(rest[1:1+e], "$`")
	}
	return true
}

// A foreach loop's variable stands for the items of its collection.
// Where the collection is a listing of literal paths (Get-ChildItem,
// Get-Item and their aliases, without a parameter beyond -Recurse and
// -File/-Directory) or a list of quoted literals, the items are known
// as paths: each path, what lies in it (a directory's entries, every
// entry below it with -Recurse), and the variable ($f, $f.FullName,
// $f.PSPath) in the body is replaced by them. Any other variable or
// member stays dynamic.

// psLoopListers are the listing commands whose items psLoopItems knows.
var psLoopListers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"get-childitem": true, "gci": true, "ls": true, "dir": true, "get-item": true, "gi": true,
	}
}}

// psLoopItems returns the words a loop over coll's items stands for, ""
// when not known.
func psLoopItems(coll string) string {
	ws := strings.Fields(strings.TrimSpace(coll))
	if len(ws) == 0 {
		return ""
	}
	if ws[0][0] == '\'' {
		var out []string
		for _, w := range strings.Split(strings.TrimSpace(coll), ",") {
			w = strings.TrimSpace(w)
			if len(w) < 2 || w[0] != '\'' || w[len(w)-1] != '\'' || strings.Contains(w[1:len(w)-1], "'") {
				return ""
			}
			out = append(out, w)
		}
		return strings.Join(out, " ")
	}
	name := strings.ToLower(ws[0])
	if !psLoopListers.Get()[name] {
		return ""
	}
	list := name != "get-item" && name != "gi"
	recurse := false
	var out []string
	for _, w := range ws[1:] {
		lw := strings.ToLower(w)
		switch {
		case lw == "-recurse" || lw == "-r":
			recurse = true
		case lw == "-file" || lw == "-directory":
		case strings.HasPrefix(w, "-") || strings.ContainsAny(w, "$`(){}@,;|\"'"):
			return ""
		default:
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		out = []string{"."}
	}
	var items []string
	for _, p := range out {
		items = append(items, p)
		switch {
		case recurse:
			items = append(items, strings.TrimSuffix(p, "/")+"/**")
		case list:
			items = append(items, strings.TrimSuffix(p, "/")+"/*")
		}
	}
	return strings.Join(items, " ")
}

// psSubstVar replaces the variable v ($f) in body, alone or as
// $f.FullName or $f.PSPath, by items.
func psSubstVar(body, v, items string) string {
	var b strings.Builder
	lv := strings.ToLower(v)
	for i := 0; i < len(body); {
		if i+len(v) <= len(body) && strings.ToLower(body[i:i+len(v)]) == lv {
			e := i + len(v)
			if e < len(body) && (psIdentByte(body[e]) || body[e] == ':') {
				b.WriteByte(body[i])
				i++
				continue
			}
			for _, m := range []string{".fullname", ".pspath"} {
				if strings.HasPrefix(strings.ToLower(body[e:]), m) && (e+len(m) == len(body) || !psIdentByte(body[e+len(m)])) {
					e += len(m)
				}
			}
			if e < len(body) && body[e] == '.' {
				b.WriteString(body[i:e]) // another member: stays dynamic
				i = e
				continue
			}
			b.WriteString(items)
			i = e
			continue
		}
		b.WriteByte(body[i])
		i++
	}
	return b.String()
}

func psIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
