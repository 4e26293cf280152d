package redact

import (
	"sort"
	"strings"
)

// Red-team round 22 (#22–#30): fail closed near a credential name.
//
// Round 21 added one view per shape of code and file text (a value on a
// later line, a concatenation, a secret name, a table column); round 22
// found nine more (tuple targets, calls over literals, format arguments,
// encoded literals, here-documents, quote operators and tags, a
// byte-order mark, list values, HTML tables). The views stay (they give
// exact markers); this is the backstop. In text that is not a command
// line, a credential name (the assignment rules' dictionary, strong or
// password class) in a name position opens a window: the rest of its
// line and the next credWindowLines lines of code (blank and comment
// lines do not count: credskip.go, round 23 (b) #12). Every token of secret-like
// shape there is masked (unresolved-secret-source): a string literal's
// content or a bare word of credMinLen bytes or more that is not a
// known-safe shape (credword.go): words and identifiers, paths, URLs
// without userinfo, numbers, versions, hosts, placeholders, markers.
// Quoting, operators, tags, brackets and heredoc delimiters do not
// matter: the window reads tokens, not a grammar.
//
// A name position: the name is followed (after closing quotes and
// blanks) by a separator (= : , ) ] > <), an opening ( or { (a method,
// getter, function or block named for it: round 23), a "by" delegate,
// or the line end. Elsewhere (prose: "the db password is …", "token ->
// …", round 23) a credential name opens the rest of its line only;
// prose words in a window are kept anyway.
//
// A command line (one line whose first word is a program, a path or
// NAME=value; never a file tool's text beside its path unless a shell
// script's: treefiletext.go, round 23 (b) #11) is the shell view's and its fail-closed pass's
// (failclosed.go): there a name opens a window only inside a quoted
// argument (code handed to python3 -c, node -e, echo or sed; a commit
// message: round 23), never at a reference ("$DB_PASSWORD").
// Lists of byte numbers or short pieces in a window are read as one
// value (credlist.go).

const (
	credWindowLines = 6
	credMinLen      = 8
	credWindowMax   = 4096 // bytes read after the name at most
)

// credWindows opens the credential windows of the top-level text s at
// the assignment rule's hits (it runs once per text: a view holds the
// same bytes again, engine.go). Two openers, both read from s's own
// bytes (a second pass over the output opens the same windows):
//   - a credential name (strong or password class) in a name position;
//   - a URL whose userinfo holds a placeholder (round 22 #24:
//     'postgres://%s:%s@db' % ('app', pw), .format, format!, Sprintf):
//     the password is an argument after it, no name says so.
func credWindows(s string, hits []int, emit func(span)) {
	credWindowsAs(s, hits, false, emit)
}

// credWindowsAs is credWindows; file: s is a file's text (a file tool's
// content beside its path, treefiletext.go), never a command line.
func credWindowsAs(s string, hits []int, file bool, emit func(span)) {
	from, done := 0, -1
	code := 0 // 1: code or file text, 2: a command line
	if file {
		code = 1
	}
	var quoted []span
	var memo map[string]assignKey
	var skips skipRuns
	for _, h := range hits {
		if h < done {
			continue
		}
		start, lines, ref := -1, credWindowLines, false
		if s[h] == ':' { // a "://" hit
			done = h + 3
			start = placeholderURLEnd(s, h)
		} else {
			var ks, ke int
			ks, ke, _, done = assignName(s, h)
			if ke <= ks || inMarker(s, ks) {
				continue
			}
			name := s[ks:ke]
			k, ok := memo[name]
			if !ok {
				k = classifyAssignKey(name)
				if memo == nil {
					memo = map[string]assignKey{}
				}
				memo[name] = k
			}
			if k.cls >= keyStrong {
				start = ke
				ref = ks > 0 && (s[ks-1] == '$' || ks > 1 && s[ks-1] == '{' && s[ks-2] == '$')
				if !namePosition(s, ke) {
					// Red-team round 23 (b) #6: a credential word in
					// prose (a commit message, an issue body, notes:
					// "the db password is …", "token -> …") opens the
					// rest of its line; prose words are kept there.
					lines = 0
				}
			}
		}
		if start < 0 {
			continue
		}
		if code == 0 {
			code = 1
			if commandText(s) {
				code, quoted = 2, quotedArgs(s)
			}
		}
		if code == 2 {
			// Red-team round 23 (b) #2: on a command line a name opens
			// the window only inside a quoted argument (python3 -c "…",
			// node -e, echo "…" >> f.py, a sed script, a commit
			// message, a printf format whose arguments follow); the
			// words of the line itself are the shell view's and
			// failclosed.go's.
			// A reference ("$DB_PASSWORD") is not a definition there.
			if ref || argAround(quoted, h) < 0 {
				continue
			}
		}
		from = credWindowIn(s, start, from, lines, len(s), &skips, emit)
	}
}

