package redact

import "strings"

// A JSON Web Key (RFC 7517/7518/8037) holds its private parts in
// one- and two-letter members no credential name gives away: d (EC, OKP
// and RSA private exponent), p, q, dp, dq, qi (RSA), k (a symmetric
// "oct" key), and the r, d, t of RSA's other primes (oth). An object
// with a kty member is a key: these members' values are masked, in text
// (jwkRule) and in a tree (mapInfoOf).
var jwkPrivateMembers = map[string]bool{
	"d": true, "p": true, "q": true, "dp": true, "dq": true, "qi": true, "k": true, "r": true, "t": true,
}

// jwkKeyTypes are the registered kty values ("oct", "RSA", "EC", "OKP"),
// lowercase.
var jwkKeyTypes = map[string]bool{"oct": true, "rsa": true, "ec": true, "okp": true}

func jwkRule() *rule {
	return &rule{id: "private-key", keywords: []string{"kty"}, match: matchJWK}
}

// maxJWK bounds how far a key object reaches around its kty member.
const maxJWK = 16384

func matchJWK(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := 0
	for _, h := range hits {
		if h < done {
			continue
		}
		// kty must be a member name: a quote before it, a colon after.
		if h == 0 || h+4 > len(s) || (s[h-1] != '"' && s[h-1] != '\'') || s[h+3] != s[h-1] && s[h+3] != '\\' {
			continue
		}
		// The enclosing object: back to its unmatched '{' (not before
		// what an earlier key covered), forward to its matching '}'.
		a, depth := h, 0
		for a > done && h-a < maxJWK {
			a--
			if s[a] == '}' {
				depth++
			} else if s[a] == '{' {
				if depth == 0 {
					break
				}
				depth--
			}
		}
		if s[a] != '{' {
			// No object opens within reach before h: none before h
			// can hold a later kty either (each back scan is new text).
			done = h
			continue
		}
		b, depth := h, 0
		for b < len(s) && b-h < maxJWK {
			if s[b] == '{' {
				depth++
			} else if s[b] == '}' {
				if depth == 0 {
					break
				}
				depth--
			}
			b++
		}
		done = b
		jwkMembers(s, a, b, emit)
	}
}

// jwkMembers masks the private members' string values in s[a:b]: "name"
// then ':' then a quoted value, in ", \" (JSON inside a string) or '
// quoting.
func jwkMembers(s string, a, b int, emit func(span)) {
	for i := a; i < b; i++ {
		q := s[i]
		if q != '"' && q != '\'' {
			continue
		}
		esc := q == '"' && i > a && s[i-1] == '\\'
		j := i + 1
		for j < b && j-i <= 3 && isLower(s[j]) {
			j++
		}
		if j >= b || s[j] != q && !(esc && s[j] == '\\' && j+1 < b && s[j+1] == q) {
			continue
		}
		name := s[i+1 : j]
		if esc {
			j++
		}
		j++
		if !jwkPrivateMembers[name] {
			i = j - 1
			continue
		}
		p := skipBlanks(s, j, 8)
		if p >= b || s[p] != ':' {
			continue
		}
		p = skipBlanks(s, p+1, 8)
		if p < b && s[p] == '\\' && esc {
			p++
		}
		if p >= b || s[p] != q {
			continue
		}
		vs := p + 1
		ve := vs
		for ve < b && isB64URLByte(s[ve]) {
			ve++
		}
		if ve > vs && !isPlaceholder(s[vs:ve]) && !strings.HasPrefix(s[vs:], "[REDACTED:") {
			emit(span{start: vs, end: ve, id: "private-key"})
		}
		i = ve
	}
}

func isB64URLByte(c byte) bool {
	return isAlnum(c) || c == '-' || c == '_' || c == '=' || c == '+' || c == '/'
}
