package redact

import (
	"strings"
	"testing"
)

// Red-team round 20 fix (f20b): variants of #21-#30 nobody listed, and
// everyday lines that must keep their text. source: "red-team round 20 fix".
func TestRound20FixVariants(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, in := range []string{
		// #21/#22: a here-string or a here-document body with any reference.
		`: {}; docker login -u me --password-stdin <<<"${_}"`,
		": {}; docker login -u me --password-stdin <<-EOF\n\t${_}\n\tEOF",
		// #23: env and declare -x.
		`: {}; env MYSQL_PWD="$_" mysql -u root`,
		`: {}; declare -x PGPASSWORD=$_; psql -h h`,
		// #25/#26: a reader behind 1> >(…), exec {fd}> >(…), <&3.
		`echo {} 1> >(docker login -u me --password-stdin)`,
		`exec {w}> >(docker login -u me --password-stdin); echo {} >&$w`,
		`exec 3<<< {}; docker login -u me --password-stdin <&3`,
		// #27: a reference inside single quotes of a substitution in double quotes.
		`: "$(echo '${}')"; mysql -u root -p"${_#?}" db`,
		`: $'\'${}'; mysql -u root -p"${_#??}" db`,
		// #28: ~+ after an assignment's '='.
		`cd /tmp/{}; P=~+; sshpass -p "${P##*/}" ssh host`,
		// Unlisted routes (not filed by br20b): aliases, printf "$_".
		`alias x={}; mysql -u root -p"${BASH_ALIASES[x]}" db`,
		`: {}; mysql -u root -p"$(printf %s "$_")" db`,
	} {
		in = strings.ReplaceAll(in, "{}", pw)
		if out, _ := r.Text(in); strings.Contains(out, pw) {
			t.Errorf("red-team round 20 fix: secret kept: %q -> %q", in, out)
		}
	}
	// #30: a secret in 1-letter options read back by $_.
	chain := ""
	for _, c := range "Qz7vN2pLx9" {
		chain += "ls -" + string(c) + "; P=$P${_#-}; "
	}
	out, _ := r.Text(chain + `mysql -u root -p"$P" db`)
	if strings.Contains(out, "-Q;") || strings.Contains(out, "-z;") {
		t.Errorf("red-team round 20 fix: 1-letter options kept: %q", out)
	}
}

func TestRound20FixEveryday(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		`MYSQL_PWD="$DB_PASS" mysql -u root -h db.internal app`,
		`PGPASSWORD=$PGPASS psql -h localhost -U app -c 'select 1'`,
		`export GITHUB_TOKEN=$(gh auth token); go test ./...`,
		`curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user 2>&1`,
		`echo "$CR_PAT" | docker login ghcr.io -u octocat --password-stdin`,
		"cat <<EOF > notes.txt\nhello $USER\nEOF",
		`go test ./... && make lint`,
		`curl -H "Content-Type: application/json" -d '{"a":1}' https://example.com`,
	} {
		if out, _ := r.Text(in); out != in {
			t.Errorf("red-team round 20 fix: everyday line changed: %q -> %q", in, out)
		}
	}
}

// FuzzRound20LiteralWords: the quoting-aware allow-list never panics,
// its spans lie inside the input, and a masked word never holds a
// separator of the line outside quotes.
func FuzzRound20LiteralWords(f *testing.F) {
	for _, s := range []string{`: '$PW'; x "$Y" \$Z $'\'$W'`, "cat <<PW\nPW\n", `a "$(b '$c')" $d`, `-Q -p"$X" ~+ 2>&1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, short := range []bool{false, true} {
			for _, sp := range literalWords(s, false, short) {
				if sp.start < 0 || sp.end > len(s) || sp.start >= sp.end {
					t.Fatalf("%q: span %d-%d", s, sp.start, sp.end)
				}
			}
		}
		sinkProbe(s)
	})
}
