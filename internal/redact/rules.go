package redact

import (
	"strings"
)

// Rule IDs emitted by the assignment matcher and by Tree.
const (
	ruleAssignPassword = "password-assignment"
	ruleAssignCred     = "credential-assignment"
	ruleAssignEntropy  = "high-entropy-assignment"
	ruleAuthzHeader    = "authorization-header"
	ruleSensitiveKey   = "sensitive-key"
	ruleUnsupported    = "unsupported-type"
)

// builtinInfos lists every built-in rule ID (in a stable order), including
// the PII ones and the IDs only Tree emits.
func builtinInfos(rules []*rule) []RuleInfo {
	var out []RuleInfo
	seen := map[string]bool{}
	for _, ru := range rules {
		for _, id := range ru.ids() {
			if seen[id] || id == ruleUnresolved { // described below
				continue
			}
			seen[id] = true
			out = append(out, RuleInfo{ID: id, Description: describe(ru, id), PII: ru.pii})
		}
	}
	out = append(out,
		RuleInfo{ID: ruleSensitiveKey, Description: "Tree: non-empty scalar under a key named like a credential (password, secret, token, api_key, private_key, ...), masked whole"},
		RuleInfo{ID: ruleUnsupported, Description: "Tree: a value of a type outside decoded JSON, masked whole (fail closed)"},
		RuleInfo{ID: ruleUnresolved, Description: "a literal of an input whose password position takes a value the line does not give ($X, $1, $(…), a pipe, xargs, $(X), ${{ env.X }}), or where the shell view gave up (a depth or budget bound), or a code variable given to a credential and bound in a way not modelled (a loop, a parameter): every literal that could have reached it, masked (fail closed)"},
	)
	return out
}

func describe(ru *rule, id string) string {
	switch id {
	case ruleAssignPassword:
		return "password assignment (password=, passwd:, DB_PASSWORD=, --password x, \"password\": \"...\"); any real value"
	case ruleAssignCred:
		return "credential assignment (secret:, token=, api_key=, GITHUB_TOKEN=, --api-key x, client_secret, ...); any real value"
	case ruleAssignEntropy:
		return "high-entropy value (Shannon entropy threshold) next to a key/auth/token-like name"
	case ruleAuthzHeader:
		return "Authorization / Proxy-Authorization / Cookie header value (scheme word kept)"
	case ruleCLIFlag:
		return "password or token given to a program as a flag or argument its name does not give away (mysql -pX, sqlcmd -P X, 7z -pX, smbclient -U u%X, openssl -passin pass:X, htpasswd -b f u X, net use \\\\h\\s X; table in clitable.go)"
	case ruleSlackWebhook:
		return "Slack incoming webhook or workflow URL (secret path redacted, host kept)"
	case ruleCLIStdin:
		return "password fed on standard input to a program that reads one there (echo X | sudo -S, printf X | docker login --password-stdin, chpasswd <<< u:X, echo X > f; sudo -S … < f) or sent by an expect script at a prompt (send \"X\\r\")"
	}
	return ru.desc
}

// Character classes shared by patterns.
const (
	b64url = `A-Za-z0-9_\-`
	// jwtWrap: a JWT wrapped after a dot (jwt.io and many docs print it so).
	jwtWrap = `(?:\r?\n[ \t]*)?`
	// tokEnd: the byte after a token, or end of window.
	tokEnd = `(?:[^A-Za-z0-9_\-]|$)`
	// alnumEnd: the byte after a token of letters and digits: anything
	// else, '_' included ("ghp_…_old").
	alnumEnd = `(?:[^A-Za-z0-9]|$)`
	// jsonEscape: any JSON string escape inside a key body (\n, \/ as
	// PHP writes it, \u002b).
	jsonEscape = `\\(?:[nrt/"\\bf]|u[0-9A-Fa-f]{4})`
)

