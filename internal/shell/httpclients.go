package shell

import (
	"path"
	"strings"
)

// HTTP clients: curl, wget, httpie and the like, and the destination
// rules the network clients share.

func (c *cmd) httpClient() {
	n := c.name
	var o opts
	switch n {
	case "curl":
		c.curlExpand()
		o = c.parse(optSpec{short: "odHXuAebcFTwxmKErCDUQYyzt", long: []string{"--output", "--data", "--data-raw", "--data-binary",
			"--data-urlencode", "--data-ascii", "--json", "--header", "--request", "--user", "--user-agent", "--referer", "--cookie",
			"--cookie-jar", "--form", "--form-string", "--upload-file", "--write-out", "--proxy", "--max-time", "--config", "--cert",
			"--key", "--cacert", "--capath", "--range", "--resolve", "--connect-to", "--connect-timeout", "--retry", "--output-dir",
			"--limit-rate", "--url", "--interface", "--dns-servers", "--doh-url", "--preproxy", "--proxy-user", "--socks5",
			"--socks5-hostname", "--socks4", "--socks4a", "--unix-socket", "--dump-header", "--trace", "--trace-ascii", "--stderr",
			"--oauth2-bearer", "--aws-sigv4", "--variable", "--expand-url", "--url-query", "--retry-max-time", "--max-filesize"}})
		for _, f := range o.values("-o", "--output", "-D", "--dump-header", "--trace", "--trace-ascii", "--stderr", "-c", "--cookie-jar") {
			if f.s != "-" && !discardTarget(f.s) {
				c.write(f, "curl "+"output")
			}
		}
		for _, f := range o.values("-T", "--upload-file", "-K", "--config") {
			c.read(f, "curl upload")
		}
		if all, err := c.curlConfig(o); err != nil {
			c.a.deferred = err
		} else if len(o.values("-K", "--config")) > 0 && !all {
			c.opaque("curl reads its options from a file")
		}
		for _, f := range o.values("--unix-socket", "--abstract-unix-socket") {
			c.socket(f, "curl --unix-socket")
		}
		for _, f := range o.values("--variable") {
			// --variable %NAME imports the environment variable NAME
			if name, ok := strings.CutPrefix(f.s, "%"); ok {
				name, _, _ = strings.Cut(name, "=")
				name, _, _ = strings.Cut(name, "@")
				c.a.envRef(c.sc, name)
			}
		}
		// option values that name files curl reads and sends
		for _, f := range o.values("-b", "--cookie", "-E", "--cert", "--key", "--cacert", "--netrc-file", "-H", "--header", "--variable") {
			v := f.s
			switch {
			case strings.HasPrefix(v, "@"):
				f.s = v[1:]
			case strings.Contains(v, "@") && !strings.Contains(v, "://") && !strings.Contains(v, ":"):
				f.s = v[strings.LastIndexByte(v, '@')+1:] // --variable name@file
			case strings.ContainsAny(v, "=:;") || v == "":
				continue // inline cookie or header
			}
			c.read(f, "curl file option")
		}
		for _, f := range o.values("-d", "--data", "--data-binary", "--data-urlencode", "--data-ascii", "--json", "-F", "--form") {
			v := f.s
			if i := strings.Index(v, "=@"); i >= 0 {
				v = v[i+1:]
			} else if i := strings.Index(v, "=<"); i >= 0 {
				v = v[i+1:]
			}
			if rest, ok := strings.CutPrefix(v, "@"); ok && rest != "-" {
				f.s = rest
				c.read(f, "curl upload")
			} else if rest, ok := strings.CutPrefix(v, "<"); ok {
				f.s = rest
				c.read(f, "curl upload")
			}
		}
		for _, f := range o.values("-x", "--proxy", "--preproxy", "--socks5", "--socks5-hostname", "--socks4", "--socks4a") {
			if h, ok := bareHost(f.s); ok {
				c.host(h, "curl proxy")
			}
		}
		// -H 'Host: H': virtualHosts (vhosts.go)
		c.curlRouting(o)
		targets := append(c.posFields(o), o.values("--url")...)
		remoteName := o.any("-O", "--remote-name", "--remote-name-all")
		dir := ""
		if d := o.values("--output-dir"); len(d) > 0 {
			dir = d[0].s + "/"
		}
		for _, f := range targets {
			if urls, ok := curlGlob(f.s); o.any("-g", "--globoff") || ok && len(urls) == 1 {
				c.target(f)
			} else if !ok {
				c.opaque("curl URL glob too large or malformed: " + clip(f.s))
				c.target(f)
			} else {
				for _, u := range urls { // curl expands {a,b} and [a-z] itself
					g := f
					g.s = u
					c.target(g)
				}
			}
			if remoteName {
				if b := urlBase(f.s); b != "" {
					c.write(field{s: dir + b, dyn: f.dyn}, "curl -O")
				}
			}
		}
		for _, k := range o.pos {
			c.skip[k] = true
		}
	case "wget":
		o = c.parse(optSpec{short: "OoaPUetTwiQlAR", long: []string{"--output-document", "--output-file", "--append-output",
			"--directory-prefix", "--user-agent", "--execute", "--tries", "--timeout", "--wait", "--input-file", "--quota",
			"--header", "--user", "--password", "--post-data", "--post-file", "--body-data", "--body-file", "--method",
			"--level", "--accept", "--reject", "--load-cookies", "--save-cookies", "--ca-certificate", "--certificate", "--private-key"}})
		for _, f := range o.values("-o", "--output-file", "-a", "--append-output", "--save-cookies") {
			c.write(f, "wget log")
		}
		for _, f := range o.values("--post-file", "--body-file", "-i", "--input-file", "--load-cookies") {
			c.read(f, "wget input")
		}
		c.wgetExecute(o)
		if o.any("--use-askpass") {
			c.opaque("wget runs an askpass program")
		}
		if len(o.values("-i", "--input-file")) > 0 {
			c.opaque("wget reads its destinations from a file")
		}
		outs := o.values("-O", "--output-document")
		prefix := o.values("-P", "--directory-prefix")
		for _, f := range outs {
			if f.s != "-" && !discardTarget(f.s) {
				c.write(f, "wget -O")
			}
		}
		for _, k := range o.pos {
			f := c.args[k]
			c.skip[k] = true
			c.target(f)
			if len(outs) == 0 && !o.any("--spider") {
				if len(prefix) > 0 {
					c.write(prefix[0], "wget -P")
				} else if b := urlBase(f.s); b != "" {
					c.write(field{s: b, dyn: f.dyn}, "wget download")
				} else {
					c.write(field{s: "index.html"}, "wget download")
				}
			}
		}
	default:
		sp := optSpec{short: "aAo", long: []string{"--auth", "--auth-type", "--output", "--session", "--proxy", "--cert", "--cert-key", "--verify"}}
		if n == "aria2c" {
			sp = optSpec{short: "oidx", long: []string{"--out", "--input-file", "--dir", "--all-proxy", "--http-proxy", "--https-proxy", "--max-connection-per-server"}}
		}
		o = c.parse(sp)
		for _, f := range o.values("-i", "--input-file") {
			c.read(f, n+" input file")
			c.opaque(n + " reads its destinations from a file")
		}
		for _, f := range o.values("--proxy", "--all-proxy", "--http-proxy", "--https-proxy") {
			c.destination(f, n+" proxy")
		}
		for _, f := range o.values("-o", "--output") {
			c.write(f, n+" output")
		}
		for _, k := range o.pos {
			s := c.s(k)
			c.skip[k] = true
			if s == strings.ToUpper(s) && !strings.ContainsAny(s, ":/.") {
				continue // METHOD
			}
			if strings.ContainsAny(s, "=@") && !strings.Contains(s, "://") && (n != "aria2c" && n != "lynx" && n != "w3m" && n != "links" && n != "elinks") {
				// request items; field@file and field=@file send a file
				if i := strings.LastIndexByte(s, '@'); i >= 0 && i+1 < len(s) {
					f := c.args[k]
					f.s = s[i+1:]
					c.read(f, n+" file item")
				}
				continue
			}
			f := c.args[k]
			if strings.HasPrefix(s, ":") {
				f.s = "localhost" + s
			}
			c.target(f)
			if n == "aria2c" {
				if b := urlBase(f.s); b != "" {
					c.write(field{s: b}, "aria2c download")
				}
			}
		}
	}
}

