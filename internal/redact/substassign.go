package redact

import "strings"

// Red-team round 4 (finding 11): a credential-named variable assigned
// the output of a command substitution that prints a literal,
//
//	DB_PASSWORD=$(echo PW)    export API_TOKEN="$(printf %s PW)"
//	read -r DB_PASSWORD < <(echo PW)
//
// holds PW as surely as DB_PASSWORD=PW, though "$(…)" alone is a
// reference the assignment rule keeps. Only an echo or printf is read:
// what another program prints is not in the input.

// substAssignRule masks what NAME=$(echo …), NAME="$(printf …)" and
// NAME=`echo …` print when NAME names a credential.
func substAssignRule() *rule {
	return &rule{
		id:       "substitution-assignment",
		desc:     "credential-named shell variable assigned what an echo or printf in a command substitution prints (DB_PASSWORD=$(echo X))",
		keywords: []string{"=$(", "=\"$(", "=`", "=\"`"},
		match:    matchSubstAssign,
		emits:    []string{ruleAssignPassword, ruleAssignCred},
	}
}

func matchSubstAssign(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	for _, h := range hits {
		a := h
		if a > 0 && s[a-1] == '+' {
			a-- // NAME+=$(…)
		}
		n := a
		for n > 0 && a-n < maxKeyLen && (isAlnum(s[n-1]) || s[n-1] == '_') {
			n--
		}
		if n == a {
			continue
		}
		id := ""
		switch classifyKey(s[n:a]) {
		case keyPassword:
			id = ruleAssignPassword
		case keyStrong:
			id = ruleAssignCred
		default:
			continue
		}
		p := h + 1
		if s[p] == '"' {
			p++
		}
		if sp, ok := substPrinted(s, p); ok {
			sp.id = id
			emit(sp)
		}
	}
}

// substPrinted is what the command substitution at p ("$(", "<(" or a
// backquote) prints when it runs echo or printf: the text after the
// program and echo's options, up to the substitution's end.
func substPrinted(s string, p int) (span, bool) {
	closer := byte(')')
	switch {
	case strings.HasPrefix(s[p:], "$("), strings.HasPrefix(s[p:], "<("):
		p += 2
	case p < len(s) && s[p] == '`':
		closer = '`'
		p++
	default:
		return span{}, false
	}
	limit := min(len(s), p+maxSubst)
	e := strings.IndexByte(s[p:limit], closer)
	if e < 0 {
		return span{}, false
	}
	body := s[p : p+e]
	i := cmdPrintStart(body)
	if i < 0 {
		return span{}, false
	}
	a, b := p+i, p+e
	if progName(firstWord(strings.TrimSpace(body))) == "printf" {
		// A format with no text of its own prints only its arguments.
		if f := firstWord(s[a:b]); f != s[a:b] && isPrintfFormatOnly(strings.Trim(f, `"'`)) {
			a = skipBlanks(s, a+len(f), 8)
		}
	}
	for b > a && isSpace(s[b-1]) {
		b--
	}
	if b-a >= 2 && (s[a] == '\'' || s[a] == '"') && s[b-1] == s[a] {
		a, b = a+1, b-1
	}
	if b <= a || isPlaceholder(s[a:b]) {
		return span{}, false
	}
	return span{start: a, end: b}, true
}

// substValue masks what the command substitution at s[p:] prints when it
// is the value of a credential name of class cls in any assignment or
// header shape ("password": "$(echo PW)", Authorization: Basic $(echo -n
// u:PW | base64)): the literal the echo or printf prints is the secret,
// whatever the pipe makes of it afterwards. A name that is no flag and
// has no separator (bare) gives no value.
func substValue(s string, p int, cls keyClass, bare bool) (span, bool) {
	if bare || p >= len(s) || s[p] != '$' && s[p] != '`' {
		return span{}, false
	}
	id := ""
	switch cls {
	case keyPassword:
		id = ruleAssignPassword
	case keyStrong:
		id = ruleAssignCred
	case keyAuthz:
		id = ruleAuthzHeader
	default:
		return span{}, false
	}
	sp, ok := substPrinted(s, p)
	sp.id = id
	return sp, ok
}
