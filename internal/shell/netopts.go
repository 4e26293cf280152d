package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"
)

// Hosts hidden in the options of network clients: proxies, address
// overrides, forwards, configuration keys. The tables say which option
// names a host and how its value is written; the functions read them.

// destination reports the host of one URL-or-host[:port] value.
func (c *cmd) destination(f field, why string) {
	if f.dyn {
		c.opaque("network destination not known statically: " + clip(f.s))
		return
	}
	if hs := urlHosts(f.s); len(hs) > 0 {
		for _, h := range hs {
			c.host(h, why)
		}
		return
	}
	if strings.Contains(f.s, "://") {
		return // a scheme that names no host (unix://, s3://)
	}
	if h, ok := bareHost(f.s); ok {
		c.host(h, why)
	}
}

// splitColons splits s on ":" outside [brackets] (curl's HOST:PORT:ADDR
// forms, ssh's forward specifications).
func splitColons(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case ':':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// curlRouting reports the hosts curl is told to connect to instead of, or
// on the way to, the URL's host.
func (c *cmd) curlRouting(o opts) {
	for _, f := range o.values("--connect-to") {
		// HOST1:PORT1:HOST2:PORT2 — connections for HOST1 go to HOST2
		if p := splitColons(f.s); len(p) >= 3 && p[2] != "" {
			c.host(p[2], "curl --connect-to")
		}
	}
	for _, f := range o.values("--resolve") {
		// [+]HOST:PORT:ADDR[,ADDR]… — HOST resolves to the ADDRs
		p := splitColons(strings.TrimPrefix(f.s, "+"))
		if len(p) >= 1 && p[0] != "*" && p[0] != "" {
			c.host(p[0], "curl --resolve")
		}
		if len(p) >= 3 {
			c.host(strings.Join(p[2:], ":"), "curl --resolve address")
		}
	}
	for _, f := range o.values("--doh-url") {
		c.destination(f, "curl --doh-url")
	}
	for _, f := range o.values("--dns-servers") {
		c.host(f.s, "curl --dns-servers")
	}
}

// wgetrcBenign are wgetrc commands (-e/--execute, spelled without "_"
// and "-", lower case) that change neither where wget connects nor which
// files it reads or writes.
var wgetrcBenign = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"robots": true, "tries": true, "timeout": true, "readtimeout": true, "connecttimeout": true,
		"dnstimeout": true, "wait": true, "waitretry": true, "randomwait": true, "continue": true,
		"quiet": true, "verbose": true, "serverresponse": true, "useragent": true, "checkcertificate": true,
		"useproxy": true, "noproxy": true, "retryconnrefused": true, "limitrate": true, "header": true,
		"maxredirect": true, "progress": true, "showprogress": true, "inet4only": true, "inet6only": true,
		"compression": true, "httpkeepalive": true, "cache": true, "dotstyle": true,
	}
}}

// wgetExecute reads wget's -e/--execute wgetrc commands: proxies are
// hosts, anything else that is not known to be harmless is opaque.
func (c *cmd) wgetExecute(o opts) {
	for _, f := range o.values("-e", "--execute") {
		if f.dyn {
			c.opaque("wget -e command not known statically")
			continue
		}
		k, v, _ := strings.Cut(f.s, "=")
		k = strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(k))
		v = strings.TrimSpace(v)
		switch {
		case k == "httpproxy" || k == "httpsproxy" || k == "ftpproxy":
			c.destination(field{s: v}, "wget "+k)
		case wgetrcBenign.Get()[k]:
		default:
			c.opaque("wget -e " + clip(f.s) + " is not modelled")
		}
	}
}

// sshForwards reports the hosts of ssh -W host:port and of -L/-R forward
// specifications ([bind:]port:host:hostport): ssh connects to them.
func (c *cmd) sshForwards(o opts) {
	for _, f := range o.values("-W") {
		if p := splitColons(f.s); len(p) >= 1 {
			c.host(p[0], "ssh -W")
		}
	}
	for _, f := range o.values("-L", "-R") {
		c.forwardSpec(f.s, "ssh forward")
	}
}

func (c *cmd) forwardSpec(s, why string) {
	p := splitColons(strings.Join(strings.Fields(s), ":")) // LocalForward "8080 db:5432"
	var h string
	switch len(p) {
	case 4:
		h = p[2]
	case 3:
		if !isFD(p[0]) && !strings.HasPrefix(p[0], "/") {
			return // bind:port:socket
		}
		h = p[1]
	default:
		return
	}
	if h != "" && !strings.HasPrefix(h, "/") {
		c.host(h, why)
	}
}

