package redact

import (
	"maps"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Red-team round 6 (finding 14): a password passed as a positional
// argument of a constructor or call that takes a user and a password,
// in any language: .NET's NetworkCredential('u','PW') (also
// [System.Net.NetworkCredential]::new(…) and New-Object … -ArgumentList
// 'u','PW'), requests' HTTPBasicAuth('u','PW'), aiohttp's and httpx's
// BasicAuth, smtplib's login('u','PW'), and an auth value written as a
// pair, auth=('u','PW') or "auth": ["u", "PW"]. No name stands beside
// the password, so the assignment rule cannot see it: the call's name
// says which argument it is (credPairCalls). Only a string literal at
// that position is masked; a variable is no secret in the text.

// credPairCalls maps a call's name, lower-cased, to the index of its
// password among the arguments.
var credPairCalls = &lazy.Value[map[string]int]{New: func() map[string]int {
	return map[string]int{
		"networkcredential":           1,
		"pscredential":                1,
		"httpbasicauth":               1,
		"httpdigestauth":              1,
		"httpproxyauth":               1,
		"basicauth":                   1,
		"digestauth":                  1,
		"usernamepasswordcredentials": 1,
		"passwordauthentication":      1,
		"plainauth":                   2, // Go's smtp.PlainAuth(identity, user, password, host)
		"login":                       1, // smtplib, ftplib, imaplib, poplib: login(user, password)
		"auth":                        1, // auth=('u','PW'), "auth": ["u","PW"]
	}
}}

func credPairRule() *rule {
	kw := slices.Sorted(maps.Keys(credPairCalls.Get()))
	kw = append(kw, slices.Sorted(maps.Keys(driverLogonCalls.Get()))...) // driverlogons.go
	kw = append(kw, slices.Sorted(maps.Keys(driverLogonShapes.Get()))...)
	return &rule{
		id:       "credential-pair",
		desc:     "password given as a positional argument of a user/password call or pair (NetworkCredential('u','X'), HTTPBasicAuth('u','X'), smtp.login('u','X'), auth=('u','X'))",
		keywords: kw,
		match:    matchCredPairs,
		emits:    []string{ruleAssignPassword},
	}
}

func matchCredPairs(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	for _, h := range hits {
		if h > 0 && (isAlnum(s[h-1]) || s[h-1] == '_') {
			continue // inside a longer name
		}
		e := h
		for e < len(s) && e-h < maxKeyLen && isAlnum(s[e]) {
			e++
		}
		at, ok := credPairCalls.Get()[strings.ToLower(s[h:e])]
		if !ok {
			var name string
			name, e = driverCallName(s, h)
			if at, ok = driverLogonCalls.Get()[name]; !ok {
				if shape, ok := driverLogonShapes.Get()[name]; ok {
					if p, closer, ok := credPairArgs(s, e, false); ok && closer == ')' {
						if sp, ok := shapedLogon(s, p, shape); ok {
							emit(sp)
						}
					}
				}
				continue
			}
		}
		p, closer, ok := credPairArgs(s, e, strings.EqualFold(s[h:e], "auth"))
		if !ok {
			continue
		}
		if sp, ok := credPairArg(s, p, closer, at); ok {
			emit(sp)
		}
	}
}

// credPairArgs finds where the arguments after a call's name at s[p:]
// start, and what ends them: "(" of a call (after "]::new", "::new",
// ".new"), or the words after New-Object's type (-ArgumentList 'u','PW',
// ending at the line's end). A pair (auth) takes "=" or ":" and then "("
// or "[".
func credPairArgs(s string, p int, pair bool) (int, byte, bool) {
	if pair {
		p = skipBlanks(s, p, 4)
		if p < len(s) && s[p] == '"' || p < len(s) && s[p] == '\'' {
			p++ // "auth": […]
		}
		p = skipBlanks(s, p, 4)
		if p >= len(s) || s[p] != '=' && s[p] != ':' {
			return 0, 0, false
		}
		p = skipBlanks(s, p+1, 4)
		if p < len(s) && (s[p] == '(' || s[p] == '[') {
			return p + 1, map[byte]byte{'(': ')', '[': ']'}[s[p]], true
		}
		return 0, 0, false
	}
	if p < len(s) && s[p] == ']' {
		p++
	}
	for _, sfx := range []string{"::new", ".new"} {
		if hasFoldPrefix(s[p:], sfx) {
			p += len(sfx)
		}
	}
	p = skipBlanks(s, p, 4)
	if p < len(s) && s[p] == '(' {
		return p + 1, ')', true
	}
	if hasFoldPrefix(s[p:], "-argumentlist") || hasFoldPrefix(s[p:], "-args") {
		for p < len(s) && s[p] != ' ' && s[p] != '\t' {
			p++
		}
		p = skipBlanks(s, p, 4)
	}
	if p < len(s) && (s[p] == '\'' || s[p] == '"' || s[p] == '@' || s[p] == '(') {
		if s[p] == '@' && p+1 < len(s) && s[p+1] == '(' || s[p] == '(' {
			return strings.IndexByte(s[p:], '(') + p + 1, ')', true
		}
		return p, '\n', true
	}
	return 0, 0, false
}

// credPairArg masks argument at (counted from 0) of the comma-separated
// list starting at s[p:], which closer ends, when it is a string literal.
func credPairArg(s string, p int, closer byte, at int) (span, bool) {
	limit := min(len(s), p+maxValueLen)
	k := 0
	for p < limit {
		p = skipBlanks(s, p, 8)
		if p >= limit || s[p] == closer || s[p] == '\n' || s[p] == ';' && closer == '\n' {
			return span{}, false
		}
		start := p
		q := s[p]
		if q == '\'' || q == '"' {
			e := p + 1
			for e < limit && s[e] != q && s[e] != '\n' {
				if s[e] == '\\' && q == '"' {
					e++
				}
				e++
			}
			if k == at {
				if e > start+1 && e <= limit && !isPlaceholder(s[start+1:min(e, limit)]) {
					return span{start: start + 1, end: min(e, limit), id: ruleAssignPassword}, true
				}
				return span{}, false
			}
			p = e + 1
		} else {
			if k == at {
				return span{}, false // an expression: no literal secret
			}
			depth := 0
			for p < limit {
				c := s[p]
				if depth == 0 && (c == ',' || c == closer || c == '\n') {
					break
				}
				switch c {
				case '(', '[', '{':
					depth++
				case ')', ']', '}':
					depth--
				}
				p++
			}
		}
		p = skipBlanks(s, p, 8)
		if p >= limit || s[p] != ',' {
			return span{}, false
		}
		p++
		k++
	}
	return span{}, false
}

// shapedLogon masks the password of the call whose arguments start at
// s[p:] (closed by ")") when they have the shape of driverLogonShapes.
func shapedLogon(s string, p int, shape string) (span, bool) {
	limit := min(len(s), p+maxValueLen)
	var pw span
	for k := 0; k < len(shape); k++ {
		p = skipBlanks(s, p, 8)
		if p >= limit {
			return span{}, false
		}
		a, e := p, p
		str := s[p] == '\'' || s[p] == '"'
		if str {
			q := s[p]
			e = p + 1
			for e < limit && s[e] != q && s[e] != '\n' {
				if s[e] == '\\' {
					e++
				}
				e++
			}
			if e >= limit || s[e] != q {
				return span{}, false
			}
			e++
		} else {
			depth := 0
			for e < limit && s[e] != '\n' && !(depth == 0 && (s[e] == ',' || s[e] == ')')) {
				switch s[e] {
				case '(', '[', '{':
					depth++
				case ')', ']', '}':
					depth--
				}
				e++
			}
		}
		arg := strings.TrimRight(s[a:e], " \t")
		if arg == "" {
			return span{}, false
		}
		switch shape[k] {
		case 'n':
			if !allDigits(arg) {
				return span{}, false
			}
		case 's':
			if !str {
				return span{}, false
			}
		case 'd':
			if !str || !ldapDNLike(arg[1:len(arg)-1]) {
				return span{}, false
			}
		case 'P':
			if !str || len(arg) < 3 || isPlaceholder(arg[1:len(arg)-1]) {
				return span{}, false
			}
			pw = span{start: a + 1, end: e - 1, id: ruleAssignPassword}
		}
		p = skipBlanks(s, e, 8)
		if k == len(shape)-1 {
			break
		}
		if p >= limit || s[p] != ',' {
			return span{}, false
		}
		p++
	}
	return pw, pw.end > pw.start
}

// ldapDNLike reports a string naming an LDAP entry: cn=…, uid=…, dc=…,
// ou=….
func ldapDNLike(w string) bool {
	lw := strings.ToLower(w)
	for _, a := range []string{"cn=", "uid=", "dc=", "ou="} {
		if strings.HasPrefix(lw, a) || strings.Contains(lw, ","+a) {
			return true
		}
	}
	return false
}
