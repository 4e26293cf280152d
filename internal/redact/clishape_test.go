package redact

import (
	"strings"
	"testing"
	"time"
)

// TestBreaker5Shapes: secrets of programs no table row names, found by the
// shape of the command line (round 5, #10). Each class is tried with
// programs the finding did not list; everyday commands of the same shape
// stay as they are.
func TestBreaker5Shapes(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Hn4kR8vPq2sXw7Lm"
	for _, tc := range []struct{ class, cmd, keep string }{
		// class: a password option beside a user option, any program
		{"pair", "cf login -a https://api.example.com -u bob -p {}", "-u bob -p"},
		{"pair", "rabbitmq-cli -U admin -P {} list", "-U admin -P"},
		{"pair", "someclient --username bob --pass {} --host h", "--host h"},
		{"pair", "foo -p {} -u bob", "-u bob"},
		{"pair", "foo -u bob -p={}", "-u bob"},
		{"pair", "foo -u bob -p{}", "-u bob"},
		{"pair", "sudo -u ops influxctl -u bob -p {}", "sudo -u ops"},
		{"pair", "FOO=1 timeout 30s dbtool -u bob -P {}", "timeout 30s"},
		// class: an option that is a password by its name
		{"pw", "vendor-cli --pw {} sync", "sync"},
		{"pw", "anytool -pw {}", "anytool -pw"},
		// class: a program named for passwords, batch mode
		{"passwd -b", "vmqpasswd -b users.db bob {}", "users.db bob"},
		{"passwd -b", "/opt/bin/fooPasswd -b f bob {}", "f bob"},
		// class: a verb that takes a secret
		{"unseal", "bao operator unseal {}", "operator unseal"},
		{"unseal", "vault operator unseal -address=https://v:8200 {}", "-address=https://v:8200"},
		// class: secrets subcommands of any program
		{"secrets set", "doppler secrets set API_KEY {}", "set API_KEY"},
		{"secrets set", "supabase secrets set STRIPE_KEY={}", "STRIPE_KEY="},
		{"secrets set", "akeyless secret create --name db --value {}", "--name db"},
		{"secrets set", "mytool secrets put --data {}", "--data"},
		// class: --NAME-stdin fed a literal
		{"stdin", "regtool login r.example.com --password-stdin <<< {}", "--password-stdin"},
		{"stdin", "echo {} | acme-cli auth --token-stdin", "--token-stdin"},
		// class: process substitutions printing a credential
		{"procsub", "aws-vpn-client --auth-user-pass <(printf 'bob\\n{}\\n')", "--auth-user-pass"},
		{"procsub", "tool --client-secret-file=<(echo -n {})", "--client-secret-file="},
		{"procsub", "az keyvault secret set --vault-name v -n db --file <(echo {})", "--vault-name v"},
		{"procsub", "curl --netrc-file <(echo machine h login bob password {}) https://h", "https://h"},
		{"procsub", "bash -c 'cf login -u bob -p {}'", "bash -c"},
		{"nested", `{"tool_input":{"command":"cf login -u bob -p {}"}}`, `"command":"cf login -u bob -p `},
		{"nested", `ssh h "sh -c 'dbtool -U bob -P {}'"`, "dbtool -U bob -P"},
		// class: set NAME VALUE of a credential-named variable
		{"set", "glab variable set API_TOKEN {}", "set API_TOKEN"},
		{"set", "netlify env:set STRIPE_SECRET_KEY {}", "STRIPE_SECRET_KEY"},
		{"set", "gh variable set DB_PASSWORD --body {}", "--body"},
		{"set", "railway setenv DB_PASSWORD {} -s web", "-s web"},
		{"set", "etcdctl put /app/db_password {}", "put /app/db_password"},
		{"set", "consul kv put app/api_key {}", "app/api_key"},
		{"stdin", "openconnect -u bob --passwd-on-stdin vpn.example.com <<< {}", "vpn.example.com"},
		{"table", "sonar-scanner -D sonar.login={}", "-D sonar.login="},
		// class: a subcommand naming the credential it stores
		{"verb", "ngrok config add-authtoken {}", "add-authtoken"},
		{"verb", "ngrok authtoken {}", "ngrok authtoken"},
		{"verb", "ngrok config add-api-key {}", "add-api-key"},
		{"verb", "appctl user set-password bob {}", "set-password bob"},
		{"pair", "foo --user=bob --pass {}", "--user=bob"},
		{"pair", "docker exec -it db couchdb-admin -u bob -p {}", "-u bob"},
		{"pair", "sudo cf login -u bob -p {}", "-u bob"},
		// class: the secret is what an echo or printf substitution prints
		{"subst", "vault operator unseal $(echo {})", "operator unseal"},
		{"subst", "bao operator unseal `echo {}`", "operator unseal"},
		{"subst", "foo -u bob -p \"$(printf %s {})\"", "-u bob -p"},
		{"subst", "mysql -u root -p$(echo {}) app", "mysql -u root"},
		{"subst", "regtool login -u bob --password-stdin < <(echo {})", "--password-stdin"},
		{"subst", "cat <<EOF | acme --token-stdin\n{}\nEOF", "acme --token-stdin"},
		// class: credential settings of package managers
		{"config", "composer config --global github-oauth.github.com {}", "github-oauth.github.com"},
		{"config", "composer config bitbucket-oauth.bitbucket.org key1 {}", "bitbucket-oauth.bitbucket.org"},
		{"config", "poetry config http-basic.pypi bob {}", "http-basic.pypi bob"},
		// named tools' neighbours
		{"table", "memtier_benchmark -s h --authenticate={}", "-s h"},
		{"table", "mvn sonar:sonar -Dsonar.login={}", "sonar:sonar"},
		{"table", "dotnet sonarscanner begin /k:app /d:sonar.token={}", "/k:app"},
		{"table", "bw unlock {} --raw", "bw unlock"},
		{"table", "bw login bob@example.com {}", "bob@example.com"},
		{"table", "security unlock-keychain -p {} login.keychain", "login.keychain"},
		{"table", "pdm publish -u bob -P {}", "-u bob"},
		{"table", "cbimport json -c h -u Administrator -p {} -b b", "-b b"},
		{"table", "mc admin user add local bob {}", "local bob"},
	} {
		in := strings.ReplaceAll(tc.cmd, "{}", pw)
		out, ids := r.Text(in)
		if strings.Contains(out, pw) {
			t.Errorf("%s: %q: password kept: %s (%v)", tc.class, in, out, ids)
		}
		if !strings.Contains(out, tc.keep) {
			t.Errorf("%s: %q: %q not kept: %s", tc.class, in, tc.keep, out)
		}
	}
	for _, cmd := range []string{
		"docker run -u 1000 -p 8080:80 nginx",
		"docker run -p 127.0.0.1:8080:80/tcp -u app img",
		"ps -u bob -p 1234,5678",
		"journalctl -u nginx -p err --since today",
		"sudo -u bob -p 'Password: ' make install",
		"mysql -u root -p appdb",
		"psql -U app -p 5432 app",
		"mkdir -p src/lib && cp -p a b",
		"git add -u -p",
		"cp -p -u a.txt b.txt",
		"ssh -p 2222 -l deploy host",
		"uv pip install -U requests -p python3.12",
		"vault operator unseal -status",
		"gh secret set API_KEY --repo a/b",
		"gh secret list",
		"kubectl get secrets -n prod",
		"diff <(echo a) <(echo b)",
		"source <(kubectl completion bash)",
		"cat /etc/passwd | cut -d: -f1",
		"passwd bob",
		"bw unlock --passwordenv BW_PASSWORD",
		"composer config --global repo.packagist composer https://packagist.org",
		"sar -u -P ALL 1 3",
		"docker login registry.example.com -u bob --password-stdin",
		"we set API_KEY to the new value",
		"set -euo pipefail",
		"kubectl set image deploy/app app=registry.example.com/app:1.2",
		"grep -rn set-password src/",
		"grep -rn add_api_key src/",
		"npm run set-version 1.2.3",
		"gh secret set API_KEY",
		"glab variable set API_TOKEN",
		"tar -uvf backup.tar -P /etc",
		"make set-token-doc",
		"etcdctl put /app/replicas 3",
		"consul kv put app/api_key",
		"aws s3 cp f s3://b/api_key.txt",
		"docker exec -it db mysql -u root -p appdb",
		"foo -u bob -p \"$(cat ~/.pw)\"",
		"vault operator unseal $(pass show vault/key)",
		"tool --password-stdin < pw.txt",
		"docker run --rm -u app -p 80 img",
	} {
		if out, ids := r.Text(cmd); out != cmd {
			t.Errorf("%q over-redacted: %s (%v)", cmd, out, ids)
		}
	}
}

// TestBreaker5Linear: dense repetitions of the shapes' anchors stay fast.
func TestBreaker5Linear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	for name, in := range map[string]string{
		"pairs":          strings.Repeat("x -u a -p b ", 40000),
		"one line pw":    "x" + strings.Repeat(" -pw b", 80000),
		"substitutions":  strings.Repeat("--pass <(echo ", 40000),
		"open substs":    strings.Repeat("<(", 200000),
		"secrets":        strings.Repeat("secrets set a b ", 30000),
		"nested quotes":  strings.Repeat("sh -c 'a -u b -p \"c -u d -p e\"' ", 20000),
		"unseal":         "vault" + strings.Repeat(" unseal", 80000),
		"passwd":         strings.Repeat("xpasswd -b a b c; ", 30000),
		"heredocs":       strings.Repeat("a --token-stdin <<E$x\n", 40000),
		"substitutions2": strings.Repeat("x -u a -p $(echo ", 30000),
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
