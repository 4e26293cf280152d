package redact

import "strings"

// Red-team round 28 #211: SQL functions and procedures that take an
// encryption key or a password by position, with no password word
// beside it (sqlpw.go knows the account statements), and Redis commands
// written in a script or any text rather than on redis-cli's command
// line (cliRedis knows those). The table sqlKeyArgs says, per function,
// which argument is the secret; a literal there ('…', "…", N'…') is
// masked, whatever client or file carries the statement. A variable, a
// column or a function call there (@k, current_setting('app.key')) is no
// literal and is kept.
//
// Sources: MySQL's encryption functions (AES_ENCRYPT(str, key_str),
// AES_DECRYPT, DES_ENCRYPT/DES_DECRYPT of 5.7), PostgreSQL's pgcrypto
// (pgp_sym_encrypt(data, psw), pgp_sym_decrypt(msg, psw), the _bytea
// forms, pgp_pub_decrypt(msg, key, psw), encrypt/decrypt/encrypt_iv/
// decrypt_iv(data, key, …), hmac(data, key, type)), SQL Server's
// ENCRYPTBYPASSPHRASE(passphrase, …), DECRYPTBYPASSPHRASE,
// sp_addlinkedsrvlogin (rmtpassword the 5th), sp_addlogin (password the
// 2nd), sp_password (old and new the 1st and 2nd) (ENCRYPTION or
// DECRYPTION BY PASSWORD = '…' is sqlpw.go's); Redis's AUTH [user] password, AUTH2, ACL SETUSER … >password,
// CONFIG SET requirepass|masterauth.

// sqlKeyArgs maps a function or procedure name (lowercase) to the
// positions (from 1) of its secret arguments.
var sqlKeyArgs = map[string][]int{
	"aes_encrypt": {2}, "aes_decrypt": {2}, "des_encrypt": {2}, "des_decrypt": {2},
	"pgp_sym_encrypt": {2}, "pgp_sym_decrypt": {2}, "pgp_sym_encrypt_bytea": {2}, "pgp_sym_decrypt_bytea": {2},
	"pgp_pub_decrypt": {3}, "pgp_pub_decrypt_bytea": {3},
	"encrypt": {2}, "decrypt": {2}, "encrypt_iv": {2}, "decrypt_iv": {2}, "hmac": {2},
	"encryptbypassphrase": {1}, "decryptbypassphrase": {1},
	"sp_addlinkedsrvlogin": {5}, "sp_addlogin": {2}, "sp_password": {1, 2},
}

// sqlKeyArgsProcs are the entries called as procedures (EXEC name a, b),
// not only as name(a, b).
var sqlKeyArgsProcs = map[string]bool{"sp_addlinkedsrvlogin": true, "sp_addlogin": true, "sp_password": true}

// sqlKeyArgsGeneric are entries whose name is common outside SQL
// (encrypt(…) in any language): their secret argument is taken only when
// a later argument is a pgcrypto cipher or digest type ('aes', 'bf',
// 'aes-cbc/pad:pkcs', 'sha256'), as pgcrypto's signature has it.
var sqlKeyArgsGeneric = map[string]bool{"encrypt": true, "decrypt": true, "encrypt_iv": true, "decrypt_iv": true, "hmac": true}

// sqlKeyArgRules are the rules of this file.
func sqlKeyArgRules() []*rule {
	kws := make([]string, 0, len(sqlKeyArgs))
	for k := range sqlKeyArgs {
		kws = append(kws, k)
	}
	return []*rule{
		{id: "sql-key-argument", desc: "an encryption key or password given by position to a SQL function or procedure (AES_DECRYPT(x, 'k'), pgp_sym_encrypt(x, 'k'), sp_addlinkedsrvlogin …, 'pw')",
			keywords: kws, match: sqlKeyArgMatch, before: 0, after: 0},
		{id: "redis-password", desc: "a password of a Redis command in text (AUTH [user] pw, AUTH2, ACL SETUSER … >pw, CONFIG SET requirepass pw)",
			keywords: []string{"auth", "setuser", "requirepass", "masterauth"}, match: redisTextMatch},
	}
}

