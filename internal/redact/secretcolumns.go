package redact

import (
	"slices"
	"strings"
)

// Red-team round 26 (#c4): system files named for the secrets they hold
// (/etc/ppp/chap-secrets, /etc/ipsec.secrets, /etc/rsyncd.secrets,
// /etc/davfs2/secrets, exim's passwd.client) keep each secret in a
// column: no name stands beside it, and a password there may be a plain
// word. Their formats are a table (secretColumnFiles): by the file's
// name, which field of a line is the secret; the field is masked on
// every line that is not a comment, whatever it looks like. A file
// named for secrets whose format the table does not know
// (secretFilePath: *.secret, *.secrets, secrets) is judged whole: every
// field but a line's first is masked unless it is plainly no secret (a
// wildcard, an address, a URL, a path, a number), and a one-word file
// is masked whole.

// columnFormat says where a line's secret is.
type columnFormat struct {
	colon bool // fields are separated by ':' (else by blanks, "…" quoting a field)
	col   int  // the secret's field, from 0
	rest  bool // the secret runs from that field to the line's end
	after byte // the secret is the part of the field after this byte (user:PW), if set
	ipsec bool // the ipsec.secrets format (ipsecSecret)
	// every > 0: the secret is a whole line, line (from 0) of every group
	// of every lines that are not blank (user on one line, password on
	// the next: OpenVPN's auth-user-pass file, vsftpd's users list)
	every, line int
}

// secretColumnFile is a row of the table: a file's base name (lowercase)
// and, where the name alone is too common, the directory that must hold
// it.
type secretColumnFile struct {
	base, dir string
	f         columnFormat
}

var secretColumnFiles = []secretColumnFile{
	// Red-team round 28 #208: credential files of no field names.
	{base: "users", dir: "dovecot", f: columnFormat{colon: true, col: 1}},  // Dovecot passwd-file: user:{SCHEME}password:uid:gid:…
	{base: "passwd", dir: "dovecot", f: columnFormat{colon: true, col: 1}}, // (doc.dovecot.org, "Passwd-file")
	{base: "auth-user-pass", f: userPassLines},
	{base: "auth-user-pass.txt", f: userPassLines},
	{base: "chap-secrets", f: columnFormat{col: 2}}, // pppd: client server secret [addresses]
	{base: "pap-secrets", f: columnFormat{col: 2}},
	{base: "srp-secrets", f: columnFormat{col: 2}},
	{base: "eaptls-secrets", f: columnFormat{col: 2}},
	{base: "l2tp-secrets", f: columnFormat{col: 2}},                            // xl2tpd: them me secret
	{base: "secrets", dir: "davfs2", f: columnFormat{col: 2}},                  // davfs2: url|mountpoint user password
	{base: "rsyncd.secrets", f: columnFormat{colon: true, col: 1, rest: true}}, // user:password
	{base: "rsync.secrets", f: columnFormat{colon: true, col: 1, rest: true}},
	{base: "passwd.client", f: columnFormat{colon: true, col: 2, rest: true}}, // exim: host:user:password
	{base: "sasl_passwd", f: columnFormat{col: 1, after: ':'}},                // postfix: [host]:port user:password
	{base: "psk.txt", dir: "racoon", f: columnFormat{col: 1, rest: true}},     // racoon: address key
	{base: "ipsec.secrets", f: columnFormat{ipsec: true}},                     // strongSwan, Libreswan
}

// userPassLines is the format of a file of user and password on
// alternate lines.
var userPassLines = columnFormat{every: 2, line: 1}

// secretUnderDirs is the second table: a directory of a program's
// configuration (any directory of the path so named, e.g.
// /etc/openvpn/client/auth.txt) and the words of a file name there that
// say it holds credentials (auth.txt, pass, login.conf, vusers.txt):
// such a file has the program's credential format. Sources: openvpn(8)
// --auth-user-pass ("username and password on the first two lines"),
// vsftpd's virtual users howto (db_load -T -t hash -f FILE: user and
// password on alternate lines), Dovecot's passwd-file.
var secretUnderDirs = []struct {
	dir   string
	words []string
	f     columnFormat
}{
	{dir: "openvpn", words: []string{"auth", "pass", "passwd", "password", "passwords", "cred", "creds", "credential", "credentials", "login", "userpass", "up", "secret", "secrets"}, f: userPassLines},
	{dir: "vsftpd", words: []string{"user", "users", "vuser", "vusers", "virtual", "login", "logins", "pass", "passwd", "password", "passwords"}, f: userPassLines},
	{dir: "dovecot", words: []string{"passwd", "passwords", "password", "pass", "users", "userdb", "passdb"}, f: columnFormat{colon: true, col: 1}},
}

