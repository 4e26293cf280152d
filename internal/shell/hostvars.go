package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Environment variables that tell programs where to connect. An
// assignment to one (NAME=V cmd, NAME=V, export/declare -x/local NAME=V,
// env NAME=V, sudo NAME=V) makes the programs that follow contact the host
// in V: a proxy, a registry, a database.

// hostVarKind says how a variable's value names its hosts.
type hostVarKind uint8

const (
	hvURL     hostVarKind = iota + 1 // a URL, or host[:port] (proxies take both)
	hvHosts                          // host[,host…]; a value starting with / is a socket directory
	hvList                           // URLs or hosts separated by "," "|" or spaces (GOPROXY, PIP_EXTRA_INDEX_URL)
	hvGoSumDB                        // name[+key] [url], or off
)

// hostVars are the variables known to name hosts, by exact name.
var hostVars = &lazy.Value[map[string]hostVarKind]{New: func() map[string]hostVarKind {
	return map[string]hostVarKind{
		// proxies (curl, wget, git, pip, npm, go, most HTTP libraries)
		"http_proxy": hvURL, "https_proxy": hvURL, "ftp_proxy": hvURL, "all_proxy": hvURL, "rsync_proxy": hvURL,
		"HTTP_PROXY": hvURL, "HTTPS_PROXY": hvURL, "FTP_PROXY": hvURL, "ALL_PROXY": hvURL, "RSYNC_PROXY": hvURL,
		"npm_config_proxy": hvURL, "npm_config_https_proxy": hvURL, "NPM_CONFIG_PROXY": hvURL, "NPM_CONFIG_HTTPS_PROXY": hvURL,
		"YARN_HTTP_PROXY": hvURL, "YARN_HTTPS_PROXY": hvURL, "PIP_PROXY": hvURL, "CARGO_HTTP_PROXY": hvURL,
		// databases and services
		"PGHOST": hvHosts, "PGHOSTADDR": hvHosts, "MYSQL_HOST": hvHosts, "REDIS_HOST": hvHosts, "MONGO_HOST": hvHosts,
		"KUBERNETES_SERVICE_HOST": hvHosts, "ETCDCTL_ENDPOINTS": hvList, "NATS_URL": hvList, "CLICKHOUSE_HOST": hvHosts, "GH_HOST": hvHosts, "GITLAB_HOST": hvHosts, "OLLAMA_HOST": hvURL,
		"DATABASE_URL": hvURL, "REDIS_URL": hvURL, "MONGODB_URI": hvURL, "MONGO_URL": hvURL, "AMQP_URL": hvURL,
		"CELERY_BROKER_URL": hvURL, "ELASTICSEARCH_URL": hvURL, "KAFKA_BROKERS": hvList, "DOCKER_HOST": hvURL,
		"CONTAINER_HOST": hvURL, "VAULT_ADDR": hvURL, "CONSUL_HTTP_ADDR": hvURL, "NOMAD_ADDR": hvURL,
		"BOUNDARY_ADDR": hvURL, "SENTRY_DSN": hvURL, "OPENAI_BASE_URL": hvURL, "OPENAI_API_BASE": hvURL,
		"ANTHROPIC_BASE_URL": hvURL, "HF_ENDPOINT": hvURL, "GITHUB_API_URL": hvURL, "GITHUB_SERVER_URL": hvURL,
		// package registries and module proxies
		"GOPROXY": hvList, "GOSUMDB": hvGoSumDB,
		"npm_config_registry": hvURL, "NPM_CONFIG_REGISTRY": hvURL, "YARN_REGISTRY": hvURL,
		"YARN_NPM_REGISTRY_SERVER": hvURL, "BUN_CONFIG_REGISTRY": hvURL,
		"PIP_INDEX_URL": hvURL, "PIP_EXTRA_INDEX_URL": hvList, "PIP_FIND_LINKS": hvList,
		"UV_INDEX_URL": hvURL, "UV_EXTRA_INDEX_URL": hvList, "UV_INDEX": hvList, "UV_DEFAULT_INDEX": hvURL,
		"UV_PYTHON_INSTALL_MIRROR": hvURL, "PIPENV_PYPI_MIRROR": hvURL,
		"RUSTUP_DIST_SERVER": hvURL, "RUSTUP_UPDATE_ROOT": hvURL, "RUBYGEMS_HOST": hvURL,
	}
}}

