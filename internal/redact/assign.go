package redact

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// assignmentRule finds name/value pairs whose name says the value is a
// credential: env (DB_PASSWORD=x), code (password = "x"), YAML (secret: x),
// JSON ("api_key": "x", also \"-escaped inside a JSON string), CLI flags
// (--token x, --password=x), HTTP headers (Authorization: Bearer x). It is a
// hand-written scanner anchored at keyword hits rather than a regexp, so its
// cost is proportional to the number of hits, not the input size.
func assignmentRule() *rule {
	return &rule{
		id: ruleAssignCred,
		// "://": a URL whose userinfo is a placeholder opens a credential
		// window (credwindow.go); matchAssignments skips those hits.
		keywords: append(append([]string{"pass", "pwd", "pw", "secret", "token", "key", "auth", "cred", "cookie", "signature", "session", "://",
			// round 23 (#10): seeds, recovery codes and mnemonics (keys.go's seedWords)
			"seed", "mnemonic", "recovery", "backup", "unlock", "jwt", "pepper",
			// round 26 (#c2): credential nouns of keys.go's strongAlone and
			// credAbbrevs (BEARER=, GH_PAT=, ado-pat:, PAT=); "bearer" only
			// before a separator ("Bearer TOKEN" is the bearer-token rule's)
			"bearer=", "bearer:", "bearer\"", "bearer'", "bearer =", "_pat",
			// round 26 (#c11): header names ending in -Api, and
			// treetables.go's credHeaderNames (headerNameKeywords)
			"-api", "apikeys", "bundle_", "-pat", "pat=", "pat:"}, pwKeywords...), headerNameKeywords()...),
		match:  matchAssignments,
		window: credWindows,
		emits:  []string{ruleAssignPassword, ruleAssignCred, ruleAssignEntropy, ruleAuthzHeader, ruleUnresolved},
	}
}

const (
	maxKeyLen   = 80
	maxValueLen = 1000
)

func isKeyByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' || c == '.' }

func matchAssignments(r *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := -1
	// The names of a long text recur (token, password, cacheKey): each
	// is classified once per call.
	var memo map[string]assignKey
	var refs []secretRef
	hostDone := -1 // the end of the last host-keyed map read (hostkeyed.go)
	for _, h := range hits {
		if h < done || s[h] == ':' {
			continue // same identifier as the previous hit, or a "://" (the window's)
		}
		var ks, ke int
		var flag bool
		ks, ke, flag, done = assignName(s, h)
		if ke <= ks {
			continue
		}
		name := s[ks:ke]
		k, ok := memo[name]
		if !ok {
			k = classifyAssignKey(name)
			if len(hits) >= memoHits {
				if memo == nil {
					memo = map[string]assignKey{}
				}
				memo[name] = k
			}
		}
		cls, pwd := k.cls, k.pwd
		if ks >= hostDone {
			hostDone = hostMapSpans(s, ks, ke, emit) // hostkeyed.go
		}
		if sp, ok := printedSecret(s, ks, ke); ok { // pwcommand.go
			emit(sp)
			continue
		}
		if cls == keyNone {
			if sp, ok := credFileSubst(s, ks, ke); ok { // credfile.go
				emit(sp)
			}
			continue
		}
		if tableColumn(s, ks, ke, k, emit) { // tablecol.go
			continue
		}
		if forInValues(s, ks, ke, cls, emit) { // shbind.go
			continue
		}
		if sp, ok := xmlElementValue(s, ks, ke, cls); ok {
			emit(sp)
			continue
		}
		ref := ""
		if sp, ok := parseAssignment(s, ks, ke, flag, cls, &ref); ok && !(pwd && isPathLike(s[sp.start:sp.end])) {
			emit(sp)
		}
		if ref != "" && cls != keyWeak {
			refs = append(refs, secretRef{name: ref, id: assignID(cls)})
		}
	}
	if len(refs) > 0 {
		// Red-team round 21 (#24): names given to a credential (secretname.go).
		for _, sp := range secretNameSpans(s, refs) {
			emit(sp)
		}
	}
}

