package redact

import (
	"strings"
	"unicode/utf8"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Password literals in any assignment or call shape (red-team round 7,
// #10 and #11). After a password name (pwnames.go), within a short
// window on its line, the string literal the name is given is the
// password, whatever the language spells the giving as:
//
//   - an operator: = := ::= <- <<- ||= ??= &&= ?= += .= => : and the
//     comparisons == === != !== (a literal compared with a password is
//     one), after a type or a declaration's words between the name and
//     the operator (var pw string =, password: str =, Dim pw As String =,
//     pw VARCHAR(30) :=, PIC X(8) VALUE);
//   - a call of the name, or of a setter on it: setPassword("…"),
//     .password("…") in a builder, pw.set("…"), hash_password("…"),
//     keyring.set_password("s", "u", "…") (every literal argument);
//   - the name as a string followed by its value: ("password", "…"),
//     fill('#password', '…'), define('DB_PASSWORD', '…'), {"pw", "…"}
//     (only as the first element after "(" or "{");
//   - the literal alone after the name where the name is defined or is a
//     keyword: (def password "…"), (setq pw "…"), {:password "…"}, Tcl's
//     set password "…".
//
// Between the operator and the literal may stand what leaves the literal
// the value: parentheses, a constructor or wrapper (String("…"),
// new String("…"), String::from("…"), []byte("…"), SecretStr("…"),
// Some("…"), useState("…")), or a lookup with a default, whose default is
// the password (os.getenv("X", "…"), env('X', '…'), process.env.X ||
// "…", ENV.fetch("X") { "…" }, env::var("X").unwrap_or("…")). Anything
// else means the value is computed, and nothing is masked: password =
// os.Getenv("X"), input("Password: "), getpass(), a variable. Literals
// are read in every quoting: "…", '…', `…`, """…""", '''…''', r"…",
// b'…', f"…", @"…", $"…", L"…", r#"…"#, #"…"#, R"d(…)d", %q(…), [[…]],
// and \"…\" inside JSON. References and placeholders ($X, ${X}, {{ x }},
// %s, <password>, ****) are no password; nor is a value of a pwd name
// that names a directory.

func passwordLiteralRule() *rule {
	return &rule{
		id:       "password-literal",
		desc:     "password literal given to a password name in any language's assignment or call shape",
		keywords: pwKeywords,
		match:    matchPasswordLiterals,
		emits:    []string{ruleAssignPassword},
	}
}

// pwWindow bounds how far after a name its literal may start.
const pwWindow = 120

func matchPasswordLiterals(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := -1
	var st pwStrings
	for _, h := range hits {
		if h < done {
			continue
		}
		ns, ne := pwNameBounds(s, h)
		done = ne
		if ne <= ns {
			continue
		}
		nm := classifyPwName(s[ns:ne])
		if !nm.ok {
			continue
		}
		pwShape(s, ns, ne, nm, st.inString(s, ns), emit)
	}
}

// pwNameBounds extends a hit to the name around it, without the
// punctuation that ends a sentence or starts a flag.
func pwNameBounds(s string, h int) (int, int) {
	ns, ne := h, h
	for ns > 0 && h-ns < maxKeyLen {
		c, n := utf8.DecodeLastRuneInString(s[:ns])
		if !isPwNameRune(c) {
			break
		}
		ns -= n
	}
	for ne < len(s) && ne-h < maxKeyLen {
		c, n := utf8.DecodeRuneInString(s[ne:])
		if !isPwNameRune(c) {
			break
		}
		ne += n
	}
	for ne > ns && strings.IndexByte(".-", s[ne-1]) >= 0 {
		ne--
	}
	for ns < ne && strings.IndexByte(".-", s[ns]) >= 0 {
		ns++
	}
	return ns, ne
}

// pwShape reads what follows the name s[ns:ne] and emits the literals it
// is given.
func pwShape(s string, ns, ne int, nm pwName, inString bool, emit func(span)) {
	end := ne + pwWindow
	if nl := strings.IndexByte(s[ne:min(len(s), end)], '\n'); nl >= 0 {
		end = ne + nl
	}
	end = min(end, len(s))
	p := ne
	// A quote right after the name closes it: a key ("password": …) or
	// a name given as a string ("password", …). A name inside a string's
	// text ("Enter password: ") is neither.
	quoted := false
	if q := pwQuoteAt(s, p); q > 0 && pwKeyString(s, ns) {
		p += q
		quoted = true
	} else if inString {
		return
	}
	if p < end && s[p] == ']' {
		p++
	}
	call := false
	if quoted {
		// A locator naming the password field, then a setter on the
		// element: find_element(By.ID, "password").send_keys("…"),
		// cy.get('#password').type('…'), getByLabel('Password').fill('…').
		if q, ok := pwElementSetter(s, p, end); ok {
			p, call, quoted = q, true, false
		}
	}
	out := func(vs, ve int) {
		v := s[vs:ve]
		t := strings.TrimSpace(v)
		if t == "" || isPlaceholder(t) || isFormatDirective(t) || pwOnlyFormat(t) || pwValueIsName(t) || t == "true" || t == "false" ||
			nm.pwd && isPathLike(t) || markerLen(t) == len(t) {
			return
		}
		emit(span{start: vs, end: ve, id: ruleAssignPassword})
	}
	ops, types := 0, 0
	lastOp := ""
	for steps := 0; steps < 16; steps++ {
		p = skipBlanks(s, p, pwWindow)
		if p >= end {
			return
		}
		if vs, ve, next, ok := pwLiteral(s, p, end); ok {
			switch {
			case call:
				out(vs, ve)
				pwCallArgs(s, next, end, out)
			case ops > 0:
				out(vs, ve)
			case !quoted && types == 0 && p > ne && isSpace(s[ne]) && (pwDefiner(s, ns) || !nm.ambiguous && ns > 0 && s[ns-1] == ':'):
				out(vs, ve) // (def password "…"), {:password "…"}
			}
			return
		}
		if n := pwOp(s, p); n > 0 {
			if ops >= 2 || call || nm.verb {
				return // password_set = "yes" is no password
			}
			ops++
			lastOp = s[p : p+n]
			p += n
			continue
		}
		c := s[p]
		switch {
		case c == '(':
			if ops == 0 && !call {
				if quoted || types > 0 || nm.ambiguous && !pwSetterName(s[ns:ne]) {
					return
				}
				call = true
			}
			p++
		case c == ',' && quoted && ops == 0 && !call:
			if nm.ambiguous || ns > 0 && s[ns-1] == '-' || !pwFirstElement(s, ns) {
				return // a flag's name is no key: add_argument('--password', help=…)
			}
			p = skipBlanks(s, p+1, 8)
			if vs, ve, _, ok := pwLiteral(s, p, end); ok {
				out(vs, ve)
			}
			return
		case c == '[' && ops == 0 && !call && !(p+1 < end && s[p+1] == ']'):
			j := strings.IndexByte(s[p:end], ']')
			if j < 0 || j > 16 {
				return
			}
			p += j + 1 // char password[32] = "…"
		case pwIdentStart(s, p):
			t, q := pwIdent(s, p, end)
			if ops == 0 && !call {
				// A type or a declaration's words before the operator.
				if quoted || types >= 3 || nm.ambiguous && types >= 1 {
					return
				}
				types++
				p = pwSkipSize(s, q, end)
				if strings.EqualFold(t, "value") {
					ops++ // COBOL's PIC X(8) VALUE '…'
				}
				continue
			}
			r := skipBlanks(s, q, 4)
			last := strings.ToLower(pwLastSegment(t))
			switch {
			case t == "new" || t == "New":
				p = q
				continue
			case r < end && s[r] == '(' && pwWrappers.Get()[last]:
				p = r + 1
				continue
			case r < end && s[r] == '(' && pwLookups.Get()[last]:
				pwLookupDefault(s, r+1, end, out)
			case call:
				pwCallArgs(s, q, end, out) // setPassword(user, "…")
			case ops == 1:
				if a, ok := pwAnnotation(s, r, end); ok {
					p = a // password: str = "…", Password : constant String := "…"
					continue
				}
				if nonASCII(s[ns:ne]) && lastOp != "" && strings.Contains("= : :=", lastOp) {
					pwBare(s, p, end, out) // contraseña: hunter2 (the assignment rule reads ASCII names)
					return
				}
				pwDefault(s, q, end, out) // process.env.X || "…"
			}
			return
		default:
			return
		}
	}
}

// pwElementSetter reads ")" and a setter method's "(" after a quoted
// locator, and returns the position after the "(".
func pwElementSetter(s string, p, end int) (int, bool) {
	p = skipBlanks(s, p, 4)
	if p >= end || s[p] != ')' {
		return 0, false
	}
	p = skipBlanks(s, p+1, 4)
	if p >= end || s[p] != '.' {
		return 0, false
	}
	q := p + 1
	for q < end && (isAlnum(s[q]) || s[q] == '_') {
		q++
	}
	if q >= end || s[q] != '(' || !pwSetterMethods.Get()[strings.ToLower(strings.ReplaceAll(s[p+1:q], "_", ""))] {
		return 0, false
	}
	return q + 1, true
}

// pwSetterMethods type or set a value into a form field.
var pwSetterMethods = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"sendkeys": true, "fill": true, "type": true, "setvalue": true, "settext": true, "set": true,
		"input": true, "enter": true, "typetext": true, "presssequentially": true, "val": true,
		"clearandtype": true, "filltext": true, "entertext": true,
	}
}}

