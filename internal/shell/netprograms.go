package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Network clients: ssh, and the clients of other protocols (nc, socat,
// dig, database clients, kubectl, docker, …).

// sshOption reads one -o option; it returns the ProxyCommand it sets, for
// the caller to analyse as code.
func sshOption(c *cmd, s string) (proxyCommand string) {
	k, v, _ := strings.Cut(s, "=")
	if v == "" {
		k, v, _ = strings.Cut(s, " ")
	}
	switch strings.ToLower(strings.TrimSpace(k)) {
	case "proxycommand":
		if v = strings.TrimSpace(v); v != "none" {
			return v
		}
	case "localcommand", "knownhostscommand":
		c.sshCommandOption(strings.TrimSpace(k), strings.TrimSpace(v))
	case "remotecommand":
		c.opaque("ssh option runs a command: " + clip(s))
	case "localforward", "remoteforward":
		c.forwardSpec(v, "ssh "+strings.TrimSpace(k))
	case "proxyjump":
		for _, h := range strings.Split(v, ",") {
			c.host(strings.TrimSpace(h), "ssh ProxyJump")
		}
	case "hostname":
		c.host(strings.TrimSpace(v), "ssh HostName")
	default:
		sshFileOption(c, strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v))
	}
	return ""
}

func (c *cmd) ssh() error {
	short := "bcDEeFIiJLlmOopQRSWwB"
	if c.name == "autossh" {
		short += "M" // autossh -M PORT (its monitoring port), not ssh's -M flag
	}
	o := c.parse(optSpec{short: short, stopPos: true})
	for _, f := range o.values("-o") {
		if pc := sshOption(c, f.s); pc != "" {
			// ssh runs it as $SHELL -c "exec COMMAND"
			if err := c.code(field{s: "exec " + pc, dyn: f.dyn}, "ssh ProxyCommand", false); err != nil {
				return err
			}
		}
	}
	c.sshForwards(o)
	for _, f := range o.values("-J") {
		for _, h := range strings.Split(f.s, ",") {
			c.host(strings.TrimPrefix(h, "ssh://"), "ssh -J")
		}
	}
	for _, f := range o.values("-i", "-F", "-E", "-S") {
		c.read(f, "ssh "+"file")
	}
	for _, f := range o.values("-F") {
		proxy, _ := c.sshConfig(f)
		for _, pc := range proxy {
			if err := c.code(field{s: "exec " + pc}, "ssh ProxyCommand", false); err != nil {
				return err
			}
		}
	}
	k, ok := c.pos(o, 0)
	if !ok {
		return nil
	}
	c.skip[k] = true
	dest := c.args[k]
	if dest.dyn {
		c.opaque("ssh destination not known statically")
	} else {
		h := strings.TrimPrefix(dest.s, "ssh://")
		if i := strings.IndexByte(h, '/'); i >= 0 {
			h = h[:i]
		}
		c.host(h, "ssh destination")
	}
	if len(o.pos) > 1 {
		f := field{}
		var parts []string
		for _, p := range o.pos[1:] {
			c.skip[p] = true
			parts = append(parts, c.s(p))
			f.dyn = f.dyn || c.args[p].dyn
		}
		f.s = strings.Join(parts, " ")
		if destLocal(dest) {
			return c.sshHere(f, dest)
		}
		return c.code(f, "ssh "+dest.s, true)
	}
	if !o.any("-N", "-O", "-G", "-V", "-Q") {
		c.opaque("ssh runs a remote shell reading commands from input")
	}
	return nil
}

