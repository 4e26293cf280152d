package redact

import (
	"errors"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

var testKey = []byte("mandate-test-key-0123456789")

func mustNew(t testing.TB, cfg Config) *Redactor {
	t.Helper()
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// gen builds a test secret at run time from a fixed seed, so no live-looking
// credential sits in the source.
func gen(seed uint64, prefix, alphabet string, n int) string {
	rng := rand.New(rand.NewPCG(seed, 42))
	return prefix + randFrom(rng, alphabet, n)
}

var markerRe = regexp.MustCompile(`\[REDACTED:([a-z0-9-]+):([0-9a-f]{12})\]`)

func TestNewConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no key", Config{}},
		{"short key", Config{Key: []byte("0123456789abcde")}},
		{"unknown disable", Config{Key: testKey, Disable: []string{"no-such-rule"}}},
		{"extra bad id", Config{Key: testKey, Extra: []Rule{{ID: "Bad_ID", Keywords: []string{"abc"}, Pattern: "abc"}}}},
		{"extra dup id", Config{Key: testKey, Extra: []Rule{{ID: "jwt", Keywords: []string{"abc"}, Pattern: "abc"}}}},
		{"extra no keywords", Config{Key: testKey, Extra: []Rule{{ID: "acme", Pattern: "abc"}}}},
		{"extra short keyword", Config{Key: testKey, Extra: []Rule{{ID: "acme", Keywords: []string{"ab"}, Pattern: "abc"}}}},
		{"extra non-ascii keyword", Config{Key: testKey, Extra: []Rule{{ID: "acme", Keywords: []string{"clé_"}, Pattern: "clé_x"}}}},
		{"extra bad regexp", Config{Key: testKey, Extra: []Rule{{ID: "acme", Keywords: []string{"abc"}, Pattern: "a(b"}}}},
		{"extra empty match", Config{Key: testKey, Extra: []Rule{{ID: "acme", Keywords: []string{"abc"}, Pattern: "x*"}}}},
		{"disable fail-closed rule", Config{Key: testKey, Disable: []string{"unsupported-type"}}},
		{"extra maxlen", Config{Key: testKey, Extra: []Rule{{ID: "acme", Keywords: []string{"abc"}, Pattern: "abc", MaxLen: 1 << 20}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("New: err = %v, want ErrConfig", err)
			}
			if !strings.HasPrefix(err.Error(), "redact: ") {
				t.Errorf("error %q lacks package prefix", err)
			}
		})
	}
}

func TestNewCopiesKey(t *testing.T) {
	key := append([]byte(nil), testKey...)
	r := mustNew(t, Config{Key: key})
	before, _ := r.Text("password=hunter22")
	key[0] ^= 0xff
	after, _ := r.Text("password=hunter22")
	if before != after {
		t.Fatal("Redactor depends on the caller's key slice after New")
	}
}