// pwBare emits an unquoted value at p, unless it is code or a reference.
func pwBare(s string, p, end int, out func(int, int)) {
	vs, ve, _, ok := parseValue(s, p, false)
	if !ok || ve > end {
		return
	}
	v := strings.TrimRight(s[vs:ve], ";,")
	if ve < len(s) && (s[ve] == '(' || s[ve] == '[') || isCodeRef(v) || isTypeName(v) || codeWords.Get()[v] {
		return
	}
	out(vs, vs+len(v))
}

func nonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// pwAnnotation reads the rest of a type annotation after its first word
// (at most three more words) and returns the position of the operator
// that follows it.
func pwAnnotation(s string, p, end int) (int, bool) {
	for k := 0; k < 4 && p < end; k++ {
		if n := pwOp(s, p); n > 0 && !(n == 1 && s[p] == ':') {
			return p, true
		}
		if !pwIdentStart(s, p) {
			return 0, false
		}
		_, q := pwIdent(s, p, end)
		p = skipBlanks(s, pwSkipSize(s, q, end), 4)
	}
	return 0, false
}

// pwOp returns the length of an assignment or comparison operator at p,
// or of the separator of a pair.
func pwOp(s string, p int) int {
	for _, op := range []string{"||=", "??=", "&&=", "<<-", "::=", "===", "!==", ":=", "<-", "=>", "?=", "+=", ".=", "==", "!="} {
		if strings.HasPrefix(s[p:], op) {
			return len(op)
		}
	}
	if s[p] == '=' && !(p+1 < len(s) && s[p+1] == '~') {
		return 1
	}
	if s[p] == ':' && !(p+1 < len(s) && s[p+1] == ':') {
		return 1
	}
	return 0
}