// assignName is the credential name around the keyword hit h: s[ks:ke]
// (ke <= ks: none), whether a "-" led it (a flag), and where the
// identifier ends (a later hit before done is the same name).
func assignName(s string, h int) (ks, ke int, flag bool, done int) {
	ks, ke = h, h
	for ks > 0 && h-ks < maxKeyLen && isKeyByte(s[ks-1]) {
		ks--
	}
	for ke < len(s) && ke-h < maxKeyLen && isKeyByte(s[ke]) {
		ke++
	}
	done = ke
	for ke > ks && (s[ke-1] == '.' || s[ke-1] == '-') {
		ke--
	}
	for ks < ke && (s[ks] == '-' || s[ks] == '.') {
		flag = flag || s[ks] == '-'
		ks++
	}
	return ks, ke, flag, done
}

// assignID is the rule ID of a credential name's value.
func assignID(cls keyClass) string {
	switch cls {
	case keyPassword:
		return ruleAssignPassword
	case keyAuthz:
		return ruleAuthzHeader
	}
	return ruleAssignCred
}

// memoHits is the number of hits from which matchAssignments remembers
// the class of each name it reads.
const memoHits = 16

// assignKey is what matchAssignments makes of a name: its class, and
// whether it is a password name (pwd=, kennwort=) whose value may be a
// path rather than a password.
type assignKey struct {
	cls keyClass
	pwd bool
}

// classifyAssignKey classifies the name of an assignment (a function of
// the name alone, so matchAssignments may remember it).
func classifyAssignKey(name string) assignKey {
	cls := classifyKey(name)
	switch w := splitWords(name); {
	case cls >= keyStrong || len(w) == 0:
	case assignStrongLast[w[len(w)-1]] || credHeaderNames[strings.ToLower(name)] || bundlerHostVar(name):
		cls = keyStrong // keys.go, treetables.go, hostkeyed.go
	case cls == keyNone && len(w) >= 2 && credHeaderLast[w[len(w)-1]] && headerSpelled(name):
		cls = keyWeak // X-Gravitee-Api: a random value
	}
	pwd := cls == keyNone && isPwdName(name)
	if pwd {
		cls = keyPassword
	} else if cls == keyNone || cls == keyWeak {
		// A password word of any spelling or language (pwnames.go):
		// kennwort=, senha:, pwd_hash=, dbPassWord:.
		if pn := classifyPwName(name); pn.ok && !pn.verb && (!pn.ambiguous || pn.words > 1) {
			cls, pwd = keyPassword, pn.pwd
		}
	}
	return assignKey{cls: cls, pwd: pwd}
}