// TestRules is one table test per rule: input, the rule that must fire, the
// secret that must vanish, and text that must survive.
func TestRules(t *testing.T) {
	gh := gen(1, "ghp_", alNum, 36)
	akia := gen(2, "AKIA", alUp32, 16)
	awsSecret := gen(3, "", alB64, 40)
	jwt := "eyJhbGciOiJIUzI1NiJ9." + gen(4, "eyJ", alB64u, 40) + "." + gen(5, "", alB64u, 43)
	pem := "-----BEGIN RSA PRIVATE KEY-----\n" + gen(6, "", alB64, 64) + "\n" + gen(7, "", alB64, 30) + "=\n-----END RSA PRIVATE KEY-----"
	gcpKey := gen(13, "AIza", alB64u, 35)
	azKey := gen(14, "", alB64, 86) + "=="
	sasSig := gen(15, "", alB64, 43) + "%3D"
	adSecret := gen(16, "", alNum, 3) + "8Q~" + gen(17, "", alB64u, 34)
	ghFine := gen(18, "github_pat_", alNum, 22) + "_" + gen(19, "", alNum, 59)
	glpat := gen(22, "glpat-", alB64u, 20)
	xoxb := gen(23, "xoxb-", alDig, 12) + "-" + gen(24, "", alDig, 13) + "-" + gen(25, "", alNum, 24)
	stripe := gen(26, "sk_live_", alNum, 24)
	openai := gen(27, "sk-proj-", alB64u, 74) + "T3BlbkFJ" + gen(28, "", alB64u, 74)
	anthropic := gen(29, "sk-ant-api03-", alB64u, 93) + "AA"
	npm := gen(35, "npm_", alNum, 36)
	tg := gen(36, "", alDig, 9) + ":AA" + gen(37, "", alB64u, 33)
	tests := []struct {
		name, in, rule, secret string
		keep                   []string
		pii                    bool
	}{
		{"github", "export GH_TOKEN=" + gh, "github-token", gh, []string{"export GH_TOKEN="}, false},
		{"aws id", "key " + akia + " end", "aws-access-key-id", akia, []string{"key ", " end"}, false},
		{"aws secret", "aws_secret_access_key = " + awsSecret, "aws-secret-access-key", awsSecret, []string{"aws_secret_access_key = "}, false},
		{"formatted token", "t := fmt.Sprintf(\"ghp_%s\", \"" + gh[4:] + "\")", "formatted-token", gh[4:], []string{"t := fmt.Sprintf(\"ghp_%s\", \""}, false},
		{"cloud pair", "Minio(\"s3\", \"AKIAIOSFODNN7EXAMPLE\", \"" + awsSecret + "\")", "cloud-secret-key", awsSecret, []string{"Minio(\"s3\", \"AKIAIOSFODNN7EXAMPLE\", \""}, false},
		{"jwt", "token: " + jwt, "jwt", jwt, []string{"token: "}, false},
		{"pem", "key:\n" + pem + "\nafter", "private-key", pem, []string{"key:\n", "\nafter"}, false},
		{"pem escaped", `{"k":"` + strings.ReplaceAll(pem, "\n", `\n`) + `"}`, "private-key", strings.ReplaceAll(pem, "\n", `\n`), []string{`{"k":"`}, false},
		{"url", "postgres://app:s3cr3t-pw@db:5432/x", "url-credentials", "s3cr3t-pw", []string{"postgres://app:", "@db:5432/x"}, false},
		{"url at in password", "https://u:p@ss:w0rd@host/x", "url-credentials", "p@ss:w0rd", []string{"https://u:", "@host/x"}, false},
		{"password env", "DB_PASSWORD=hunter22 ./run", "password-assignment", "hunter22", []string{"DB_PASSWORD=", " ./run"}, false},
		{"password yaml spaces", "password: correct horse battery", "password-assignment", "correct horse battery", []string{"password: "}, false},
		{"password json escaped quote", `{"password":"a\"bcdef"}`, "password-assignment", `a\"bcdef`, []string{`{"password":"`}, false},
		{"password flag space", "cli --password hunter22 -v", "password-assignment", "hunter22", []string{"--password ", " -v"}, false},
		{"password unterminated quote", `password="hunter22 and more`, "password-assignment", "hunter22 and more", []string{`password="`}, false},
		{"credential", "client_secret: abcdefgh", "credential-assignment", "abcdefgh", []string{"client_secret: "}, false},
		{"entropy weak key", "cache_key=" + gen(8, "", alB64, 32), "high-entropy-assignment", "", []string{"cache_key="}, false},
		{"authorization keeps scheme", "Authorization: Bearer abc123def456ghi789", "authorization-header", "abc123def456ghi789", []string{"Authorization: Bearer "}, false},
		{"cookie", "Cookie: sid=abcdef123; theme=dark", "authorization-header", "sid=abcdef123; theme=dark", []string{"Cookie: "}, false},
		{"bearer", "send Bearer abc123def456ghi789 now", "bearer-token", "abc123def456ghi789", []string{"send Bearer ", " now"}, false},
		{"curl -u", "curl -u bob:hunter22 https://x", "basic-auth-flag", "hunter22", []string{"curl -u bob:", " https://x"}, false},
		{"mysql -p", "mysql -uroot -phunter22 db", "cli-password-flag", "hunter22", []string{"mysql -uroot -p", " db"}, false},
		{"unresolved sink", `C='mysql -u root -p"$X" db'; trap "$C" EXIT; X=Qz7vN2pLx9Rk4TmW8sYb`, "unresolved-secret-source", "Qz7vN2pLx9Rk4TmW8sYb", []string{"trap ", "EXIT"}, false},
		{"sudo -S", "echo hunter22 | sudo -S id", "cli-password-stdin", "hunter22", []string{"echo ", " | sudo -S id"}, false},
		{"oracle connect", "CONNECT scott/hunter22@orcl", "oracle-logon", "hunter22", []string{"CONNECT scott/", "@orcl"}, false},
		{"sql identified by", `mysql -e "CREATE USER app IDENTIFIED BY 'hunter22'"`, "sql-password", "hunter22", []string{`mysql -e "CREATE USER app IDENTIFIED BY '`, `'"`}, false},
		{"pgpass line", "echo 'db:5432:*:app:hunter22' >> ~/.pgpass", "pgpass-line", "hunter22", []string{"echo 'db:5432:*:app:", "' >> ~/.pgpass"}, false},
		{"sql key argument", `mysql -e "SELECT AES_DECRYPT(ssn, 'k3yMat3rial') FROM t"`, "sql-key-argument", "k3yMat3rial", []string{"SELECT AES_DECRYPT(ssn, '", "') FROM t"}, false},
		{"redis password", "ACL SETUSER ci on >hunter22 ~* +@all", "redis-password", "hunter22", []string{"ACL SETUSER ci on >", " ~* +@all"}, false},
		{"slack webhook keeps host", "https://hooks.slack.com/services/T0000000/B0000000/" + gen(9, "", alNum, 24), "slack-webhook", "", []string{"https://hooks.slack.com/services/"}, false},
		{"gcp api key", "key=" + gcpKey + "&x=1", "gcp-api-key", gcpKey, []string{"key=", "&x=1"}, false},
		{"azure account key", "AccountName=a;AccountKey=" + azKey + ";EndpointSuffix=x", "azure-storage-key", azKey, []string{"AccountName=a;AccountKey=", ";EndpointSuffix=x"}, false},
		{"azure sas", "https://a.blob.core.windows.net/c?sv=1&sig=" + sasSig + "&x", "azure-sas-token", sasSig, []string{"&sig="}, false},
		{"azure ad secret", "secret " + adSecret + " end", "azure-ad-client-secret", adSecret, []string{" end"}, false},
		{"github fine-grained", "pat " + ghFine, "github-fine-grained-pat", ghFine, []string{"pat "}, false},
		{"gitlab", "t " + glpat, "gitlab-token", glpat, []string{"t "}, false},
		{"slack", "t " + xoxb, "slack-token", xoxb, []string{"t "}, false},
		{"stripe", "k " + stripe, "stripe-key", stripe, []string{"k "}, false},
		{"openai", "k " + openai, "openai-api-key", openai, []string{"k "}, false},
		{"anthropic", "k " + anthropic, "anthropic-api-key", anthropic, []string{"k "}, false},
		{"npm", "k " + npm, "npm-token", npm, []string{"k "}, false},
		{"telegram", "https://api.telegram.org/bot" + tg + "/getMe", "telegram-bot-token", tg, []string{"https://api.telegram.org/bot", "/getMe"}, false},
		{"discord webhook keeps id", "https://discord.com/api/webhooks/123456789012345678/" + gen(38, "", alB64u, 68), "capability-url", "", []string{"https://discord.com/api/webhooks/123456789012345678/"}, false},
		{"token as url user", "git clone https://" + gen(39, "", alNum, 40) + "@github.com/o/r", "url-credentials", "", []string{"git clone https://", "@github.com/o/r"}, false},
		{"name/value pair", `{"name": "DB_PASSWORD", "value": "hunter22"}`, "password-assignment", "hunter22", []string{`{"name": "DB_PASSWORD", "value": "`}, false},
		{"email", "mail bob.smith@example.com now", "email", "bob.smith@example.com", []string{"mail ", " now"}, true},
		{"card", "pay 4111-1111-1111-1111 now", "credit-card", "4111-1111-1111-1111", []string{"pay ", " now"}, true},
		{"ssn", "ssn 123-45-6780.", "us-ssn", "123-45-6780", []string{"ssn ", "."}, true},
		{"phone e164", "tel +14155552671", "phone", "+14155552671", []string{"tel "}, true},
		{"phone us", "tel (415) 555-2671", "phone", "(415) 555-2671", []string{"tel "}, true},
	}
	tests = append(tests, tokenRuleRows(t)...) // tokens_test.go: the vendor token table
	def := mustNew(t, Config{Key: testKey})
	pii := mustNew(t, Config{Key: testKey, PII: true})
	// Every text rule has a row.
	for _, in := range pii.Rules() {
		if in.ID == ruleSensitiveKey || in.ID == ruleUnsupported {
			continue
		}
		if !slices.ContainsFunc(tests, func(tt struct {
			name, in, rule, secret string
			keep                   []string
			pii                    bool
		}) bool {
			return tt.rule == in.ID
		}) {
			t.Errorf("no table test for rule %s", in.ID)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := def
			if tt.pii {
				r = pii
			}
			out, ids := r.Text(tt.in)
			if !contains(ids, tt.rule) {
				t.Errorf("rule %s did not fire (fired %v): %q", tt.rule, ids, out)
			}
			if tt.secret != "" {
				if strings.Contains(out, tt.secret) {
					t.Errorf("secret survived: %q", out)
				}
				want := r.marker(markerRuleFor(out), tt.secret)
				if !strings.Contains(out, want) {
					t.Errorf("output %q lacks marker %s for exactly the secret", out, want)
				}
			}
			for _, k := range tt.keep {
				if !strings.Contains(out, k) {
					t.Errorf("context %q lost: %q", k, out)
				}
			}
			if tt.pii {
				if o, _ := def.Text(tt.in); o != tt.in {
					t.Errorf("PII rule fired without Config.PII: %q", o)
				}
			}
		})
	}
}

