package redact

import "strings"

// Red-team round 21 (#23): a value on the line after its key.
//
// YAML (a plain scalar continued on a deeper line, an explicit "? key"
// then ": value"), INI (a continuation line), JSON and the literals of
// code ("password":⏎"…", 'password':⏎'…', password = (⏎'…'⏎), a
// trailing backslash) put the value on a later line than its name, and
// every reader joins them. When a credential name's line ends after the
// separator (only blanks, a comment, an opening parenthesis or a line
// continuation after it), the value is the next line that is neither
// blank nor a comment:
//
//   - a string literal there is the value, wherever the key stands;
//   - after a key that starts its line (YAML, INI, env), a deeper
//     indented line is the value, with every deeper line after it (a
//     folded plain scalar, INI continuation lines, a sequence of
//     secrets), unless it is a nested mapping ("password:⏎  min: 12",
//     a password policy: its own keys are judged by their names);
//   - after a quoted key (JSON, a dict), any value there (an identifier
//     is a secret name, secretname.go).
//
// Code such as "if password:⏎    raise …" is not a value: the key does
// not start its line and the next line holds no literal.

// maxNextLines bounds the blank and comment lines skipped to reach a
// key's value.
const maxNextLines = 8

// nextLine is where a key's value continues on a later line.
type nextLine struct {
	p     int  // the value's first byte
	block bool // an unquoted value of deeper lines: take them all
}

// emptyRest reports whether the line holding p has nothing of a value
// from p on: blanks, a comment after a blank, an opening parenthesis or
// a line continuation. paren: an opening parenthesis was seen.
func emptyRest(s string, p int, blankBefore bool) (end int, paren, ok bool) {
	n := len(s)
	for p < n {
		switch c := s[p]; {
		case c == ' ' || c == '\t':
			blankBefore = true
			p++
			continue
		case c == '\n' || c == '\r':
			return p, paren, true
		case c == '(' && !paren:
			paren = true
			p++
			blankBefore = true
			continue
		case c == '\\' && p+1 < n && (s[p+1] == '\n' || s[p+1] == '\r'):
			return p + 1, paren, true
		case blankBefore && (c == '#' || c == ';' && paren || c == '/' && p+1 < n && s[p+1] == '/'):
			return lineEnd(s, p, n), paren, true
		}
		return p, paren, false
	}
	return n, paren, true
}

// lineIndent returns the indentation of the line holding i and the
// offset of its start.
func lineIndent(s string, i int) (indent, start int) {
	start = strings.LastIndexByte(s[:i], '\n') + 1
	j := start
	for j < i && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	return j - start, start
}

// followingLine returns the first byte of the next line after the line
// end at e that is neither blank nor a comment, and that line's
// indentation.
func followingLine(s string, e int) (q, indent int, ok bool) {
	for k := 0; k < maxNextLines && e < len(s); k++ {
		if s[e] == '\r' && e+1 < len(s) && s[e+1] == '\n' {
			e++
		}
		ls := e + 1
		q = ls
		for q < len(s) && (s[q] == ' ' || s[q] == '\t') {
			q++
		}
		le := lineEnd(s, q, len(s))
		if q < le && s[q] != '#' && !strings.HasPrefix(s[q:], "//") {
			return q, q - ls, true
		}
		e = le
	}
	return 0, 0, false
}

// valueOnNextLine finds the value of the key s[ks:ke] on a later line,
// p being just past its separator (and blanks).
func valueOnNextLine(s string, ks, p int, quotedKey bool) (nextLine, bool) {
	e, paren, ok := emptyRest(s, p, false)
	if !ok || e >= len(s) {
		return nextLine{}, false
	}
	q, ind, ok := followingLine(s, e)
	if !ok {
		return nextLine{}, false
	}
	if startsLiteral(s, q) || strings.HasPrefix(s[q:], markerPrefix) {
		return nextLine{p: q}, true // a literal, or one masked already (idempotence)
	}
	if quotedKey && !paren {
		return nextLine{p: q}, true // "password":⏎ pw_var (an identifier, secretname.go)
	}
	keyInd, _ := lineIndent(s, ks)
	if paren || !atLineStart(s, ks) || ind <= keyInd || s[q] == '{' || s[q] == '[' || mappingLine(s, q) {
		return nextLine{}, false
	}
	return nextLine{p: q, block: true}, true
}

// explicitKeyValue reads YAML's explicit key: "? password" on its line,
// then ": VALUE" on the next one. p is the end of the key's line.
func explicitKeyValue(s string, ks, p int) (int, bool) {
	j := ks
	if j > 0 && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
	}
	j = skipBlanksBack(s, j, 8)
	if j == 0 || s[j-1] != '?' || !atLineStart(s, j-1) {
		return 0, false
	}
	e, _, ok := emptyRest(s, p, true)
	if !ok || e >= len(s) {
		return 0, false
	}
	q, _, ok := followingLine(s, e)
	if !ok || s[q] != ':' || q+1 < len(s) && s[q+1] != ' ' && s[q+1] != '\t' && s[q+1] != '\n' {
		return 0, false
	}
	return skipBlanks(s, q+1, 64), true
}

// startsLiteral reports a string literal at q ('…', "…", `…`, a prefixed
// f"…" r'…' b"…", $'…').
func startsLiteral(s string, q int) bool {
	if q >= len(s) {
		return false
	}
	switch c := s[q]; {
	case c == '"' || c == '\'' || c == '`':
		return true
	case (strings.IndexByte("frbuFRBU$", c) >= 0) && q+1 < len(s):
		return s[q+1] == '"' || s[q+1] == '\''
	}
	return false
}

// mappingLine reports a YAML mapping entry at q ("key: …", "key:",
// "\"key\": …", "- key: …"): a nested mapping, not a scalar.
func mappingLine(s string, q int) bool {
	if q+1 < len(s) && s[q] == '-' && (s[q+1] == ' ' || s[q+1] == '\t') {
		q = skipBlanks(s, q+1, 8)
	}
	if q < len(s) && (s[q] == '"' || s[q] == '\'') {
		if e := strings.IndexByte(s[q+1:lineEnd(s, q+1, len(s))], s[q]); e >= 0 {
			q += e + 2
		}
	}
	for q < len(s) && (isKeyByte(s[q]) || s[q] == ' ') && s[q] != ':' {
		q++
	}
	return q < len(s) && s[q] == ':' && (q+1 == len(s) || s[q+1] == ' ' || s[q+1] == '\t' || s[q+1] == '\n' || s[q+1] == '\r')
}