// NOTICE: the token formats below (prefixes, lengths, alphabets) were
// learned from gitleaks, https://github.com/gitleaks/gitleaks,
// config/gitleaks.toml, Copyright (c) 2019 Zachary Rice, released under the
// MIT License. The patterns are this package's own, written in Go RE2 syntax
// (several as hand-written scanners); no gitleaks code or pattern text is
// copied.
//
// builtinRules returns the built-in detectors; their patterns compile on
// first use.
func builtinRules() []*rule {
	mk := func(id, desc string, kw []string, pattern string, before, after int) *rule {
		return &rule{id: id, desc: desc, keywords: kw, pattern: pattern, before: before, after: after}
	}
	notSuffix := func(sfx string) func(string, int, int) bool {
		return func(s string, a, b int) bool { return !strings.HasSuffix(s[a:b], sfx) }
	}
	rules := []*rule{
		mk("private-key", "PEM/OpenSSH/PGP private key block (whole block, multi-line or \\n-escaped in JSON)",
			[]string{"-----begin"},
			`-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:(?:[A-Za-z0-9+/=\s:,.\-]|`+jsonEscape+`)*?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|(?:[A-Za-z0-9+/= \t\r\n:,.\-]|`+jsonEscape+`)*)`,
			0, 65536),
		mk("aws-access-key-id", "AWS access key ID (AKIA/ASIA/ABIA/ACCA/A3T...; AWS documentation examples ending in EXAMPLE are kept)",
			[]string{"akia", "asia", "abia", "acca", "a3t"},
			`(?P<s>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})`+alnumEnd, 0, 32),
		mk("aws-secret-access-key", "AWS secret access key (40 base64 chars after an aws_secret_access_key-like name)",
			[]string{"secret_access_key", "secretaccesskey", "secret-access-key", "secret access key", "aws_secret", "aws-secret", "awssecret"},
			`(?i)(?:aws.?secret.?(?:access.?)?key|secret.?access.?key)[\w.\-]{0,20}(?:\\?["'])?\]?[ \t]{0,4}(?:=|:=|=>|:|[ \t])[ \t]{0,4}(?:\\?["'])?(?P<s>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`,
			16, 128),
		mk("gcp-api-key", "Google Cloud / Firebase API key (AIza...)",
			[]string{"aiza"}, `(?P<s>AIza[`+b64url+`]{35})`+tokEnd, 0, 48),
		mk("azure-storage-key", "Azure storage AccountKey / Service Bus SharedAccessKey in a connection string",
			[]string{"accountkey", "sharedaccesskey"},
			`(?i)\b(?:AccountKey|SharedAccessKey)[ \t]*=[ \t]*(?P<s>[A-Za-z0-9+/]{40,100}={0,2})`, 0, 160),
		mk("azure-sas-token", "Azure shared access signature (sig= in a SAS URL or connection string)",
			[]string{"sig="}, `(?i)(?:[?&;]|\b)sig=(?P<s>[A-Za-z0-9%+/=]{20,200})`, 1, 220),
		mk("azure-ad-client-secret", "Azure AD (Entra ID) client secret (xxx8Q~...)",
			[]string{"q~"}, `(?:^|[^A-Za-z0-9_~.])(?P<s>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)`, 8, 48),
		mk("github-token", "GitHub token (ghp_ personal, gho_ OAuth, ghu_/ghs_ app, ghr_ refresh)",
			[]string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}, `(?P<s>gh[pousr]_[A-Za-z0-9]{36,251})`+alnumEnd, 0, 260),
		mk("github-fine-grained-pat", "GitHub fine-grained personal access token (github_pat_...)",
			[]string{"github_pat_"}, `(?P<s>github_pat_[A-Za-z0-9_]{60,251})\b`, 0, 270),
		mk("gitlab-token", "GitLab token (glpat-, gldt-, glrt-, glptt-, glcbt-, gloas-, ...)",
			[]string{"glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-", "glft-", "glimt-", "glsoat-", "glagent-", "glffct-"},
			`(?P<s>gl(?:pat|dt|rt|ptt|cbt|oas|ft|imt|soat|agent|ffct)-[A-Za-z0-9_\-]{20,300}(?:\.[A-Za-z0-9]{2,20}){0,2})`, 0, 340),
		mk("slack-token", "Slack token (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxe-, xapp-)",
			[]string{"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxo-", "xoxe.", "xapp-"},
			`(?P<s>xox[abeoprs](?:\.xox[bp])?-[A-Za-z0-9\-]{10,250}|xapp-\d-[A-Za-z0-9\-]{10,250})`, 0, 270),
		capURLRule(), // capurl.go: Slack, Discord, Teams, Telegram webhooks and bots
		mk("stripe-key", "Stripe secret or restricted key (sk_live_, rk_live_, sk_test_, ...) or webhook secret (whsec_)",
			[]string{"sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_", "whsec_"},
			`(?P<s>(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9+/=]{24,100})`, 0, 260),
		mk("anthropic-api-key", "Anthropic API or admin key (sk-ant-...)",
			[]string{"sk-ant-"}, `(?P<s>sk-ant-[a-z]{2,10}\d{2}-[`+b64url+`]{32,200})`, 0, 230),
		mk("openai-api-key", "OpenAI API key (sk-proj-, sk-svcacct-, sk-admin-, legacy sk-...)",
			[]string{"sk-"},
			`(?P<s>sk-(?:proj|svcacct|admin|None)-[`+b64url+`]{20,250}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{40,64})`+tokEnd,
			0, 270),
		mk("telegram-bot-token", "Telegram bot token (<bot id>:AA..., also inside api.telegram.org/bot... URLs)",
			[]string{":aa"}, `(?:\b|bot)(?P<s>\d{8,10}:AA[A-Za-z0-9_\-]{33})`+tokEnd, 16, 48),
		mk("npm-token", "npm access token (npm_...)",
			[]string{"npm_"}, `(?P<s>npm_[A-Za-z0-9]{36})`+alnumEnd, 0, 48),
		mk("jwt", "JSON Web Token (eyJ header, payload, signature; also wrapped after its dots, as jwt.io prints it)",
			[]string{"eyj"}, `(?P<s>eyJ[`+b64url+`]{5,}\.`+jwtWrap+`[`+b64url+`]{5,}\.`+jwtWrap+`[`+b64url+`]*(?:\.`+jwtWrap+`[`+b64url+`]*\.`+jwtWrap+`[`+b64url+`]*)?)`, 0, 16384),
		{id: "url-credentials", desc: "password in a URL or connection string (scheme://user:password@host; user and host kept), or a token given as the user (https://TOKEN@host, TOKEN:@, TOKEN:x-oauth-basic@, a Sentry DSN's key)",
			keywords: []string{"://"}, match: matchURLCredentials},
		dsnRule(),   // dsn.go: DSNs without a scheme (go-sql-driver's @tcp(host)/db)
		netrcRule(), // netrc.go: .netrc entries' password, account and macdef
		// Kubernetes' WebSocket bearer subprotocol carries the token after
		// its name (red-team round 26, #c11): Sec-WebSocket-Protocol:
		// base64url.bearer.authorization.k8s.io.TOKEN.
		mk("bearer-token", "bearer token (Bearer <token>, Kubernetes' bearer.authorization.k8s.io.<token> WebSocket subprotocol)",
			[]string{"bearer"}, `(?i)\bbearer(?:[ \t]+|\.authorization\.k8s\.io\.)(?P<s>[A-Za-z0-9\-._~+/]{8,}=*)`, 0, 4200),
		mk("basic-auth-flag", "user:password given to curl/wget/httpie -u/--user (user kept)",
			[]string{"-u", "--user", "--http-password", "--auth"},
			`(?:^|[ \t])(?:-u|--user|--auth)(?:[ \t]+|=)["']?[^\s:"']*:(?P<s>[^\s"']+)`, 16, 400),
		keyFileRule(),     // keyfiles.go: key files by their markers (PuTTY, SSH2, OpenVPN, minisign)
		nameAfterRule(),   // nameafter.go: a credential's name after its value
		formatTokenRule(), // formattoken.go: a vendor token built by a format call or template
		cloudPairRule(),   // cloudpair.go: a cloud secret key beside its key id
		keyBodyRule(),     // keybody.go: a private key's body by its binary header, armour or none
		keyHexRule(),      // keyhex.go: a private key as hex DER (xxd -p)
		jwkRule(),         // jwk.go: a JSON Web Key's private members
		discordRule(),     // discord.go: a Discord bot token by its structure
		cliRule(),
		oracleRule(), // oracle.go: CONNECT user/pw@db, jdbc:oracle:thin:user/pw@…
		cliShapeRule(),
		expectRule(),
		pwshRule(),
		substAssignRule(),
		credPairRule(),
		shellArrayRule(),
		assignmentRule(),
		passwordLiteralRule(),
		{id: "email", desc: "email address", pii: true, keywords: []string{"@"}, match: matchEmails},
		mkDigits(mk("credit-card", "payment card number (13-19 digits, spaces/dashes allowed, known issuer prefix, Luhn-valid)", nil,
			`(?:^|[^0-9A-Za-z_\-.])(?P<s>\d(?:[ \-]?\d){12,18})`, 2, 40)),
		mkDigits(mk("us-ssn", "US social security number (AAA-GG-SSSS; invalid and advertising ranges excluded)", nil,
			`(?:^|[^0-9A-Za-z_\-.])(?P<s>\d{3}([\- ])\d{2}([\- ])\d{4})`, 2, 16)),
		mkDigits(mk("phone", "phone number (E.164 +CC..., common US formats with separators)", nil,
			`(?:^|[^0-9A-Za-z_\-.+])(?P<s>\+[1-9]\d{7,14}|\+[1-9]\d{0,2}[ .\-]\(?\d{1,4}\)?(?:[ .\-]\d{2,5}){1,4}|(?:\+?1[ .\-])?(?:\([2-9]\d{2}\)[ .\-]?|[2-9]\d{2}[.\-])[2-9]\d{2}[.\-]\d{4})`, 4, 24)),
	}
	for _, ru := range rules {
		switch ru.id {
		case "aws-access-key-id", "gcp-api-key", "github-token", "github-fine-grained-pat", "gitlab-token",
			"slack-token", "stripe-key", "anthropic-api-key", "openai-api-key", "npm-token", "jwt":
			ru.notGlued = true
		}
		switch ru.id {
		case "aws-access-key-id":
			ru.minEntropy = 3.0
			ru.valid = notSuffix("EXAMPLE")
		case "aws-secret-access-key":
			ru.minEntropy = 3.0
			ru.valid = notSuffix("EXAMPLEKEY")
		case "gcp-api-key", "github-token", "github-fine-grained-pat", "npm-token":
			ru.minEntropy = 3.0
		case "openai-api-key":
			ru.minEntropy = 3.2
		case "jwt":
			ru.valid = validJWT
		case "basic-auth-flag":
			// "-u 1000:1000" is docker's uid:gid, not user:password.
			ru.valid = func(s string, a, b int) bool { return !isPlaceholder(s[a:b]) && !allDigits(s[a:b]) }
		case "bearer-token":
			ru.valid = func(s string, a, b int) bool {
				v := s[a:b]
				// "Bearer authentication" is prose: a token has a digit, or
				// is long.
				return !isPlaceholder(v) && entropy(v) >= 2.5 && (len(v) >= 32 || strings.ContainsAny(v, "0123456789"))
			}
		case "credit-card":
			ru.valid, ru.minDigits = trailing(validCard), 13
		case "us-ssn":
			ru.valid, ru.minDigits = trailing(validSSN), 9
		case "phone":
			ru.valid, ru.minDigits = trailing(validPhone), 8
		}
	}
	rules = append(rules, tokenRules()...) // tokentable.go
	rules = append(rules, sqlPasswordRules()...)
	return append(rules, sqlKeyArgRules()...) // sqlkeyargs.go
}