// markerRuleFor returns the rule ID of the first marker in out.
func markerRuleFor(out string) string {
	m := markerRe.FindStringSubmatch(out)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestMarkers(t *testing.T) {
	r1 := mustNew(t, Config{Key: testKey})
	r1b := mustNew(t, Config{Key: append([]byte(nil), testKey...)})
	r2 := mustNew(t, Config{Key: []byte("another-key-0123456789")})
	in := "DB_PASSWORD=hunter22"
	a, _ := r1.Text(in)
	b, _ := r1b.Text(in)
	c, _ := r2.Text(in)
	if a != b {
		t.Errorf("same key, different output: %q vs %q", a, b)
	}
	if a == c {
		t.Errorf("different keys, same marker: %q", a)
	}
	if !markerRe.MatchString(a) || !strings.HasPrefix(a, "DB_PASSWORD=[REDACTED:password-assignment:") {
		t.Errorf("bad marker format: %q", a)
	}
	// Same secret, same marker; different secret, different marker.
	x, _ := r1.Text("PASSWORD=hunter22 PASSWD=hunter22 DB_PWD=hunter23")
	ms := markerRe.FindAllStringSubmatch(x, -1)
	if len(ms) != 3 || ms[0][2] != ms[1][2] || ms[0][2] == ms[2][2] {
		t.Errorf("marker hashes not per-secret: %q", x)
	}
}

func TestRecurrence(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	out, _ := r.Text("PASSWORD=hunter22; mysql --host db hunter22 and hunter22")
	if strings.Contains(out, "hunter22") {
		t.Fatalf("recurring secret survived: %q", out)
	}
	if n := len(markerRe.FindAllString(out, -1)); n != 3 {
		t.Fatalf("want 3 markers, got %d: %q", n, out)
	}
}

func TestIdempotentAndForgedMarker(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		"password=[REDACTED:password-assignment:0123456789ab]",
		`{"token": "[REDACTED:credential-assignment:0123456789ab]"}`,
		"postgres://u:[REDACTED:url-credentials:0123456789ab]@h/db",
	} {
		if out, ids := r.Text(in); out != in || len(ids) != 0 {
			t.Errorf("marker re-redacted: %q -> %q %v", in, out, ids)
		}
	}
	// A forged marker next to a real secret does not shield it.
	in := "password: [REDACTED:x1:000000000000]hunter22"
	out, _ := r.Text(in)
	if strings.Contains(out, "hunter22") {
		t.Errorf("forged marker shielded a secret: %q", out)
	}
	if again, _ := r.Text(out); again != out {
		t.Errorf("not idempotent: %q -> %q", out, again)
	}
}

