package redact

// Key files: what marks a private key in the formats keys are kept in,
// as data for keyfiles.go.
//
// Armoured blocks ("-----BEGIN <label>-----" … "-----END <label>-----",
// PEM and PGP; "---- BEGIN <label> ----", RFC 4716 SSH2 keys) are
// secret by their label's words: a label with a secret word and no
// public word is a key (OPENSSH PRIVATE KEY, ENCRYPTED PRIVATE KEY,
// OpenVPN Static key V1, OpenVPN tls-crypt-v2 client key, SSH2
// ENCRYPTED PRIVATE KEY, an unknown "<x> KEY"); CERTIFICATE, PUBLIC KEY,
// PGP SIGNATURE, DH PARAMETERS are not. Words are compared in upper case.
var keyLabelSecretWords = map[string]bool{
	"PRIVATE": true, "SECRET": true, "KEY": true, "KEYS": true, "STATIC": true, "SEED": true, "PASSWORD": true,
}

var keyLabelPublicWords = map[string]bool{
	"PUBLIC": true, "CERTIFICATE": true, "REQUEST": true, "SIGNATURE": true, "SIGNED": true, "MESSAGE": true,
	"PARAMETERS": true, "CRL": true, "TRUSTED": true, "PKCS7": true, "CMS": true, "ATTRIBUTE": true,
}

// keyLineFormats are key files whose secret is the lines after a header
// line rather than an armoured block.
var keyLineFormats = []keyLineFormat{
	// PuTTY .ppk (PuTTY-User-Key-File-2/3): "Private-Lines: N" and N
	// lines of base64 (encrypted or not, the private key).
	{keyword: "private-lines:", counted: true},
	// minisign and signify secret keys: "untrusted comment: … secret
	// key" and one line of base64.
	{keyword: "untrusted comment:", lineHas: "secret key", lines: 1},
}

type keyLineFormat struct {
	keyword string // lowercase, at the start of the header line
	lineHas string // the header line must contain this (lowercase), if set
	counted bool   // the header's number says how many lines follow
	lines   int    // else: how many lines follow
}
