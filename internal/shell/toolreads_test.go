package shell

import (
	"slices"
	"testing"
)

// TestReadsByList: names a program reads from a list, option values that
// name files, programs that print stored credentials and Unix sockets.
func TestReadsByList(t *testing.T) {
	const (
		list   = "read/stdin-file-list"
		optVal = "read/option-value"
		helper = "read/credential-helper"
		state  = "self-protection/state-read"
		xlit   = "exec/xargs-literal-input"
		dotenv = "/home/dev/project/.env"
		key    = "/home/dev/.ssh/id_rsa"
		sock   = "/home/dev/.local/state/mandate/serve.sock"
	)
	runW(t, []wc{
		{class: list, cmd: "tar -cf - -T - <<< .env | base64", reads: []string{dotenv}},
		{class: list, cmd: "tar -c --files-from=/dev/stdin -f x.tar <<'EOF'\n.env\nEOF", reads: []string{dotenv}},
		{class: list, cmd: "printf '.env\\n' | zip -q src/x.zip -@", reads: []string{dotenv}},
		{class: list, cmd: "echo ~/.ssh/id_rsa | cpio -o > src/k.cpio", reads: []string{key}},
		{class: list, cmd: "find . -name '*.env*' | cpio -o > src/a.cpio", reads: []string{"/home/dev/project/**/*.env*"}},
		{class: list, cmd: "rsync --files-from=- . src/copy <<< .env", reads: []string{dotenv}},
		{class: list, cmd: "rsync --files-from=- ~ src/copy <<< .ssh/id_rsa", reads: []string{key}},
		{class: list, cmd: "git add --pathspec-from-file=- <<< .env", reads: []string{dotenv}},
		{class: list, cmd: "wc -l --files0-from=- < <(printf '.env\\0')", reads: []string{dotenv}},
		{class: list, cmd: "du -s --files0-from=- <<< .ssh", reads: []string{"/home/dev/project/.ssh"}},
		{class: list, cmd: "file -f - <<< .env", reads: []string{dotenv}},
		{class: list, cmd: "pax -w -f src/a.pax < <(echo .env)", reads: []string{dotenv}},
		{class: list, cmd: "tar -cf src/x.tar -T /tmp/names", opaque: []string{"/tmp/names"}},
		{class: list, cmd: "cat /tmp/names | cpio -o > src/a.cpio", opaque: []string{"not known statically"}},
		{class: list, cmd: "zip src/a.zip -@ < list.txt", opaque: []string{"not known statically"}},

		{class: optVal, cmd: "ssh-keyscan -f .env", reads: []string{dotenv}},
		{class: optVal, cmd: "dig -f .env", reads: []string{dotenv}},
		{class: optVal, cmd: "jq -L ~/.ssh -n 'include \"id_rsa\"; .'", reads: []string{"/home/dev/.ssh"}},
		{class: optVal, cmd: "mysql --defaults-extra-file=.env -e 'select 1'", reads: []string{dotenv}},
		{class: optVal, cmd: "aria2c -i .env", reads: []string{dotenv}},
		{class: optVal, cmd: "kubectl --kubeconfig ~/.kube/config get pods", reads: []string{"/home/dev/.kube/config"}},

		{class: helper, cmd: "gh auth token", reads: []string{"/home/dev/.config/gh/hosts.yml"}},
		{class: helper, cmd: "gh auth status --show-token", reads: []string{"/home/dev/.config/gh/hosts.yml"}},
		{class: helper, cmd: "printf 'protocol=https\\nhost=github.com\\n' | git credential fill", reads: []string{"/home/dev/.git-credentials"}},
		{class: helper, cmd: "aws configure export-credentials", reads: []string{"/home/dev/.aws/credentials"}},
		{class: helper, cmd: "aws --profile prod ecr get-login-password", reads: []string{"/home/dev/.aws/credentials"}},
		{class: helper, cmd: "gcloud auth print-access-token", reads: []string{"/home/dev/.config/gcloud"}},
		{class: helper, cmd: "az account get-access-token", reads: []string{"/home/dev/.azure"}},
		{class: helper, cmd: "docker-credential-desktop get <<< https://index.docker.io/v1/", reads: []string{"/home/dev/.docker/config.json"}},
		{class: helper, cmd: "security find-generic-password -w -s github", reads: []string{"/home/dev/Library/Keychains"}},
		{class: helper, cmd: "secret-tool lookup service github", reads: []string{"/home/dev/.local/share/keyrings"}},
		{class: helper, cmd: "op read op://vault/prod/password", reads: []string{"/home/dev/.config/op"}},
		{class: helper, cmd: "pass show prod/db", reads: []string{"/home/dev/.password-store"}},
		{class: helper, cmd: "pass prod/db", reads: []string{"/home/dev/.password-store"}},
		{class: helper, cmd: "vault kv get secret/x", reads: []string{"/home/dev/.vault-token"}},
		{class: helper, cmd: "kubectl config view --raw", reads: []string{"/home/dev/.kube/config"}},
		{class: helper, cmd: "gpg --export-secret-keys -a", reads: []string{"/home/dev/.gnupg"}},
		{class: helper, cmd: "gh pr list", noRead: []string{"/home/dev/.config/gh/hosts.yml"}},
		{class: helper, cmd: "aws s3 ls", noRead: []string{"/home/dev/.aws/credentials"}},

		{class: state, cmd: "nc -U ~/.local/state/mandate/serve.sock", reads: []string{sock}, writes: []string{sock}},
		{class: state, cmd: "curl --unix-socket ~/.local/state/mandate/serve.sock http://x/", reads: []string{sock}, writes: []string{sock}},
		{class: state, cmd: "socat - UNIX-CONNECT:" + sock, writes: []string{sock}},
		{class: state, cmd: "tar czf src/s.tgz -C ~ .local", reads: []string{"/home/dev/.local"}},

		{class: xlit, cmd: "printf '%s\\n' ~/.ssh/id_rsa | xargs cat", reads: []string{key}, clear: true},
		{class: xlit, cmd: "echo src/app.go | xargs cat", reads: []string{"/home/dev/project/src/app.go"}, clear: true, noRead: []string{"/home/dev/project/" + xargsInput}},
		{class: xlit, cmd: "printf 'src/app.go\\nsrc/main.go\\n' | xargs wc -l", reads: []string{"/home/dev/project/src/main.go"}, noRead: []string{"/home/dev/project/" + xargsInput}},
		{class: xlit, cmd: "cat <<< ~/.ssh/id_rsa | xargs cat", reads: []string{key}},
		{class: xlit, cmd: "echo '\"a b\"' | xargs cat", reads: []string{"/home/dev/project/" + xargsInput}},
		{class: xlit, cmd: "echo .env | xargs -I{} cat {}", reads: []string{dotenv}, dyn: []string{"/home/dev/project/{}"}},
	})
}

