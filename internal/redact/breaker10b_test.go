package redact

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Red-team round 10, breaker br10b (class: secrets in clear in the evidence
// log through a tool input's JSON shape), fixed. The evidence record keeps
// the whole tool input as params (gate.go: Params: ev.Input) and redacts it
// with Tree, so an MCP tool's arguments reach the log in these shapes.
//
// #24 (treectx.go): a credential-named key whose value is a list or an
// object, a key naming a collection of secrets, a credential HTTP header in
// any header shape, a login object, a name/value pair or [name, value]
// list: the place says the value is a secret when its text cannot, and
// every scalar below it is masked.
// #25 (treeargv.go): an argument vector as a JSON list, or a program and
// its arguments in sibling keys: every run of words is also scanned as one
// shell command line and a finding masked in the elements it covers.
func TestBreaker10bTreeShapes(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "s3cr3tP4ssw0rdXyz"
	for _, tt := range []struct{ class, js string }{
		// #24, as found.
		{"credential value list", `{"password": ["{}"]}`},
		{"credential value list", `{"api_token": [["{}"]]}`},
		{"credential value object", `{"password": {"v": "{}"}}`},
		{"credential header", `{"headers": {"X-Api-Key": ["{}"]}}`},
		{"secret collection", `{"secrets": {"DB": "{}"}}`},
		// #24, variants.
		{"credential value list", `{"password": ["old", "{}"]}`},
		{"credential value list", `{"client_secret": [{"value": "{}"}]}`},
		{"credential value list", `{"DB_PASSWORD": [["a", ["{}"]]]}`},
		{"credential value list", `{"passwordValue": "{}"}`},
		{"credential value list", `{"pwdHash": ["{}"]}`},
		{"credential value list", `{"params": {"Password": ["{}"]}}`},
		{"credential value object", `{"password": {"current": "{}", "previous": "x1y2z3w4"}}`},
		{"credential value object", `{"token": {"type": "bearer", "value": "{}"}}`},
		{"credential value object", `{"api_key": {"prod": {"key": "{}"}}}`},
		{"credential value object", `{"password": {"type": "string", "default": "{}"}}`},
		{"credential value object", `{"credentials": {"username": "bob", "secret": "{}"}}`},
		{"secret collection", `{"secrets": [{"name": "db", "value": "{}"}]}`},
		{"secret collection", `{"secrets": ["{}"]}`},
		{"secret collection", `{"secrets": {"prod": {"DB": "{}"}}}`},
		{"secret collection", `{"secret_env": {"DB": "{}"}}`},
		{"secret collection", `{"secretData": {"conn": "{}"}}`},
		{"secret collection", `{"creds": ["bob", "{}"]}`},
		{"secret collection", `{"passwords": {"root": "{}"}}`},
		{"secret collection", `{"apiKeys": ["{}"]}`},
		{"secret collection", `{"apiVersion": "v1", "kind": "Secret", "data": {"DB": "{}"}}`},
		{"secret collection", `{"kind": "Secret", "stringData": {"conn": "{}"}}`},
		{"credential header", `{"headers": {"X-Auth": "{}"}}`},
		{"credential header", `{"headers": {"X-Registry-Auth": "{}"}}`},
		{"credential header", `{"extraHeaders": {"x-functions-key": "{}"}}`},
		{"credential header", `{"headers": {"common": {"X-Vault-Token": "{}"}}}`},
		{"credential header", `{"headers": [{"name": "X-Auth", "value": "{}"}]}`},
		{"credential header", `{"headers": [["Authorization", "Bearer {}"]]}`},
		{"credential header", `{"headers": [["X-Auth", "{}"]]}`},
		{"credential header", `{"headers": ["X-Auth: {}"]}`},
		{"credential header", `{"http_headers": {"Authentication": "{}"}}`},
		{"login object", `{"auth": ["bob", "{}"]}`},
		{"login object", `{"auth": {"user": "bob", "pass": "{}"}}`},
		{"login object", `{"auth": {"type": "bearer", "bearer": "{}"}}`},
		{"login object", `{"basicAuth": {"username": "bob", "pw": "{}"}}`},
		{"login object", `{"auth": {"basic": ["bob", "{}"]}}`},
		{"name/value pair", `{"env": [{"name": "API_KEY", "value": "{}"}]}`},
		{"name/value pair", `{"name": "API_KEY", "value": ["{}"]}`},
		{"name/value pair", `{"Parameters": [{"ParameterKey": "DBPassword", "ParameterValue": "{}"}]}`},
		{"name/value pair", `{"OptionSettings": [{"Namespace": "aws:elasticbeanstalk:application:environment", "OptionName": "DB_PASSWORD", "Value": "{}"}]}`},
		{"name/value pair", `{"key": "DB", "value": "{}", "masked": true}`},
		{"name/value pair", `{"key": "conn", "value": "{}", "sensitive": true}`},
		{"name/value pair", `{"Name": "/prod/db/conn", "Type": "SecureString", "Value": "{}"}`},
		{"name/value pair", `{"name": "db", "key": "password", "value": "{}"}`},
		{"name/value pair", `{"vars": [["DB_PASSWORD", "{}"], ["HOST", "db"]]}`},
		// #25, as found.
		{"argv list", `{"argv": ["mysql", "-uroot", "-p{}", "app"]}`},
		{"argv list", `{"command": ["sshpass", "-p", "{}", "ssh", "host"]}`},
		{"argv list", `{"command": ["curl", "-u", "bob:{}", "https://x"]}`},
		{"argv program and args", `{"cmd": "mysql", "args": ["-u", "root", "-p{}"]}`},
		{"argv list", `{"args": ["--password", "{}"]}`},
		// #25, variants.
		{"argv list", `["mysql", "--password", "{}"]`},
		{"argv list", `{"argv": ["redis-cli", "-a", "{}", "ping"]}`},
		{"argv list", `{"argv": ["docker", "login", "-u", "bob", "-p", "{}"]}`},
		{"argv list", `{"argv": ["openssl", "enc", "-pass", "pass:{}"]}`},
		{"argv list", `{"argv": ["htpasswd", "-b", "users", "bob", "{}"]}`},
		{"argv list", `{"argv": ["sqlcmd", "-S", "db", "-U", "sa", "-P", "{}"]}`},
		{"argv list", `{"argv": ["mytool", "--token", "{}", "run"]}`},
		{"argv list", `{"argv": ["mysql", "-uroot", "-p{}'q"]}`},
		{"argv list", `{"argv": ["mysql", "-uroot", "-p{} x"]}`},
		{"argv list", `{"argv": ["sudo", "-u", "app", "mysql", "-uroot", "-p{}"]}`},
		{"argv list", `{"steps": [{"run": ["sshpass", "-p", "{}", "scp", "a", "h:"]}]}`},
		{"argv program and args", `{"command": ["sshpass"], "args": ["-p", "{}", "ssh", "h"]}`},
		{"argv program and args", `{"Entrypoint": ["mysql"], "Cmd": ["-uroot", "-p{}"]}`},
		{"argv program and args", `{"entrypoint": "mysql", "command": ["-uroot", "-p{}"]}`},
		{"argv program and args", `{"file": "sshpass", "args": ["-p", "{}", "ssh", "h"]}`},
		{"argv program and args", `{"command": "docker exec db mysql", "args": ["-uroot", "-p{}"]}`},
		{"argv program and args", `{"program": "/usr/bin/sqlcmd", "arguments": ["-U", "sa", "-P", "{}"]}`},
	} {
		in := strings.ReplaceAll(tt.js, "{}", pw)
		t.Run(tt.class+": "+tt.js, func(t *testing.T) {
			v := decode(t, in)
			out, findings := r.Tree(v)
			b := mustJSON(t, out)
			if strings.Contains(withoutMarkers(b), pw) {
				t.Errorf("secret stored in clear: %s", strings.ReplaceAll(b, pw, "<SECRET>"))
			}
			if len(findings) == 0 {
				t.Error("no finding")
			}
			if again, f2 := r.Tree(out); !reflect.DeepEqual(again, out) || len(f2) != 0 {
				t.Errorf("not idempotent: %v", f2)
			}
		})
	}
	// A number is a password too where the line says so.
	out, _ := r.Tree(decode(t, `{"argv": ["sshpass", "-p", 48151623, "ssh", "h"]}`))
	if b := mustJSON(t, out); strings.Contains(b, "48151623") {
		t.Errorf("numeric argv password in clear: %s", b)
	}
	// The secret of a split line is masked where it recurs in the record.
	out, _ = r.Tree(decode(t, `{"argv": ["mysql", "-p`+pw+`"], "description": "connect with `+pw+`"}`))
	if b := mustJSON(t, out); strings.Contains(withoutMarkers(b), pw) {
		t.Errorf("argv secret's recurrence in clear: %s", b)
	}
}

// Look-alikes of the round 10 shapes that are not secrets: a tool input
// that must come out of Tree unchanged.
func TestBreaker10bTreeKept(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, tt := range []struct{ class, js string }{
		// A key naming a rule, a reference or metadata of a credential.
		{"credential metadata", `{"passwordPolicy": {"minLength": 12, "requireDigits": true}}`},
		{"credential metadata", `{"password_rules": ["min 12", "one digit"]}`},
		{"credential metadata", `{"secretKeyRef": {"name": "db", "key": "password"}}`},
		{"credential metadata", `{"env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}`},
		{"credential metadata", `{"secret_name": "prod/db", "secret_names": ["a", "b"], "token_type": "bearer"}`},
		{"credential metadata", `{"max_tokens": 1024, "tokens": ["hello", "world"], "keys": ["a", "b"]}`},
		{"credential metadata", `{"password": "", "token": null, "secret": true}`},
		{"credential metadata", `{"password": {"file": "/run/secrets/db", "env": "DB_PASSWORD"}}`},
		{"credential metadata", `{"token": {"type": "bearer", "expires": 3600, "scope": "repo"}}`},
		// A schema or model describing a credential field.
		{"credential schema", `{"password": {"type": "string", "minLength": 8, "description": "The user's password"}}`},
		{"credential schema", `{"properties": {"apiKey": {"type": "string", "format": "password", "title": "API key"}}}`},
		{"credential schema", `{"Password": {"shape": "PasswordType", "documentation": "The password.", "location": "header"}}`},
		{"credential schema", `{"clientSecret": {"type": ["string", "null"], "writeOnly": true}}`},
		{"credential schema", `{"securitySchemes": {"api_key": {"type": "apiKey", "name": "X-Api-Key", "in": "header"}}}`},
		{"credential operation", `{"GetSessionToken": {"input": {"DurationSeconds": 3600}, "output": {"Status": "Active"}}}`},
		{"credential operation", `{"pagination": {"ListSecrets": {"limit_key": "MaxResults", "result_key": "SecretList"}}}`},
		{"credential operation", `{"routes": {"changePassword": {"method": "POST", "path": "/users/{id}/password"}}}`},
		// Headers that carry no credential, and lists of header names.
		{"plain headers", `{"headers": {"Content-Type": "application/json", "Accept": "*/*", "Access-Control-Allow-Origin": "*"}}`},
		{"plain headers", `{"headers": {"X-Request-Id": "abc123", "X-Session-Id": "s1", "User-Agent": "curl/8"}}`},
		{"plain headers", `{"cors": {"allowedHeaders": ["Authorization", "X-Api-Key", "Content-Type"]}}`},
		{"plain headers", `{"headers": [{"name": "Accept", "value": "text/html"}]}`},
		{"plain headers", `{"headers": ["Content-Type: text/plain", "X-Trace: 1"]}`},
		// Login objects without a secret in them.
		{"login metadata", `{"auth": {"type": "oauth2", "scopes": ["repo", "read:org"], "token_url": "https://x/t"}}`},
		{"login metadata", `{"auth": {"user": "bob", "method": "ssh-agent"}}`},
		// Name/value pairs that are not credentials.
		{"plain pairs", `{"Tags": [{"Key": "Name", "Value": "web"}, {"Key": "team", "Value": "infra"}]}`},
		{"plain pairs", `{"env": [{"name": "MODE", "value": "prod"}, {"name": "LOG_LEVEL", "value": "info"}]}`},
		{"plain pairs", `{"fields": ["password", "email"], "required": ["password", "username"]}`},
		{"plain pairs", `{"vars": [["HOST", "db"], ["PORT", "5432"]]}`},
		// Argument vectors of everyday work: -p is a port, a parent
		// directory, a pattern, a prompt.
		{"everyday argv", `{"argv": ["docker", "run", "-p", "8080:80", "nginx"]}`},
		{"everyday argv", `{"argv": ["ssh", "-p", "22", "deploy@host"]}`},
		{"everyday argv", `{"argv": ["mkdir", "-p", "build/out"]}`},
		{"everyday argv", `{"argv": ["mysql", "-u", "root", "-p"]}`},
		{"everyday argv", `{"argv": ["go", "test", "./...", "-run", "TestAuthToken", "-count=1"]}`},
		{"everyday argv", `{"argv": ["git", "commit", "-m", "fix token refresh"]}`},
		{"everyday argv", `{"argv": ["kubectl", "get", "secrets", "-n", "prod"]}`},
		{"everyday argv", `{"argv": ["pytest", "-k", "password", "-x"]}`},
		{"everyday argv", `{"argv": ["grep", "-rn", "password", "src/"]}`},
		{"everyday argv", `{"argv": ["npm", "test"], "cwd": "/srv/app"}`},
		{"everyday argv", `{"command": "npm", "args": ["run", "build", "--", "--mode", "production"]}`},
		{"everyday argv", `{"command": ["nginx", "-g", "daemon off;"], "args": ["-c", "/etc/nginx/nginx.conf"]}`},
		{"everyday argv", `{"argv": ["psql", "-h", "db", "-p", "5432", "-U", "app"]}`},
		{"everyday argv", `{"argv": ["curl", "-H", "Accept: application/json", "https://api.example.com"]}`},
		{"everyday lists", `{"tags": ["auth", "api", "token-refresh"], "files": ["auth.go", "token.go"]}`},
		{"everyday lists", `{"required": ["ConnectorName", "KafkaClusterClientAuthentication", "KafkaClusterEncryptionInTransit", "Plugins"]}`},
	} {
		t.Run(tt.class+": "+tt.js, func(t *testing.T) {
			v := decode(t, tt.js)
			out, findings := r.Tree(v)
			if !reflect.DeepEqual(out, v) || len(findings) != 0 {
				t.Errorf("changed: %s %v", mustJSON(t, out), findings)
			}
		})
	}
}

// The argument-vector view maps every finding back into the elements it
// covers, whatever their quoting, and stays linear on long lists.
func TestArgvSpansMapping(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	items := []string{"mysql", "-uroot", "-pab'c\"d e$f", "db"}
	spans := r.argvSpans(items, false)
	if len(spans) != len(items) || len(spans[2]) == 0 || len(spans[0])+len(spans[1])+len(spans[3]) != 0 {
		t.Fatalf("spans = %v", spans)
	}
	for _, sp := range spans[2] {
		if items[2][sp.start:sp.end] != "ab'c\"d e$f" {
			t.Errorf("mapped %q", items[2][sp.start:sp.end])
		}
	}
	// A long list: the program leads every window.
	long := []string{"sshpass"}
	for range 20000 {
		long = append(long, "-v")
	}
	long = append(long, "-p", "s3cr3tP4ss", "ssh", "h")
	spans = r.argvSpans(long, false)
	if n := len(long); len(spans) != n || len(spans[n-3]) == 0 {
		t.Fatalf("long list: password not found")
	}
	b, _ := json.Marshal(map[string]any{"argv": long})
	if len(b) < 60000 {
		t.Fatal("list too short")
	}
}

// TestBreaker10bLinear: the round 10 tree views stay linear on adversarial
// trees (long lists of words, dense password flags, deep credential
// nesting, many programs in sibling keys, wide objects).
func TestBreaker10bLinear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	words := func(n int, w ...string) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = w[i%len(w)]
		}
		return out
	}
	deep := any("abcdefgh")
	for range 2000 {
		deep = map[string]any{"password": []any{deep, "x1y2z3w4"}}
	}
	wide := map[string]any{}
	for i := range 20000 {
		wide[strings.Repeat("k", i%50)+string(rune('a'+i%26))+strings.Repeat("x", i/1000)] = []any{"mysql", "-p", "abc"}
	}
	pairs := make([]any, 20000)
	for i := range pairs {
		pairs[i] = map[string]any{"cmd": "sshpass", "args": []any{"-p", "abcdefgh", "ssh", "h"}}
	}
	long := make([]any, 0, 100000)
	for range 100000 {
		long = append(long, strings.Repeat("a", 100))
	}
	for name, in := range map[string]any{
		"long word list":  words(200000, "-v", "x"),
		"password flags":  words(100000, "mysql", "-p", "-pabc", "--password", "sshpass"),
		"long words":      long,
		"deep credential": deep,
		"wide object":     wide,
		"program pairs":   pairs,
		"header lines":    map[string]any{"headers": words(100000, "X-Auth: abcdefgh", "Authorization: Bearer x")},
		"secret maps":     map[string]any{"secrets": wide},
	} {
		start := cpuTime()
		out, _ := r.Tree(in)
		d := cpuTime() - start
		t.Logf("%-16s in %v CPU", name, d)
		if d.Seconds() > 3 {
			t.Errorf("%s: %v", name, d)
		}
		if again, f := r.Tree(out); len(f) != 0 || !reflect.DeepEqual(again, out) {
			t.Errorf("%s: not idempotent", name)
		}
	}
}

