package redact

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// A credential handed to a program as a file it reads: a flag that names
// a password, token or key file (--vault-password-file,
// --password-file, --token-path) given a process substitution that prints
// the secret, <(echo PW), <(printf %s PW), <(cat <<<PW). The flag's name
// is metadata (password_file masks nothing), but what the substitution
// prints is the credential itself.

// credFileTails end a flag name that names where a credential is read.
var credFileTails = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"file": true, "path": true, "fd": true}
}}

// credFilePrinters are the programs whose arguments a process
// substitution prints.
var credFilePrinters = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"echo": true, "printf": true, "cat": true}
}}

// maxSubst bounds how far a process substitution is followed.
const maxSubst = 1024

// credFileSubst masks the secret a process substitution prints for the
// credential-file flag s[ks:ke].
func credFileSubst(s string, ks, ke int) (span, bool) {
	w := splitWords(s[ks:ke])
	if len(w) < 2 || !credFileTails.Get()[w[len(w)-1]] {
		return span{}, false
	}
	stem := s[ks:ke]
	stem = stem[:len(stem)-len(w[len(w)-1])]
	stem = strings.TrimRight(stem, "-_.")
	id := ""
	switch classifyKey(stem) {
	case keyPassword:
		id = ruleAssignPassword
	case keyStrong, keyAuthz:
		id = ruleAssignCred
	default:
		return span{}, false
	}
	p := ke
	if p < len(s) && s[p] == '=' {
		p++
	} else {
		p = skipBlanks(s, p, 4)
	}
	if !strings.HasPrefix(s[p:], "<(") {
		return span{}, false
	}
	p = skipBlanks(s, p+2, 4)
	limit := min(len(s), p+maxSubst)
	end := strings.IndexByte(s[p:limit], ')')
	if end < 0 {
		end = lineEnd(s, p, limit) - p // unterminated: the rest of the line
	}
	body := s[p : p+end]
	prog, rest, _ := strings.Cut(body, " ")
	if !credFilePrinters.Get()[prog] {
		return span{}, false
	}
	vs := p + len(prog)
	for {
		vs = skipBlanks(s, vs, 4)
		if q := s[vs : p+end]; strings.HasPrefix(q, "<<<") {
			vs += 3
			continue
		} else if prog == "echo" && isEchoOpt(firstWord(q)) {
			vs += len(firstWord(q))
			continue
		}
		break
	}
	ve := p + end
	for ve > vs && isSpace(s[ve-1]) {
		ve--
	}
	if ve <= vs || rest == "" || isPlaceholder(strings.Trim(s[vs:ve], `"'`)) {
		return span{}, false
	}
	return span{start: vs, end: ve, id: id}, true
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}
