package redact

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// Red-team round 16 fix (source: "red-team round 16 fix"): variants of
// #21-#32 nobody listed, which the fail-closed design (failclosed.go,
// treesink.go) catches, and everyday lines that must stay unchanged.
func TestRound16FixVariants(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Hn4kR8vPq2sXw7LmZt3"
	for _, in := range []string{
		// four levels of eval / sh -c (depth bound fails closed)
		`eval 'eval "eval \"eval \\\"Y={}\\\"\""'; sshpass -p "$Y" ssh h`,
		`bash -c "bash -c 'bash -c \"bash -c \\\"export P={}\\\"\"'"; psql "postgres://u:$P@h/db"`,
		// a script run through routes not modelled
		`printf '%s\n' 'mysql -u root -p"$2" db' > r.sh; . ./r.sh x {}`,
		`echo 'sshpass -p "$1" ssh h' > /tmp/a; bash < /tmp/a -s {}`,
		`install -m 755 /dev/stdin run.sh <<< 'mysql -p"$1" db'; ./run.sh {}`,
		// the value through a pipe reader or a substitution of a substitution
		`echo {} | { read -r X; mysql -u root -p"$X" db; }`,
		`printf %s {} | mysql -u root -p"$(head -c 100)" db`,
		`echo {} | docker login -u me --password-stdin "$(cat)"`,
		// trap and env -S spellings
		`trap -- "$(printf 'mysql -p"$X" db')" EXIT; X={}`,
		`env --split-string "X={} bash -c 'mysql -p\$X db'"`,
		// a header or URL fed by an unresolved name bound in eval text
		`eval "$(echo 'T={}')"; curl -H "Authorization: Bearer $T" https://api.example.com`,
	} {
		in = strings.ReplaceAll(in, "{}", pw)
		out, _ := r.Text(in)
		if strings.Contains(out, pw) {
			t.Errorf("red-team round 16 fix: secret in clear: %q", strings.ReplaceAll(out, pw, "<SECRET>"))
		}
	}
	for _, in := range []string{
		`{"spec": {"containers": [{"command": ["/bin/sh", "-c"], "args": ["exec mysqld --password=$(DB_PW)"], "env": [{"name": "DB_PW", "value": "{}"}]}]}}`,
		`{"jobs": {"b": {"steps": [{"run": "curl -u me:${{ env.TOKEN }} https://h"}], "env": {"TOKEN": "{}"}}}}`,
		`{"task": {"exec": "mysql -p%PW% db"}, "vars": "PW={}"}`,
		`{"Entrypoint": ["sh", "-c"], "Cmd": ["sshpass -p \"$P\" ssh h"], "Config": {"Env": ["P={}"]}}`,
	} {
		in = strings.ReplaceAll(in, "{}", pw)
		var v any
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		out, _ := r.Tree(v)
		b, _ := json.Marshal(out)
		if strings.Contains(string(b), pw) {
			t.Errorf("red-team round 16 fix: tree secret in clear: %s", strings.ReplaceAll(string(b), pw, "<SECRET>"))
		}
	}
}

// Everyday lines with a reference in a password position, where no
// literal of the line can reach it, come back unchanged.
func TestRound16FixKeeps(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		`mysql -u root -p"$MYSQL_ROOT_PASSWORD" -h db.internal app`,
		`echo "$CR_PAT" | docker login ghcr.io -u octocat --password-stdin`,
		`curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/repos/o/r/issues`,
		`sshpass -p "$SSHPASS" ssh deploy@web1 'systemctl restart app'`,
		`psql "postgresql://app:${PGPASSWORD}@localhost:5432/app" -c 'select 1'`,
		`vault login -method=userpass username=admin password="$(cat ~/.vault-pw)"`,
		`export GITHUB_TOKEN=$(gh auth token); go test ./...`,
		`for f in $(git ls-files '*.go'); do gofmt -l "$f"; done`,
		`npm ci && npm test -- --coverage`,
		`htpasswd -b -B .htpasswd "$USER" "$PASS"`,
	} {
		out, ids := r.Text(in)
		if out != in {
			t.Errorf("red-team round 16 fix: keep-case changed (fired %v): %q -> %q", ids, in, out)
		}
	}
	var v any
	_ = json.Unmarshal([]byte(`{"command": ["go", "test", "./..."], "env": {"GOFLAGS": "-mod=mod", "CGO_ENABLED": "0"}}`), &v)
	out, found := r.Tree(v)
	if len(found) != 0 {
		t.Errorf("red-team round 16 fix: everyday tree changed: %v %v", out, found)
	}
}

// FuzzFailClosed: the probe and the literal scan never panic, stay
// within their bounds, and the spans are inside the input.
func FuzzFailClosed(f *testing.F) {
	for _, s := range []string{
		`eval 'eval "eval \"X=PW\""'; mysql -p"$X" db`, "$(${`", "x -u a -p $(echo ", `%A% ${{ env.B }} $(C)`,
		"cat > s <<EOF\nmysql -p\"$1\"\nEOF\nsh s PW", "xargs -a /dev/stdin sshpass -p <<< PW", "C='a\"$X\"'; trap \"$C\" EXIT",
	} {
		f.Add(s)
	}
	r, _ := New(Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		p, refs := sinkProbe(s)
		if len(p) > 2*len(s)+len(probeWord)*(len(s)+2)+len(s)+8 {
			t.Fatalf("probe too long: %d for %d", len(p), len(s))
		}
		for _, ref := range refs {
			if ref.at < 0 || ref.at+len(probeWord) > len(p) || p[ref.at:ref.at+len(probeWord)] != probeWord {
				t.Fatalf("bad probe offset %d", ref.at)
			}
		}
		for _, sp := range literalSpans(s) {
			if sp.start < 0 || sp.end > len(s) || sp.start >= sp.end {
				t.Fatalf("bad span %v", sp)
			}
		}
		// (Idempotence is FuzzText's; a pre-existing case of the CLI
		// rule, "CAt 0<<0\nmYsql -p\"0\"0\n0\"0", is left to it.)
		if out, _ := r.Text(s); utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of valid input: %q", s)
		}
	})
}