// TestBreaker10bTextLinear: the list view stays linear on adversarial text.
func TestBreaker10bTextLinear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	for name, in := range map[string]string{
		"escaped quotes": `"` + strings.Repeat(`\"`, 200000),
		"escaped json":   strings.Repeat(`\"\\`, 150000),
		"apostrophes":    strings.Repeat("don't ", 100000),
		"long list":      "[" + strings.Repeat(`"-p", "x", `, 60000) + "]",
		"plain flow":     strings.Repeat("[-p, a, ", 60000),
		"open brackets":  strings.Repeat("[", 300000),
		"brackets and a": strings.Repeat("[a ", 200000),
		"block sequence": strings.Repeat("- -p\n- x\n", 60000),
		"dashes":         strings.Repeat("- ", 300000),
		"quoted commas":  strings.Repeat(`"mysql", `, 80000),
		"long literal":   `"` + strings.Repeat("a", 1<<19) + `", "-p"`,
		"lone quotes":    strings.Repeat(`"`+strings.Repeat("x", 5000), 100),
	} {
		start := cpuTime()
		out, _ := r.Text(in)
		d := cpuTime() - start
		t.Logf("%-16s %7d KiB in %v CPU", name, len(in)>>10, d)
		if d.Seconds() > 3 {
			t.Errorf("%s: %v for %d bytes", name, d, len(in))
		}
		if again, _ := r.Text(out); again != out {
			t.Errorf("%s: not idempotent", name)
		}
	}
}

