package redact

import "strings"

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
// line and the next credWindowLines lines. Every token of secret-like
// shape there is masked (unresolved-secret-source): a string literal's
// content or a bare word of credMinLen bytes or more that is not a
// known-safe shape (credword.go): words and identifiers, paths, URLs
// without userinfo, numbers, versions, hosts, placeholders, markers.
// Quoting, operators, tags, brackets and heredoc delimiters do not
// matter: the window reads tokens, not a grammar.
//
// A name position: the name is followed (after closing quotes and
// blanks) by a separator (= : , ) ] > <) , a "by" delegate, or the line
// end. "Set the password option" (prose) opens nothing, and prose words
// in a window are kept anyway.
//
// A command line (one line whose first word is a program, a path or
// NAME=value) is
// the shell view's and its fail-closed pass's (failclosed.go): no window.

const (
	credWindowLines = 6
	credMinLen      = 8
	credWindowMax   = 4096 // bytes read after the name at most
)

// credWindow masks the secret-like tokens after the credential name
// s[ks:ke].
// from: where the previous window of this text ended (no byte is read
// twice); returns where this one ends.
func credWindow(s string, ks, ke, from int, emit func(span)) int {
	if !namePosition(s, ke) || inMarker(s, ks) {
		return from
	}
	limit := min(len(s), ke+credWindowMax)
	e := ke
	for n := 0; e < limit; e++ {
		if s[e] == '\n' {
			n++
			if n > credWindowLines {
				break
			}
		}
	}
	i := max(ke, from)
	for i < e {
		c := s[i]
		if c == '[' {
			if m := markerLen(s[i:]); m > 0 {
				i += m // an earlier finding
				continue
			}
		}
		if credSep(c) {
			i++
			continue
		}
		j := i
		for j < e && !credSep(s[j]) {
			j++
		}
		tokenSpans(s, i, j, emit)
		i = j
	}
	return max(e, from)
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

// credSep separates the tokens of a window: blanks, quotes, brackets,
// list and statement punctuation.
func credSep(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\'', '"', '`', '(', ')', '[', ']', '{', '}', '<', '>', ',', ';', '|', '\\':
		return true
	}
	return false
}

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
