package redact

import "strings"

// The credential window and every assignment view read forward from a
// name. A name that FOLLOWS its value opens nothing there: the secret as
// a JSON key with the name as its value ({"…": "password"}), a reverse
// map, a trailing comment naming it (value = "…"  # the db password), an
// SQL column alias ('…' AS password). nameAfterRule reads backwards from
// a credential name (classifyKey: a password or a credential) to the
// last string literal before it on its line, and masks that literal
// when it is secret-like (credSecretLike, one token) and what lies
// between says the name is the literal's: a map's separator (":", "=>",
// "->") with the name a value, not a key; SQL's AS; or a comment the
// name is in. Round 23, #17.

// nameAfterMaxLine bounds how far back on its line a name looks.
const nameAfterMaxLine = 512

func nameAfterRule() *rule {
	return &rule{id: ruleAssignPassword, emits: []string{ruleAssignPassword, ruleAssignCred},
		keywords: []string{"pass", "pwd", "pw", "secret", "token", "key", "cred", "auth"},
		match:    matchNamesAfter}
}

func matchNamesAfter(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := -1
	for _, h := range hits {
		if h < done {
			continue
		}
		a, b := h, h
		for a > 0 && isNameByte(s[a-1]) {
			a--
		}
		for b < len(s) && isNameByte(s[b]) {
			b++
		}
		done = b
		cls := classifyKey(s[a:b])
		if cls < keyStrong {
			continue
		}
		ls := max(0, a-nameAfterMaxLine)
		ls += strings.LastIndexByte(s[ls:a], '\n') + 1
		// The name's own opening quote is not a literal's end.
		end := a
		if end > ls && (s[end-1] == '"' || s[end-1] == '\'' || s[end-1] == '`') {
			end--
		}
		lit, ok := lastLiteral(s, ls, end)
		if !ok || !nameAfterJoin(s[lit.end+1:end], s, b) {
			continue
		}
		v := s[lit.start:lit.end]
		if strings.ContainsAny(v, " \t") || !credSecretLike(v) {
			continue
		}
		id := ruleAssignCred
		if cls == keyPassword {
			id = ruleAssignPassword
		}
		emit(span{start: lit.start, end: lit.end, id: id})
	}
}

// lastLiteral is the body of the last quoted literal closed in
// s[from:to] (quotes paired left to right, a backslash escaping).
func lastLiteral(s string, from, to int) (span, bool) {
	var last span
	found := false
	for q := from; q < to; q++ {
		c := s[q]
		if c != '"' && c != '\'' && c != '`' {
			continue
		}
		if c == '\'' && q > from && isAlnum(s[q-1]) {
			continue // don't
		}
		e := q + 1
		for e < to && s[e] != c {
			if s[e] == '\\' {
				e++
			}
			e++
		}
		if e >= to {
			break
		}
		last, found = span{start: q + 1, end: e}, true
		q = e
	}
	return last, found
}

// nameAfterJoin reports whether between (the text from a literal's
// closing quote to the name) makes the name the literal's: a map
// separator with the name a value (not followed by a separator of its
// own), SQL's AS, or a comment holding the name.
func nameAfterJoin(between, s string, nameEnd int) bool {
	t := strings.TrimSpace(between)
	switch t {
	case ":", "=>", "->":
		rest := s[nameEnd:]
		if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'' || rest[0] == '`') {
			rest = rest[1:]
		}
		rest = strings.TrimLeft(rest, " \t")
		return rest == "" || strings.IndexByte(":=", rest[0]) < 0
	}
	if len(t) == 2 && strings.EqualFold(t, "as") && between[0] == ' ' {
		return true
	}
	t = strings.TrimLeft(t, ",;)]} \t")
	for _, c := range []string{"#", "//", "--", "/*", "<!--"} {
		if strings.HasPrefix(t, c) {
			return !strings.ContainsAny(t, "\"'`")
		}
	}
	return false
}

func isNameByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

// keyNamedByValue is the rule that masks a map's key k when its value
// names a credential and k is a secret ({"…": "GITHUB_TOKEN"}: the
// secret as the key, in a tool input), "" when none does.
func keyNamedByValue(k string, v any) string {
	name, ok := v.(string)
	if !ok || name == "" || len(name) > 128 || !allNameBytes(name) || strings.ContainsAny(k, " \t") || !credSecretLike(k) {
		return ""
	}
	switch classifyKey(name) {
	case keyPassword:
		return ruleAssignPassword
	case keyStrong:
		return ruleAssignCred
	}
	return ""
}

func allNameBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}
