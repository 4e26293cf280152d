package redact

import "strings"

// expectRule masks what an expect script sends to a program in answer to
// a prompt (red-team round 2, finding 33): the program reads it as if
// typed, so after a password prompt it is the password.
//
//	expect -c 'spawn ssh bob@host; expect "password:"; send "pw\r"'
//	expect "*assword*" { send -- "pw\r" }
//	exp_send "pw\n"
//
// A send counts unless what it answers is clearly no secret prompt: the
// nearest expect pattern before it (within maxExpectReach) names no
// password, passphrase, PIN, token, key, secret or code, and is a shell
// prompt ($, #, >, %) or a yes/no question, or the text sent is a command
// word such as yes, no or exit. Anything else (no pattern at all, a
// "Name:" prompt) is masked: the log errs towards masking.
func expectRule() *rule {
	return &rule{
		id:       ruleCLIStdin,
		keywords: []string{"send"},
		match:    matchExpectSend,
	}
}

// maxExpectReach bounds how far before a send its prompt is looked for.
const maxExpectReach = 512

func matchExpectSend(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	for _, h := range hits {
		if h+5 > len(s) || s[h:h+4] != "send" || !isExpectStmt(s, h) || !inExpectScript(s, h) {
			continue
		}
		vs, ve, ok := expectSendArg(s, h+4)
		if !ok {
			continue
		}
		// Trailing \r and \n escapes are the Enter key, not the secret.
		for ve-vs >= 2 && s[ve-2] == '\\' && (s[ve-1] == 'r' || s[ve-1] == 'n') {
			ve -= 2
		}
		v := s[vs:ve]
		if v == "" || isPlaceholder(v) || v[0] == '$' || v[0] == '[' || expectHarmless(s, h, v) {
			continue
		}
		emit(span{start: vs, end: ve, id: ruleCLIStdin})
	}
}

// isExpectStmt reports "send" (or exp_send) as the first word of a Tcl
// command.
func isExpectStmt(s string, h int) bool {
	if h >= 4 && s[h-4:h] == "exp_" {
		h -= 4
	}
	j := h
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if j == 0 {
		return true
	}
	switch s[j-1] {
	case '\n', '\r', ';', '{', '[', '\'', '"':
		return true
	}
	return false
}

// inExpectScript reports expect's words (spawn, expect, exp_send) before
// h, close enough for the send to belong to a script.
func inExpectScript(s string, h int) bool {
	w := s[max(0, h-maxExpectReach) : h+4]
	return strings.Contains(w, "expect") || strings.Contains(w, "spawn") || strings.Contains(w, "exp_send")
}

// expectSendArg returns the text send sends: the argument after its
// options, quoted ("…", \"…\" inside a shell string, {…}) or bare.
func expectSendArg(s string, p int) (int, int, bool) {
	n := len(s)
	if p >= n || (s[p] != ' ' && s[p] != '\t') {
		return 0, 0, false
	}
	limit := min(n, p+maxValueLen)
	for k := 0; k < 4; k++ {
		for p < limit && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
		if p >= limit || s[p] != '-' {
			break
		}
		e := p
		for e < limit && s[e] != ' ' && s[e] != '\t' {
			e++
		}
		opt := s[p:e]
		p = e
		if opt == "-i" { // -i spawn_id
			for p < limit && (s[p] == ' ' || s[p] == '\t') {
				p++
			}
			for p < limit && s[p] != ' ' && s[p] != '\t' {
				p++
			}
		}
	}
	if p >= limit {
		return 0, 0, false
	}
	switch {
	case s[p] == '"':
		for i := p + 1; i < limit; i++ {
			switch s[i] {
			case '\\':
				if i+1 < limit && s[i+1] == '"' {
					return p + 1, i, true // the shell's \" ends it too
				}
				i++
			case '"', '\n':
				return p + 1, i, true
			}
		}
	case strings.HasPrefix(s[p:], `\"`):
		if e := strings.Index(s[p+2:limit], `\"`); e >= 0 {
			return p + 2, p + 2 + e, true
		}
	case s[p] == '{':
		depth := 0
		for i := p; i < limit; i++ {
			switch s[i] {
			case '{':
				depth++
			case '}':
				if depth--; depth == 0 {
					return p + 1, i, true
				}
			case '\n':
				return 0, 0, false
			}
		}
	default:
		e := p
		for e < limit && !isSpace(s[e]) && s[e] != ';' && s[e] != ']' && s[e] != '}' && s[e] != '\'' {
			e++
		}
		return p, e, e > p
	}
	return 0, 0, false
}

// expectSecretWords in a prompt make the answer a secret.
var expectSecretWords = []string{"pass", "pin", "token", "key", "secret", "code", "otp", "credential", "auth", "verification"}

// expectHarmless reports a send that answers a prompt that is clearly no
// secret one (see expectRule).
func expectHarmless(s string, h int, v string) bool {
	switch strings.ToLower(v) {
	case "yes", "no", "y", "n", "exit", "quit", "logout", "bye", "q":
		return true
	}
	lo := max(0, h-maxExpectReach)
	e := strings.LastIndex(s[lo:h], "expect")
	if e < 0 {
		return false
	}
	prompt := strings.ToLower(s[lo+e+len("expect") : h])
	for _, w := range expectSecretWords {
		if strings.Contains(prompt, w) {
			return false
		}
	}
	if strings.Contains(prompt, "yes/no") || strings.Contains(prompt, "(y/n)") || strings.Contains(prompt, "[y/n]") {
		return true
	}
	// The pattern, without glob and regexp decoration, ends in a shell
	// prompt character.
	ps, pe, ok := expectSendArg(s, lo+e+len("expect"))
	if !ok || pe > h {
		return false
	}
	pat := strings.TrimRight(s[ps:pe], " \t*")
	return pat != "" && strings.IndexByte("$#>%", pat[len(pat)-1]) >= 0
}