func TestDisableAndExtra(t *testing.T) {
	gh := gen(10, "ghp_", alNum, 36)
	r := mustNew(t, Config{Key: testKey, Disable: []string{"github-token"}})
	if out, _ := r.Text("see " + gh); out != "see "+gh {
		t.Errorf("disabled rule fired: %q", out)
	}
	for _, in := range r.Rules() {
		if in.ID == "github-token" {
			t.Error("disabled rule listed by Rules")
		}
	}
	x := mustNew(t, Config{Key: testKey, Extra: []Rule{{
		ID: "acme-key", Description: "ACME internal key", Keywords: []string{"acme_"},
		Pattern: `\bacme_(?P<secret>[0-9a-f]{32})\b`, MinEntropy: 3,
	}}})
	sec := gen(11, "", alHex, 32)
	out, ids := x.Text("k=acme_" + sec + " done")
	if strings.Contains(out, sec) || !contains(ids, "acme-key") || !strings.Contains(out, "acme_[REDACTED:acme-key:") {
		t.Errorf("extra rule: %q %v", out, ids)
	}
	if out, _ := x.Text("k=acme_" + strings.Repeat("a", 32)); strings.Contains(out, "REDACTED") {
		t.Errorf("extra rule ignored MinEntropy: %q", out)
	}
}

