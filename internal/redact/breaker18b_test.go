package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

// Red-team round 18, breaker br18b (class: secrets in clear in the
// evidence log; target: round 17's redaction fixes: literalSpans'
// positions, the 8192-byte window's positional table, tree references by
// name, compound redirections). source: "red-team round 18". Fixed
// by the round 18 fix (failclosedallow.go); they always run. Each case was checked at 24ab105:
// the secret comes back from Redactor.Text (shell lines) or Redactor.Tree
// (#31) in clear, and the same line given to `mandate-engine hook claude`
// (scratch HOME, the repository's agent-policy.yaml) is stored with the
// secret in clear in params.command / params.content of the evidence log.
// Every shell line was run with bash 5.2.15 and stubs (mysql, docker,
// xpasswd, foo, wpa_passphrase, xfreerdp) on PATH that log their argv and
// standard input: the stub received the password.
//
// #21 (red-team round 18, #21): option-shaped literals. literalSpans keeps
// every word that starts with '-' unless it is -X followed by a random
// tail or has '='; a word "--PW" is kept whole, and ${_#--}, ${OPTARG#--}
// (getopts -a --PW) hand PW to the sink.
// #22 (red-team round 18, #22): binding names. literalSpans masks the
// value of NAME=VALUE but never the NAME: a variable's name read back by
// ${!PREFIX*} or compgen -e, an associative array's key by ${!A[@]}, an
// alias's name by alias; the name IS the password.
// #23 (red-team round 18, #23): redirection targets. The word after > or
// < is skipped as "a path" (a file name is never judged): : > PW creates a
// file whose name is the password, ls prints it into a stdin reader.
// #24 (red-team round 18, #24): brace-expansion members. '{' sets command
// position (a group), so the word in {PW,} is kept as a program; : {PW,}
// makes $_ the password.
// #25 (red-team round 18, #25): exempt shapes in argument words. Round
// 17 (#24) took the path/URL/number exemption away from assignment values
// only; an argument word that looks like a path (/PW), a URL without a
// user (https://PW.example) or a number (a PIN) is still kept, and $_,
// ${_#/}, a loop variable carry it to the sink.
// #26 (red-team round 18, #26): file names as the channel. A stdin
// reader fed by a pipe or process substitution from a program whose
// output the view does not know (ls) is no sink with a reference, so the
// fail-closed pass never runs; touch PW; ls | docker login --password-stdin.
// #27 (red-team round 18, #27): a descriptor held in a variable. A stdin
// reader duplicated from a descriptor named by a reference (<&$FD after
// exec {FD}<<< PW, <&"${COPROC[0]}" of coproc { echo PW; }) is neither
// an exec'd fd clipipe.go knows nor a sink with a reference.
// #28 (red-team round 18, #28): shape positionals past the window.
// Round 17 (#25) masks the rest's operands only for programs whose
// cliTable row takes a positional (cutPositional); the shape rules
// (clishape.go: a *passwd program's -b FILE USER PW, "secrets set NAME
// VALUE") have no tail at all.
// #29 (red-team round 18, #29): a later pipeline stage. When the window
// cuts a pipeline, posCut looks at the cut command only and the rest is
// masked for k == 0 only; the positional program in a later stage
// (mysql -v ×3000 | wpa_passphrase SSID PW) is skipped as well by its own
// hit (done = lx.pos).
// #30 (red-team round 18, #30): slash options past the window.
// cliMaskOptionValues knows '-' options only; xfreerdp's /p:PW (and any
// /opt:VALUE or +opt) past 8192 bytes is kept.
// #31 (red-team round 18, #31): template references. The probe knows $X,
// ${X}, $(…), %X%, ${{ … }}; a Jinja/Ansible {{ x }}, just's {{x}} or a Go
// template's {{.X}} in a sink is no reference, the sink's "value" is the
// literal "{{", and the binding (vars: x: PW, x := "PW") stays in clear.
func TestBreaker18bSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	cases := []struct{ class, in string }{
		{"#21 option-shaped literals", `: --{}; mysql -u root -p"${_#--}" db`},
		{"#21 option-shaped literals", `getopts a: X -a --{}; mysql -u root -p"${OPTARG#--}" db`},
		{"#22 binding names", `{}=1; mysql -u root -p"${!Qz7*}" db`},
		{"#22 binding names", `declare -A A; A[{}]=1; mysql -u root -p"${!A[@]}" db`},
		{"#22 binding names", `alias {}=true; mysql -u root -p"$(alias | cut -c7-26)" db`},
		{"#23 redirection targets", `: > {}; ls | docker login -u me --password-stdin`},
		{"#24 brace-expansion members", `: {{},}; mysql -u root -p"$_" db`},
		{"#25 exempt shapes in argument words", `: /{}; mysql -u root -p"${_#/}" db`},
		{"#25 exempt shapes in argument words", `: https://{}.example; mysql -u root -p"$_" db`},
		{"#25 exempt shapes in argument words", `: 83920571; mysql -u root -p"$_" db`},
		{"#26 file names as the channel", `touch {}; ls | docker login -u me --password-stdin`},
		{"#26 file names as the channel", `touch {}; docker login -u me --password-stdin < <(ls)`},
		{"#27 a descriptor held in a variable", `exec {FD}<<< {}; docker login -u me --password-stdin <&$FD`},
		{"#27 a descriptor held in a variable", `coproc { echo {}; }; docker login -u me --password-stdin <&"${COPROC[0]}"`},
		{"#28 shape positionals past the window", "xpasswd -b " + strings.Repeat("-B ", 3000) + "f u {}"},
		{"#28 shape positionals past the window", "foo secrets set NAME " + strings.Repeat("-q ", 3000) + "{}"},
		{"#29 a later pipeline stage past the window", "mysql " + strings.Repeat("-v ", 3000) + "| wpa_passphrase ssid {}"},
		{"#30 slash options past the window", "xfreerdp " + strings.Repeat("/v:x ", 3000) + "/p:{}"},
	}
	for _, tt := range cases {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) || strings.Contains(tt.in, "83920571") && strings.Contains(out, "83920571") {
				t.Errorf("red-team round 18, %s: secret stored in clear (source: red-team round 18): %.300q", tt.class[:3], strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// #31: a Write tool's content, as the hook records it.
func TestBreaker18bTemplateReferences(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, path, content string }{
		{"#31 template references", "site.yml", "- hosts: db\n  vars:\n    dbp: {}\n  tasks:\n    - command: mysql -u root -p{{ dbp }} db\n"},
		{"#31 template references", "justfile", "x := \"{}\"\nall:\n\tmysql -u root -p{{x}} db\n"},
		{"#31 template references", "Taskfile.yml", "vars:\n  X: {}\ntasks:\n  a:\n    cmds:\n      - mysql -u root -p{{.X}} db\n"},
	} {
		t.Run(tt.class, func(t *testing.T) {
			v := map[string]any{"action_type": "file.write", "params": map[string]any{"file_path": tt.path, "content": strings.ReplaceAll(tt.content, "{}", pw)}}
			out, _ := r.Tree(v)
			b, _ := json.Marshal(out)
			if strings.Contains(string(b), pw) {
				t.Errorf("red-team round 18, %s: secret stored in clear (source: red-team round 18): %s", tt.class[:3], strings.ReplaceAll(string(b), pw, "<SECRET>"))
			}
		})
	}
}
