package redact

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// keyClass says how much a key/variable/flag name alone tells about its value.
type keyClass int

const (
	keyNone     keyClass = iota // ordinary name: the value is not a secret by name
	keyWeak                     // "cache_key", "auth_mode": redact only a high-entropy value
	keyStrong                   // "password", "GITHUB_TOKEN", "api_key": redact any real value
	keyPassword                 // strong, and password-like (reported as password-assignment)
	keyAuthz                    // Authorization / Proxy-Authorization / Cookie headers
)

// splitWords splits an identifier into lowercase words on non-alphanumeric
// bytes and camelCase boundaries: "AWS_SECRET_ACCESS_KEY" and
// "awsSecretAccessKey" both give [aws secret access key].
func splitWords(name string) []string {
	var words []string
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(name[start:end]))
		}
		start = -1
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := isAlnum(c)
		if !alnum {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := name[i-1]
		// camelCase: lower→Upper starts a word; "APIKey": the K of "Key" starts one.
		if isUpper(c) && (isLower(prev) || isDigit(prev)) {
			flush(i)
			start = i
		} else if isUpper(prev) && isUpper(c) && i+1 < len(name) && isLower(name[i+1]) {
			flush(i)
			start = i
		}
	}
	flush(len(name))
	return words
}

// passwordWords end a name that holds a password.
var passwordSuffixes = []string{"password", "passwd", "passphrase", "passwort", "passcode"}

// strongSuffixes end a single word that names a credential by itself.
var strongSuffixes = []string{"secret", "token", "apikey", "privatekey", "secretkey", "accesskey",
	"credential", "credentials", "authkey", "sessionkey", "signingkey", "encryptionkey", "masterkey",
	"accountkey", "sharedkey", "clientsecret", "authtoken", "cookie", "sessionid"}

// keyQualifiers make a trailing "key" word strong: "api key", "private key", ...
var keyQualifiers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"api": true, "private": true, "secret": true, "access": true,
		"signing": true, "encryption": true, "master": true, "auth": true, "account": true, "shared": true,
		"session": true, "client": true, "hmac": true, "license": true, "app": true, "service": true,
		"storage": true, "subscription": true, "admin": true, "deploy": true, "ssh": true, "gpg": true,
		"pgp": true, "decryption": true, "root": true, "x": true}
}}

// seedWords end a name that holds a long-lived second factor or a
// wallet's secret when a seedQualifiers word comes before it: totp_seed,
// WALLET_SEED, RECOVERY_CODES, backup_codes, seed_phrase. Alone (a random
// seed, an error code) they are no credential.
var seedWords = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"seed": true, "seeds": true, "code": true, "codes": true, "phrase": true,
		"words": true, "mnemonic": true, "secret": true}
}}

// seedQualifiers: see seedWords.
var seedQualifiers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"totp": true, "otp": true, "hotp": true, "mfa": true, "2fa": true, "oath": true,
		"authenticator": true, "wallet": true, "hd": true, "bip39": true, "bip32": true, "recovery": true,
		"backup": true, "unlock": true, "mnemonic": true, "seed": true, "master": true, "rescue": true}
}}

// aloneStrong are single words that name a credential by themselves
// (round 23, #10): a BIP-39 mnemonic, a seed phrase, a JWT, a pepper.
var aloneStrong = []string{"mnemonic", "seedphrase", "jwt", "pepper"}

// assignStrongLast are credential nouns that name the credential as an
// assignment's name's last word, alone or qualified (red-team round 26,
// #c2: BEARER=, AUTH_BEARER=; bearer_format is metadata). Only as an
// assignment's name (classifyAssignKey): elsewhere "Bearer" is the
// scheme word of a header value, before the token.
var assignStrongLast = map[string]bool{"bearer": true}

// credAbbrevs are credential nouns that are abbreviations spelling an
// everyday word too (red-team round 26, #c2): PAT, a personal access
// token (GH_PAT, ADO_PAT, AZURE_DEVOPS_EXT_PAT, CR_PAT), is also pat, a
// pattern (file_pat, re_pat). As a name's last word it names the
// credential where the name is written as an environment variable is
// (upper case), or where a word before it says whose credential it is
// (abbrevOwners: github_pat, ado-pat, hfPat).
var credAbbrevs = map[string]bool{"pat": true}

// abbrevOwners, just before a credAbbrevs word, say whose credential it
// is: forges, registries, CI services, and words of access.
var abbrevOwners = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"gh": true, "github": true, "gitlab": true, "gl": true, "glab": true,
		"ado": true, "azure": true, "az": true, "devops": true, "vsts": true, "tfs": true,
		"bitbucket": true, "bb": true, "gitea": true, "forgejo": true, "codeberg": true, "gogs": true,
		"hf": true, "huggingface": true, "docker": true, "dockerhub": true, "hub": true, "ghcr": true,
		"cr": true, "registry": true, "npm": true, "nuget": true, "jira": true, "atlassian": true,
		"confluence": true, "jfrog": true, "artifactory": true, "sonar": true, "sourcegraph": true,
		"personal": true, "access": true, "api": true, "ci": true, "bot": true, "deploy": true,
		"admin": true, "git": true, "repo": true, "org": true, "user": true, "my": true, "auth": true,
		"release": true, "publish": true, "read": true, "write": true, "classic": true, "fine": true}
}}

// abbrevCredential reports a name whose last word is a credAbbrevs word
// naming the credential (see credAbbrevs). words is splitWords(name).
func abbrevCredential(name string, words []string) bool {
	if len(words) == 0 || !credAbbrevs[words[len(words)-1]] {
		return false
	}
	if len(words) >= 2 && abbrevOwners.Get()[words[len(words)-2]] {
		return true
	}
	for i := 0; i < len(name); i++ {
		if isLower(name[i]) {
			return false
		}
	}
	return true // upper case: an environment variable's spelling
}