func TestRulesList(t *testing.T) {
	def := mustNew(t, Config{Key: testKey})
	pii := mustNew(t, Config{Key: testKey, PII: true})
	seen := map[string]bool{}
	for _, in := range pii.Rules() {
		if seen[in.ID] {
			t.Errorf("duplicate rule %s", in.ID)
		}
		seen[in.ID] = true
		if in.Description == "" || !validRuleID(in.ID) {
			t.Errorf("bad rule info %+v", in)
		}
	}
	for _, id := range []string{"email", "credit-card", "us-ssn", "phone"} {
		if !seen[id] {
			t.Errorf("PII rule %s missing with PII on", id)
		}
	}
	for _, in := range def.Rules() {
		if in.PII {
			t.Errorf("PII rule %s listed with PII off", in.ID)
		}
	}
	if len(def.Rules()) < 20 {
		t.Errorf("only %d rules", len(def.Rules()))
	}
}

func TestClassifyKey(t *testing.T) {
	tests := map[string]keyClass{
		"password": keyPassword, "DB_PASSWORD": keyPassword, "dbPassword": keyPassword, "PGPASSWORD": keyPassword,
		"user_pwd": keyPassword, "PWD": keyNone, "OLDPWD": keyWeak, "password_file": keyNone,
		"GITHUB_TOKEN": keyStrong, "api_key": keyStrong, "apiKey": keyStrong, "X-API-Key": keyStrong,
		"AWS_SECRET_ACCESS_KEY": keyStrong, "client_secret": keyStrong, "private_key": keyStrong,
		"refresh_tokens": keyStrong, "Authorization": keyAuthz, "Set-Cookie": keyAuthz,
		"max_tokens": keyNone, "token_type": keyNone, "secret_name": keyNone, "secretName": keyNone,
		"private_key_id": keyNone, "AWS_ACCESS_KEY_ID": keyNone, "tokenizer": keyNone, "name": keyNone,
		"cache_key": keyWeak, "auth_mode": keyNone, "auth_blob": keyWeak, "key": keyWeak,
	}
	for k, want := range tests {
		if got := classifyKey(k); got != want {
			t.Errorf("classifyKey(%q) = %d, want %d", k, got, want)
		}
	}
}

func TestPIIValidators(t *testing.T) {
	for _, tt := range []struct {
		s    string
		f    func(string, int, int) bool
		want bool
	}{
		{"4111111111111111", validCard, true},
		{"4111111111111112", validCard, false},    // Luhn
		{"1700000000123", validCard, false},       // no issuer
		{"4111 1111-1111 1111", validCard, false}, // mixed separators
		{"123-45-6789", validSSN, false},          // well-known invalid
		{"000-12-3456", validSSN, false},
		{"666-12-3456", validSSN, false},
		{"912-12-3456", validSSN, false},
		{"123-00-4567", validSSN, false},
		{"123-45-0000", validSSN, false},
		{"123-45 6780", validSSN, false},
		{"123-45-6780", validSSN, true},
	} {
		if got := tt.f(tt.s, 0, len(tt.s)); got != tt.want {
			t.Errorf("validate %q = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestConcurrent(t *testing.T) {
	r := mustNew(t, Config{Key: testKey, PII: true})
	in := "DB_PASSWORD=hunter22 mail bob@example.com " + gen(12, "ghp_", alNum, 36)
	want, _ := r.Text(in)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if got, _ := r.Text(in); got != want {
					t.Error("concurrent Text differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}
