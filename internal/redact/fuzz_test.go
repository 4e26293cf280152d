package redact

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func fuzzSeeds() []string {
	return []string{
		"",
		"x --vault-password-file <(echo -n 'Pl41nQ') y", "printf %s ghp_abc def ghi",
		// Round 4 (finding 11): builtins, clusters, command languages,
		// PowerShell parameters and splatting, substitutions.
		"printf -v DB_PASSWORD %s Pl41nQ7x; read -r API_KEY <<< 'a b'", "curl -fsSLubob:Pl41nQ7x h",
		"lftp -c 'open -u bob,Pl41nQ7x h; user bob \"x y\"'", "ftp <<E\nuser a Pl41nQ7x\nE",
		"Set-Item -Va:'Pl41nQ7x' -Path:Env:API_KEY", "$a = @{Name='password'; Value=$v}; $a['Value']='Pl41nQ7x'; sv @a",
		"DB_PASSWORD=$(printf %s Pl41nQ7x); read TOKEN < <(echo `x`)",
		"DB_PASSWORD=hunter22 ./run && echo hunter22",
		// Round 5 (finding 10): command-line shapes (clishape.go).
		"sudo -u a cf login -u bob -p $(echo Pl41nQ7x) && x secrets set K=v", "vault operator unseal `printf %s Pl41nQ7x`",
		`{"command":"sh -c 'db -U b -P \"Pl41nQ7x\"'"} openvpn --auth-user-pass <(printf 'u\nPl41nQ7x`,
		"cat <<E | t --token-stdin\nPl41nQ7x\nE\nglab variable set API_TOKEN Pl41nQ7x; etcdctl put /a/db_password x",
		// Round 7 (findings 10, 11): password names of any language, any shape.
		"var pw string = \"Pl41nQ7x\"; (def password \"x y\"); setPassword(u, `Pl41nQ7x`)",
		"kennwort <- r#\"Pl41nQ7x\"#; contraseña: Pl41nQ7x; pwd.set(\"\"\"Pl41nQ7x\"\"\")",
		"password = os.getenv(\"A\", \"Pl41nQ7x\") or ENV[\"B\"] || %q(Pl41nQ7x)",
		// Round 8 (finding 9): tokens as URL users, capability URLs.
		"git clone https://" + gen(41, "", alNum, 40) + ":x-oauth-basic@github.com/o https://" + gen(42, "", alNum, 40) + ":@h https://git@h",
		"curl https://discord.com/api/webhooks/1/" + gen(43, "", alB64u, 68) + " https://api.telegram.org/bot1:x/m https://h/hooks/" + gen(44, "", alLower, 26),
		"https://a.webhook.office.com/w/IncomingWebhook/x/y hooks.zapier.com/hooks/catch/1/2 /bot/ //@/hooks//",
		// Round 9 (findings 11-13): $'…' values, bindings, Oracle logons.
		"export API_KEY=$'Pl4\\x31nQ7x' T=$\"a\\\"b\" K=ab'cd'\\ef; IFS=$'\\n'",
		"set -- a Pl41nQ7x; shift; mysql -p\"$1\" \"$@\"; read -r p <<< x; for q in a b; do sshpass -p $q; done",
		"f() { mysql -p\"$1\"; }; f Pl41nQ7x; bash -c 'x -p\"$1\"' _ y; arr=(a b); echo ${arr[1]}",
		"expdp u/Pl41nQ7x@db; rman target / catalog r/\"p@w\"@c; CONNECT s/x@d; jdbc:oracle:thin:a/b@//h:1/s",
		"password: correct horse # c",
		`{"password": "p\"wxyz", "user": "bob"}`,
		`{\"api_key\":\"abcdef123456\"}`,
		"curl -H 'Authorization: Bearer abcdef1234567890' https://x",
		"postgres://u:p@ss@h/db redis://:x@y",
		"password: [REDACTED:x1:000000000000]hunter22",
		"[REDACTED:password-assignment:0123456789ab]",
		"-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----",
		"-----BEGIN PRIVATE KEY-----\\nMIIabc",
		"mysql -uroot -phunter22; sshpass -p 'x y' ssh h; curl -u a:b x",
		"card 4111 1111 1111 1111 ssn 123-45-6780 tel +14155552671 (415) 555-2671 bob@example.com",
		gen(30, "ghp_", alNum, 36) + " " + gen(31, "AKIA", alUp32, 16) + " " + gen(32, "eyJ", alB64u, 20) + "." + gen(33, "eyJ", alB64u, 20) + "." + gen(34, "", alB64u, 20),
		"token=${TOKEN} key=$(cat k) secret={{ .x }} pw=%P% password=<p>",
		"Cookie: a=b; c=d\nAuthorization: Basic dXNlcjpwYXNz\n",
		"<add key=\"Password\" value=\"hunter22\" />",
		"A=ghp_abc; B=" + gen(40, "", alNum, 33) + "; echo \"$A${B}\" | gh auth login --with-token",
		"printf '%s%s' gh''p_abc def\\ ghi; T=x; curl -H \"Authorization: Bearer\" -H \"$T\"",
		"echo hunter22 | sudo -S id; htpasswd -b f u pw; net use \\\\h\\s pw /user:x; 7z -ppw x a",
		"%67%68%70_%25%36%37 \\x67\\u0067 &#103; gh\u200bp_ Z2hwX2FiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6MDEyMzQ1Njc4OQ==",
	}
}