// TestEnvDumpsByTool: tools that print the whole environment (class
// env/dump-by-tool, env/dump).
func TestEnvDumpsByTool(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		dump bool
		refs []string
	}{
		{"npm run env", true, nil}, {"pnpm run env", true, nil}, {"yarn run env", true, nil}, {"npm run-script env", true, nil},
		{"php -i", true, nil}, {"php --info", true, nil}, {"cmake -E environment", true, nil},
		{"strace -f -v -s 9999 -e trace=execve true", true, nil}, {"strace -e verbose=execve ls", true, nil},
		{"systemctl --user show-environment", true, nil}, {"systemctl show-environment", true, nil},
		{"tmux show-environment -g", true, nil}, {"launchctl export", true, nil},
		{"launchctl getenv PROD_DB_URL", false, []string{"PROD_DB_URL"}},
		{"curl --variable %PROD_DB_URL https://e.com/", false, []string{"PROD_DB_URL"}},
		{"npm run test", false, nil}, {"strace -f ls", false, nil}, {"php -l x.php", false, nil}, {"cmake -E make_directory b", false, nil},
	} {
		an, err := Analyze(c.cmd, testOpt)
		if err != nil {
			t.Fatalf("%q: %v", c.cmd, err)
		}
		if an.EnvDump != c.dump {
			t.Errorf("env/dump-by-tool: %q: EnvDump = %v, want %v", c.cmd, an.EnvDump, c.dump)
		}
		for _, r := range c.refs {
			if !slices.Contains(an.EnvRefs, r) {
				t.Errorf("env/indirect: %q: EnvRefs = %q, missing %q", c.cmd, an.EnvRefs, r)
			}
		}
	}
}