// parseAssignment parses the separator and value after the name s[ks:ke].
// ref is set to the name of a variable given as the value (password=d,
// password: $pw), a secret name (secretname.go).
func parseAssignment(s string, ks, ke int, flag bool, cls keyClass, ref *string) (span, bool) {
	n := len(s)
	p := ke
	quotedKey := false
	if p+1 < n && s[p] == '\\' && (s[p+1] == '"' || s[p+1] == '\'') {
		p += 2
		quotedKey = true
	} else if p < n && (s[p] == '"' || s[p] == '\'' || s[p] == '`') {
		p++
		quotedKey = true
	}
	if p < n && s[p] == ']' {
		p++
	}
	blank0 := p
	p = skipBlanks(s, p, 4)
	sep := ""
	nameValue := false
	switch {
	case p+1 < n && (s[p:p+2] == ":=" || s[p:p+2] == "=>" || s[p:p+2] == "?=" || s[p:p+2] == "+="):
		sep = s[p : p+2]
	case p < n && s[p] == '=':
		if p+1 < n && s[p+1] == '=' {
			return span{}, false // comparison
		}
		sep = "="
	case p < n && s[p] == ':':
		if p+1 < n && s[p+1] == ':' {
			return span{}, false
		}
		sep = ":"
	}
	if sep == "" && quotedKey && hasFoldPrefix(s[p:], "value") {
		// <add key="Password" value="..."/>, <property name="token" value="..."/>
		q := skipBlanks(s, p+len("value"), 4)
		if q < n && s[q] == '=' {
			sep, p = "=", q
		}
	}
	if sep == "" && p < n && (s[p] == ',' || s[p] == '\n' || s[p] == '\r') && isNameValue(s, ks) {
		// {"name": "DB_PASSWORD", "value": "x"} and YAML "- name: X\n  value: x"
		// (Kubernetes/ECS env lists): the secret is the sibling "value".
		if q, ok := siblingValue(s, p); ok {
			sep, p, nameValue = ":", q, true
		}
	}
	explicit, onNext := false, nextLine{}
	if sep == "" && !flag && (p >= n || s[p] == '\n' || s[p] == '\r') {
		// Red-team round 21 (#23): "? password" then ": VALUE" (nextline.go).
		if q, ok := explicitKeyValue(s, ks, p); ok {
			sep, p, explicit = ":", q, true
		}
	}
	if sep != "" {
		if !explicit {
			p += len(sep)
		}
		afterSep := p
		p = skipBlanks(s, p, 4)
		if !explicit && !nameValue {
			// Red-team round 21 (#23, #25): the value on a later line, or
			// after an opening parenthesis (nextline.go).
			if p < n && s[p] == '(' && startsLiteral(s, skipBlanks(s, p+1, 4)) {
				p = skipBlanks(s, p+1, 4)
			} else if nl, ok := valueOnNextLine(s, ks, afterSep, quotedKey); ok {
				p, onNext = nl.p, nl
			}
		}
	} else if p == blank0 || quotedKey && !flag {
		return span{}, false
	}
	if p >= n || s[p] == '\n' || s[p] == '\r' {
		return span{}, false
	}
	// A label inside a string literal ("Password: " in input("Password: "))
	// is not an assignment: the key is preceded by a quote, not followed by
	// one, and the "value" starts with the closing quote.
	if !quotedKey && !nameValue && ks > 0 && (s[ks-1] == '"' || s[ks-1] == '\'') && s[p] == s[ks-1] {
		return span{}, false
	}
	// f"...", r'...', b"...": string literal prefixes.
	if p+1 < n && strings.IndexByte("frbuFRBU", s[p]) >= 0 && (s[p+1] == '"' || s[p+1] == '\'' || s[p+1] == '`') {
		p++
	}
	if flag && sep == "" && s[p] == '-' {
		return span{}, false // the next flag, not a value
	}
	if sep == "=" && s[p] == '{' {
		// Pwd={…}: a connection string's braced value (connstr.go).
		if vs, ve, ok := bracedValue(s, ks, p); ok {
			return assignSpan(s[vs:ve], vs, ve, cls)
		}
		return span{}, false
	}
	if !flag && sep != "" {
		*ref = identValue(s, p) // secretname.go
	}
	lineMode := sep == ":" && !quotedKey && !nameValue && (explicit || atLineStart(s, ks))
	headerMode := cls == keyAuthz
	vs, ve, quoted, ok := parseValue(s, p, lineMode || headerMode)
	if !ok {
		return span{}, false
	}
	// Trim surrounding blanks.
	for vs < ve && isSpace(s[vs]) {
		vs++
	}
	for ve > vs && isSpace(s[ve-1]) {
		ve--
	}
	if ve <= vs {
		return span{}, false
	}
	v := s[vs:ve]
	if !quoted {
		if ve < n && (s[ve] == '(' || s[ve] == '[') {
			return span{}, false // function call or index expression: code, not a value
		}
		name := s[ks:ke]
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		bare := strings.TrimRight(v, ";,")
		if isCodeRef(bare) || isTypeName(bare) || codeWords.Get()[bare] || strings.EqualFold(bare, name) || v[0] == '=' {
			return span{}, false
		}
	}
	if sp, ok := substValue(s, vs, cls, sep == "" && !flag); ok {
		return sp, true // credfile.go: $(echo PW) as the value
	}
	// In $'…' a dollar sign is a character: $'$HOME' is no reference.
	ansiDollar := vs >= 2 && s[vs-2] == '$' && s[vs-1] == '\'' && v[0] == '$'
	if isPlaceholder(v) && !ansiDollar || isFormatDirective(v) {
		return span{}, false
	}
	// YAML block scalar: the secret is the indented lines that follow.
	if lineMode && !quoted && isBlockIndicator(v) || onNext.block && !quoted {
		at := ve
		if onNext.block {
			at = ks // the deeper lines after the key's (nextline.go)
		}
		bs, be := blockScalar(s, ks, at)
		if be <= bs {
			return span{}, false
		}
		vs, ve = bs, be
		v = s[vs:ve]
	}
	// .netrc: "machine h login u password p" is space-separated.
	if sep == "" && !flag && cls == keyPassword && isNetrcLine(s, ks) {
		return span{start: vs, end: ve, id: ruleAssignPassword}, true
	}
	// Space-separated and not a flag: only a high-entropy value counts.
	if sep == "" && !flag {
		if !highEntropy(v) {
			return span{}, false
		}
		return span{start: vs, end: ve, id: ruleAssignEntropy}, true
	}
	switch cls {
	case keyPassword:
		if quoted && (pwValueIsName(v) || pwOnlyFormat(v)) {
			return span{}, false // 'SetPassword', "Passwort", '%s:%s' (pwshape.go)
		}
		return span{start: vs, end: ve, id: ruleAssignPassword}, true
	case keyStrong:
		return span{start: vs, end: ve, id: ruleAssignCred}, true
	case keyAuthz:
		// Keep the scheme word readable: "Bearer [REDACTED:...]".
		if i := strings.IndexAny(v, " \t"); i > 0 && isScheme(v[:i]) {
			j := i
			for j < len(v) && (v[j] == ' ' || v[j] == '\t') {
				j++
			}
			if sp, ok := substValue(s, vs+j, cls, false); ok {
				return sp, true // Basic $(echo -n u:PW | base64)
			}
			if j >= len(v) || isPlaceholder(v[j:]) {
				return span{}, false
			}
			vs += j
		} else if isScheme(v) {
			return span{}, false // scheme word alone, no credential
		}
		return span{start: vs, end: ve, id: ruleAuthzHeader}, true
	default: // keyWeak
		if !weakValueSecret(v) { // weakvalue.go, as a tree reads {"auth": "…"}
			return span{}, false
		}
		return span{start: vs, end: ve, id: ruleAssignEntropy}, true
	}
}