// withoutMarkers blanks every marker so a secret cannot "survive" by
// coincidentally appearing inside one.
func withoutMarkers(s string) string {
	marks := findMarkers(s)
	for i := len(marks) - 1; i >= 0; i-- {
		s = s[:marks[i].start] + "\x00" + s[marks[i].end:]
	}
	return s
}

func FuzzText(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	r := mustNew(f, Config{Key: testKey, PII: true})
	f.Fuzz(func(t *testing.T, s string) {
		out, ids := r.Text(s)
		again, ids2 := r.Text(out)
		if again != out || len(ids2) != 0 {
			t.Fatalf("not idempotent:\n in  %q\n out %q\n 2nd %q %v", s, out, again, ids2)
		}
		if (out == s) != (len(ids) == 0) {
			t.Fatalf("ids %v inconsistent with output change", ids)
		}
		clean := withoutMarkers(out)
		for _, sp := range r.detect(s) {
			v := s[sp.start:sp.end]
			if len(v) >= minRecur && strings.Contains(clean, v) {
				t.Fatalf("detected value survived (rule %s):\n in  %q\n out %q", sp.id, s, out)
			}
		}
	})
}

func FuzzTree(f *testing.F) {
	for _, s := range fuzzSeeds() {
		b, _ := json.Marshal(map[string]any{"command": s, "env": []any{s}, "password": s, s: 1})
		f.Add(string(b))
	}
	f.Add(`{"a":[1,2.5,true,null,{"token":"abcdefgh"}]}`)
	// Round 10 (#24, #25): values a tree's shape makes secrets, argument
	// vectors as lists and as a program beside its arguments.
	for _, js := range []string{
		`{"password":["a1b2c3d4",{"v":"x"},[7]],"secrets":{"DB":"pw","env":{"K":"v"}},"note":"a1b2c3d4"}`,
		`{"headers":{"X-Auth":["abc"],"common":{"X-Api-Key":"k"}},"auth":["bob","pw"],"h":[["Authorization","Bearer t"]]}`,
		`{"env":[{"name":"API_KEY","value":"v","masked":true},{"Name":"/a/b","Type":"SecureString","Value":"w"}]}`,
		`{"kind":"Secret","data":{"a":"b"},"password":{"type":"string","default":"d","description":"x"}}`,
		`{"argv":["mysql","-uroot","-p[REDACTED:cli-password-flag:000000000000]x","-pab'c"],"cmd":"sshpass -p","args":["pw",1234]}`,
		`{"Entrypoint":["sshpass"],"Cmd":["-p","abc","ssh"],"command":"docker exec db mysql","arguments":["-p'x"]}`,
		`{"GetSessionToken":{"input":{"a":"b"}},"headers":["X-Auth: abc","Cookie: a=b"]}`,
	} {
		f.Add(js)
	}
	r := mustNew(f, Config{Key: testKey, PII: true})
	f.Fuzz(func(t *testing.T, js string) {
		d := json.NewDecoder(strings.NewReader(js))
		d.UseNumber()
		var in any
		if d.Decode(&in) != nil {
			return
		}
		before, _ := json.Marshal(in)
		out, findings := r.Tree(in)
		after, _ := json.Marshal(in)
		if string(before) != string(after) {
			t.Fatal("Tree mutated its input")
		}
		out2, f2 := r.Tree(out)
		if !reflect.DeepEqual(out, out2) || len(f2) != 0 {
			t.Fatalf("Tree not idempotent: %v", f2)
		}
		if len(findings) == 0 && !reflect.DeepEqual(in, out) {
			t.Fatal("output changed without findings")
		}
		var secrets []string
		collect(in, func(k string, v any) {
			for _, sp := range r.detect(k) {
				secrets = append(secrets, k[sp.start:sp.end])
			}
			if s, ok := v.(string); ok {
				for _, sp := range r.detect(s) {
					secrets = append(secrets, s[sp.start:sp.end])
				}
			}
			nk, _ := r.Text(k)
			if k != "" && classifyKey(neutralize(nk)) >= keyStrong && scalarString(v) != "" {
				secrets = append(secrets, scalarString(v))
			}
		})
		collect(out, func(k string, v any) {
			strs := []string{withoutMarkers(k)}
			if s, ok := v.(string); ok {
				strs = append(strs, withoutMarkers(s))
			}
			for _, s := range strs {
				for _, sec := range secrets {
					if len(sec) >= minRecur && strings.Contains(s, sec) {
						t.Fatalf("detected value survived in %q", s)
					}
				}
			}
		})
		for _, fd := range findings {
			for _, sec := range secrets {
				if len(sec) >= minRecur && strings.Contains(withoutMarkers(pathKeys(fd.Path)), sec) {
					t.Fatalf("finding path leaks a value: %q", fd.Path)
				}
			}
		}
	})
}

