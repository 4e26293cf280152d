package redact

import (
	"strings"
	"testing"
	"time"
)

// Red-team round 15 fix (br15c #48, #49, and the written script run
// later in the line): variants of the classes closed, everyday lines that
// must stay readable. source: "red-team round 15 fix".
func TestRound15eFixVariants(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in string }{
		// #48: stages between the producer and the reader.
		{"#48 stages", `echo {} | tr -d '\n' | base64 | base64 -d | docker login -u u --password-stdin r`},
		{"#48 stages", `echo {} | tr -d x | env DOCKER_CONFIG=/tmp docker login --password-stdin r`},
		{"#48 stages", `echo {} | base64 -d | sudo -S id`},
		{"#48 stages", `printf '%s\n' {} | xargs -0 printf %s | gh auth login --with-token`},
		{"#48 stages", `tr -d x <<< {} | docker login --password-stdin r`},
		{"#48 stages", "cat <<EOF | tr -d x | chpasswd\nroot:{}\nEOF"},
		{"#48 stages", `X={}; echo "$X" | tr -d x | docker login --password-stdin r`},
		{"#48 stages", "echo {} |\n  tr -d x |\n  docker login --password-stdin r"},
		// #48: groups, compound commands, a reader inside a group.
		{"#48 groups", `{ echo u; echo {}; } | passwd --stdin u`},
		{"#48 groups", "{\n  echo {}\n} | docker login --password-stdin r"},
		{"#48 groups", `echo {} | (tr -d x | gh auth login --with-token)`},
		{"#48 groups", `echo {} | { tr -d x; } | docker login --password-stdin r`},
		{"#48 groups", `if true; then echo {}; fi | docker login --password-stdin r`},
		{"#48 groups", `( (printf '%s' {}) ) | docker login --password-stdin r`},
		{"#48 groups", `sh -c '(echo {}) | docker login --password-stdin r'`},
		{"#48 groups", `cd /tmp && { echo {}; } |& docker login --password-stdin r`},
		// #48: descriptors opened by exec.
		{"#48 descriptors", `exec 3<<< {}; cat <&3 | docker login --password-stdin r`},
		{"#48 descriptors", `exec 3< <(echo {}); docker login --password-stdin r 0<&3`},
		{"#48 descriptors", "exec 4<<EOF\n{}\nEOF\ndocker login --password-stdin r <&4"},
		{"#48 descriptors", `exec <<< {}; docker login --password-stdin r`},
		// #49: printf's output mapped to its arguments; more readers.
		{"#49 printf", `printf '%s:%s\n' root {} | chpasswd`},
		{"#49 printf", `printf 'root:%s\nbob:%s\n' x {} | chpasswd`},
		{"#49 printf", `printf 'root:%b\n' {} | chpasswd`},
		{"#49 printf", `printf -- '%s\n' {} | docker login --password-stdin r`},
		{"#49 printf", `printf 'root:{}\n' | chpasswd`},
		{"#49 printf", `printf 'protocol=https\nhost=x\nusername=u\noauth_refresh_token=%s\n' {} | git credential approve`},
		{"#49 printf", `printf 'password=%s\n' {} | git credential-store store`},
		{"#49 printf", `printf 'password=%s\n' {} | git-credential-osxkeychain store`},
		{"#49 printf", `echo {} | kubectl create secret generic x --from-file=/dev/stdin`},
		{"#49 printf", `printf %s {} | oc create secret generic x --from-file=pw=/dev/fd/0`},
		{"#49 printf", `printf %s {} | gcloud secrets versions add x --data-file=/dev/stdin`},
		{"#49 printf", `printf %s {} | vault kv put secret/x pw=-`},
		// A script written by a here-document and run later in the line.
		{"written", "cat > s.sh <<'EOF'\necho \"$1\" | docker login --password-stdin r\nEOF\nbash s.sh {}"},
		{"written", "cat > s.sh <<'EOF'\nmysql -u root -p\"$1\" db\nEOF\nchmod +x s.sh\n./s.sh {}"},
		{"written", "cat > /tmp/s.sh <<'EOF'\nsshpass -p \"$1\" ssh h\nEOF\nsh /tmp/s.sh {}"},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("red-team round 15 fix, %s: secret stored in clear: %q", tt.class, strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// TestRound15eFixKeep: everyday pipelines, groups and written scripts
// stay as they are (source: red-team round 15 fix).
func TestRound15eFixKeep(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		`echo hello | tr a-z A-Z | sort | uniq -c`,
		`{ echo building; make -j4; } | tee build.log`,
		`(cd web && npm test) | tail -n 20`,
		`cat go.mod | head -5 | grep module`,
		`printf '%s\n' a b c | xargs -n1 echo`,
		`printf 'protocol=https\nhost=github.com\n' | git credential fill`,
		`git log --format='%h %s' | head -n 5`,
		`exec 3< input.txt; while read -r l <&3; do echo "$l"; done`,
		`kubectl apply -f - <<< "$(cat deploy.yaml)"`,
		`echo "$GITHUB_TOKEN" | tr -d '\n' | docker login ghcr.io -u bot --password-stdin`,
		"cat > run.sh <<'EOF'\ngo test ./...\nEOF\nbash run.sh",
		"cat > build.sh <<'EOF'\nmake \"$1\"\nEOF\nsh build.sh release",
		`echo x > out.txt; cat out.txt | wc -l`,
		`kubectl create secret generic x --from-file=config.json`,
		`git config credential.helper store`,
	} {
		out, ids := r.Text(in)
		if out != in {
			t.Errorf("everyday line changed (source: red-team round 15 fix): %q -> %q %v", in, out, ids)
		}
	}
}

// FuzzRound15Stdin: the stage lexer (groups, descriptors, here-documents
// before a stdin reader), printf's mapped rendering and the written-file
// lines never panic, and redaction stays idempotent.
func FuzzRound15Stdin(f *testing.F) {
	for _, s := range []string{
		`echo PW | tr -d x | docker login --password-stdin`, `{ echo PW; } | passwd --stdin`, `(echo PW) | sudo -S id`,
		`exec 3<<< PW; docker login --password-stdin <&3`, `exec 3< <(echo PW); sudo -S id 0<&3`, `exec <<< PW; sudo -S id`,
		"exec 4<<EOF\nPW\nEOF\nsudo -S id <&4", "{\n echo PW\n} | sudo -S id", `} | sudo -S id`, `) | sudo -S id`,
		`( ( | sudo -S`, `exec 3<<<`, `<&`, `exec 9<&`, `| |& sudo -S`, `if x; then echo PW; fi | sudo -S id`,
		`printf 'root:%s\n' PW | chpasswd`, `printf '%s:%s' | chpasswd`, `printf 'password=%s\n' PW | git credential approve`,
		`printf '%' PW | chpasswd`, `printf -v | chpasswd`, `printf -- | chpasswd`, `echo PW | kubectl create secret x --from-file=k=/dev/stdin`,
		"cat > s.sh <<'EOF'\nmysql -p\"$1\"\nEOF\nbash s.sh PW", "cat > s <<E\nE\n./s PW", "> s\n./s", `echo > ; ./`,
	} {
		f.Add(s)
	}
	r, err := New(Config{Key: testKey})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

// TestRound15eFixLinear: the look-backs before stdin readers and the
// written-file lines stay linear (source: red-team round 15 fix).
func TestRound15eFixLinear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	for name, in := range map[string]string{
		"readers after pipes":   strings.Repeat(`x; a | docker login --password-stdin r `, 20000),
		"readers, no separator": strings.Repeat(`a `, 4000) + strings.Repeat(`| sudo -S id `, 20000),
		"groups":                strings.Repeat(`{ echo a; } | sudo -S id; `, 20000),
		"open groups":           strings.Repeat(`{ ( `, 20000) + `echo a | sudo -S id`,
		"descriptors":           strings.Repeat(`exec 3<<< a; sudo -S id <&3; `, 20000),
		"exec words":            strings.Repeat(`exec `, 40000) + strings.Repeat(`sudo -S id; `, 5000),
		"written files":         strings.Repeat("echo x > f\n./f a\n", 20000),
		"written names":         strings.Repeat("echo x > f$i\n", 20000) + strings.Repeat("bash f1 a\n", 20000),
		"printf lines":          strings.Repeat(`printf 'r:%s\n' a | chpasswd; `, 20000),
	} {
		start := cpuTime()
		r.Text(in)
		d := cpuTime() - start
		t.Logf("%s: %v", name, d)
		if d > 5*time.Second {
			t.Errorf("%s: %v for %d bytes", name, d, len(in))
		}
	}
}