// notHostVars look like host variables but list hosts NOT to proxy, or
// patterns of module paths, and are not contacted.
var notHostVars = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"NO_PROXY": true, "no_proxy": true, "npm_config_noproxy": true, "NPM_CONFIG_NOPROXY": true,
		"GOPRIVATE": true, "GONOSUMDB": true, "GONOPROXY": true, "GOINSECURE": true, "PIP_TRUSTED_HOST": true,
	}
}}

// hostVarSuffixes catch the variables of tools not in the table by the
// shape of their names (AWS_ENDPOINT_URL_S3, POETRY_REPOSITORIES_X_URL,
// SMTP_HOST, …): a value host.domain, host:port or an address is then a
// host; a bare word is not reported, since the name only suggests a host.
// A URL in any variable is reported whatever its name.
var hostVarSuffixes = &lazy.Value[[]string]{New: func() []string {
	return []string{
		"_PROXY", "_URL", "_URI", "_ENDPOINT", "_ADDR", "_ADDRESS", "_HOST", "_HOSTNAME", "_BROKER", "_BROKERS",
	}
}}

// assignHosts reports the hosts an assignment of val to name points
// programs at. known is false when val is not known statically.
func (a *analyzer) assignHosts(sc *scope, cmd, name, val string, known bool) {
	if notHostVars.Get()[name] || notHostVars.Get()[strings.ToUpper(name)] {
		return
	}
	kind, exact := hostVars.Get()[name]
	if !exact {
		kind = suffixHostVar(name)
	}
	if !known {
		if exact {
			a.opaque(cmd, "assignment to "+name+" points programs at a host not known statically")
		} else if kind != 0 {
			for _, h := range urlHosts(val) {
				a.host(sc, h, cmd, name)
			}
		}
		return
	}
	if kind == 0 {
		// Any other variable holding a URL hands it to the programs
		// that read the variable.
		for _, h := range urlHosts(val) {
			a.host(sc, h, cmd, "URL in "+name)
		}
		return
	}
	one := func(v string) {
		v = strings.TrimSpace(v)
		switch {
		case v == "" || v == "direct" || v == "off" || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "@"):
			// no host: GOPROXY's direct/off, a socket path
		case strings.Contains(v, "://"):
			for _, h := range urlHosts(v) {
				a.host(sc, h, cmd, name)
			}
		default:
			if n, u, ok := strings.Cut(v, "="); ok && strings.Contains(u, "://") && validName(n) {
				for _, h := range urlHosts(u) { // UV_INDEX=name=url
					a.host(sc, h, cmd, name)
				}
				return
			}
			h, ok := bareHost(v)
			if !ok {
				return
			}
			if !exact && (!hostLike(h) || !strings.ContainsAny(v, ".:") && h != "localhost") {
				// a name that only looks like a host variable, or a
				// bare word (APP_HOST=web, BUILD_ADDR=3)
				return
			}
			a.host(sc, h, cmd, name)
		}
	}
	switch kind {
	case hvURL:
		one(val)
	case hvHosts:
		for _, v := range strings.Split(val, ",") {
			one(v)
		}
	case hvList:
		for _, v := range strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == '|' || r == ' ' || r == '\t' || r == '\n' }) {
			one(v)
		}
	case hvGoSumDB:
		fs := strings.Fields(val)
		if len(fs) == 0 || fs[0] == "off" {
			return
		}
		if len(fs) > 1 {
			one(fs[1])
			return
		}
		n, _, _ := strings.Cut(fs[0], "+")
		one(n)
	}
}

func suffixHostVar(name string) hostVarKind {
	up := strings.ToUpper(name)
	if strings.HasPrefix(up, "AWS_ENDPOINT_URL") {
		return hvURL
	}
	for _, s := range hostVarSuffixes.Get() {
		if strings.HasSuffix(up, s) && len(up) > len(s) {
			return hvList
		}
	}
	return 0
}