// credFileExts are the extensions of a file secretUnderDirs may name
// ("" none); a program's own configuration (.ovpn, .conf.d) is not one.
var credFileExts = map[string]bool{"": true, ".txt": true, ".conf": true, ".cfg": true, ".pass": true, ".pwd": true, ".creds": true, ".secret": true, ".secrets": true}

// secretColumnsOf returns the format of a secrets file by its path.
func secretColumnsOf(p string) (columnFormat, bool) {
	lp := strings.ToLower(strings.ReplaceAll(strings.Trim(p, "'\""), `\`, "/"))
	base, dir, dirs := lp, "", ""
	if i := strings.LastIndexByte(lp, '/'); i >= 0 {
		base, dir = lp[i+1:], lp[:i]
		dirs = "/" + dir + "/"
		dir = dir[strings.LastIndexByte(dir, '/')+1:]
	}
	for _, r := range secretColumnFiles {
		if base == r.base && (r.dir == "" || strings.TrimPrefix(dir, ".") == r.dir) {
			return r.f, true
		}
	}
	if dirs != "" {
		stem, ext := base, ""
		if i := strings.LastIndexByte(base, '.'); i > 0 {
			stem, ext = base[:i], base[i:]
		}
		if credFileExts[ext] {
			for _, r := range secretUnderDirs {
				if !strings.Contains(dirs, "/"+r.dir+"/") && !strings.Contains(dirs, "/"+r.dir+".d/") {
					continue
				}
				for _, w := range splitWords(stem) {
					if slices.Contains(r.words, w) {
						return r.f, true
					}
				}
			}
		}
	}
	if dir == "ipsec.d" && strings.HasSuffix(base, ".secrets") {
		return columnFormat{ipsec: true}, true // Libreswan's include directory
	}
	return columnFormat{}, false
}

// secretNamedFile reports a file named for the secrets it holds: a
// .secret or .secrets extension, or the name secret(s) alone.
func secretNamedFile(base string) bool {
	return base == "secret" || base == "secrets" || strings.HasSuffix(base, ".secret") || strings.HasSuffix(base, ".secrets") ||
		strings.HasSuffix(base, "-secrets") || strings.HasSuffix(base, "_secrets")
}

// secretFileFinder returns the masker of the content of the secret file
// at path p (secretFilePath).
func secretFileFinder(p string) func(string, func(span)) {
	if f, ok := secretColumnsOf(p); ok {
		return func(s string, emit func(span)) { columnSpans(s, f, emit) }
	}
	base := strings.ToLower(strings.Trim(p, "'\""))
	base = base[strings.LastIndexAny(base, `/\`)+1:]
	if secretNamedFile(base) {
		return secretsFileSpans
	}
	return secretFileSpans
}

// columnSpans masks the secret field of every line of s in format f.
func columnSpans(s string, f columnFormat, emit func(span)) {
	n := 0 // lines not blank, for f.every
	for a := 0; a < len(s); {
		e := a
		for e < len(s) && s[e] != '\n' {
			e++
		}
		if f.every > 0 {
			if i := skipLineBlanks(s, a, e); i < e {
				if n%f.every == f.line {
					emitField(s, i, e, ruleUnresolved, emit)
				}
				n++
			}
		} else if i := skipLineBlanks(s, a, e); i < e && s[i] != '#' && s[i] != ';' {
			if f.ipsec {
				ipsecSecret(s, i, e, emit)
			} else {
				lineColumn(s, i, e, f, emit)
			}
		}
		a = e + 1
	}
}

func skipLineBlanks(s string, i, e int) int {
	for i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	return i
}

// fieldEnd is the end of the field starting at i (a blank-separated
// field may be "quoted"); colon fields end at ':'.
func fieldEnd(s string, i, e int, colon bool) int {
	if colon {
		for i < e && s[i] != ':' {
			i++
		}
		return i
	}
	if i < e && s[i] == '"' {
		if k := strings.IndexByte(s[i+1:e], '"'); k >= 0 {
			return i + k + 2
		}
		return e
	}
	for i < e && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' {
		i++
	}
	return i
}

// lineColumn masks field f.col of the line s[i:e].
func lineColumn(s string, i, e int, f columnFormat, emit func(span)) {
	for n := 0; i < e; n++ {
		j := fieldEnd(s, i, e, f.colon)
		if n == f.col {
			if f.rest {
				j = e
			}
			if f.after != 0 {
				k := strings.IndexByte(s[i:j], f.after)
				if k < 0 {
					return
				}
				i += k + 1
			}
			emitField(s, i, j, ruleUnresolved, emit)
			return
		}
		if f.colon {
			i = j + 1
		} else {
			i = skipLineBlanks(s, j, e)
		}
	}
}

// emitField masks s[i:j] (as rule id) without its blanks and quotes, unless it is a
// placeholder or a reference.
func emitField(s string, i, j int, id string, emit func(span)) {
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t' || s[j-1] == '\r') {
		j--
	}
	if j-i >= 2 && s[i] == '"' && s[j-1] == '"' {
		i, j = i+1, j-1
	}
	if j <= i {
		return
	}
	if t := s[i:j]; t == "*" || t == "-" || isPlaceholder(t) || isReference(t) || markerLen(t) == len(t) {
		return
	}
	emit(span{start: i, end: j, id: id, secret: s[i:j]})
}

// ipsecKeyTypes are ipsec.secrets types whose value is a key file; the
// word after the file is its passphrase.
var ipsecKeyTypes = map[string]bool{"rsa": true, "ecdsa": true, "bliss": true, "p12": true, "pkcs8": true, "pkcs12": true, "private": true}

// ipsecSecret masks the secret of an ipsec.secrets line s[i:e]:
// "[selectors] : TYPE value". A PSK, EAP, XAUTH, NTLM or PIN value (and
// that of a type not known) is the rest of the line; a key type's is the
// passphrase after its file. "include" lines hold none.
func ipsecSecret(s string, i, e int, emit func(span)) {
	if strings.HasPrefix(s[i:e], "include") {
		return
	}
	c := -1
	for k := i; k < e; k++ {
		if s[k] == '"' {
			break // a value before any ':' (old format: selectors "PSK")
		}
		if s[k] == ':' && (k == i || s[k-1] == ' ' || s[k-1] == '\t') && (k+1 == e || s[k+1] == ' ' || s[k+1] == '\t') {
			c = k
			break
		}
	}
	p := i
	if c >= 0 {
		p = skipLineBlanks(s, c+1, e)
		t := fieldEnd(s, p, e, false)
		typ := strings.ToLower(s[p:t])
		if ipsecKeyTypes[typ] {
			f := skipLineBlanks(s, t, e)
			pp := skipLineBlanks(s, fieldEnd(s, f, e, false), e)
			if pp < e && !strings.HasPrefix(s[pp:e], "%prompt") {
				emitField(s, pp, e, ruleUnresolved, emit)
			}
			return
		}
		if allLetters(typ) && t < e {
			p = skipLineBlanks(s, t, e) // PSK, EAP, XAUTH, NTLM, PIN
		}
	} else if q := strings.IndexByte(s[i:e], '"'); q >= 0 {
		p = i + q
	} else {
		return
	}
	emitField(s, p, e, ruleUnresolved, emit)
}

// secretsFileSpans masks a file named for its secrets whose format is
// not known: one word whole (secretFileSpans), and on every other line
// each field but the first that could be a secret.
func secretsFileSpans(s string, emit func(span)) {
	a, b := 0, len(s)
	for a < b && isSpace(s[a]) {
		a++
	}
	for b > a && isSpace(s[b-1]) {
		b--
	}
	if !strings.ContainsAny(s[a:b], " \t\n\r:") {
		secretFileSpans(s, emit)
		return
	}
	for a := 0; a < len(s); {
		e := a
		for e < len(s) && s[e] != '\n' {
			e++
		}
		if i := skipLineBlanks(s, a, e); i < e && s[i] != '#' && s[i] != ';' {
			colon := !strings.ContainsAny(s[i:e], " \t")
			for n := 0; i < e; n++ {
				j := fieldEnd(s, i, e, colon)
				if t := strings.Trim(s[i:j], "\""); n > 0 && !plainField(t) {
					emitField(s, i, j, ruleUnresolved, emit)
				}
				if colon {
					i = j + 1
				} else {
					i = skipLineBlanks(s, j, e)
				}
			}
		}
		a = e + 1
	}
}

// plainField reports a field that is plainly no secret: a wildcard, a
// number, an address, a URL, a path or a ':' alone.
func plainField(t string) bool {
	switch {
	case t == "" || t == "*" || t == "-" || t == ":" || allDigits(t):
		return true
	case strings.Contains(t, "://") && !strings.Contains(t, "@"), t[0] == '/', t[0] == '%':
		return true
	}
	for i := 0; i < len(t); i++ {
		if !isDigit(t[i]) && t[i] != '.' && t[i] != '/' && t[i] != ':' && !isHexLetter(t[i]) {
			return false
		}
	}
	return strings.Count(t, ".") == 3 || strings.Count(t, ":") >= 2 // IPv4, IPv6 (with a prefix length)
}

func isHexLetter(c byte) bool { return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
