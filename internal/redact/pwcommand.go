package redact

import "strings"

// Red-team round 26 (#c2): a password-command setting. msmtp's
// passwordeval, isync's PassCmd, restic's password_command, aerc's
// source-cred-cmd, offlineimap's remotepasseval and the like name a
// command whose output is the credential: where that command prints a
// literal (passwordeval echo PW, PassCmd "printf %s PW"), the literal is
// the credential, under the name's own metadata tail (cmd, command).
//
// A name is a password command when its last word is a command word
// (pwCommandWords), on its own or glued to the credential word before it
// (passwordeval, passcmd), and the words before it name a credential
// (classifyWords at keyStrong or above, or a password word of any
// spelling). The value runs to the line's end (or its closing quote); a
// value that does not start with echo or printf masks nothing here.

// pwCommandWords end a name whose value is a command printing what the
// rest of the name names.
var pwCommandWords = []string{"eval", "cmd", "command", "exec"}

// pwCommandName reports a password-command name (see above).
func pwCommandName(name string) bool {
	tail := false
	for _, c := range pwCommandWords {
		tail = tail || len(name) > len(c) && strings.EqualFold(name[len(name)-len(c):], c)
	}
	if !tail {
		return false // the common case, before splitting the name
	}
	w := splitWords(name)
	if len(w) == 0 {
		return false
	}
	last := w[len(w)-1]
	for _, c := range pwCommandWords {
		if !strings.HasSuffix(last, c) {
			continue
		}
		head := append([]string(nil), w[:len(w)-1]...)
		if rest := last[:len(last)-len(c)]; rest != "" {
			head = append(head, rest)
		}
		if len(head) == 0 {
			return false
		}
		if classifyWords(head) >= keyStrong {
			return true
		}
		pn := classifyPwName(strings.Join(head, "_"))
		return pn.ok && !pn.verb
	}
	return false
}

// printedSecret masks what the password command after the name s[ks:ke]
// prints: NAME CMD, NAME = CMD, NAME: CMD, NAME "CMD".
func printedSecret(s string, ks, ke int) (span, bool) {
	if !pwCommandName(s[ks:ke]) {
		return span{}, false
	}
	p := ke
	if p < len(s) && (s[p] == '"' || s[p] == '\'') {
		p++ // a quoted key ("passwordeval": …)
	}
	q := skipBlanks(s, p, 8)
	if q < len(s) && (s[q] == '=' || s[q] == ':') {
		q = skipBlanks(s, q+1, 8)
	} else if q == p {
		return span{}, false // glued to something else: no setting
	}
	e := lineEnd(s, q, min(len(s), q+maxValueLen))
	if q < e && (s[q] == '"' || s[q] == '\'') {
		if k := strings.IndexByte(s[q+1:e], s[q]); k >= 0 {
			e = q + 1 + k
		}
		q++
	}
	v := s[q:e]
	i := cmdPrintStart(v)
	if i < 0 {
		return span{}, false
	}
	a, b := q+i, e
	if k := strings.IndexAny(s[a:b], " \t"); k > 0 && strings.IndexByte(s[a:a+k], '%') >= 0 {
		a = skipBlanks(s, a+k, 8) // printf's format (printf %s PW): the argument is printed
	}
	for b > a && (isSpace(s[b-1]) || s[b-1] == '"' || s[b-1] == '\'' || s[b-1] == ',' || s[b-1] == ';') {
		b--
	}
	if b-a > 0 && (s[a] == '"' || s[a] == '\'') {
		a++
	}
	if b <= a || isPlaceholder(s[a:b]) || s[a] == '$' {
		return span{}, false
	}
	return span{start: a, end: b, id: ruleAssignPassword}, true
}
