package redact

import (
	"strings"
	"testing"
)

// Red-team round 20, breaker br20b (class: secrets in clear in the
// evidence log; target: round 18's allow-list fail-closed pass
// (failclosedallow.go), perf12's probe (probe.go, kwtable.go,
// litstart.go) and the sinks the probe is meant to see). source:
// "red-team round 20". Fixed by f20b (red-team round 20 fix): the cases always run. Each case
// was checked at ea2b211: the secret comes back from Redactor.Text in
// clear, and every line given to `mandate-engine hook claude` (scratch
// HOME and MANDATE_HOME, the repository's agent-policy.yaml) is stored
// with the secret (#30: its 2-byte words, in order) in clear in
// records.jsonl. Every line was run with bash 5.2.15 and stubs (mysql, docker,
// psql, curl, sshpass) first on PATH that log their argv, environment and
// standard input: the stub received the password.
//
// #21 (red-team round 20, #21): here-strings. sinkProbe's '<' case
// rewrites "<<" to "< " (a here-document's body is read as lines of
// commands) and reaches it inside "<<<" too: the first '<' falls through,
// the second and third become "< ", so docker login --password-stdin
// <<< "$_" probes as "<<  PROBE" (a here-document whose delimiter is the
// probe): no stdin sink, the pass never fires, : PW before it stays.
// #22 (red-team round 20, #22): here-document bodies. A body is appended
// to the probe as command lines, so a reference in it (<<EOF\n$_\nEOF,
// $OPTARG) is never a stdin reader's value.
// #23 (red-team round 20, #23): environment sinks. sinkRules counts the
// assignment rules only after an option (optionBefore), so MYSQL_PWD=$_
// mysql, PGPASSWORD="$_" psql, export MYSQL_PWD=$_ are no sinks.
// #24 (red-team round 20, #24): mixed-case header names. HTTP header
// names are case-insensitive, but classifyKey splits AuThOrIzAtIoN and
// X-ApI-KeY at their humps, so neither is an authorization or key name:
// a literal token after them is kept (no reference needed).
// #25 (red-team round 20, #25): output process substitutions. A stdin
// reader inside > >(…) reads what the command before it prints, but only
// | and < <(…) are feeds: echo PW > >(docker login --password-stdin)
// keeps the literal.
// #26 (red-team round 20, #26): a reader's descriptor written later.
// coproc READER, exec 3> >(READER) start a stdin reader whose input is
// a descriptor a later command writes (>&"${COPROC[1]}", >&3); round
// 18's #27 covers reading a descriptor in a variable, not writing one.
// #27 (red-team round 20, #27): reference-shaped literals. allowWord
// keeps a word that isReference after trimQuoting strips quotes and
// backslashes, so '$PW', \$PW and "\$PW" (literal text) are kept, and
// ${_#?} hands PW to the sink.
// #28 (red-team round 20, #28): tilde prefixes. ~+ and ~- expand to PWD
// and OLDPWD, but the probe knows no tilde: sshpass -p ~+ is a literal
// password "~+", the pass never fires, the cd/mkdir path keeps PW.
// #29 (red-team round 20, #29): a here-document delimiter that is the
// secret. The allow-list keeps it as syntax, but declare -f (and type)
// print a function's here-document, delimiter included.
// #30 (red-team round 20, #30): short words. allowWord keeps every word
// under 3 bytes; a secret passed as 2-byte words (f Qz 7v …, read back by
// ${BASH_ARGV[*]} under extdebug, or : Qz; P=$P$_ …) is kept in order.
func TestBreaker20bSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	cases := []struct{ class, in string }{
		{"#21 here-strings", `: {}; docker login -u me --password-stdin <<< "$_"`},
		{"#21 here-strings", `getopts a: o -a {}; docker login -u me --password-stdin <<< "$OPTARG"`},
		{"#22 here-document bodies", ": {}; docker login -u me --password-stdin <<EOF\n$_\nEOF"},
		{"#22 here-document bodies", "getopts a: o -a {}; docker login -u me --password-stdin <<EOF\n$OPTARG\nEOF"},
		{"#23 environment sinks", `: {}; MYSQL_PWD=$_ mysql -u root`},
		{"#23 environment sinks", `: {}; PGPASSWORD="$_" psql -h h`},
		{"#23 environment sinks", `: {}; export MYSQL_PWD=$_; mysql -u root db`},
		{"#24 mixed-case header names", `curl -H "AuThOrIzAtIoN: {}" https://x`},
		{"#24 mixed-case header names", `curl -H "AuthoriZation: Basic {}" https://x`},
		{"#24 mixed-case header names", `curl -H "X-ApI-KeY: {}" https://x`},
		{"#24 mixed-case header names", `: {}; curl -H "AuThOrIzAtIoN: Bearer $_" https://x`},
		{"#25 output process substitutions", `echo {} > >(docker login -u me --password-stdin)`},
		{"#26 a reader's descriptor written later", `coproc docker login -u me --password-stdin; echo {} >&"${COPROC[1]}"`},
		{"#26 a reader's descriptor written later", `exec 3> >(docker login -u me --password-stdin); echo {} >&3`},
		{"#27 reference-shaped literals", `: '${}'; mysql -u root -p"${_#?}" db`},
		{"#27 reference-shaped literals", `: \${}; mysql -u root -p"${_#?}" db`},
		{"#27 reference-shaped literals", `X='${}'; mysql -u root -p"${X#?}" db`},
		{"#28 tilde prefixes", `mkdir -p /tmp/{}; cd /tmp/{}; sshpass -p ~+ ssh host`},
		{"#28 tilde prefixes", `mkdir -p /tmp/{} && cd /tmp/{} && cd / && sshpass -p ~- ssh host`},
		{"#29 a here-document delimiter", "f() { cat <<{}\n{}\n}; mysql -u root -p\"$(declare -f f | sed -n 3p | tr -d ' <cat')\" db"},
	}
	for _, tt := range cases {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("red-team round 20, %s: secret stored in clear (source: red-team round 20): %.300q", tt.class[:3], strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// #30: the secret's 2-byte pieces all stay in clear, in order.
func TestBreaker20bShortWords(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	pieces := []string{"Qz", "7v", "N2", "pL", "x9", "Rk", "4T", "mW", "8s", "Yb"}
	rev := make([]string, len(pieces))
	for i, p := range pieces {
		rev[len(pieces)-1-i] = p
	}
	var chain strings.Builder
	for i, p := range pieces {
		if i == 0 {
			chain.WriteString(": " + p + ";P=$_;")
		} else {
			chain.WriteString(": " + p + ";P=$P$_;")
		}
	}
	for _, in := range []string{
		`shopt -s extdebug; f() { IFS=; mysql -u root -p"${BASH_ARGV[*]}" db; }; f ` + strings.Join(rev, " "),
		chain.String() + ` mysql -u root -p"$P" db`,
	} {
		t.Run("#30 short words", func(t *testing.T) {
			out, _ := r.Text(in)
			rest, all := out, true
			for _, p := range pieces {
				if strings.Contains(in, "extdebug") {
					break
				}
				i := strings.Index(rest, p)
				if i < 0 {
					all = false
					break
				}
				rest = rest[i+len(p):]
			}
			if strings.Contains(in, "extdebug") {
				all = strings.Contains(out, strings.Join(rev, " "))
			}
			if all {
				t.Errorf("red-team round 20, #30: the secret's 2-byte words stored in clear (source: red-team round 20): %.400q", out)
			}
		})
	}
}
