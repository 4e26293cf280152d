package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Hosts named by package and module specifications rather than URLs.

// goFetches are the go subcommands that fetch the modules they name.
var goFetches = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"get": true, "install": true, "run": true, "mod download": true, "list -m": true}
}}

// goModuleHosts reports the host of each module path go get/install/run/
// mod download is given: golang.org/x/net@v0.1.0 is fetched from
// golang.org (directly, or through GOPROXY).
func goModuleHosts(c *cmd) {
	if len(c.args) == 0 {
		return
	}
	sub := c.s(0)
	from := 1
	if sub == "mod" && len(c.args) > 1 {
		sub, from = "mod "+c.s(1), 2
	}
	if sub == "list" && anyArg(c.args[1:], "-m") {
		sub = "list -m"
	}
	if !goFetches.Get()[sub] {
		return
	}
	for _, f := range c.args[from:] {
		s := f.s
		if strings.HasPrefix(s, "-") || f.dyn {
			continue
		}
		if (sub == "run" || sub == "install") && !strings.Contains(s, "@") {
			continue // a local package or file
		}
		mod, _, _ := strings.Cut(s, "@")
		first, _, _ := strings.Cut(mod, "/")
		if !strings.Contains(first, ".") || strings.HasPrefix(first, ".") || strings.HasSuffix(first, ".go") {
			continue // standard library, a relative path, a file
		}
		c.host(first, "go module path")
	}
}

func anyArg(fs []field, s string) bool {
	for _, f := range fs {
		if f.s == s {
			return true
		}
	}
	return false
}

// npmHosted maps npm's hosted-git shorthands to their hosts.
var npmHosted = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{"github": "github.com", "gitlab": "gitlab.com", "bitbucket": "bitbucket.org", "gist": "gist.github.com"}
}}

// npmInstalls are the subcommands of npm, pnpm, yarn and bun that fetch
// the packages they name.
var npmInstalls = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"install": true, "i": true, "add": true, "in": true, "ins": true, "inst": true, "insta": true, "instal": true,
		"isnt": true, "isnta": true, "isntal": true, "isntall": true, "update": true, "up": true, "upgrade": true,
	}
}}

// npmSpecHosts reports the hosts of package specifications that name a
// git host rather than the registry: github:user/repo, gitlab:…,
// bitbucket:…, gist:…, and npm's bare user/repo shorthand for GitHub.
// URLs (git+ssh://, https://…tgz) are read by the generic URL pass.
func npmSpecHosts(c *cmd) {
	switch c.name {
	case "npm", "pnpm", "yarn", "bun":
	default:
		return
	}
	if len(c.args) == 0 || !npmInstalls.Get()[c.s(0)] {
		return
	}
	for _, f := range c.args[1:] {
		s := f.s
		if f.dyn || strings.HasPrefix(s, "-") || strings.Contains(s, "://") {
			continue
		}
		if k, _, ok := strings.Cut(s, ":"); ok {
			if h, ok := npmHosted.Get()[strings.ToLower(k)]; ok {
				c.host(h, c.name+" hosted git shorthand")
			}
			continue
		}
		if i := strings.IndexByte(s, '@'); i > 0 {
			s = s[:i] // user/repo@semver? the registry name@version has no /
		}
		if strings.Count(s, "/") == 1 && !strings.HasPrefix(s, "@") && !strings.HasPrefix(s, ".") &&
			!strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "~") && !strings.HasSuffix(s, ".tgz") &&
			!strings.HasSuffix(s, ".tar.gz") {
			c.host("github.com", c.name+" user/repo shorthand")
		}
	}
}

// imageSubs are the docker/podman subcommands that fetch or send the
// images they name.
var imageSubs = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"pull": true, "push": true, "run": true, "create": true}
}}

// imageHosts reports the registry of container image references
// (registry.example/org/img:tag, localhost:5000/img) given to docker,
// podman or nerdctl pull/push/run/create, and the server of login.
func imageHosts(c *cmd) {
	i := 0
	for i < len(c.args) && strings.HasPrefix(c.s(i), "-") {
		switch c.s(i) {
		case "-H", "--host", "-c", "--context", "--config", "-l", "--log-level":
			i++
		}
		i++
	}
	if i >= len(c.args) {
		return
	}
	sub := c.s(i)
	if (sub == "image" || sub == "container") && i+1 < len(c.args) {
		i++
		sub = c.s(i)
	}
	if sub == "login" {
		for _, f := range c.args[i+1:] {
			if !strings.HasPrefix(f.s, "-") && !f.dyn {
				c.destination(f, c.name+" login")
				break
			}
		}
		return
	}
	if !imageSubs.Get()[sub] {
		return
	}
	for _, f := range c.args[i+1:] {
		s := f.s
		if f.dyn || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, ".") ||
			strings.ContainsAny(s, "=@") && !strings.Contains(s, "@sha256:") || strings.Contains(s, ":/") || strings.Contains(s, "://") {
			continue
		}
		reg, _, ok := strings.Cut(s, "/")
		if ok && (strings.ContainsAny(reg, ".:") || reg == "localhost") {
			c.host(reg, c.name+" image registry")
		}
	}
}