// Bounds, so that a text of many calls stays linear: the arguments
// read of one call, the bytes a call's arguments are looked for in, and
// the calls read in one text.
const (
	maxSQLArgs  = 16
	maxSQLCall  = 1024
	maxSQLCalls = 256
)

// sqlKeyArgMatch emits the secret arguments of each call of a
// sqlKeyArgs entry at the keyword hits.
func sqlKeyArgMatch(r *Redactor, s string, lower []byte, hits []int, emit func(span)) {
	seen, calls := -1, 0
	for _, h := range hits {
		if calls >= maxSQLCalls {
			return
		}
		if h <= seen || h > 0 && isIdentByte(lower[h-1]) {
			continue
		}
		e := h
		for e < len(lower) && isIdentByte(lower[e]) {
			e++
		}
		pos, ok := sqlKeyArgs[string(lower[h:e])] // no allocation for a miss
		if !ok {
			continue
		}
		seen = e
		calls++
		i := e
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		paren := i < len(s) && s[i] == '('
		if paren {
			i++
		} else if !sqlKeyArgsProcs[string(lower[h:e])] {
			continue
		}
		args := sqlArgs(s[:min(len(s), i+maxSQLCall)], i, paren)
		if sqlKeyArgsGeneric[string(lower[h:e])] && !sqlCipherArg(s, args, pos[0]) {
			continue
		}
		for _, p := range pos {
			if p <= len(args) {
				sqlLiteralArg(s, args[p-1][0], args[p-1][1], emit)
			}
		}
	}
}

// sqlArgs splits the arguments starting at i, up to the closing ')' (in
// parentheses) or the end of the statement (';', a line's end, a quote
// that closes the command carrying it): each [start,end), at most
// maxSQLArgs. Quoted literals and nested parentheses are one argument.
func sqlArgs(s string, i int, paren bool) [][2]int {
	var out [][2]int
	start, depth := i, 0
	for i < len(s) && len(out) < maxSQLArgs {
		c := s[i]
		switch {
		case c == '\'' || c == '"' && paren:
			k := strings.IndexByte(s[i+1:], c)
			if k < 0 {
				return append(out, [2]int{start, len(s)})
			}
			i += k + 2
			continue
		case c == '(':
			depth++
		case c == ')':
			if depth == 0 {
				return append(out, [2]int{start, i})
			}
			depth--
		case c == ',' && depth == 0:
			out = append(out, [2]int{start, i})
			start = i + 1
		case (c == ';' || c == '\n' || c == '"') && !paren:
			return append(out, [2]int{start, i})
		}
		i++
	}
	return append(out, [2]int{start, i})
}

// sqlLiteralArg masks the string literal that is the whole argument
// s[a:b] ('…', "…", N'…'); anything else (a variable, a column, NULL, a
// call) is no literal.
func sqlLiteralArg(s string, a, b int, emit func(span)) {
	for a < b && isSpace(s[a]) {
		a++
	}
	for b > a && isSpace(s[b-1]) {
		b--
	}
	if a < b && (s[a] == 'N' || s[a] == 'n') && b-a > 1 && s[a+1] == '\'' {
		a++
	}
	if b-a < 3 || s[a] != s[b-1] || s[a] != '\'' && s[a] != '"' {
		return
	}
	t := s[a+1 : b-1]
	if t == "" || strings.ContainsAny(t, "'\"") || isPlaceholder(t) || isReference(t) || markerLen(t) == len(t) {
		return
	}
	emit(span{start: a + 1, end: b - 1, id: "sql-key-argument", secret: t})
}

