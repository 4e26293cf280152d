package redact

import (
	"strings"
	"testing"
)

// TestCLIPasswords: a password given to a program as a flag, a positional
// argument or on its standard input never survives. Each case names the
// class it stands for; "{}" in the command is the generated password.
func TestCLIPasswords(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	tests := []struct {
		class, cmd, rule string
		keep             []string
	}{
		// flag whose name does not say "password"
		{"flag next word", "sqlcmd -S db -U sa -P {} -Q 'select 1'", ruleCLIFlag, []string{"-Q 'select 1'"}},
		{"flag glued", "sqlcmd -S db -U sa -P{}", ruleCLIFlag, nil},
		{"flag glued", "mysql -h db -uroot -p{} app", ruleCLIFlag, []string{" app"}},
		{"flag glued, quoted", `mysql -uroot -p"{}" app`, ruleCLIFlag, []string{" app"}},
		{"flag glued, quote-split", `mysql -uroot -p'{}'"" app`, ruleCLIFlag, []string{" app"}},
		{"flag next word", "zip -P {} out.zip secret.txt", ruleCLIFlag, []string{"out.zip secret.txt"}},
		{"flag in an option cluster", "zip -rP {} out.zip dir", ruleCLIFlag, []string{"out.zip dir"}},
		{"flag next word", "unzip -P {} in.zip", ruleCLIFlag, []string{"in.zip"}},
		{"flag glued", "7z x -p{} archive.7z", ruleCLIFlag, []string{"archive.7z"}},
		{"flag glued", "7za a -p{} -mhe=on out.7z dir", ruleCLIFlag, []string{"-mhe=on"}},
		{"flag value after %", "smbclient //srv/share -U admin%{}", ruleCLIFlag, []string{"-U admin%"}},
		{"flag value after %", "smbclient //srv/share --user=admin%{}", ruleCLIFlag, []string{"--user=admin%"}},
		{"flag next word", "sshpass -p {} ssh deploy@host", ruleCLIFlag, []string{"ssh deploy@host"}},
		{"flag glued", "sshpass -p{} ssh deploy@host", ruleCLIFlag, nil},
		{"flag next word", "redis-cli -h cache -a {} ping", ruleCLIFlag, []string{" ping"}},
		{"flag next word", "mongosh --host db -u admin -p {} --authenticationDatabase admin", ruleCLIFlag, []string{"--authenticationDatabase admin"}},
		{"flag next word", "ldapsearch -x -D cn=admin,dc=ex -w {} -b dc=ex", ruleCLIFlag, []string{"-b dc=ex"}},
		{"flag next word", "docker login -u bob -p {} registry.example.com", ruleCLIFlag, []string{"registry.example.com"}},
		{"flag next word", "podman login --username bob -p {} quay.io", ruleCLIFlag, []string{"quay.io"}},
		{"flag next word", "az login -u bob@example.com -p {}", ruleCLIFlag, nil},
		{"flag value after pass:", "openssl pkcs12 -export -in c.pem -out c.p12 -passout pass:{}", ruleCLIFlag, []string{"-passout "}},
		{"flag value after pass:", "openssl rsa -in k.pem -passin pass:{} -out plain.pem", ruleCLIFlag, []string{"-out plain.pem"}},
		{"flag value after pass:", "openssl enc -aes-256-cbc -pass pass:{} -in f", ruleCLIFlag, []string{"-in f"}},
		{"flag next word", "gpg --batch --passphrase {} -d secret.gpg", ruleCLIFlag, []string{"-d secret.gpg"}},
		{"flag value after :", "curl --proxy-user bob:{} https://example.com", ruleCLIFlag, []string{"--proxy-user bob:"}},
		{"flag value after :", "curl -E client.pem:{} https://example.com", ruleCLIFlag, []string{"-E client.pem:"}},
		{"flag next word", "curl --oauth2-bearer {} https://example.com", ruleCLIFlag, nil},
		{"flag =", "wget --http-password={} https://example.com/f", ruleCLIFlag, nil},
		{"flag value after =", "kubectl create secret generic app --from-literal=api={} -n prod", ruleCLIFlag, []string{"--from-literal=api=", "-n prod"}},
		{"flag value after =", "oc create secret generic app --from-literal db={}", ruleCLIFlag, nil},
		{"flag next word", "keytool -importkeystore -srckeystore a.jks -srcstorepass {} -deststorepass {}", ruleCLIFlag, nil},
		{"flag next word", "ssh-keygen -p -f id_ed25519 -P {} -N {}", ruleCLIFlag, nil},
		{"flag glued", "xfreerdp /v:host /u:admin /p:{}", ruleCLIFlag, []string{"/u:admin"}},
		{"flag next word", "evil-winrm -i 10.0.0.5 -u admin -p {}", ruleCLIFlag, nil},
		{"flag next word", "netexec smb 10.0.0.5 -u admin -p {}", ruleCLIFlag, nil},
		{"flag next word", "useradd -m -p {} bob", ruleCLIFlag, []string{" bob"}},
		{"flag next word", "gh secret set API_KEY --body {}", ruleCLIFlag, nil},
		{"flag value after ,", "lftp -u bob,{} ftp.example.com", ruleCLIFlag, []string{"ftp.example.com"}},
		{"flag =", "aws secretsmanager put-secret-value --secret-id app --secret-string={}", ruleCLIFlag, nil},
		{"flag next word", "aws ssm put-parameter --name /app/db --type SecureString --value {}", ruleCLIFlag, nil},
		{"flag next word", "az keyvault secret set --vault-name v --name db --value {}", ruleCLIFlag, nil},
		{"program by path", "/usr/bin/mysql -uroot -p{} app", ruleCLIFlag, nil},
		{"program under a wrapper", "sudo -u postgres mysqldump -uroot -p{} app", ruleCLIFlag, nil},
		{"program under a wrapper", "docker exec db mysql -uroot -p{} -e 'show tables'", ruleCLIFlag, nil},
		{"program in bash -c", `bash -c 'mysql -uroot -p{} app'`, ruleCLIFlag, nil},
		{"program in JSON", `{"command":"sqlcmd -S db -U sa -P {}"}`, ruleCLIFlag, nil},
		// covered by the URL, basic-auth and assignment rules for every program
		{"URL userinfo", "psql 'postgresql://app:{}@db.internal/app'", "url-credentials", []string{"@db.internal/app"}},
		{"user:password flag", "curl -u bob:{} https://jenkins.example.com", "basic-auth-flag", []string{"curl -u bob:"}},
		{"--password=", "mysql --password={} app", "cli-password-flag", []string{" app"}},
		{"--password next word", "docker login --username bob --password {} ghcr.io", "password-assignment", []string{"ghcr.io"}},
		{"--passphrase", "gpg --batch --passphrase={} -c f", "password-assignment", nil},
		// positional argument
		{"positional", "htpasswd -b .htpasswd admin {}", ruleCLIFlag, []string{".htpasswd admin"}},
		{"positional", "htpasswd -bc /etc/nginx/.htpasswd admin {}", ruleCLIFlag, nil},
		{"positional", "htpasswd -nbB admin {}", ruleCLIFlag, []string{"admin"}},
		{"positional", `net use Z: \\fileserver\share {} /user:CORP\bob`, ruleCLIFlag, []string{"/user:CORP"}},
		{"positional", `net use \\fileserver\share /user:bob {}`, ruleCLIFlag, nil},
		{"positional", "net user svc {} /add", ruleCLIFlag, []string{"/add"}},
		{"positional user:password@host", "psexec.py corp/admin:{}@10.0.0.5", ruleCLIFlag, []string{"corp/admin:", "@10.0.0.5"}},
		{"positional user/password@db", "sqlplus scott/{}@orcl", ruleCLIFlag, []string{"scott/", "@orcl"}},
		{"positional name=value", "heroku config:set DATABASE_URL={} -a app", ruleCLIFlag, []string{"DATABASE_URL="}},
		{"positional name=value", "fly secrets set STRIPE={}", ruleCLIFlag, nil},
		{"positional name=value", "vault kv put secret/app db={}", ruleCLIFlag, nil},
		{"positional token", "vault login {}", ruleCLIFlag, nil},
		{"positional after a credential name", "npm config set //registry.npmjs.org/:_authToken {}", ruleCLIFlag, nil},
		{"positional after a credential name", "git config --global github.token {}", ruleCLIFlag, nil},
		{"positional after a credential name", "aws configure set aws_session_token {}", ruleCLIFlag, nil},
		{"positional", "poetry config http-basic.private bob {}", ruleCLIFlag, nil},
		{"positional", "rabbitmqctl add_user app {}", ruleCLIFlag, nil},
		{"positional", "pwsh -c \"ConvertTo-SecureString '{}' -AsPlainText -Force\"", ruleCLIFlag, nil},
		// standard input
		{"echo into sudo -S", "echo {} | sudo -S apt-get update", ruleCLIStdin, []string{"sudo -S apt-get update"}},
		{"echo into sudo -S", "echo -n '{}' | sudo -S -k true", ruleCLIStdin, nil},
		{"printf into sudo --stdin", `printf '%s\n' {} | sudo --stdin id`, ruleCLIStdin, []string{`printf '%s\n'`}},
		{"echo into docker login", "echo {} | docker login -u bob --password-stdin ghcr.io", ruleCLIStdin, nil},
		{"here-string into sudo -S", "sudo -S id <<< {}", ruleCLIStdin, nil},
		{"here-document into sudo -S", "sudo -S id <<EOF\n{}\nEOF\necho done", ruleCLIStdin, []string{"echo done"}},
		{"echo into passwd --stdin", "echo {} | passwd --stdin bob", ruleCLIStdin, nil},
		{"user:password into chpasswd", "echo 'bob:{}' | chpasswd", ruleCLIStdin, []string{"bob:"}},
		{"echo into gcloud secrets", "echo -n {} | gcloud secrets versions add db --data-file=-", ruleCLIStdin, nil},
		{"echo into kinit", "echo {} | kinit bob@EXAMPLE.COM", ruleCLIStdin, nil},
		{"echo into openssl -passin stdin", "echo {} | openssl rsa -in k.pem -passin stdin", ruleCLIStdin, nil},
		{"echo inside $()", "X=$(echo {} | sudo -S cat /etc/shadow)", ruleCLIStdin, nil},
	}
	for i, tt := range tests {
		pw := gen(uint64(500+i), "", alNum, 14)
		in := strings.ReplaceAll(tt.cmd, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, ids := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("password survived: %q (fired %v)", strings.ReplaceAll(out, pw, "<PW>"), ids)
			}
			if !contains(ids, tt.rule) {
				t.Errorf("rule %s did not fire (fired %v): %q", tt.rule, ids, out)
			}
			for _, k := range tt.keep {
				if !strings.Contains(out, k) {
					t.Errorf("context %q lost: %q", k, out)
				}
			}
			if again, _ := r.Text(out); again != out {
				t.Errorf("not idempotent: %q -> %q", out, again)
			}
		})
	}
}