// placeholderURLEnd returns where the URL whose "://" is at h ends when
// its userinfo's password (or its only part) holds a format placeholder
// (%s, %(pw)s, {}, {0}, {name}, $x, ${x}, #{x}); -1 otherwise.
func placeholderURLEnd(s string, h int) int {
	if h == 0 || !isAlnum(s[h-1]) {
		return -1
	}
	a := h + 3
	at := -1
	for e := a; e < len(s) && e-a < 4*maxKeyLen; e++ {
		c := s[e]
		if c == '@' {
			at = e
			continue
		}
		if credClass[c]&ccSep != 0 && c != '{' && c != '}' || c == '/' || c == '?' ||
			c == '#' && (e+1 >= len(s) || s[e+1] != '{') {
			break // the authority ends
		}
	}
	if at < 0 {
		return -1
	}
	pw := s[a:at]
	if k := strings.IndexByte(pw, ':'); k >= 0 {
		pw = pw[k+1:]
	}
	if !hasPlaceholder(pw) {
		return -1
	}
	e := at
	for e < len(s) && credClass[s[e]]&ccSep == 0 {
		e++
	}
	return e
}

// hasPlaceholder reports a format placeholder in a URL's password.
func hasPlaceholder(p string) bool {
	for i := 0; i+1 < len(p); i++ {
		c, d := p[i], p[i+1]
		switch {
		case c == '%' && (isUpper(d) || isLower(d) || d == '('),
			c == '{',
			c == '$' && (isUpper(d) || isLower(d) || d == '_' || d == '{'):
			return true
		}
	}
	return false
}

// credWindow masks the secret-like tokens from start to the end of the
// lines-th line after it (and before stop). from: where the previous window of
// this text ended (no byte is read twice); returns where this one ends.
func credWindow(s string, start, from, lines, stop int, emit func(span)) int {
	return credWindowIn(s, start, from, lines, stop, nil, emit)
}

// credWindowIn is credWindow with the runs of blank and comment lines
// the text's earlier windows met (credskip.go): those lines do not
// count toward lines, nor toward credWindowMax (round 23 (b) #12).
func credWindowIn(s string, start, from, lines, stop int, k *skipRuns, emit func(span)) int {
	budget := credWindowMax
	e := start
	for n := 0; e < stop && budget > 0; {
		if s[e] != '\n' {
			e++
			budget--
			continue
		}
		n++
		if n > lines {
			break
		}
		e = min(skipLines(s, e+1, k), stop)
	}
	windowTokens(s, max(start, from), e, emit)
	return max(e, from)
}

// windowTokens masks the secret-like tokens of s[i:e] and its lists of
// short items that spell a value (credlist.go).
func windowTokens(s string, i, e int, emit func(span)) {
	var lr listRun
	for i < e {
		c := s[i]
		if c == '[' {
			if m := markerLen(s[i:]); m > 0 {
				lr.flush(s, emit)
				i += m // an earlier finding
				continue
			}
		}
		if credClass[c]&ccSep != 0 {
			i++
			continue
		}
		j := i + 1
		for j < e && credClass[s[j]]&ccSep == 0 {
			j++
		}
		if j-i >= credMinLen {
			lr.flush(s, emit)
			tokenSpans(s, i, j, emit)
		} else {
			lr.item(s, i, j, emit)
		}
		i = j
	}
	lr.flush(s, emit)
}

// inMarker reports a name inside an earlier finding's marker
// ([REDACTED:github-token:…] names a rule, not a credential).
func inMarker(s string, ks int) bool {
	if ks > 0 && s[ks-1] != ':' {
		return false
	}
	if ks < len(markerPrefix) {
		return false
	}
	lo := max(0, ks-80)
	i := strings.LastIndexByte(s[lo:ks], '[')
	if i < 0 {
		return false
	}
	i += lo
	return markerLen(s[i:]) > ks-i
}

// credClass classifies bytes for the window's tokens (a table: the
// window judges every token of its lines): ccSep separates them (blanks, quotes, brackets, list and statement punctuation).
var credClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\r'\"`()[]{}<>,;|\\") {
		t[c] |= ccSep
	}
	for _, c := range []byte(".:!?") {
		t[c] |= ccTrail
	}
	for c := 0; c < 256; c++ {
		switch {
		case isUpper(byte(c)):
			t[c] |= ccUpper | ccAlnum
		case isLower(byte(c)):
			t[c] |= ccLower | ccAlnum
		case isDigit(byte(c)):
			t[c] |= ccAlnum
		}
	}
	return t
}()