// pathKeys decodes the JSON strings a finding's path writes bracketed
// keys as (["a\\b"] is the key a\b), so that an escape the path adds is
// not taken for a value's text.
func pathKeys(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); {
		if p[i] == '[' && i+1 < len(p) && p[i+1] == '"' {
			d := json.NewDecoder(strings.NewReader(p[i+1:]))
			var k string
			if d.Decode(&k) == nil {
				b.WriteString("[" + k)
				i += 1 + int(d.InputOffset())
				continue
			}
		}
		b.WriteByte(p[i])
		i++
	}
	return b.String()
}

// collect calls fn for every (key, value) in v; array elements and the root
// get key "".
func collect(v any, fn func(k string, v any)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			fn(k, e)
			collect(e, fn)
		}
	case []any:
		for _, e := range x {
			fn("", e)
			collect(e, fn)
		}
	default:
		fn("", v)
	}
}

// TestNeverReturnsValues runs every corpus positive through Text and Tree
// and checks no generated secret is in any output, finding or rule ID.
func TestNeverReturnsValues(t *testing.T) {
	r := mustNew(t, Config{Key: testKey, PII: true})
	for _, e := range loadCorpus(t) {
		if e.kind != "P" && e.kind != "PP" {
			continue
		}
		out, ids := r.Text(e.text)
		tree, findings := r.Tree(map[string]any{"params": map[string]any{"command": e.text, "list": []any{e.text}}})
		js := mustJSON(t, tree)
		for _, v := range e.secrets {
			jv := mustJSON(t, v)
			jv = jv[1 : len(jv)-1]
			if strings.Contains(out, v) || strings.Contains(js, jv) || strings.Contains(strings.Join(ids, " "), v) {
				t.Errorf("line %d: secret returned", e.line)
			}
			for _, f := range findings {
				if strings.Contains(f.Path+f.Rule, v) {
					t.Errorf("line %d: secret in finding", e.line)
				}
			}
		}
	}
}

// TestRandomNoise checks that random printable noise is stable (no panics,
// idempotent) beyond the fuzz seeds, deterministically.
func TestRandomNoise(t *testing.T) {
	r := mustNew(t, Config{Key: testKey, PII: true})
	rng := rand.New(rand.NewPCG(7, 7))
	const alphabet = "abcAKIA_-=:/@. \n\"'\\{}[]$0123456789ghpxoxbeyJ"
	for range 2000 {
		s := randFrom(rng, alphabet, rng.IntN(200))
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	}
}
