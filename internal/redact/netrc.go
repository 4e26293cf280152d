package redact

import "strings"

// A .netrc entry (machine, login, password, account tokens, its
// tokens on one line or many, macdef bodies up to a blank line) holds two
// credentials by token name: password and account, and macros that may
// log in. netrcRule reads entries from their machine (or default)
// token, token by token, while the tokens are netrc's own.

// netrcTokens: the tokens of an entry, and what their value is.
var netrcTokens = map[string]string{
	"login": "", "port": "", "password": ruleAssignPassword, "passwd": ruleAssignPassword,
	"account": ruleAssignCred, "macdef": ruleAssignCred,
}

func netrcRule() *rule {
	return &rule{id: ruleAssignPassword, keywords: []string{"machine", "default"}, match: matchNetrc,
		emits: []string{ruleAssignPassword, ruleAssignCred}}
}

// maxNetrcEntry bounds one entry's reach.
const maxNetrcEntry = 4096

func matchNetrc(_ *Redactor, s string, lower []byte, hits []int, emit func(span)) {
	done := 0
	for _, h := range hits {
		if h < done || h > 0 && isKeyByte(s[h-1]) {
			continue
		}
		p := h + len("machine")
		isDefault := lower[h] == 'd'
		if isDefault {
			p = h + len("default")
		}
		if p >= len(s) || !isNetrcSpace(s[p]) {
			continue
		}
		limit := min(len(s), h+maxNetrcEntry)
		tok := func(i int) (int, int) {
			for i < limit && isNetrcSpace(s[i]) {
				i++
			}
			j := i
			for j < limit && !isNetrcSpace(s[j]) && s[j] != '"' && s[j] != '\'' {
				j++
			}
			return i, j
		}
		q := p
		bare, login := false, false
		if !isDefault {
			a, b := tok(q)
			if b == a || !netrcHost(s[a:b]) {
				continue
			}
			// A host name without a dot (myserver) only at a line's
			// start and with a login: "machine learning account …" is prose.
			bare = !strings.ContainsAny(s[a:b], ".:")
			if bare && !netrcLineStart(s, h) {
				continue
			}
			q = b
		}
		var found []span
		entry := false
		for q < limit {
			a, b := tok(q)
			if b == a {
				break
			}
			id, ok := netrcTokens[strings.ToLower(s[a:b])]
			if !ok {
				break
			}
			va, vb := tok(b)
			if vb == va {
				break
			}
			q = vb
			entry = true
			login = login || strings.EqualFold(s[a:b], "login")
			if strings.EqualFold(s[a:b], "macdef") {
				// The macro's body: the lines up to a blank line.
				bs := vb
				be := strings.Index(s[bs:limit], "\n\n")
				if be < 0 {
					be = limit - bs
				}
				if e := strings.TrimSpace(s[bs : bs+be]); e != "" {
					st := bs + strings.Index(s[bs:bs+be], e)
					found = append(found, span{start: st, end: st + len(e), id: id})
				}
				q = bs + be
				break
			}
			if id != "" && !isPlaceholder(s[va:vb]) {
				found = append(found, span{start: va, end: vb, id: id})
			}
		}
		if !entry || bare && !login {
			continue
		}
		for _, sp := range found {
			emit(sp)
		}
		done = q
	}
}

func isNetrcSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// netrcHost: a machine token's host name (letters, digits, '.', '-',
// ':' for a port or IPv6), not a netrc keyword.
func netrcHost(h string) bool {
	if _, kw := netrcTokens[strings.ToLower(h)]; kw || len(h) > 253 {
		return false
	}
	for i := 0; i < len(h); i++ {
		if c := h[i]; !isAlnum(c) && c != '.' && c != '-' && c != ':' && c != '_' && c != '[' && c != ']' {
			return false
		}
	}
	return true
}

// netrcLineStart: only blanks between h and the start of its line, a
// quote or an escaped newline (a file's entry, echo "machine …").
func netrcLineStart(s string, h int) bool {
	i := h
	for i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
		i--
	}
	return i == 0 || s[i-1] == '\n' || s[i-1] == '\r' || s[i-1] == '"' || s[i-1] == '\'' ||
		i >= 2 && s[i-2] == '\\' && s[i-1] == 'n'
}