// weakWords anywhere in a name make it worth an entropy check of its value.
var weakWords = []string{"key", "auth", "access", "cred", "creds", "secret", "token", "pass", "pwd",
	"signature", "sig", "salt", "cookie", "session", "bearer"}

// nonSecretTails end names whose value is metadata about a secret, not the
// secret: "secret_name", "token_type", "api_key_id", "password_file", "max_tokens".
var nonSecretTails = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"id": true, "ids": true, "name": true, "names": true,
		"type": true, "types": true, "file": true, "files": true, "path": true, "paths": true, "url": true,
		"uri": true, "endpoint": true, "length": true, "len": true, "size": true, "count": true,
		"public": true, "pub": true, "fingerprint": true, "version": true, "format": true, "alias": true,
		"prefix": true, "suffix": true, "expiry": true, "expires": true, "expiration": true, "ttl": true,
		"hint": true, "policy": true, "field": true, "env": true, "var": true, "ref": true, "kind": true,
		"mode": true, "location": true, "dir": true, "arn": true, "tokens": true, "keys": true,
		"method": true, "provider": true, "scheme": true, "header": true, "label": true, "enabled": true,
		"required": true, "index": true, "limit": true, "min": true, "max": true, "reset": true,
		"rotation": true, "strength": true, "store": true, "manager": true, "helper": true, "command": true,
		"cmd": true, "prompt": true, "input": true, "regex": true, "pattern": true, "usage": true,
		"tokenizer": true, "mount": true, "scope": true, "scopes": true, "issuer": true, "audience": true,
		"algorithm": true, "alg": true, "source": true}
}}

// classifyKey decides what a name implies about the value assigned to it.
func classifyKey(name string) keyClass {
	w := splitWords(name)
	c := classifyWords(w)
	if c < keyStrong && abbrevCredential(name, w) {
		return keyStrong
	}
	if c < keyStrong && mixedCase(name) {
		// Red-team round 20 (#24): header names are case-insensitive:
		// AuThOrIzAtIoN's humps are no words. The name in lowercase,
		// split on separators only, counts when it names a credential.
		if l := classifyWords(splitWords(strings.ToLower(name))); l >= keyStrong {
			return l
		}
	}
	return c
}

// mixedCase reports a name with both upper- and lowercase letters.
func mixedCase(s string) bool {
	up, low := false, false
	for i := 0; i < len(s); i++ {
		up = up || isUpper(s[i])
		low = low || isLower(s[i])
	}
	return up && low
}

// classifyWords is classifyKey of a name split into words.
func classifyWords(w []string) keyClass {
	if len(w) == 0 {
		return keyNone
	}
	last := w[len(w)-1]
	// Plurals of credentials ("api_keys", "refresh_tokens") hold credentials;
	// a bare plural ("max_tokens", "keys") does not.
	if len(w) >= 2 && (last == "keys" || last == "tokens" || last == "secrets" || last == "passwords") {
		prev := w[len(w)-2]
		if keyQualifiers.Get()[prev] || prev == "refresh" || prev == "bearer" || prev == "auth" {
			last = last[:len(last)-1]
		}
	}
	switch last {
	case "authorization":
		return keyAuthz
	}
	if len(w) >= 2 && w[len(w)-2] == "set" && last == "cookie" {
		return keyAuthz
	}
	if last == "cookie" && len(w) == 1 {
		return keyAuthz
	}
	if nonSecretTails.Get()[last] {
		return keyNone
	}
	for _, p := range passwordSuffixes {
		if strings.HasSuffix(last, p) {
			return keyPassword
		}
	}
	// "pwd" alone (or OLDPWD) is the shell's working directory, not a
	// password; "pw" alone is one (pw = "…" is masked in text: round 23,
	// #10, the MCP argument {"pw": "…"}).
	if last == "pwd" || last == "pw" {
		if len(w) >= 2 && w[len(w)-2] != "old" || len(w) == 1 && last == "pw" {
			return keyPassword
		}
		return keyNone
	}
	if len(w) >= 2 && seedWords.Get()[last] && seedQualifiers.Get()[w[len(w)-2]] {
		return keyStrong
	}
	for _, a := range aloneStrong {
		if last == a {
			return keyStrong
		}
	}
	if strings.HasSuffix(last, "pwd") && last != "oldpwd" {
		return keyPassword
	}
	// Red-team round 26 (#c2): "pw" glued to the word it qualifies
	// (bindpw, rootpw, adminpw, dbpw): no English word ends in "pw".
	if len(last) > 2 && strings.HasSuffix(last, "pw") && isLower(last[len(last)-3]) {
		return keyPassword
	}
	if last == "pass" && len(w) >= 2 {
		return keyPassword
	}
	for _, s := range strongSuffixes {
		if strings.HasSuffix(last, s) {
			return keyStrong
		}
	}
	if (last == "key" || last == "token" || last == "secret") && len(w) >= 2 && keyQualifiers.Get()[w[len(w)-2]] {
		return keyStrong
	}
	if len(w) >= 2 {
		joined := w[len(w)-2] + last
		for _, s := range strongSuffixes {
			if joined == s {
				return keyStrong
			}
		}
	}
	for _, word := range w {
		for _, k := range weakWords {
			if strings.Contains(word, k) {
				return keyWeak
			}
		}
	}
	return keyNone
}

func isAlnum(c byte) bool { return isDigit(c) || isUpper(c) || isLower(c) }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// isWordByte reports bytes that RE2's \b treats as word characters, plus
// non-ASCII bytes so windows never split a UTF-8 sequence.
func isWordByte(c byte) bool { return isAlnum(c) || c == '_' || c >= 0x80 }