// parseValue returns the value starting at p: a quoted string (without the
// quotes), or an unquoted token (to end of line in lineMode). An unterminated
// quote takes the rest of the line (bounded) so a truncated secret is still
// masked.
func parseValue(s string, p int, lineMode bool) (vs, ve int, quoted, ok bool) {
	n := len(s)
	limit := min(n, p+maxValueLen)
	switch {
	case s[p] == '$' && p+1 < n && (s[p+1] == '\'' || s[p+1] == '"'):
		// bash's $'…' and $"…" (dollarquote.go).
		vs, ve, _, _, _ := dollarQuote(s, p, limit)
		return vs, ve, true, true
	case p+1 < n && s[p] == '\\' && (s[p+1] == '"' || s[p+1] == '\''):
		// \"value\" inside a JSON string.
		q := s[p : p+2]
		vs = p + 2
		end := strings.Index(s[vs:limit], q)
		if end < 0 {
			return vs, lineEnd(s, vs, limit), true, true
		}
		return vs, vs + end, true, true
	case s[p] == '"' || s[p] == '\'' || s[p] == '`':
		q := s[p]
		vs = p + 1
		for i := vs; i < limit; i++ {
			c := s[i]
			if c == '\\' && q != '\'' {
				i++
				continue
			}
			if c == q {
				return vs, i, true, true
			}
		}
		// A quoted word ends at its closing quote, not at a newline (bash
		// keeps the newline in '…' and "…"); unterminated, it takes what
		// follows, bounded.
		return vs, limit, true, true
	case lineMode:
		end := lineEnd(s, p, limit)
		// Stop at a closing quote (header inside a quoted CLI argument) and at
		// a " #" comment.
		for i := p; i < end; i++ {
			if s[i] == '"' || s[i] == '\'' || s[i] == '\\' {
				end = i
				break
			}
			if s[i] == '#' && i > p && (s[i-1] == ' ' || s[i-1] == '\t') {
				end = i
				break
			}
		}
		return p, end, false, end > p
	default:
		i := p
		for i < limit && !isValueStop(s[i]) {
			i++
			// ${VAR} and $(cmd) are one unit, so the placeholder check sees them whole.
			if s[i-1] == '$' && i < limit && (s[i] == '{' || s[i] == '(') {
				closer := byte('}')
				if s[i] == '(' {
					closer = ')'
				}
				if j := strings.IndexByte(s[i:limit], closer); j >= 0 {
					i += j + 1
				}
			}
		}
		return p, i, false, i > p
	}
}