// sqlCiphers are pgcrypto's cipher and digest names (the algorithm part
// of a type such as 'aes-cbc/pad:pkcs').
var sqlCiphers = map[string]bool{"aes": true, "aes128": true, "aes192": true, "aes256": true, "bf": true, "3des": true, "des": true, "cast5": true,
	"md5": true, "sha1": true, "sha224": true, "sha256": true, "sha384": true, "sha512": true}

// sqlCipherArg reports a literal argument after position key that names
// a pgcrypto cipher or digest.
func sqlCipherArg(s string, args [][2]int, key int) bool {
	for _, a := range args[min(key, len(args)):] {
		t := strings.ToLower(strings.Trim(strings.TrimSpace(s[a[0]:a[1]]), `'"`))
		if i := strings.IndexAny(t, "-/"); i >= 0 {
			t = t[:i]
		}
		if sqlCiphers[t] {
			return true
		}
	}
	return false
}

func isIdentByte(c byte) bool { return isAlnum(c) || c == '_' }

// redisAuthSkip are first arguments of an "auth" line that make it no
// Redis command: PAM's control words (/etc/pam.d: auth required
// pam_unix.so).
var redisAuthSkip = map[string]bool{"required": true, "requisite": true, "sufficient": true, "optional": true, "include": true, "substack": true}

// redisTextMatch masks the passwords of the Redis commands on the lines
// of the hits: a line that is AUTH [user] pw or AUTH2 user pw (the
// command word in upper case, as a script for redis-cli < FILE
// has it), the >pw words after ACL SETUSER, and the word after
// requirepass or masterauth that starts a line or follows CONFIG SET.
// Each line is read once. AUTH is taken in upper case only, as scripts
// write it: a line "auth x y" is too common elsewhere (a list of tags
// joined by the list view, PAM's "auth required pam_unix.so").
func redisTextMatch(r *Redactor, s string, lower []byte, hits []int, emit func(span)) {
	done := -1
	for _, h := range hits {
		if h < done {
			continue
		}
		a := strings.LastIndexByte(s[:h], '\n') + 1
		e := strings.IndexByte(s[h:], '\n')
		if e < 0 {
			e = len(s)
		} else {
			e += h
		}
		done = e
		redisLine(s, a, e, emit)
	}
}

// redisLine masks the Redis passwords of the line s[a:e].
func redisLine(s string, a, e int, emit func(span)) {
	var w [][2]int
	for i := a; i < e && len(w) < maxSQLArgs; {
		for i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			i++
		}
		j := i
		for j < e && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' {
			j++
		}
		if j > i {
			w = append(w, [2]int{i, j})
		}
		i = j
	}
	if len(w) == 0 {
		return
	}
	word := func(k int) string { return s[w[k][0]:w[k][1]] }
	mask := func(k, skip int) {
		t := word(k)[skip:]
		t = strings.Trim(t, `'"`)
		if t == "" || isPlaceholder(t) || isReference(t) || markerLen(t) == len(t) {
			return
		}
		st := strings.Index(s[w[k][0]:w[k][1]], t) + w[k][0]
		emit(span{start: st, end: st + len(t), id: "redis-password", secret: t})
	}
	first := word(0)
	switch {
	case first == "AUTH" && (len(w) == 2 || len(w) == 3) && !redisAuthSkip[strings.ToLower(word(1))] &&
		!strings.HasSuffix(word(len(w)-1), ".so"):
		mask(len(w)-1, 0)
		return
	case first == "AUTH2" && len(w) == 3:
		mask(2, 0)
		return
	}
	for k := 0; k+1 < len(w); k++ {
		lw := strings.ToLower(word(k))
		switch {
		case lw == "setuser" && k > 0 && strings.EqualFold(word(k-1), "acl"):
			for m := k + 2; m < len(w); m++ {
				if t := word(m); len(t) > 1 && t[0] == '>' {
					mask(m, 1)
				}
			}
			return
		case (lw == "requirepass" || lw == "masterauth") && (k == 0 || strings.EqualFold(word(k-1), "set")):
			mask(k+1, 0)
			return
		}
	}
}