// FuzzArgvRender: the rendered line maps every byte of every element
// exactly once, and the shell lexer reads the line back as the elements.
func FuzzArgvRender(f *testing.F) {
	for _, s := range []string{"mysql\x00-uroot\x00-pab'c\"d e$f", "a\x00\x00b c", "'\x00''\x00\\", "x\ny\x00#z\x00~u"} {
		f.Add(s, false)
	}
	f.Add("docker exec db mysql\x00-p'x", true)
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string, raw bool) {
		items := strings.Split(s, "\x00")
		idx := make([]int, len(items))
		for i := range idx {
			idx[i] = i
		}
		line, pieces := renderArgv(items, idx, raw, true)
		if l2, _ := renderArgv(items, idx, raw, false); l2 != line {
			t.Fatalf("unmapped render %q != %q", l2, line)
		}
		seen := make([][]bool, len(items))
		for i, it := range items {
			seen[i] = make([]bool, len(it))
		}
		for _, p := range pieces {
			if line[p.t:p.t+p.n] != items[p.item][p.off:p.off+p.n] {
				t.Fatalf("piece %+v maps %q to %q", p, line[p.t:p.t+p.n], items[p.item][p.off:p.off+p.n])
			}
			for k := p.off; k < p.off+p.n; k++ {
				if seen[p.item][k] {
					t.Fatalf("byte %d of %d mapped twice", k, p.item)
				}
				seen[p.item][k] = true
			}
		}
		for i := range seen {
			for k, ok := range seen[i] {
				if !ok {
					t.Fatalf("byte %d of element %d unmapped in %q", k, i, line)
				}
			}
		}
		if !raw && len(line) < maxQuote {
			lx := &shlex{src: line, out: &view{}, end: len(line)}
			var got []string
			for {
				tok, ok := lx.next()
				if !ok {
					break
				}
				if tok.op == "" && tok.t1 > tok.t0 {
					got = append(got, lx.text(tok))
				}
			}
			var want []string
			for _, it := range items {
				if it != "" {
					want = append(want, it)
				}
			}
			if !reflect.DeepEqual(got, want) && !strings.ContainsAny(s, "\n\r") {
				t.Fatalf("line %q lexes as %q, want %q", line, got, want)
			}
		}
		for i, sps := range r.argvSpans(items, raw) {
			for _, sp := range sps {
				if sp.start < 0 || sp.end > len(items[i]) || sp.start >= sp.end {
					t.Fatalf("span %+v out of element %d (%q)", sp, i, items[i])
				}
			}
		}
	})
}

