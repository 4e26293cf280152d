package redact

import "strings"

// Red-team round 26 (#c10): a private key written as hex DER, the text
// xxd -p prints and xxd -r -p turns back into the key (a here-document,
// one run echoed into xxd, bytes.fromhex("…") in source). Its binary
// form starts with the same fixed ASN.1 headers keybody.go knows in
// base64; keyHexMagics are those headers in hex. The hex run holding
// one, and the hex runs of the lines that follow it (xxd -p's 60
// characters a line) up to the first line with none, are the key. Hex
// that decodes to PEM text is the decoded views' (decode.go), whose
// private-key rule reads the armour.

// keyHexMagics are hex texts (lowercase; matched in any case) only a
// private key's DER holds.
var keyHexMagics = []string{
	"020100300d06092a864886f70d0101010500", // PKCS#8: version 0, rsaEncryption
	"0201000282010100",                     // PKCS#1 RSAPrivateKey: version 0, a 2048-bit modulus
	"0201000282020100",                     // the same, 4096 bits
	"02010002818100",                       // the same, 1024 bits
	"30770201010420",                       // SEC1 ECPrivateKey, P-256
	"3081a40201010430",                     // SEC1 ECPrivateKey, P-384
	"302e020100300506032b657004220420",     // PKCS#8 Ed25519
	"020100301306072a8648ce3d0201",         // PKCS#8 EC
	"6f70656e7373682d6b65792d763100",       // "openssh-key-v1\0": an OpenSSH private key
}

// keyHexMinLine is the shortest hex run holding a header that is taken
// for a key's first line (an Ed25519 PKCS#8 key is 96 hex characters).
const keyHexMinLine = 64

func keyHexRule() *rule {
	return &rule{id: "private-key", keywords: keyHexMagics, match: matchKeyHex}
}

func isHexByte(c byte) bool { return isDigit(c) || isHexLetter(c) }

func matchKeyHex(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := -1
	for _, h := range hits {
		if h < done {
			continue
		}
		a, b := h, h
		for a > 0 && isHexByte(s[a-1]) && h-a < maxKeyBlock {
			a--
		}
		for b < len(s) && isHexByte(s[b]) {
			b++
		}
		done = b
		if b-a < keyHexMinLine && !hexContinues(s, b) {
			continue // the header alone, or a short constant
		}
		emit(span{start: a, end: b, id: "private-key"})
		done = keyHexRest(s, b, emit)
	}
}

// hexContinues reports a hex run ending at b whose next line is a long
// hex run (xxd -p wraps at 60 characters).
func hexContinues(s string, b int) bool {
	if b >= len(s) || s[b] != '\n' && s[b] != '\r' {
		return false
	}
	for b < len(s) && (s[b] == '\n' || s[b] == '\r') {
		b++
	}
	e := b
	for e < len(s) && isHexByte(s[e]) {
		e++
	}
	return e-b >= 32
}

// keyHexRest masks the hex runs of the lines after a key's first run
// (from p) while a line holds one of 16 characters or more, within
// maxKeyBlock bytes; it returns where it stopped.
func keyHexRest(s string, p int, emit func(span)) int {
	limit := min(len(s), p+maxKeyBlock)
	for line := 0; p < limit && line < 4096; line++ {
		eol := p
		for eol < limit && s[eol] != '\n' {
			eol++
		}
		found := false
		for q := p; q < eol; {
			if !isHexByte(s[q]) {
				q++
				continue
			}
			r := q
			for r < eol && isHexByte(s[r]) {
				r++
			}
			if r-q >= 16 && (line > 0 || q == p) {
				emit(span{start: q, end: r, id: "private-key"})
				found = true
			}
			q = r
		}
		if !found && (line > 0 || strings.TrimSpace(s[p:eol]) != "") {
			return eol
		}
		p = eol + 1
	}
	return p
}
