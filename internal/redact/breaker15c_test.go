package redact

import (
	"strings"
	"testing"
)

// Red-team round 15, breaker br15c (class: secrets in clear in the
// evidence log, stdin password readers). source: "red-team round 15".
// Fixed in round 15 (clipipe.go); they always run. Each line was run through
// Redactor.Text at HEAD (a831fd8) and the secret came back in clear.
//
// #48 (red-team round 15, #48): a password read from standard input
// (docker login --password-stdin, gh auth login --with-token, passwd
// --stdin) is masked only when the secret's producer is the simple command
// right before the reader (echo PW | reader, reader <<< PW, reader <<EOF).
// A filter between them (| tr -d '\n' |, | cat |, | head -1 |, | sed |,
// | tee |, | base64 -d |), a producer grouped in { } or ( ), or the input
// given on another descriptor (exec 3<<< PW; reader <&3) leaves the
// secret in clear: the pipeline's data flow is not followed through a
// stage. `echo $TOKEN | tr -d '\n' | docker login --password-stdin` is the
// form registries' and CI docs recommend.
// #49 (red-team round 15, #49): printf FORMAT ARG… feeding a stdin
// credential reader: the rendered text is matched, but the mask is put on
// the FORMAT (printf 'root:[REDACTED]\n' PW | chpasswd) while the secret
// is the ARGUMENT, which stays in clear; a reader that is fed the
// rendered lines of a credential protocol (git credential approve/store:
// password=%s) is not masked at all, and neither is printf '%s\n' PW |
// chpasswd or printf '%s' PW | kubectl create secret … --from-file=K=/dev/stdin.
func TestBreaker15cSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in string }{
		{"#48 a filter between producer and stdin reader", `echo {} | tr -d '\n' | docker login -u u --password-stdin r`},
		{"#48 a filter between producer and stdin reader", `echo {} | cat | docker login -u u --password-stdin r`},
		{"#48 a filter between producer and stdin reader", `echo {} | head -1 | docker login -u u --password-stdin r`},
		{"#48 a filter between producer and stdin reader", `echo {} | sed s/x/y/ | docker login -u u --password-stdin r`},
		{"#48 a filter between producer and stdin reader", `echo {} | tee /dev/null | docker login -u u --password-stdin r`},
		{"#48 a filter between producer and stdin reader", `echo {} | base64 -d | docker login -u u --password-stdin r`},
		{"#48 a grouped producer", `{ echo {}; } | docker login -u u --password-stdin r`},
		{"#48 a grouped producer", `(echo {}) | docker login -u u --password-stdin r`},
		{"#48 input on another descriptor", `exec 3<<< {}; docker login -u u --password-stdin r <&3`},
		{"#49 printf argument into a stdin reader", `printf 'root:%s\n' {} | chpasswd`},
		{"#49 printf argument into a stdin reader", `printf '%s:%s\n' root {} | chpasswd`},
		{"#49 printf argument into a stdin reader", `printf '%s\n' {} | chpasswd`},
		{"#49 printf argument into a stdin reader", `printf 'password=%s\n' {} | git credential approve`},
		{"#49 printf argument into a stdin reader", `printf 'protocol=https\nhost=x\nusername=u\npassword=%s\n' {} | git credential store`},
		{"#49 printf argument into a stdin reader", `printf '%s' {} | kubectl create secret generic x --from-file=p=/dev/stdin`},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("red-team round 15, %s: secret stored in clear (source: red-team round 15): %q", tt.class[:3], strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}
