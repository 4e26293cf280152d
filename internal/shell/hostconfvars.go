package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Variables that name a client's configuration, and the resolver's own
// overrides. A configuration file sets hosts (ldap.conf's URI, pip.conf's
// index-url, GOENV's GOPROXY, cargo's http.proxy, HOSTALIASES' targets),
// so pointing a client at one is a host assignment, as a proxy variable
// is: when the line writes the file with literal text, its words are
// candidate hosts (held to block_hosts); otherwise the hosts are not
// known statically (opaque). LOCALDOMAIN sets the resolver's search list:
// every host the line names may be looked up with each of its domains
// appended.

// confVar is a variable naming a configuration: the value itself names
// the file (names empty), or a directory holding the files names.
type confVar struct {
	name  string
	names []string
}

// hostConfVars are the variables naming a configuration that may set
// hosts, for the clients that read them.
var hostConfVars = &lazy.Value[[]confVar]{New: func() []confVar {
	var out []confVar
	for _, n := range strings.Fields(`LDAPCONF LDAPRC PIP_CONFIG_FILE GOENV UV_CONFIG_FILE NPM_CONFIG_USERCONFIG
		npm_config_userconfig NPM_CONFIG_GLOBALCONFIG npm_config_globalconfig GEMRC CONDARC BOTO_CONFIG AWS_CONFIG_FILE
		GIT_CONFIG_GLOBAL GIT_CONFIG_SYSTEM HOSTALIASES YARN_RC_FILENAME`) {
		out = append(out, confVar{name: n})
	}
	return append(out,
		confVar{"CARGO_HOME", []string{"config.toml", "config"}},
		confVar{"POETRY_CONFIG_DIR", []string{"config.toml"}},
		confVar{"DOCKER_CONFIG", []string{"config.json"}},
		confVar{"PIP_CONFIG_DIR", []string{"pip.conf"}})
}}

// hostConfEnv reports the candidate hosts of the configuration files the
// environment names for c.
func (c *cmd) hostConfEnv() {
	if c.text || readOnlySet.Get()[c.name] {
		return
	}
	if len(c.sc.cmdEnv) == 0 && len(c.sc.vars) == 0 {
		return // envOrVar finds no variable set
	}
	for _, cv := range hostConfVars.Get() {
		name := cv.name
		v, set := c.a.envOrVar(c.sc, name)
		if !set {
			continue
		}
		if !v.known {
			c.opaque(name + " names a configuration not known statically: the hosts it sets are unknown")
			continue
		}
		val := strings.TrimSpace(v.val)
		if val == "" || val == "/dev/null" {
			continue
		}
		files := []string{val}
		if len(cv.names) > 0 {
			files = files[:0]
			for _, n := range cv.names {
				files = append(files, strings.TrimSuffix(val, "/")+"/"+n)
			}
		}
		c.confFiles(name, files)
	}
}

// confFiles scans the configuration files variable name points c at:
// written in the line with literal text, their words are candidate
// hosts; any other file is not known statically.
func (c *cmd) confFiles(name string, files []string) {
	wrote := false
	for _, p := range files {
		w, ok := c.a.writtenAt(c.sc, field{s: p})
		if !ok {
			continue
		}
		wrote = true
		if !w.known {
			c.opaque(name + " names " + clip(p) + ", written in the line with text not known statically: the hosts it sets are unknown")
			continue
		}
		c.a.candidateHosts(c, w.text)
	}
	if !wrote {
		c.opaque(name + " names a configuration the line does not show (" + clip(files[0]) + "): the hosts it sets are unknown")
	}
}

// resolverEnv completes the hosts the line names with LOCALDOMAIN's
// search domains: the resolver may look up HOST.DOMAIN for each.
func (c *cmd) resolverEnv() {
	v, set := c.a.envOrVar(c.sc, "LOCALDOMAIN")
	if !set || c.text || readOnlySet.Get()[c.name] {
		return
	}
	if !v.known {
		c.opaque("LOCALDOMAIN sets the resolver's search domains, not known statically")
		return
	}
	domains := strings.Fields(v.val)
	if len(domains) > 6 {
		domains = domains[:6] // glibc's bound on the search list
	}
	var hosts []string
	for _, h := range c.a.res.Hosts {
		hosts = append(hosts, h.Host)
	}
	for _, h := range c.a.res.CandidateHosts {
		hosts = append(hosts, h.Host)
	}
	for _, d := range domains {
		// the domain itself is a candidate (a rule naming it, or a
		// blocked host below it that a short name completes to)
		c.a.candidateHost(c, d)
		for _, h := range hosts {
			if !strings.Contains(h, ":") {
				c.a.candidateHost(c, h+"."+strings.Trim(d, "."))
			}
		}
	}
}