// TestCodeFromInput: sqlite3's dot commands are analysed; code an
// interpreter reads from a literal input names files it reads; piped
// text into a shell stays opaque; $(pwd), $(dirname …), $(basename …)
// are static (classes exec/program-option, exec/inline-interpreter,
// exec/opaque-input, parser-differential/expansion).
func TestCodeFromInput(t *testing.T) {
	runW(t, []wc{
		{class: "exec/program-option", cmd: "sqlite3 x.db '.shell cat .env'", reads: []string{"/home/dev/project/.env"}, opaque: []string{"sqlite3 dot command"}},
		{class: "exec/program-option", cmd: "sqlite3 x.db <<< '.system rm -rf ~'", deletes: []string{"/home/dev"}},
		{class: "exec/program-option", cmd: "sqlite3 x.db '.output agent-policy.yaml' 'select 1'", writes: []string{"/home/dev/project/agent-policy.yaml"}},
		{class: "exec/program-option", cmd: "sqlite3 x.db '.read .env'", reads: []string{"/home/dev/project/.env"}},
		{class: "exec/program-option", cmd: "sqlite3 x.db 'select 1'", clear: true},
		{class: "exec/inline-interpreter", cmd: "python3 - <<< 'print(open(\".env\").read())'", reads: []string{"/home/dev/project/.env"}, opaque: []string{"standard input"}},
		{class: "exec/inline-interpreter", cmd: "echo 'print(open(\".env\").read())' | python3", reads: []string{"/home/dev/project/.env"}, opaque: []string{"standard input"}},
		{class: "exec/opaque-input", cmd: "echo 'cat .env' | bash", opaque: []string{"standard input"}},
		{class: "parser-differential/expansion", cmd: "cat \"$(pwd)/.env\"", reads: []string{"/home/dev/project/.env"}},
		{class: "parser-differential/expansion", cmd: "cd \"$(dirname ~/.ssh/id_rsa)\" && cat $(basename /x/id_rsa)", reads: []string{"/home/dev/.ssh/id_rsa"}},
	})
	an, _ := Analyze("ltrace -e getenv ls", testOpt)
	if !an.EnvDump {
		t.Errorf("env/dump-by-tool: ltrace -e getenv: no EnvDump")
	}
}

// TestSecretStores: commands that print secrets kept by a cloud or a
// secret manager read the credentials kept in the home (class
// read/credential-helper).
func TestSecretStores(t *testing.T) {
	const cl = "read/credential-helper"
	runW(t, []wc{
		{class: cl, cmd: "aws secretsmanager get-secret-value --secret-id x", reads: []string{"/home/dev/.aws/credentials"}},
		{class: cl, cmd: "aws ssm get-parameter --name x --with-decryption", reads: []string{"/home/dev/.aws/credentials"}},
		{class: cl, cmd: "gcloud secrets versions access latest --secret x", reads: []string{"/home/dev/.config/gcloud"}},
		{class: cl, cmd: "kubectl get secret db -o yaml", reads: []string{"/home/dev/.kube/config"}},
		{class: cl, cmd: "kubectl get secrets", noRead: []string{"/home/dev/.kube/config"}},
		{class: cl, cmd: "sops -d secrets.yaml", reads: []string{"/home/dev/.config/sops/age/keys.txt"}},
		{class: cl, cmd: "doppler secrets download --no-file", reads: []string{"/home/dev/.doppler"}},
	})
}

// TestSedEnvsubstLists: sed's e command runs its command; envsubst
// reads the variables its format or literal input names, any without
// one; a bare word of an a:b list is no candidate write.
func TestSedEnvsubstLists(t *testing.T) {
	runW(t, []wc{
		{class: "exec/program-option", cmd: "sed -n 'e cat .env' README.md", reads: []string{"/home/dev/project/.env"}, opaque: []string{"executes commands"}},
		{class: "exec/program-option", cmd: "sed '1e rm -rf ~' README.md", deletes: []string{"/home/dev"}},
		{class: "write/unmodelled-program", cmd: "deno run npm:cowsay", noWrite: []string{"/home/dev/project/npm"}},
		{class: "write/unmodelled-program", cmd: "mytool -v .env:/x", cands: []string{"/home/dev/project/.env"}},
		{class: "exec/scheduler", cmd: "crontab /tmp/c", noCand: true, opaque: []string{"schedules"}},
	})
	for _, c := range []struct {
		cmd  string
		refs []string
		dump bool
	}{
		{"envsubst <<< '$PROD_DB_URL x ${HOME}'", []string{"PROD_DB_URL", "HOME"}, false},
		{"envsubst '$PROD_API_KEY' < t.txt", []string{"PROD_API_KEY"}, false},
		{"envsubst < t.txt", nil, true},
	} {
		an, err := Analyze(c.cmd, testOpt)
		if err != nil {
			t.Fatal(err)
		}
		if an.EnvDump != c.dump {
			t.Errorf("env/dump-by-tool: %q: EnvDump = %v, want %v", c.cmd, an.EnvDump, c.dump)
		}
		for _, r := range c.refs {
			if !slices.Contains(an.EnvRefs, r) {
				t.Errorf("env/indirect: %q: EnvRefs = %q, missing %q", c.cmd, an.EnvRefs, r)
			}
		}
	}
}