// mongoAddress reads mongo/mongosh's host forms: --host [replSet/]h1,h2
// and a positional [mongodb://]host[:port]/db address.
func (c *cmd) mongoAddress(o opts) {
	for _, f := range o.values("--host", "-h") {
		if i := strings.IndexByte(f.s, '/'); i >= 0 && !strings.Contains(f.s, "://") {
			f.s = f.s[i+1:] // rs0/h1:27017,h2:27017
		}
		c.destination(f, c.name+" --host")
	}
	for _, f := range o.values("--uri") {
		c.destination(f, c.name+" --uri")
	}
	for _, k := range o.pos {
		s := c.s(k)
		if strings.HasSuffix(s, ".js") || strings.HasSuffix(s, ".mongodb") || strings.Contains(s, "://") {
			continue // a script, or a URL the generic pass reads
		}
		if h, _, ok := strings.Cut(s, "/"); ok || strings.ContainsAny(s, ".:") {
			// host[:port]/db, or a host; a bare word is a database name
			c.skip[k] = true
			c.host(h, c.name+" address")
		}
		break
	}
}

// gitConfigHosts reports the hosts a git configuration key=value makes git
// contact: url.X.insteadOf rewrites to X, proxies, remote URLs.
func gitConfigHosts(c *cmd, kv string) {
	k, v, _ := strings.Cut(kv, "=")
	lk := strings.ToLower(k)
	remote := func(s, why string) {
		if h, ok := scpHost(s); ok {
			c.host(h, why)
			return
		}
		if strings.Contains(s, "://") || slashURL(s) {
			c.destination(field{s: s}, why)
		}
	}
	switch {
	case strings.HasPrefix(lk, "url.") && (strings.HasSuffix(lk, ".insteadof") || strings.HasSuffix(lk, ".pushinsteadof")) &&
		strings.LastIndexByte(k, '.') > len("url."): // (url.insteadOf has no base)
		base := k[len("url."):strings.LastIndexByte(k, '.')]
		remote(base, "git url."+"insteadOf destination")
	case lk == "http.proxy" || lk == "https.proxy" || strings.HasPrefix(lk, "http.") && strings.HasSuffix(lk, ".proxy") ||
		strings.HasPrefix(lk, "remote.") && strings.HasSuffix(lk, ".proxy"):
		if v != "" {
			c.destination(field{s: v}, "git "+lk)
		}
	case strings.HasPrefix(lk, "remote.") && (strings.HasSuffix(lk, ".url") || strings.HasSuffix(lk, ".pushurl") || strings.HasSuffix(lk, ".lfsurl")),
		strings.HasPrefix(lk, "submodule.") && strings.HasSuffix(lk, ".url"), lk == "lfs.url", lk == "lfs.pushurl":
		remote(v, "git "+lk)
	case lk == "http.curloptresolve":
		if p := splitColons(strings.TrimPrefix(v, "+")); len(p) >= 3 {
			c.host(strings.Join(p[2:], ":"), "git http.curloptResolve")
		}
	}
}

// sshClientOptions reads the ssh options of programs that run ssh
// themselves (sftp -J, -o): their jump hosts, and a ProxyCommand, which
// is opaque here (sftp's own command line is not re-analysed).
func (c *cmd) sshClientOptions(o opts) {
	for _, f := range o.values("-J") {
		for _, h := range strings.Split(f.s, ",") {
			c.host(strings.TrimPrefix(h, "ssh://"), c.name+" -J")
		}
	}
	for _, f := range o.values("-o") {
		if sshOption(c, f.s) != "" {
			c.opaque("ssh option runs a command: " + clip(f.s))
		}
	}
}

// gitDirRead reports what git --git-dir/--work-tree (or GIT_DIR,
// GIT_WORK_TREE) point git at: every file below, read by whatever the
// command prints (another repository's history, another tree).
func gitDirRead(c *cmd, opt string, f field) {
	switch opt {
	case "--git-dir", "--work-tree", "GIT_DIR", "GIT_WORK_TREE":
		c.a.path(c.sc, kRead, tree(f, treeOpts{}), c.name, "git "+opt)
	}
}
