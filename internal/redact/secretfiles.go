package redact

import (
	"slices"
	"strings"
)

// Red-team round 23 (b) #7: a file whose path names it a secret holds
// one whole (secrets/db_password.txt, .vault_pass, config/master.key,
// /run/secrets/db): the credential's name is the path, not the text, so
// no rule reads the content as a value. secretFilePath says which paths
// are such files (a table: names, extensions, directories);
// secretFileSpans masks what a write puts there: the whole content when
// it is one word, every secret-like token (credword.go) otherwise. A
// Write, an Edit or a patch of such a file (tree.go, patchtext.go) and
// a command line that writes one by redirection or tee (this file) are
// masked so.

// secretFileNames are base names (lowercase) that hold a secret whole.
var secretFileNames = map[string]bool{
	".vault_pass": true, ".vault_password": true, ".vault-pass": true, ".vault-password": true,
	"vault_pass": true, "vault_password": true, "vault-pass": true, "vault-password": true,
	".vault_pass.txt": true, ".vault_password.txt": true, "vault_pass.txt": true, "vault_password.txt": true,
	"master.key": true, "credentials.key": true, ".netrc": true, "_netrc": true, ".pgpass": true,
	".git-credentials": true, ".htpasswd": true, ".token": true, ".password": true, ".secret": true,
	".passphrase": true, "passphrase": true, "passphrase.txt": true,
}

// secretFileExts are the extensions of a file that holds nothing but a
// value ("" none): a credential-named stem with one of them is a secret
// file (db_password.txt, api_token, github.token).
var secretFileExts = map[string]bool{
	"": true, ".txt": true, ".pass": true, ".pwd": true, ".pw": true, ".token": true,
	".secret": true, ".cred": true, ".key": true, ".passphrase": true, ".psk": true,
}

// secretFileDirs are directories every value-only file of which is a
// secret (Docker and Kubernetes secrets, compose's secrets/).
var secretFileDirs = []string{"/run/secrets/", "/var/run/secrets/", "secrets/", ".secrets/"}