// target records the host of a URL or bare host argument of a network
// command; a destination not known statically is opaque.
func (c *cmd) target(f field) {
	if len(f.s) > 5 && strings.EqualFold(f.s[:5], "file:") {
		for _, g := range fileURLPaths(f.s) {
			g.dyn = g.dyn || f.dyn
			c.read(g, "file URL")
		}
		return
	}
	if f.tree != nil && f.tree.input {
		c.opaque("network destination not known statically: read from input")
		return
	}
	c.a.relayHosts(c, f.s) // relayhosts.go: hosts a relay service reaches
	if hs := urlHosts(f.s); len(hs) > 1 && !f.dyn {
		for _, h := range hs { // parsers that disagree: every reading
			c.host(h, "destination")
		}
		return
	}
	h, ok := bareHost(f.s)
	if !ok {
		return
	}
	if f.dyn {
		if _, ok := normHost(h); !ok || strings.ContainsAny(h, "$`({") {
			c.opaque("network destination not known statically: " + clip(f.s))
			return
		}
	}
	c.host(h, "destination")
}

func urlBase(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	i := strings.IndexByte(u, '/')
	if i < 0 {
		return ""
	}
	b := path.Base(u[i:])
	if b == "/" || b == "." || b == "" {
		return ""
	}
	return b
}

// httpPrograms fetch and send URLs.
func httpPrograms() []program {
	return []program{
		{"curl wget http https httpie xh xhs curlie aria2c lynx w3m links elinks", effects((*cmd).httpClient)},
	}
}