// TestCLIPasswordNegatives: the same flags where they are not a password,
// and passwords a program reads from a file or prompts for.
func TestCLIPasswordNegatives(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		"docker run -p 8080:80 nginx",
		"psql -h db -p 5432 -U app",
		"mysql -h db -P 3306 -u root -p app",
		"redis-cli -h cache -p 6379 ping",
		"ssh -p 2222 deploy@host",
		"ldapsearch -x -H ldap://h -p 389 -b dc=ex",
		"smbclient //srv/share -U admin",
		"openssl rsa -in k.pem -passin env:KEY_PASS -out p.pem",
		"openssl rsa -in k.pem -passin file:/run/secrets/pass",
		"curl --cert client.pem https://example.com",
		"kubectl create configmap app --from-literal=LOG_LEVEL=debug",
		"zip -r out.zip dir",
		"echo hello | sudo tee /etc/motd",
		"echo hello | grep h",
		"sudo -S true",
		"printf '%s\\n' | sudo -S true",
		"htpasswd .htpasswd admin",
		"net use Z: \\\\fileserver\\share * /user:bob",
		"git config --global user.name 'Bob Smith'",
		"npm config set registry https://registry.npmjs.org/",
		"heroku config:get DATABASE_URL",
		"sshpass -e ssh deploy@host",
		"echo $PASSWORD | sudo -S id",
		"mysql -uroot -p\"$DB_PASS\" app",
		"ssh-keygen -t ed25519 -N '' -f key",
		"7z x archive.7z -oout",
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("false positive (fired %v): %q -> %q", ids, in, out)
		}
	}
}

// TestCLISameMarker: the marker hashes the password as the program sees
// it, so a quoted and a bare spelling give the same marker.
func TestCLISameMarker(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	pw := gen(900, "", alNum, 14)
	a, _ := r.Text("mysql -uroot -p" + pw + " app")
	b, _ := r.Text("mysql -uroot -p'" + pw[:5] + "'\"" + pw[5:] + "\" app")
	ma, mb := markerRe.FindString(a), markerRe.FindString(b)
	if ma == "" || ma != mb {
		t.Errorf("markers differ: %q vs %q", a, b)
	}
}