// The bits of credClass: ccTrail is trailing punctuation a token drops
// (credword.go).
const (
	ccSep = 1 << iota
	ccTrail
	ccAlnum
	ccUpper
	ccLower
)

// tokenSpans emits s[a:b] (or its parts around "=") when secret-like.
func tokenSpans(s string, a, b int, emit func(span)) {
	for a < b && (s[a] == '=' || s[a] == ':') {
		a++
	}
	for b > a && (s[b-1] == '=' || s[b-1] == ':') {
		b-- // base64 padding left in clear tells nothing
	}
	if b-a < credMinLen {
		return
	}
	t := s[a:b]
	if u := strings.Index(t, "://"); u > 0 {
		// A URL's userinfo: its password (or its only part) is masked,
		// not the URL (the URL rules' marker names the same bytes).
		if pa, pb := userinfoSecret(t, u+3); pb > pa && !credTemplate(t[pa:pb]) {
			emit(span{start: a + pa, end: a + pb, id: ruleUnresolved, secret: t[pa:pb]})
		}
		return
	}
	// A name=value glued: judge both sides.
	if k := strings.IndexByte(t, '='); k > 0 {
		tokenSpans(s, a, a+k, emit)
		for a+k < b && s[a+k] == '=' {
			k++
		}
		tokenSpans(s, a+k, b, emit)
		return
	}
	if !credSecretLike(t) {
		return
	}
	emit(span{start: a, end: b, id: ruleUnresolved, secret: t})
}

// namePosition reports a credential name at e followed by a separator
// of a name (not a word of prose).
func namePosition(s string, e int) bool {
	for e < len(s) && (s[e] == '\'' || s[e] == '"' || s[e] == '`' || s[e] == '$') {
		e++
	}
	for e < len(s) && (s[e] == ' ' || s[e] == '\t') {
		e++
	}
	if e >= len(s) {
		return true
	}
	switch s[e] {
	case '=', ':', ',', ')', ']', '>', '<', '\n', '\r', '|', ';', '\t', '}':
		return true
	case '(', '{':
		// Red-team round 23 (b) #1: a method, getter or function named
		// for the credential (def password(self):, get password() {,
		// func Password() string {) returns its value on a later line;
		// an HCL block labelled with it ("db_password" {) holds it.
		return true
	}
	return strings.HasPrefix(s[e:], "by ")
}

// commandText reports text whose first word is a program, a path or a
// NAME=value prefix: a command line, judged by the shell view.
func commandText(s string) bool {
	s = strings.TrimSpace(s)
	if strings.IndexByte(s, '\n') >= 0 {
		return false // a file's lines, a script: code text
	}
	i := 0
	for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != ';' {
		i++
	}
	w := s[:i]
	switch {
	case w == "":
		return false
	case w[0] == '/' || w[0] == '.' || w[0] == '~':
		return true
	case strings.HasPrefix(w, "#!"):
		return false // a script file: code text
	}
	if k := strings.IndexByte(w, '='); k > 0 && isIdent(w[:k]) {
		return true // NAME=value cmd, or a shell assignment
	}
	return litKeep(w)
}

// userinfoSecret returns where the password of the userinfo of the URL
// whose authority starts at a in t lies (the whole userinfo when it has
// no ':'); an empty range when the URL has no userinfo.
func userinfoSecret(t string, a int) (int, int) {
	rest := t[a:]
	if k := strings.IndexAny(rest, "/?#"); k >= 0 {
		rest = rest[:k]
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return 0, 0
	}
	ui := rest[:at]
	if k := strings.IndexByte(ui, ':'); k >= 0 {
		return a + k + 1, a + at
	}
	return a, a + at
}

// credTemplate reports a URL password that holds no value: a
// placeholder, a format directive, a template or a reference.
func credTemplate(p string) bool {
	return isPlaceholder(p) || isFormatDirective(p) || hasPlaceholder(p) || strings.ContainsAny(p, "${}%")
}

// quotedArgs returns the outermost quoted strings of the command line s
// ('…', "…" with its backslash escapes, $'…'), in order; an unclosed
// quote runs to the end.
func quotedArgs(s string) []span {
	var out []span
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			i++
		case '\'', '"':
			j := i + 1
			for j < len(s) && s[j] != c {
				if c == '"' && s[j] == '\\' || c == '\'' && i > 0 && s[i-1] == '$' && s[j] == '\\' {
					j++
				}
				j++
			}
			out = append(out, span{start: i + 1, end: min(j, len(s))})
			i = j
		}
	}
	return out
}

// argAround returns the index of the quoted string of qs that holds h,
// or -1.
func argAround(qs []span, h int) int {
	k := sort.Search(len(qs), func(i int) bool { return qs[i].end > h })
	if k < len(qs) && qs[k].start <= h {
		return k
	}
	return -1
}