// pwQuoteAt returns the length of the quote at p (", ', `, or \" in
// JSON), 0 if none.
func pwQuoteAt(s string, p int) int {
	switch {
	case p < len(s) && (s[p] == '"' || s[p] == '\'' || s[p] == '`'):
		return 1
	case p+1 < len(s) && s[p] == '\\' && (s[p+1] == '"' || s[p+1] == '\''):
		return 2
	}
	return 0
}

// pwKeyString reports whether the name is, but for a selector's
// punctuation ('#password', 'input[name=password'), the whole text of the
// string it stands in: the string opens at most 16 bytes before it, with
// no space between.
func pwKeyString(s string, ns int) bool {
	for j := ns; j > 0 && ns-j <= 16; j-- {
		switch c := s[j-1]; {
		case c == '"' || c == '\'' || c == '`':
			return true
		case isSpace(c):
			return false
		}
	}
	return false
}

// pwStrings follows, along the input, whether a position stands inside
// a string's text ("Enter your password: "), each line read from its
// start: quotes open and close strings, backslashes escape in "…" and
// `…`, and a ' right after a letter is an apostrophe (don't), not a
// quote, unless the letters are a string prefix (r'…', b'…'). Positions
// are asked in increasing order, so the whole input is read once.
type pwStrings struct {
	pos int
	q   byte
}

func (st *pwStrings) inString(s string, ns int) bool {
	for i := st.pos; i < ns; i++ {
		if st.q == 0 {
			// Outside a string only a quote matters.
			for i < ns && !pwOpens[s[i]] {
				i++
			}
			if i == ns {
				break
			}
			if c := s[i]; c != '\'' || !pwApostrophe(s, i) {
				st.q = c
			}
			continue
		}
		// Inside one: its end, a backslash or a newline.
		for i < ns && !pwInside[s[i]] {
			i++
		}
		if i == ns {
			break
		}
		switch c := s[i]; {
		case c == '\n':
			st.q = 0
		case c == '\\' && st.q != '\'' && i+1 < ns && s[i+1] != '\n':
			i++
		case c == st.q:
			st.q = 0
		}
	}
	st.pos = max(st.pos, ns)
	return st.q != 0
}