func (c *cmd) network() {
	n := c.name
	nc := protoClients.Get()[n]
	sp, hostFlags, positionalHosts := nc.opts, nc.hostFlags, !nc.noOpHosts
	o := c.parse(sp)
	switch n {
	case "lftp":
		c.lftp(o)
	case "sftp":
		c.sshClientOptions(o)
		c.sshConfigCode(o) // hostfiles.go
		c.batchEscapes(o.values("-b"))
		c.sshProgramOptions(o)
	case "docker", "podman":
		imageHosts(c)
	}
	for _, f := range o.values(hostFlags...) {
		h := f.s
		if hs := urlHosts(h); len(hs) > 0 {
			h = hs[0]
		}
		c.host(h, n+" host flag")
	}
	if n == "openssl" && len(o.pos) > 1 && c.s(o.pos[0]) == "s_client" {
		// OpenSSL 3: openssl s_client [options] [host:port]
		for _, k := range o.pos[1:] {
			c.skip[k] = true
			c.destination(c.args[k], "openssl s_client")
		}
	}
	switch n {
	case "openssl":
		for _, f := range o.values("-in", "-key", "-inkey", "-cert", "-CAfile", "-signkey", "-passin") {
			if v, ok := strings.CutPrefix(f.s, "file:"); ok {
				f.s = v
			} else if f.s == "" || strings.Contains(f.s, ":") {
				continue
			}
			c.read(f, "openssl input")
		}
		for _, f := range o.values("-out") {
			c.write(f, "openssl -out")
		}
	case "grpcurl":
		c.grpcurlOps(o)
	case "nc", "ncat", "netcat":
		if len(o.values("-e", "-c", "--exec", "--sh-exec", "--lua-exec")) > 0 {
			c.opaque(n + " runs a program connected to the network")
		}
		if o.any("-U", "--unixsock") {
			for _, k := range o.pos {
				c.skip[k] = true
				c.socket(c.args[k], n+" -U")
			}
			positionalHosts = false
		}
		if o.any("-l", "--listen") {
			c.opaque(n + " listens for network connections")
			positionalHosts = false
		}
	case "socat":
		for _, k := range o.pos {
			c.skip[k] = true
			s := c.s(k)
			c.socatFiles(c.args[k])
			typ, rest, _ := strings.Cut(s, ":")
			switch strings.ToUpper(typ) {
			case "EXEC", "SYSTEM":
				c.opaque("socat runs a program: " + clip(s))
			case "TCP", "TCP4", "TCP6", "UDP", "UDP4", "UDP6", "OPENSSL", "SSL", "TCP-CONNECT", "UDP-SENDTO", "SOCKS4", "SOCKS4A", "PROXY":
				h := rest
				if i := strings.IndexByte(h, ','); i >= 0 {
					h = h[:i]
				}
				c.host(h, "socat address")
			case "OPEN", "GOPEN", "FILE", "PIPE", "CREATE":
				f := c.args[k]
				f.s, _, _ = strings.Cut(rest, ",")
				c.read(f, "socat "+strings.ToUpper(typ)+" address")
			case "TCP-LISTEN", "TCP4-LISTEN", "TCP6-LISTEN", "UDP-LISTEN", "OPENSSL-LISTEN":
				c.opaque("socat listens for network connections")
			}
		}
	case "nmap":
		if len(o.values("--script")) > 0 {
			c.opaque("nmap runs scripts")
		}
	case "mysql", "mariadb", "psql":
		c.dbClientCode(o)
		for _, f := range o.values("-d", "--dbname") {
			connInfoHosts(c, f.s)
			for _, h := range urlHosts(f.s) {
				c.host(h, n+" -d")
			}
		}
		for _, k := range o.pos {
			connInfoHosts(c, c.s(k))
		}
	case "mongo", "mongosh", "mongodump", "mongorestore":
		if len(o.values("--eval")) > 0 {
			c.opaque("inline mongo shell code")
		}
		c.mongoAddress(o)
	case "redis-cli":
		for _, f := range o.values("-u") {
			c.destination(f, "redis-cli -u")
		}
	case "dig":
		for _, k := range o.pos {
			s := c.s(k)
			c.skip[k] = true
			if strings.HasPrefix(s, "+") {
				continue
			}
			if strings.HasPrefix(s, "@") {
				c.host(s[1:], "dns server")
				continue
			}
			if isDNSType(s) {
				continue
			}
			c.target(c.args[k])
		}
		return
	}
	if positionalHosts {
		for i, k := range o.pos {
			c.skip[k] = true
			s := c.s(k)
			if (n == "nc" || n == "ncat" || n == "netcat" || n == "telnet") && i > 0 {
				continue // port
			}
			if n == "sftp" || n == "ftp" || n == "lftp" {
				if h, ok := scpHost(s); ok {
					c.host(h, n+" destination")
					continue
				}
			}
			if n == "nslookup" && i > 0 {
				c.host(s, "dns server")
				continue
			}
			c.target(c.args[k])
		}
	}
}

// batchEscapes judges the batch files of a client whose commands include
// a local shell escape (sftp -b FILE, where !cmd runs a shell command, as
// lftp -f's do): what a batch file or standard input (-, /dev/stdin, a
// process substitution) holds is not known, so it is opaque, as the
// commands typed into the client are (replstdin.go); literals of fed text
// are judged as reads.
func (c *cmd) batchEscapes(files []field) {
	for _, f := range files {
		if isStdin(f) && !f.dyn {
			c.opaque(c.name + " runs the commands of its standard input as a batch, where !cmd runs a local shell command")
			if text, known := c.fedText(); known {
				c.codeLiterals(field{s: text})
			}
			continue
		}
		c.read(f, c.name+" batch file")
		c.opaque(c.name + " runs the commands of a batch file, where !cmd runs a local shell command")
	}
}

func isDNSType(s string) bool {
	switch strings.ToUpper(s) {
	case "A", "AAAA", "MX", "TXT", "NS", "CNAME", "SOA", "PTR", "SRV", "ANY", "CAA", "DS", "DNSKEY", "AXFR", "IN", "CH":
		return true
	}
	return false
}

func connInfoHosts(c *cmd, s string) {
	for _, kv := range strings.Fields(s) {
		k, v, _ := strings.Cut(kv, "=")
		if k == "host" || k == "hostaddr" {
			c.host(strings.Trim(v, "'"), "connection string") // a,b lists too
		}
	}
}