func lineEnd(s string, p, limit int) int {
	for i := p; i < limit; i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return i
		}
	}
	return limit
}

func isValueStop(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v', '"', '\'', '`', ',', ';', '&', '|', '<', '>', '(', ')', '{', '}', '[', ']', '\\':
		return true
	}
	return false
}

func skipBlanks(s string, p, max int) int {
	for k := 0; p < len(s) && k < max && (s[p] == ' ' || s[p] == '\t'); k++ {
		p++
	}
	return p
}

// atLineStart reports whether only indentation, a YAML "- " or "export "
// precedes position i on its line. It looks back a bounded distance.
func atLineStart(s string, i int) bool {
	j := i
	blanks := func() {
		for n := 0; j > 0 && n < 64 && (s[j-1] == ' ' || s[j-1] == '\t'); n++ {
			j--
		}
	}
	blanks()
	switch {
	case j >= 1 && s[j-1] == '-' && j < i:
		j--
	case j >= 7 && s[j-6:j] == "export" && j < i:
		j -= 6
	}
	blanks()
	return j == 0 || s[j-1] == '\n' || s[j-1] == '\r'
}

func isScheme(w string) bool {
	switch strings.ToLower(w) {
	case "bearer", "basic", "token", "bot", "digest", "negotiate", "ntlm", "apikey", "api-key",
		"aws4-hmac-sha256", "dpop", "mac", "hoba", "sso-key", "gsstoken", "oauth", "jwt", "key":
		return true
	}
	return false
}

// highEntropy: long enough, no spaces, and random-looking.
func highEntropy(v string) bool {
	if len(v) < 16 || len(v) > maxValueLen || strings.ContainsAny(v, " \t\n") {
		return false
	}
	if isWordsLike(v) {
		return false // ClearTextPassword, SomeLongIdentifierName
	}
	e := entropy(v)
	if isHex(v) {
		return len(v) >= 20 && e >= 3.0
	}
	return e >= 3.5
}

func isHex(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func allDigits(v string) bool {
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			return false
		}
	}
	return len(v) > 0
}

// codeRoots start member-access expressions that are code, not values.
var codeRoots = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"self": true, "this": true, "os": true, "process": true, "config": true,
		"cfg": true, "conf": true, "settings": true, "args": true, "opts": true, "options": true, "params": true,
		"req": true, "request": true, "ctx": true, "env": true, "secrets": true, "vars": true, "inputs": true,
		"props": true, "state": true, "data": true, "user": true, "credentials": true, "creds": true,
		"auth": true, "app": true, "c": true, "s": true, "r": true, "cls": true, "input": true, "values": true,
		"Values": true, "ENV": true, "System": true, "import": true, "flags": true, "cli": true, "viper": true}
}}

// isCodeRef: an unquoted dotted identifier rooted at a well-known object
// (self.password, process.env.TOKEN, config.db.secret).
func isCodeRef(v string) bool {
	dot := strings.IndexByte(v, '.')
	if dot <= 0 {
		return false
	}
	if !codeRoots.Get()[v[:dot]] {
		return false
	}
	for _, seg := range strings.Split(v, ".") {
		if seg == "" || !isIdent(seg) {
			return false
		}
	}
	return true
}