// pwOpens are the bytes that open a string for pwStrings; pwInside the
// bytes that may end one or escape what follows.
var pwOpens, pwInside = func() (o, in [256]bool) {
	for _, c := range []byte("\"`'") {
		o[c], in[c] = true, true
	}
	in['\n'], in['\\'] = true, true
	return o, in
}()

// pwApostrophe reports a ' after a word that is not a string prefix.
func pwApostrophe(s string, i int) bool {
	j := i
	for j > 0 && i-j < 3 && isAlnum(s[j-1]) {
		j--
	}
	if j > 0 && isAlnum(s[j-1]) {
		return true // a longer word
	}
	if j == i {
		return false
	}
	switch strings.ToLower(s[j:i]) {
	case "r", "b", "u", "f", "rb", "br", "fr", "rf", "l", "u8":
		return false
	}
	return true
}

// pwFirstElement reports whether the quoted name (after at most a
// selector's punctuation: '#password', 'input[name=password') is the
// first element after "(" or "{".
func pwFirstElement(s string, ns int) bool {
	j := ns
	for j > 0 && ns-j < 16 && s[j-1] != '"' && s[j-1] != '\'' && s[j-1] != '`' {
		if isSpace(s[j-1]) {
			return false // the name is a word of the string's text
		}
		j--
	}
	if j == 0 {
		return false
	}
	j-- // the opening quote
	if j > 0 && s[j-1] == '\\' {
		j--
	}
	j = skipBlanksBack(s, j, 8)
	if j > 0 && s[j-1] == '(' {
		// Not the key a lookup or a removal names: delete('x:_password', …).
		k := j - 1
		for k > 0 && j-1-k < 32 && (isAlnum(s[k-1]) || s[k-1] == '_') {
			k--
		}
		return !pwKeyCalls.Get()[strings.ToLower(s[k:j-1])]
	}
	return j > 0 && s[j-1] == '{'
}

// pwKeyCalls take a key first and something other than its value next.
var pwKeyCalls = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"delete": true, "remove": true, "del": true, "unset": true, "get": true, "has": true,
		"contains": true, "includes": true, "indexof": true, "lookup": true, "getitem": true, "pop": true,
		"clear": true, "exists": true, "rename": true, "getstring": true, "getint": true, "getboolean": true,
	}
}}

// pwDefiner reports a definer word right before the name.
func pwDefiner(s string, ns int) bool {
	j := skipBlanksBack(s, ns, 8)
	if j == ns {
		return false
	}
	k := j
	for k > 0 && j-k < 16 && (isAlnum(s[k-1]) || s[k-1] == '!' || s[k-1] == '-') {
		k--
	}
	if !pwDefiners.Get()[strings.ToLower(s[k:j])] {
		return false
	}
	k = skipBlanksBack(s, k, 8)
	return k == 0 || s[k-1] == '(' || s[k-1] == '[' || s[k-1] == '\n' || s[k-1] == ';'
}

var pwDefiners = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"def": true, "defvar": true, "defparameter": true, "defconst": true, "defconstant": true,
		"defonce": true, "define": true, "setq": true, "setf": true, "set!": true, "set": true,
		"let": true, "local": true, "variable": true, "setv": true, "setvar": true,
	}
}}

// pwSetterName reports a name whose words say it sets its password
// (setPw, pw.set, with_pass): needed for a call of an ambiguous word.
func pwSetterName(name string) bool {
	ws := pwSplit(name)
	for _, w := range ws {
		switch w {
		case "set", "with", "store", "save", "update", "change", "enter", "type", "fill", "put", "use",
			"hash", "check", "verify", "validate", "encrypt":
			return true
		}
	}
	return false
}

// pwCallArgs emits the further literal arguments of a call, up to its
// closing parenthesis.
func pwCallArgs(s string, p, end int, out func(int, int)) {
	for k := 0; k < 8; k++ {
		p = skipBlanks(s, p, pwWindow)
		if p >= end || s[p] != ',' {
			return
		}
		p = skipBlanks(s, p+1, pwWindow)
		if p >= end {
			return
		}
		if vs, ve, next, ok := pwLiteral(s, p, end); ok {
			out(vs, ve)
			p = next
			continue
		}
		if !pwIdentStart(s, p) {
			return
		}
		_, p = pwIdent(s, p, end)
	}
}

