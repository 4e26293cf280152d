package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Static file servers serve a directory to the network: every file below
// it, hidden names and the targets of symlinks included, can be fetched,
// so starting one is a recursive read of its document root (python3 -m
// http.server is modelled in pymodules.go; php -S here too). A server is
// also a network-reachable process that runs until stopped: opaque.

type fileServerSpec struct {
	short, long string // options taking a value
	root        string // options naming the document root
	rootPos     bool   // the first operand is the root
	sub         string // the subcommand that serves ("" for none)
	subRoot     int    // with sub: the operand (after sub) that is the root, when rootPos
	def         string // the root when none is named ("." the working directory; "" none)
	info        string // flags that only print information (besides --help, --version)
}

var fileServers = &lazy.Value[map[string]fileServerSpec]{New: func() map[string]fileServerSpec {
	return map[string]fileServerSpec{
		"darkhttpd":   {long: "--port --addr --log --chroot --index --mimetypes --default-mimetype --uid --gid --pidfile --auth --header --forward --forward-all --forward-https --timeout", rootPos: true},
		"httpd":       {short: "pcurhedPfCDkEiT", root: "-h", def: ".", info: "-V -t -l -L -M"}, // busybox httpd -h HOME (Apache's httpd reads its configuration)
		"twistd":      {short: "lydug", long: "--path --port --listen --logfile --pidfile --python --rundir --wsgi --mime-type --index --user --umask --reactor --prefix --uid --gid --chroot --profile --savestats --source --file --logger", root: "--path", sub: "web"},
		"caddy":       {short: "lr", long: "--root --listen --browse --templates --access-log --domain --config --adapter", root: "-r --root", sub: "file-server", def: "."},
		"http-server": {short: "pacCKeiPUst", long: "--port --proxy --cors --cert --key --ext --username --password --tls", rootPos: true, def: "."},
		"serve":       {short: "lcpC", long: "--listen --config --ssl-cert --ssl-key --ssl-pass", rootPos: true, def: "."},
		"live-server": {rootPos: true, def: "."},
		"miniserve":   {short: "pialcqtuvFr", long: "--port --interfaces --auth --auth-file --color-scheme --title --header --tls-cert --tls-key --index --route-prefix --qrcode", rootPos: true, def: "."},
		"dufs":        {short: "pba", long: "--port --bind --auth --path-prefix --hidden --config --tls-cert --tls-key --log-format --assets", rootPos: true, def: "."},
		"simple-http-server": {short: "pticauk", long: "--port --ip --threads --cert --certpass --auth --upload --compress --try-file --base-url",
			rootPos: true, def: "."},
		"static-web-server": {short: "padwgxe", long: "--port --host --root --page404 --page50x --config-file --log-level --cors-allow-origins", root: "-d --root", def: "public"},
		"updog":             {short: "dp", long: "--directory --port --password", root: "-d --directory", def: "."},
		"goshs":             {short: "dpibwc", long: "--dir --port --ip --basic-auth --webdav-port --cert", root: "-d --dir", def: "."},
		"webfsd":            {short: "rpifnNlLdDcotuUgbBae", root: "-r", def: "."},
		"thttpd":            {short: "dpucCgTlhMPr", root: "-d", def: "."},
		"mini_httpd":        {short: "dpucCglThMPiHI", root: "-d", def: "."},
		"rclone":            {long: "--addr --config --user --pass --htpasswd --baseurl --cert --key --include --exclude --filter --log-file", rootPos: true, sub: "serve", subRoot: 1},
	}
}}

// fileServer analyses one table server.
func (c *cmd) fileServer(s fileServerSpec) {
	o := c.parse(optSpec{short: s.short, long: strings.Fields(s.long)})
	if o.any(append(strings.Fields(s.info), "--help", "--version")...) {
		return
	}
	pos := o.pos
	if s.sub != "" {
		if len(pos) == 0 || c.s(pos[0]) != s.sub {
			if c.name == "twistd" || c.name == "caddy" && len(pos) > 0 && c.s(pos[0]) == "run" {
				c.opaque(c.name + " runs a server whose configuration the analysis does not read")
			}
			return
		}
		c.skip[pos[0]] = true
		pos = pos[1:]
		if s.subRoot > 0 && len(pos) >= s.subRoot {
			for _, k := range pos[:s.subRoot] {
				c.skip[k] = true
			}
			pos = pos[s.subRoot:]
		}
	}
	var roots []field
	for _, k := range strings.Fields(s.root) {
		roots = append(roots, o.values(k)...)
	}
	if s.rootPos && len(pos) > 0 {
		c.skip[pos[0]] = true
		f := c.args[pos[0]]
		if c.name == "rclone" {
			if i := strings.IndexByte(f.s, ':'); i > 0 && !strings.ContainsAny(f.s[:i], "/") {
				f = field{} // a remote, not a local directory
			}
		}
		if f.s != "" {
			roots = append(roots, f)
		}
	}
	if len(roots) == 0 && s.def != "" {
		roots = []field{{s: s.def}}
	}
	c.serveTrees(roots)
}

// serveTrees reports the document roots a server makes reachable.
func (c *cmd) serveTrees(roots []field) {
	c.w.modelled = true
	c.opaque(c.name + " serves files over the network")
	for _, f := range roots {
		c.read(tree(f, treeOpts{}), "served by "+c.name)
	}
}

// phpServer analyses php -S ADDR [-t DOCROOT] [ROUTER]: the built-in web
// server serves the document root (the working directory by default)
// and runs its PHP files. false when the line is not a server.
func (c *cmd) phpServer() bool {
	serving := false
	root := c.cwdField()
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		switch {
		case s == "-S" || s == "-t":
			c.skip[i] = true
			if i+1 < len(c.args) {
				c.skip[i+1] = true
				if s == "-t" {
					root = c.args[i+1]
				}
				i++
			}
			serving = serving || s == "-S"
		case strings.HasPrefix(s, "-S"):
			c.skip[i], serving = true, true
		case strings.HasPrefix(s, "-t"):
			c.skip[i] = true
			root = c.args[i]
			root.s = s[2:]
		case s == "--":
			i = len(c.args)
		}
	}
	if !serving {
		return false
	}
	c.serveTrees([]field{root})
	return true
}

// serverPrograms serve files to the network.
func serverPrograms() []program {
	return []program{
		{"darkhttpd httpd twistd caddy http-server serve live-server miniserve dufs simple-http-server " +
			"static-web-server updog goshs webfsd thttpd mini_httpd rclone",
			func(c *cmd) error { c.fileServer(fileServers.Get()[c.name]); return nil }},
	}
}