func mkDigits(ru *rule) *rule { ru.pii = true; ru.digits = true; return ru }

// validJWT requires the header segment to decode to a JSON object start; the
// eyJ prefix already implies '{"'.
func validJWT(s string, a, b int) bool {
	v := s[a:b]
	dot := strings.IndexByte(v, '.')
	return dot >= 8 && entropy(v) >= 3.0
}

// trailing wraps a number validator with the end-of-number check, done here
// rather than in the pattern so the boundary byte is not consumed and an
// adjacent number still matches.
func trailing(f func(string, int, int) bool) func(string, int, int) bool {
	return func(s string, a, b int) bool {
		if b < len(s) {
			c := s[b]
			if isAlnum(c) || c == '_' || c == '-' || c == '.' && b+1 < len(s) && isDigit(s[b+1]) {
				return false
			}
		}
		return f(s, a, b)
	}
}

// matchURLCredentials masks the credential of scheme://user:password@host:
// the password, or the user name when that is the token (urlUserinfo). The
// authority runs to the first '/', '?', '#' or delimiter; its userinfo ends
// at the last '@' (RFC 3986), so an unencoded '@' in a password is covered.
func matchURLCredentials(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	for _, h := range hits {
		// Scheme: letters, digits, '+', '-', '.', starting with a letter.
		a := h
		for a > 0 && h-a < 32 && (isAlnum(s[a-1]) || s[a-1] == '+' || s[a-1] == '-' || s[a-1] == '.') {
			a--
		}
		for a < h && !isUpper(s[a]) && !isLower(s[a]) {
			a++
		}
		if a == h {
			continue
		}
		st := h + 3
		e := st
		for e < len(s) && e-st < 512 && !isAuthorityStop(s[e]) {
			e++
		}
		at := strings.LastIndexByte(s[st:e], '@')
		if at < 0 {
			continue
		}
		urlUserinfo(s, st, at, emit) // capurl.go
	}
}