// pwLookupDefault reads a lookup's arguments after its "(": the key,
// then the default, which is the password (os.getenv("X", "…")), or a
// default given after the call.
func pwLookupDefault(s string, p, end int, out func(int, int)) {
	p = skipBlanks(s, p, 8)
	_, _, next, ok := pwLiteral(s, p, end)
	if !ok {
		return
	}
	p = skipBlanks(s, next, 8)
	if p < end && s[p] == ',' {
		p = skipBlanks(s, p+1, 8)
		if vs, ve, _, ok := pwLiteral(s, p, end); ok {
			out(vs, ve)
		}
		return
	}
	if p < end && s[p] == ')' {
		pwDefault(s, p+1, end, out)
	}
}

// pwDefault reads a default given after a reference or a lookup: ||,
// ??, or, ?:, //, a block { "…" }, .unwrap_or("…"), .orElse("…").
func pwDefault(s string, p, end int, out func(int, int)) {
	for k := 0; k < 2 && p < end && s[p] == '['; k++ { // ENV["X"] || "…"
		j := strings.IndexByte(s[p:end], ']')
		if j < 0 {
			return
		}
		p += j + 1
	}
	p = skipBlanks(s, p, 8)
	for _, op := range []string{"||", "??", "?:", "//", "or ", "{", ".unwrap_or(", ".unwrapOr(", ".orElse(", ".getOrElse(", ".or_else(", ".or("} {
		if strings.HasPrefix(s[p:min(end, p+len(op))], op) {
			p = skipBlanks(s, p+len(op), 8)
			if vs, ve, _, ok := pwLiteral(s, p, end); ok {
				out(vs, ve)
			}
			return
		}
	}
}

// pwWrappers leave a literal the value: constructors, conversions,
// containers and state hooks.
var pwWrappers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"string": true, "str": true, "new": true, "bytes": true, "bytearray": true, "byte": true, "[]byte": true,
		"from": true, "of": true, "valueof": true, "secret": true, "secretstr": true, "secretstring": true,
		"securestring": true, "sensitive": true, "some": true, "ok": true, "just": true, "optional": true,
		"ref": true, "reactive": true, "usestate": true, "useref": true, "signal": true, "createsignal": true,
		"atom": true, "writable": true, "mutablestateof": true, "mutablelivedata": true, "stringbuilder": true,
		"cstring": true, "qstring": true, "wstring": true, "password": true, "literal": true,
	}
}}

// pwLookups take a key and a default.
var pwLookups = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"getenv": true, "get": true, "fetch": true, "env": true, "getproperty": true, "getordefault": true,
		"getstring": true, "config": true, "setting": true, "option": true, "getvalue": true, "var": true,
		"environ": true, "lookup": true, "getenvironmentvariable": true,
	}
}}

// pwIdentStart reports an identifier (or a type) at p.
func pwIdentStart(s string, p int) bool {
	if s[p] == '[' {
		return p+1 < len(s) && s[p+1] == ']' // []byte
	}
	c, _ := utf8.DecodeRuneInString(s[p:])
	return c == '_' || c == '$' || c == '@' || c == '*' || c == '&' || isPwNameRune(c) && c != '.' && c != '-'
}

// pwIdent reads an identifier chain or a type (os.Getenv, std::string,
// []byte, Option<String>, *char, string?) and returns it and its end.
func pwIdent(s string, p, end int) (string, int) {
	q := p
	for q < end {
		c, n := utf8.DecodeRuneInString(s[q:])
		switch {
		case isPwNameRune(c) || c == '&' || c == '?' || c == '<' || c == '>' || c == '[' && q+1 < end && s[q+1] == ']':
			if c == '[' {
				n = 2
			}
			if c == '<' && q+1 < end && (s[q+1] == '-' || s[q+1] == '=') {
				return s[p:q], q // <- and <= are operators
			}
		case c == ':' && q+1 < end && s[q+1] == ':':
			n = 2
		default:
			return s[p:q], q
		}
		q += n
	}
	return s[p:q], q
}

// pwSkipSize skips a type's size: VARCHAR(30), X(8).
func pwSkipSize(s string, p, end int) int {
	if p < end && s[p] == '(' {
		j := p + 1
		for j < end && (isDigit(s[j]) || s[j] == ',' || s[j] == ' ') {
			j++
		}
		if j < end && s[j] == ')' && j > p+1 {
			return j + 1
		}
	}
	return p
}

func pwLastSegment(t string) string {
	if i := strings.LastIndexAny(t, ".:"); i >= 0 {
		return t[i+1:]
	}
	return t
}