// TestBreaker10bTextLists: the same argument vectors written as lists in a
// file or a command line (listview.go).
func TestBreaker10bTextLists(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "s3cr3tP4ssw0rdXyz"
	for _, tt := range []struct{ class, text string }{
		{"exec form", `CMD ["mysql", "-uroot", "-p{}"]`},
		{"exec form", `ENTRYPOINT ["sshpass", "-p", "{}", "ssh", "host"]`},
		{"exec form", "RUN [\"sshpass\",\n     \"-p\",\n     \"{}\", \"scp\", \"a\", \"h:\"]"},
		{"flow list", `command: ["sshpass", "-p", "{}", "ssh", "h"]`},
		{"flow list", `command: [sshpass, -p, {}, ssh, h]`},
		{"flow list", `args = ["--password", "{}"]`},
		{"flow list", `args = ['--password', '{}']`},
		{"flow list", `{"argv": ["redis-cli", "-a", "{}", "ping"]}`},
		{"flow list", `{\"argv\": [\"sshpass\", \"-p\", \"{}\"]}`},
		{"flow list", `{"request": "{\"command\": [\"mysql\", \"-uroot\", \"-p{}\"]}"}`},
		{"flow list", `["sshpass", "-p", "{}\"q", "ssh"]`},
		{"flow list", `["sshpass", "-p", '{}\'q', "ssh"]`},
		{"flow list", "# don't: CMD [\"sshpass\", \"-p\", \"{}\"]"},
		{"call arguments", `subprocess.run(["mysql", "-uroot", "-p{}"], check=True)`},
		{"call arguments", `exec.Command("sshpass", "-p", "{}", "ssh", "h")`},
		{"call arguments", `spawn("docker", ["login", "-u", "bob", "-p", "{}"])`},
		{"block sequence", "    command:\n      - mysql\n      - -uroot\n      - -p{}\n"},
		{"block sequence", "    args:\n      - --password\n      - {}\n"},
		{"block sequence", "command:\n- sshpass\n- \"-p\"\n- '{}'  # pw\n- ssh\n"},
	} {
		in := strings.ReplaceAll(tt.text, "{}", pw)
		t.Run(tt.class+": "+tt.text, func(t *testing.T) {
			out, ids := r.Text(in)
			if strings.Contains(withoutMarkers(out), pw) || len(ids) == 0 {
				t.Errorf("secret in clear: %q %v", strings.ReplaceAll(out, pw, "<SECRET>"), ids)
			}
			if again, _ := r.Text(out); again != out {
				t.Errorf("not idempotent: %q", again)
			}
		})
	}
	for _, tt := range []struct{ class, text string }{
		{"everyday lists", `ports: ["8080:80", "443:443"]`},
		{"everyday lists", `CMD ["docker", "run", "-p", "8080:80", "nginx"]`},
		{"everyday lists", `["ssh", "-p", "22", "deploy@host"]`},
		{"everyday lists", `exec.Command("mkdir", "-p", dir)`},
		{"everyday lists", `exec.Command("go", "test", "./...", "-run", "TestAuthToken")`},
		{"everyday lists", `subprocess.run(["git", "commit", "-m", "fix token refresh"])`},
		{"everyday lists", `subprocess.run(["pytest", "-k", "password", "-x"])`},
		{"everyday lists", `["mysql", "-u", "root", "-p"]`},
		{"everyday lists", `[]string{"openssl", "s_client", "-connect", "host:443"}`},
		{"everyday lists", `fields = ["password", "email", "token"]`},
		{"everyday lists", `required: [ConnectorName, KafkaClusterClientAuthentication, KafkaClusterEncryptionInTransit]`},
		{"everyday lists", "steps:\n  - uses: actions/checkout@v4\n  - run: go test ./...\n"},
		{"everyday lists", "- fix the token refresh\n- add -p to mkdir\n- rotate the password monthly\n"},
		{"everyday lists", "    ports:\n      - \"8080:80\"\n      - -p\n"},
		{"everyday lists", `import ("fmt", "os")`},
		{"everyday lists", `{"CurveTest-Client-MLKEM-TLS13": "PASS", "CurveTest-Server-MLKEM-TLS13": "PASS"}`},
		{"everyday lists", `"-shim-extra-flags=-bogo-mode -loose-errors", "PASS", "ServerAuth-Enforced"`},
	} {
		t.Run(tt.class+": "+tt.text, func(t *testing.T) {
			if out, ids := r.Text(tt.text); out != tt.text {
				t.Errorf("changed: %q %v", out, ids)
			}
		})
	}
}

// FuzzListView: the list view never panics, maps every byte it renders
// from the input to the input, and redaction through it stays idempotent.
func FuzzListView(f *testing.F) {
	for _, s := range []string{`CMD ["mysql", "-p'x", 'y\'z']`, "a:\n  - -p\n  - x\n", `[a, -b, "c\"d"]`,
		`{\"a\": [\"-p\", \"x\\\"y\"]}`, `"\`, `'a", "b`, "- \"x\n- y"} {
		f.Add(s)
	}
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		if v := listView(s); v != nil {
			for _, g := range v.segs {
				if g.s < 0 || g.e > len(s) || g.s > g.e || g.t+g.n > len(v.buf) {
					t.Fatalf("seg %+v out of range", g)
				}
				if !g.block && string(v.buf[g.t:g.t+g.n]) != s[g.s:g.e] {
					t.Fatalf("seg %+v maps %q to %q", g, v.buf[g.t:g.t+g.n], s[g.s:g.e])
				}
			}
		}
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}