func isIdent(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(isAlnum(c) || c == '_' || c == '$') || (i == 0 && isDigit(c)) {
			return false
		}
	}
	return len(w) > 0
}

var typeNames = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"string": true, "str": true, "String": true, "int": true, "bool": true,
		"boolean": true, "bytes": true, "number": true, "any": true, "SecretStr": true, "SecretString": true,
		"Secret": true, "object": true, "unknown": true, "Optional": true, "&str": true, "[]byte": true,
		"char": true, "None": true, "nil": true, "null": true, "undefined": true, "true": true, "false": true,
		"True": true, "False": true, "NULL": true, "Null": true}
}}

// codeWords are language keywords that start an expression, not a value.
var codeWords = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"await": true, "new": true, "function": true, "lambda": true, "yield": true,
		"async": true, "require": true, "return": true, "not": true, "typeof": true, "if": true, "match": true,
		"func": true, "fn": true, "def": true, "try": true, "make": true, "include": true, "import": true,
		"from": true, "const": true, "let": true, "var": true, "static": true, "final": true, "private": true,
		"public": true, "protected": true, "readonly": true, "optional": true, "required": true}
}}

func isTypeName(v string) bool { return typeNames.Get()[strings.TrimSuffix(v, "?")] }

// isPlaceholder reports values that are references or masks, not secrets:
// $VAR, ${VAR}, ${{ secrets.X }}, $(cmd), {{ .Values.x }}, %VAR%, <password>,
// ****, xxxx, null, and existing markers.
func isPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	if typeNames.Get()[v] && (v == "null" || v == "nil" || v == "None" || v == "undefined" || v == "NULL" || v == "Null") {
		return true
	}
	switch {
	case v[0] == '$':
		rest := v[1:]
		switch {
		case isIdent(rest) && !strings.Contains(rest, "$"):
			return true
		case allDigits(rest) && len(rest) <= 2:
			return true
		case strings.HasPrefix(rest, "{") && strings.HasSuffix(rest, "}") && !strings.ContainsAny(rest[1:len(rest)-1], "{}") || strings.HasPrefix(rest, "{{") && strings.HasSuffix(rest, "}}"):
			return true
		case strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")"):
			return true
		}
	case strings.HasPrefix(v, "{{") && strings.HasSuffix(v, "}}"),
		strings.HasPrefix(v, "{%") && strings.HasSuffix(v, "%}"),
		strings.HasPrefix(v, "#{") && strings.HasSuffix(v, "}"):
		return true
	case len(v) >= 3 && v[0] == '%' && v[len(v)-1] == '%' && isIdent(v[1:len(v)-1]):
		return true
	case len(v) >= 3 && v[0] == '<' && v[len(v)-1] == '>' && !strings.ContainsAny(v[1:len(v)-1], "<>"):
		return true
	case len(v) >= 3 && v[0] == '{' && v[len(v)-1] == '}' && isDotted(v[1:len(v)-1]):
		return true // Python format field {token}, {self.password}
	case markerLen(v) == len(v):
		return true
	case strings.HasPrefix(v, "env:") && isIdent(v[4:]), strings.HasPrefix(v, "fd:") && allDigits(v[3:]),
		strings.HasPrefix(v, "file:/") || strings.HasPrefix(v, "file:./") || strings.HasPrefix(v, "file:~/"):
		return true // where a tool is told to read a secret (openssl -passin env:X), not the secret
	case v == "AKIAIOSFODNN7EXAMPLE" || v == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY":
		return true // the AWS documentation example credentials
	}
	return allSame(v, '*') || allSame(v, 'x') || allSame(v, 'X') || allSame(v, '.') || allSame(v, '•')
}

func allSame(v string, c rune) bool {
	for _, r := range v {
		if r != c {
			return false
		}
	}
	return true
}

func isDotted(v string) bool {
	for _, seg := range strings.Split(strings.TrimSpace(v), ".") {
		if !isIdent(seg) {
			return false
		}
	}
	return true
}