// secretFilePath reports a path that names a file holding a secret.
func secretFilePath(p string) bool {
	p = strings.Trim(p, "'\"")
	if p == "" || len(p) > 4096 {
		return false
	}
	base := p
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		base = p[i+1:]
	}
	for i := 0; i < len(base); i++ {
		if c := base[i]; !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false // a reference, a template, markup: not a file's name
		}
	}
	lb := strings.ToLower(base)
	if secretFileNames[lb] || secretNamedFile(lb) {
		return true // secretcolumns.go: *.secret(s), secrets
	}
	if _, ok := secretColumnsOf(p); ok {
		return true
	}
	stem, ext := lb, ""
	if i := strings.LastIndexByte(lb, '.'); i > 0 {
		stem, ext = lb[:i], lb[i:]
	}
	if !secretFileExts[ext] || stem == "" {
		return false
	}
	if ext == ".psk" {
		return true // a pre-shared key alone (Zabbix's TLSPSKFile, --tls-psk-file)
	}
	if ext == ".key" && !strings.HasSuffix(stem, ".pub") && stem != "public" {
		return true // a key file (PEM ones have their own rules)
	}
	lp := strings.ToLower(strings.ReplaceAll(p, `\`, "/"))
	for _, d := range secretFileDirs {
		if strings.HasPrefix(lp, d) || strings.Contains(lp, "/"+strings.TrimPrefix(d, "/")) {
			return true
		}
	}
	return classifyAssignKey(stem).cls >= keyStrong
}

// secretFileSpans masks the content of a secret file: the whole of it
// when it is one word (a password is whatever it is: short, a word or
// random), every secret-like token otherwise.
func secretFileSpans(s string, emit func(span)) {
	a, b := 0, len(s)
	for a < b && isSpace(s[a]) {
		a++
	}
	for b > a && isSpace(s[b-1]) {
		b--
	}
	if b-a >= 4 && !strings.ContainsAny(s[a:b], " \t\n\r") {
		if t := s[a:b]; markerLen(t) != len(t) && !isPlaceholder(t) && !isReference(t) {
			emit(span{start: a, end: b, id: ruleUnresolved, secret: t})
		}
		return
	}
	windowTokens(s, a, b, emit)
}

// writesSecretFile reports a command line that writes a secret file by
// redirection (> F, >> F, >| F) or tee: what the line prints goes there.
func writesSecretFile(s string) bool { return writesFileBy(s, secretFilePath) }

// writesConsumedCredFile reports a command line that writes, by
// redirection or tee, a file it also hands to a credential-file option
// (credConsumed): the first maxFileWrites targets, so that a line of
// many redirections stays linear.
func writesConsumedCredFile(s string) bool {
	n := 0
	return writesFileBy(s, func(f string) bool {
		n++
		return n <= maxFileWrites && credConsumed(s, f)
	})
}

// writesFileBy reports a command line that writes, by redirection or
// tee, a file that secret reports.
func writesFileBy(s string, secret func(string) bool) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '>':
			// A redirection after a blank (cmd > F, cmd 2>> F), not a
			// tag's end (<password>…).
			if b := i - 1; b < 0 || !(s[b] == ' ' || s[b] == '\t' || isDigit(s[b]) && b > 0 && (s[b-1] == ' ' || s[b-1] == '\t')) {
				continue
			}
			j := i + 1
			for j < len(s) && (s[j] == '>' || s[j] == '|') {
				j++
			}
			if j < len(s) && s[j] == '(' {
				continue // a process substitution
			}
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			k := wordEnd(s, j)
			if k > j && secret(s[j:k]) {
				return true
			}
			i = max(i, k-1)
		case 't':
			if !strings.HasPrefix(s[i:], "tee") || i > 0 && !isSpace(s[i-1]) && s[i-1] != '|' && s[i-1] != '/' ||
				i+3 < len(s) && !isSpace(s[i+3]) {
				continue
			}
			// tee's arguments, to the end of its command.
			j := i + 3
			for j < len(s) && strings.IndexByte(";|&\n", s[j]) < 0 {
				for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
					j++
				}
				k := wordEnd(s, j)
				if k > j && s[j] != '-' && secret(s[j:k]) {
					return true
				}
				if k == j {
					break
				}
				j = k
			}
			i = max(i, j-1)
		}
	}
	return false
}

// wordEnd is the end of the shell word at j (a blank or an operator
// ends it; quotes are part of it).
func wordEnd(s string, j int) int {
	for j < len(s) && !isSpace(s[j]) && strings.IndexByte(";|&<>()", s[j]) < 0 {
		j++
	}
	return j
}

// credConsumed reports a file name f that the line s also hands to an
// option naming a credential file (openvpn --auth-user-pass F, zabbix_get
// --tls-psk-file F, --password-file=F; cliCredOption, or a "psk" word):
// whatever its name, the program reads a credential there, so what the
// line writes to it is one (red-team round 28 #208). At most
// maxFileWrites occurrences of f are looked at.
func credConsumed(s, f string) bool {
	if len(f) < 2 {
		return false
	}
	from := 0
	for n := 0; n < maxFileWrites; n++ {
		k := strings.Index(s[from:], f)
		if k < 0 {
			return false
		}
		k += from
		from = k + len(f)
		if from < len(s) && !isSpace(s[from]) && strings.IndexByte(";|&)", s[from]) < 0 {
			continue // a longer word
		}
		j := k
		if j > 0 && s[j-1] == '=' {
			j--
		} else {
			e := j
			for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
				j--
			}
			if j == e {
				continue // not a word of its own
			}
		}
		e := j
		for j > 0 && !isSpace(s[j-1]) {
			j--
		}
		if e-j < 2 || s[j] != '-' {
			continue
		}
		name := strings.ToLower(strings.TrimLeft(s[j:e], "-"))
		if cliCredOption(name) || slices.Contains(splitWords(name), "psk") {
			return true
		}
	}
	return false
}
