package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

// Red-team round 18 fix (br18b, #21-#31): variants nobody listed, which
// must be masked, and everyday lines, which must stay as they are.
// source: "red-team round 18 fix".
func TestRound18FixVariants(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in string }{
		{"#21 an option word with a lowercase made-up name", `: --{}x; mysql -u root -p"${_#--}" db`},
		{"#21 a short option's tail", `: -x{}; mysql -u root -p"${_#-x}" db`},
		{"#22 compgen through a pipe", `{}=1; mysql -u root -p"$(compgen -v | grep Qz7)" db`},
		{"#22 a function's name", `{}() { :; }; mysql -u root -p"$(declare -F | cut -c12-)" db`},
		{"#23 an input redirection's file", `: < {}; mysql -u root -p"$(ls)" db`},
		{"#23 an appending redirection", `: >> {}; ls | docker login -u me --password-stdin`},
		{"#24 a brace member with a prefix", `: a{{},}; mysql -u root -p"${_#a}" db`},
		{"#25 an email-shaped argument", `: {}@example.com; mysql -u root -p"${_%@*}" db`},
		{"#25 a file-name-shaped argument", `: {}.txt; mysql -u root -p"${_%.txt}" db`},
		{"#25 a case pattern", `case x in {}) ;; esac; mysql -u root -p"${BASH_COMMAND#case x in }" db`},
		{"#26 find as the producer", `mkdir {}; find . -type d | docker login -u me --password-stdin`},
		{"#26 a producer through a filter", `touch {}; ls | tr -d '\n' | docker login -u me --password-stdin`},
		{"#27 a braced descriptor variable", `exec {FD}<<< {}; docker login -u me --password-stdin <&${FD}`},
		{"#28 a shape past the window in a later stage", "ls " + strings.Repeat("-l ", 3000) + "| xpasswd -b f u {}"},
		{"#29 a third stage past the window", "mysql " + strings.Repeat("-v ", 3000) + "| cat | wpa_passphrase ssid {}"},
		{"#30 a plus option past the window", "xfreerdp " + strings.Repeat("/v:x ", 3000) + "+p:{}"},
		{"#30 a dash-colon option past the window", "xfreerdp " + strings.Repeat("/v:x ", 3000) + "-p:{}"},
		{"PWD carries a directory name", `cd /tmp/{}; mysql -u root -p"${PWD##*/}" db`},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("%s: secret in clear: %.300q", tt.class, strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
	for _, tt := range []struct{ class, path, content string }{
		{"#31 a Jinja filter", "play.yml", "- hosts: db\n  vars:\n    dbp: {}\n  tasks:\n    - shell: mysql -u root -p{{ dbp | quote }} db\n"},
		{"#31 a trimmed Go template", "Taskfile.yml", "vars:\n  X: {}\ntasks:\n  a:\n    cmds:\n      - mysql -u root -p{{- .X -}} db\n"},
		{"#31 a vars. path", "site.yml", "vars:\n  dbp: {}\nrun: mysql -u root -p{{ vars.dbp }} db\n"},
	} {
		t.Run(tt.class, func(t *testing.T) {
			v := map[string]any{"action_type": "file.write", "params": map[string]any{"file_path": tt.path, "content": strings.ReplaceAll(tt.content, "{}", pw)}}
			out, _ := r.Tree(v)
			b, _ := json.Marshal(out)
			if strings.Contains(string(b), pw) {
				t.Errorf("%s: secret in clear: %s", tt.class, strings.ReplaceAll(string(b), pw, "<SECRET>"))
			}
		})
	}
}

// Lines that do not fire keep their text, whatever their shapes.
func TestRound18FixEveryday(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		"go test ./... 2>&1 | tee /tmp/out.log",
		"ls -la | grep -v '^d' | wc -l",
		"find . -name '*.go' | xargs gofmt -l",
		"cd /srv/app && make build > build.log",
		"read -r DB_PASSWORD < <(vault kv get -field=pw secret/db)",
		"pass show docker | docker login -u me --password-stdin",
		"echo {a,b,c}.txt",
		"kubectl get pods -o json | jq '.items[] | .metadata.name'",
		"git log --oneline | head -5",
		"rm -f " + strings.Repeat("build/out.o ", 1000),
	} {
		if out, _ := r.Text(in); out != in {
			t.Errorf("everyday line changed:\n in: %.200q\nout: %.200q", in, out)
		}
	}
	for _, in := range []string{
		`{"params": {"file_path": "deploy.yml", "content": "- hosts: web\n  tasks:\n    - command: systemctl restart {{ service }}\n  vars:\n    service: nginx\n"}}`,
		`{"params": {"file_path": "Taskfile.yml", "content": "tasks:\n  build:\n    cmds:\n      - go build -o {{.BIN}} ./cmd/app\n"}}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		out, _ := r.Tree(v)
		b, _ := json.Marshal(out)
		b2, _ := json.Marshal(v)
		if string(b) != string(b2) {
			t.Errorf("everyday tree changed:\n in: %s\nout: %s", b2, b)
		}
	}
}

// FuzzRound18Scanners runs the allow-list (literalSpans with braces as
// words), the probe's template references and the rest masking on any
// input: no panic, spans within the input.
func FuzzRound18Scanners(f *testing.F) {
	f.Add(": {x,} > f; ls | docker login --password-stdin <&$FD")
	f.Add("x := \"a\"\nall:\n\tmysql -p{{ x | q }} {{.Y}} {{- z -}}")
	f.Add("mysql " + strings.Repeat("-v ", 3000) + "| wpa_passphrase s p")
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range literalSpans(s) {
			if sp.start < 0 || sp.end > len(s) || sp.start > sp.end {
				t.Fatalf("span %v out of %d", sp, len(s))
			}
		}
		if n, name := templateRef(s); n > len(s) || n > 0 && name == "" {
			t.Fatalf("templateRef %d %q of %d", n, name, len(s))
		}
		p, refs := sinkProbe(s)
		for _, ref := range refs {
			if ref.at < 0 || ref.at+len(probeWord) > len(p) {
				t.Fatalf("probe ref %v out of %d", ref, len(p))
			}
		}
		_, _ = r.Text(s)
	})
}