// netPrograms connect to other hosts.
func netPrograms() []program {
	ps := []program{
		{"ssh mosh autossh", (*cmd).ssh},
	}
	for n := range protoClients.Get() {
		ps = append(ps, program{n, effects((*cmd).network)})
	}
	return ps
}

// protoClient is what network needs to know of a client: its options, the
// options whose value is a host, and whether its operands are
// destinations.
type protoClient struct {
	opts      optSpec
	hostFlags []string
	noOpHosts bool // its operands are not destinations (or have code of their own)
}

// protoClients are the clients network models.
var protoClients = &lazy.Value[map[string]protoClient]{New: func() map[string]protoClient {
	nc := protoClient{opts: optSpec{short: "psiwqxXeOIcTo", long: []string{"--exec", "--sh-exec", "--lua-exec", "--proxy", "--source", "--wait"}}, hostFlags: []string{"-x", "--proxy"}}
	login := protoClient{opts: optSpec{short: "belnmkuiPoFSJcRBD"}}
	lookup := protoClient{opts: optSpec{short: "tcWNiRmsfgqpwzhF"}}
	ping := protoClient{opts: optSpec{short: "cisItWwlQmMpS"}}
	pg := protoClient{opts: optSpec{short: "hpUdcfoFnNtTLvPWCEjSZ", long: []string{"--host", "--port", "--username", "--dbname", "--command", "--file", "--output", "--set", "--variable"}},
		noOpHosts: true, hostFlags: []string{"-h", "--host"}}
	my := protoClient{opts: optSpec{short: "hPuDeS", glued: "p", long: []string{"--host", "--port", "--user", "--database", "--execute", "--socket"}},
		noOpHosts: true, hostFlags: []string{"-h", "--host"}}
	mongo := protoClient{opts: optSpec{long: []string{"--host", "--port", "--username", "--eval", "--file", "--uri", "--db", "--out"}, short: "ufh", glued: "p"},
		noOpHosts: true}
	containers := protoClient{opts: optSpec{short: "Hcl", long: []string{"--host", "--context", "--config", "--log-level"}, stopPos: true},
		noOpHosts: true, hostFlags: []string{"-H", "--host"}}
	return map[string]protoClient{
		"nc": nc, "ncat": nc, "netcat": nc,
		"lftp":   {opts: optSpec{short: "cefup", long: []string{"--rcfile"}}},
		"telnet": login, "tftp": login, "sftp": login,
		"ftp":      {opts: optSpec{short: ftpValueOpts}},
		"socat":    {noOpHosts: true},
		"dig":      {opts: optSpec{short: "bcfkpqtxy"}},
		"nslookup": lookup, "host": lookup, "whois": {opts: lookup.opts, hostFlags: []string{"-h"}}, // whois -h: the server queried
		"mtr": lookup, "traceroute": lookup, "traceroute6": lookup, "tracepath": lookup,
		"ping": ping, "ping6": ping,
		"nmap":        {opts: optSpec{short: "poiSe", long: []string{"--script", "--script-args", "-oN", "-oX", "-oG", "-oA"}}},
		"ssh-keyscan": {opts: optSpec{short: "ptTf"}},
		"openssl": {opts: optSpec{dashLong: []string{"-connect", "-host", "-proxy", "-in", "-out", "-key", "-cert", "-CAfile", "-servername", "-passin", "-passout", "-inkey", "-signkey"}},
			noOpHosts: true, hostFlags: []string{"-connect", "-host", "-proxy"}},
		"psql": pg, "pg_dump": pg, "pg_dumpall": pg, "pg_restore": pg,
		"mysql": my, "mysqldump": my, "mariadb": my,
		"redis-cli": {opts: optSpec{short: "hpauns", long: []string{"--user", "--pass", "--tls", "--cacert"}}, noOpHosts: true, hostFlags: []string{"-h"}},
		"mongo":     mongo, "mongosh": mongo, "mongodump": mongo, "mongorestore": mongo,
		"kubectl": {opts: optSpec{short: "snlfocC", long: []string{"--server", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "--token", "--filename", "--output", "--selector", "--container"}},
			noOpHosts: true, hostFlags: []string{"-s", "--server"}},
		"docker": containers, "podman": containers,
		"grpcurl":    {opts: goFlagSpec(grpcurlValued), noOpHosts: true}, // grpcurlOps
		"ldapsearch": {}, "rdesktop": {},
	}
}}

// sshProgramOptions analyses what sftp and scp run instead of ssh: -S
// PROGRAM (run with ssh's arguments) and -D SERVER (a local sftp server
// command line, split into words, run with no connection at all).
func (c *cmd) sshProgramOptions(o opts) {
	for _, f := range o.values("-S", "-D") {
		var err error
		if f.dyn {
			c.opaque(c.name + " runs a program not known statically: " + clip(f.s))
		} else {
			err = c.code(f, c.name+" program option", false)
		}
		if err != nil && c.a.deferred == nil {
			c.a.deferred = err
		}
	}
}