func isAuthorityStop(c byte) bool {
	switch c {
	case '/', '?', '#', ' ', '\t', '\n', '\r', '"', '\'', '<', '>', '\\', '`':
		return true
	}
	return false
}

// matchEmails finds addresses around each '@': a local part of up to 64
// bytes and a dotted domain ending in an alphabetic TLD.
func matchEmails(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := -1
	for _, h := range hits {
		if h < done {
			continue
		}
		a := h
		for a > 0 && h-a < 64 && isLocalByte(s[a-1]) {
			a--
		}
		e := h + 1
		for e < len(s) && e-h < 254 && (isAlnum(s[e]) || s[e] == '-' || s[e] == '.') {
			e++
		}
		for e > h+1 && (s[e-1] == '.' || s[e-1] == '-') {
			e--
		}
		done = e
		if a == h || e == h+1 || (a > 0 && isLocalByte(s[a-1])) || (e < len(s) && s[e] == '_') {
			continue
		}
		dom := s[h+1 : e]
		dot := strings.LastIndexByte(dom, '.')
		if dot <= 0 || strings.Contains(dom, "..") || dom[0] == '.' || dom[0] == '-' {
			continue
		}
		tld := dom[dot+1:]
		if len(tld) < 2 || len(tld) > 24 || !allLetters(tld) {
			continue
		}
		if !validEmail(s, a, e) {
			continue
		}
		emit(span{start: a, end: e, id: "email"})
	}
}

func isLocalByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func allLetters(v string) bool {
	for i := 0; i < len(v); i++ {
		if !isUpper(v[i]) && !isLower(v[i]) {
			return false
		}
	}
	return len(v) > 0
}
