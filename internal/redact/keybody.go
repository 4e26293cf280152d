package redact

import "strings"

// A private key's body is recognisable without its armour: the base64 of
// its binary form starts with a fixed header. When the armour is added
// elsewhere (joined from a list in code, written by an earlier call and
// the body appended by a later one, the armour masked and the lines
// kept), keyBodyRule still finds the key: the base64 run holding one of
// keyBodyMagics, and the base64 runs of the lines that follow it (the
// rest of the key, one line or list item after another) up to the first
// line with none. Public keys' headers (AAAAB3NzaC1yc2E, ssh-ed25519's
// AAAAC3NzaC1lZDI1NTE5) are not in the table.

// keyBodyMagics are base64 texts only a private key's body holds, as
// written (the keyword is their lower-case form).
var keyBodyMagics = []string{
	"b3BlbnNzaC1rZXktdjE",       // "openssh-key-v1\0": an OpenSSH private key
	"IBADANBgkqhkiG9w0BAQEFAAS", // PKCS#8: version 0, rsaEncryption, the key's OCTET STRING
	"AIBAAKCAQEA",               // PKCS#1 RSAPrivateKey: version 0, a 2048-bit modulus
	"AIBAAKCAgEA",               // the same, 4096 bits
	"AIBAAKBgQ",                 // the same, 1024 bits
	"MHcCAQEEI",                 // SEC1 ECPrivateKey, P-256
	"MIGkAgEBBDA",               // SEC1 ECPrivateKey, P-384
	"MC4CAQAwBQYDK2VwBCIEI",     // PKCS#8 Ed25519
	"MIGHAgEAMBMGByqGSM49AgEG",  // PKCS#8 EC
}

// keyBodyMinRun is the shortest base64 run a key body's later line is
// taken for (a line of a key is 64 or 70 characters; a word of code is
// shorter and rarely holds digits and both cases).
const keyBodyMinRun = 16

// keyBodyMinLine is the shortest run holding a header that is taken for
// a key's first line (the shortest, an Ed25519 PKCS#8 key, is 64).
const keyBodyMinLine = 40

func keyBodyRule() *rule {
	kw := make([]string, len(keyBodyMagics))
	for i, m := range keyBodyMagics {
		kw[i] = strings.ToLower(m)
	}
	return &rule{id: "private-key", keywords: kw, match: matchKeyBodies}
}

func matchKeyBodies(_ *Redactor, s string, lower []byte, hits []int, emit func(span)) {
	done := -1
	for _, h := range hits {
		if h < done || !keyMagicAt(s, h) {
			continue
		}
		a, b := h, h
		for a > 0 && isB64Byte(s[a-1]) {
			a--
		}
		for b < len(s) && isB64Byte(s[b]) {
			b++
		}
		if b-a < keyBodyMinLine {
			continue // the header alone (a table of them, this file's)
		}
		emit(span{start: a, end: b, id: "private-key"})
		done = keyBodyRest(s, b, emit)
	}
}

// keyMagicAt reports whether one of keyBodyMagics, as written, is at h.
func keyMagicAt(s string, h int) bool {
	for _, m := range keyBodyMagics {
		if strings.HasPrefix(s[h:], m) {
			return true
		}
	}
	return false
}

// keyBodyRest masks the base64 runs after a key body's first run (from
// p): the rest of its line, then line after line while a line holds one
// (a blank line is skipped), within maxKeyBlock bytes. It returns where
// it stopped.
func keyBodyRest(s string, p int, emit func(span)) int {
	limit := min(len(s), p+maxKeyBlock)
	blank := 0
	for line := 0; p < limit && line < 4096; line++ {
		eol := p
		for eol < limit && s[eol] != '\n' {
			eol++
		}
		found := false
		for q := p; q < eol; {
			if !isB64Byte(s[q]) {
				q++
				continue
			}
			r := q
			for r < eol && isB64Byte(s[r]) {
				r++
			}
			if r-q >= keyBodyMinRun && keyBodyLike(s[q:r]) {
				emit(span{start: q, end: r, id: "private-key"})
				found = true
			}
			q = r
		}
		switch {
		case found:
			blank = 0
		case strings.TrimSpace(s[p:eol]) == "" && blank < 2:
			blank++
		case line > 0:
			return eol
		}
		p = eol + 1
	}
	return p
}

// keyBodyLike reports a base64 run that reads as key material: digits
// and both cases, not an identifier.
func keyBodyLike(r string) bool {
	var up, lo, dg bool
	for i := 0; i < len(r); i++ {
		switch c := r[i]; {
		case isUpper(c):
			up = true
		case isLower(c):
			lo = true
		case isDigit(c):
			dg = true
		}
	}
	return up && lo && dg
}

func isB64Byte(c byte) bool { return isAlnum(c) || c == '+' || c == '/' || c == '=' }