// isWordsLike reports a letters-only value made of words of 3+ letters
// (an identifier), which random tokens almost never are.
func isWordsLike(v string) bool {
	for i := 0; i < len(v); i++ {
		if !isUpper(v[i]) && !isLower(v[i]) && v[i] != '_' && v[i] != '-' {
			return false
		}
	}
	for _, w := range splitWords(v) {
		if len(w) < 3 {
			return false
		}
	}
	return true
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isBlockIndicator reports a YAML block scalar header: | or > with optional
// chomping/indent indicators.
func isBlockIndicator(v string) bool {
	if v == "" || (v[0] != '|' && v[0] != '>') || len(v) > 3 {
		return false
	}
	for i := 1; i < len(v); i++ {
		if v[i] != '-' && v[i] != '+' && !isDigit(v[i]) {
			return false
		}
	}
	return true
}

// blockScalar returns the range of the lines after position p that are
// indented deeper than the line holding the key at ks (bounded).
func blockScalar(s string, ks, p int) (int, int) {
	ls := ks
	for ls > 0 && s[ls-1] != '\n' {
		ls--
	}
	indent := ks - ls
	nl := strings.IndexByte(s[p:], '\n')
	if nl < 0 {
		return 0, 0
	}
	start := p + nl + 1
	end := start
	for end < len(s) && end-start < 64*maxValueLen {
		le := strings.IndexByte(s[end:], '\n')
		line := s[end:]
		if le >= 0 {
			line = s[end : end+le]
		}
		ind := len(line) - len(strings.TrimLeft(line, " \t"))
		if strings.TrimSpace(line) != "" && ind <= indent {
			break
		}
		if le < 0 {
			end = len(s)
			break
		}
		end += le + 1
	}
	// Trim to the content.
	for start < end && isSpace(s[start]) {
		start++
	}
	for end > start && isSpace(s[end-1]) {
		end--
	}
	return start, end
}

// isNetrcLine reports whether the line holding ks looks like a .netrc entry.
func isNetrcLine(s string, ks int) bool {
	ls := max(0, ks-256)
	if nl := strings.LastIndexByte(s[ls:ks], '\n'); nl >= 0 {
		ls += nl + 1
	}
	pre := " " + s[ls:ks]
	return strings.Contains(pre, " login ") || strings.Contains(pre, " machine ") || strings.Contains(pre, " default ")
}

// isNameValue reports whether the identifier at ks is the value of a "name"
// or "key" field: `name: X`, `"name": "X"`, `Name=X`.
func isNameValue(s string, ks int) bool {
	j := ks
	if j > 0 && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
	}
	j = skipBlanksBack(s, j, 4)
	if j == 0 || (s[j-1] != ':' && s[j-1] != '=') {
		return false
	}
	j = skipBlanksBack(s, j-1, 4)
	if j > 0 && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
	}
	for _, f := range []string{"name", "key", "Name", "Key", "NAME", "KEY"} {
		if j >= len(f) && s[j-len(f):j] == f && (j == len(f) || !isKeyByte(s[j-len(f)-1])) {
			return true
		}
	}
	return false
}

func skipBlanksBack(s string, j, max int) int {
	for k := 0; j > 0 && k < max && (s[j-1] == ' ' || s[j-1] == '\t'); k++ {
		j--
	}
	return j
}

// siblingValue finds `value:` / `"value":` / `Value=` right after position p
// (a ',' or line end, then blanks, at most one newline and a YAML indent) and
// returns the position of its separator.
func siblingValue(s string, p int) (int, bool) {
	q := p
	if q < len(s) && s[q] == ',' {
		q++
	}
	for k := 0; q < len(s) && k < 64 && (s[q] == ' ' || s[q] == '\t' || s[q] == '\n' || s[q] == '\r'); k++ {
		q++
	}
	if q < len(s) && (s[q] == '"' || s[q] == '\'') {
		q++
	}
	if !hasFoldPrefix(s[q:], "value") {
		return 0, false
	}
	q += len("value")
	if q < len(s) && (s[q] == '"' || s[q] == '\'') {
		q++
	}
	q = skipBlanks(s, q, 4)
	if q < len(s) && (s[q] == ':' || s[q] == '=') {
		return q, true
	}
	return 0, false
}
