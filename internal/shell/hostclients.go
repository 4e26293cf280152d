package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Hosts named by network clients in options and operands of their own:
// a server flag (sqlcmd -S, clickhouse-client --host, gh --hostname), the
// first operand (gnutls-cli HOST, cqlsh HOST), a UNC path (smbclient
// //HOST/share), a resolver query (getent hosts HOST). The table is
// applied to every command of the name, before and whatever else the
// analysis does with it.

type hostClient struct {
	sub     string // these only after this subcommand ("" always); several separated by spaces
	short   string // short options taking a value
	long    string // long options taking a value
	hostOpt string // options whose value names hosts (URL, host[:port], lists)
	posHost int    // operands (after sub) that are hosts, from the first; 0 none, -1 all
	codeOpt string // options whose value is shell code
}

var hostClients = &lazy.Value[map[string]hostClient]{New: func() map[string]hostClient {
	return map[string]hostClient{
		"gnutls-cli":        {short: "pdl", long: "--port --x509cafile --x509keyfile --x509certfile --priority --sni-hostname --verify-hostname --starttls-proto --alpn --recordsize --pskusername --pskkey --srpusername --srppasswd", hostOpt: "--sni-hostname --verify-hostname", posHost: -1},
		"gnutls-cli-debug":  {short: "pd", long: "--port", posHost: -1},
		"cqlsh":             {short: "upkfeb", long: "--username --password --keyspace --file --execute --cqlshrc --cqlversion --protocol-version --encoding --connect-timeout --request-timeout", posHost: 1},
		"sqlcmd":            {short: "SUPdQqiohsWwlAtkcLaefrvyYxXRKEGFMN", long: "--server --user-name --password --database-name --query", hostOpt: "-S --server"},
		"bcp":               {short: "SUPdioeFLbfhmtar", hostOpt: "-S"},
		"clickhouse-client": {short: "hudqfCp", long: "--host --port --user --password --database --query --format --config-file --queries-file", hostOpt: "-h --host"},
		"clickhouse":        {sub: "client", short: "hudqfCp", long: "--host --port --user --password --database --query --format --config-file --queries-file", hostOpt: "-h --host"},
		"smbclient":         {short: "LIpUWsOnRmtdlAkcDTi", long: "--list --ip-address --port --user --workgroup --configfile --socket-options --netbiosname --name-resolve --max-protocol --debuglevel --authentication-file --command --directory --tar --scope", hostOpt: "-L --list -I --ip-address", posHost: 1},
		"smbget":            {short: "wuUo", long: "--workgroup --user --outputfile", posHost: -1},
		"rpcclient":         {short: "IpUWsOnRmcdlA", long: "--dest-ip --port --user --workgroup --command", hostOpt: "-I --dest-ip", posHost: 1},
		"smbmap":            {short: "HuPpdsx", hostOpt: "-H"},
		"etcdctl":           {long: "--endpoints --cacert --cert --key --user --password --dial-timeout --command-timeout --discovery-srv", hostOpt: "--endpoints --discovery-srv"},
		"gh":                {long: "--hostname --repo -R", hostOpt: "--hostname"},
		"glab":              {long: "--hostname --repo -R", hostOpt: "--hostname"},
		"getent":            {sub: "hosts ahosts ahostsv4 ahostsv6", posHost: -1},
		"git":               {sub: "send-email", long: "--smtp-server --smtp-server-port --smtp-user --smtp-pass --smtp-domain --smtp-encryption --to --cc --bcc --from --subject --in-reply-to --to-cmd --cc-cmd --header-cmd --identity --sendmail-cmd", hostOpt: "--smtp-server", codeOpt: "--to-cmd --cc-cmd --header-cmd --sendmail-cmd"},
		"kcat":              {short: "bCPLQtpoeXcdDKkGfsuz", hostOpt: "-b"},
		"kafkacat":          {short: "bCPLQtpoeXcdDKkGfsuz", hostOpt: "-b"},
		"nats":              {short: "s", long: "--server", hostOpt: "-s --server"},
		"influx":            {long: "--host", hostOpt: "--host"},
		"vault":             {long: "-address --address", hostOpt: "-address --address"},
		"consul":            {long: "-http-addr --http-addr", hostOpt: "-http-addr --http-addr"},
		"nomad":             {long: "-address --address", hostOpt: "-address --address"},
		// PostgreSQL's and MySQL's client programs take -h/--host like psql and mysql.
		"dropdb":         {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"dropuser":       {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"createdb":       {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"createuser":     {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"vacuumdb":       {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"reindexdb":      {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"clusterdb":      {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"pg_isready":     {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"pgbench":        {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"pgcli":          {short: "hpUd", long: "--host --port --username --dbname --maintenance-db", hostOpt: "-h --host"},
		"mycli":          {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mysqladmin":     {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mariadb-admin":  {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mariadb-dump":   {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mysqlimport":    {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mariadb-import": {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mysqlcheck":     {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mariadb-check":  {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mysqlshow":      {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mariadb-show":   {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mysqlslap":      {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mariadb-slap":   {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mysqlpump":      {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mysqlbinlog":    {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
		"mariadb-binlog": {short: "hPuDS", long: "--host --port --user --database --socket", hostOpt: "-h --host"},
	}
}}

// hostOptionNames are option names (without dashes) that name a server
// in most programs: whatever the program, --host=H or --host H (a value
// that looks like a host or URL) is a destination.
var hostOptionNames = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"host": true, "hostname": true, "server": true, "servers": true, "endpoint": true, "endpoints": true,
		"address": true, "addr": true, "url": true, "server-url": true, "api-url": true, "base-url": true,
		"broker": true, "brokers": true, "bootstrap-server": true, "bootstrap-servers": true, "registry": true,
		"proxy": true, "master": true, "remote": true, "host-url": true, "api-host": true, "db-host": true,
		"http-addr": true, "grpc-addr": true, "index-url": true, "extra-index-url": true, "smtp-server": true,
		"connect": true, "endpoint-url": true, "ssh-host": true, "jump-host": true, "dsn": true, "uri": true,
	}
}}

// genericHosts reports the hosts of hostOptionNames options of any
// program.
func (c *cmd) genericHosts() {
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		if len(s) < 3 || s[0] != '-' || c.args[i].dyn {
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(s, "-"), "=")
		if !hostOptionNames.Get()[strings.ToLower(name)] {
			continue
		}
		if !hasVal {
			if i+1 >= len(c.args) {
				continue
			}
			next := c.args[i+1]
			if next.dyn || strings.HasPrefix(next.s, "-") || !strings.ContainsAny(next.s, ".:") {
				continue
			}
			val = next.s
		}
		if v := strings.TrimSpace(val); genericHostValue(v) {
			c.hostValue(field{s: v}, c.name+" --"+strings.ToLower(name))
		}
	}
}

// genericHostValue reports whether an option value of any program looks
// like a remote server: a URL or a dotted name, not a path, a port, a
// bind-all or loopback address (a dev server's --host 0.0.0.0).
func genericHostValue(v string) bool {
	if v == "" || strings.ContainsAny(v[:1], "/.~:*[") || !strings.Contains(v, ".") && !strings.Contains(v, "://") {
		return false
	}
	h, _, _ := strings.Cut(v, ":")
	switch {
	case h == "0.0.0.0" || h == "localhost" || strings.HasPrefix(h, "127."):
		return false
	}
	return true
}

// toolHosts applies hostClients to c, and genericHosts.
func (c *cmd) toolHosts() {
	c.genericHosts()
	hc, ok := hostClients.Get()[c.name]
	if !ok {
		return
	}
	args, skip := c.args, c.skip
	if hc.sub != "" {
		at := -1
		for i, f := range c.args {
			if strings.HasPrefix(f.s, "-") {
				continue
			}
			for _, s := range strings.Fields(hc.sub) {
				if f.s == s {
					at = i
				}
			}
			break // the first operand is the subcommand (git: after its options)
		}
		if c.name == "git" {
			at = -1
			for i, f := range c.args {
				if f.s == hc.sub {
					at = i
					break
				}
			}
		}
		if at < 0 {
			return
		}
		args, skip = c.args[at+1:], c.skip[at+1:]
	}
	sub := &cmd{a: c.a, sc: c.sc, name: c.name, prog: c.prog, args: args, skip: skip}
	long := strings.Fields(hc.long)
	var dashLong []string
	for _, l := range long {
		if !strings.HasPrefix(l, "--") {
			dashLong = append(dashLong, l)
		}
	}
	o := sub.parseOpts(optSpec{short: hc.short, long: long, dashLong: dashLong})
	for _, f := range o.values(strings.Fields(hc.hostOpt)...) {
		sub.hostValue(f, c.name+" server option")
	}
	for _, f := range o.values(strings.Fields(hc.codeOpt)...) {
		c.opaque(c.name + " runs the command an option names")
		if err := c.code(f, c.name+" option", false); err != nil {
			c.a.defer1(err)
		}
	}
	if c.name == "git" {
		for _, f := range o.values("--smtp-server") {
			if strings.HasPrefix(f.s, "/") {
				c.opaque("git send-email runs the program --smtp-server names")
			}
		}
	}
	for i, k := range o.pos {
		if hc.posHost == 0 || hc.posHost > 0 && i >= hc.posHost {
			break
		}
		sub.skip[k] = true
		sub.hostValue(sub.args[k], c.name+" host operand")
	}
}

// hostValue reports the hosts of one value: URLs, UNC paths
// (//HOST/share, \\HOST\share), SQL Server names (tcp:HOST,PORT,
// HOST\INSTANCE), lists (a,b), host[:port].
func (c *cmd) hostValue(f field, why string) {
	if f.dyn {
		c.opaque("network destination not known statically: " + clip(f.s))
		return
	}
	for _, v := range strings.FieldsFunc(f.s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		if strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") {
			continue // a local path (a program, a socket)
		}
		switch {
		case strings.HasPrefix(v, "//") || strings.HasPrefix(v, `\\`):
			h := strings.TrimLeft(v, `/\`)
			if i := strings.IndexAny(h, `/\`); i >= 0 {
				h = h[:i]
			}
			c.host(h, why)
			continue
		case strings.Contains(v, "://") || slashURL(v):
			c.destination(field{s: v}, why)
			continue
		}
		if p, rest, ok := strings.Cut(v, ":"); ok && (p == "tcp" || p == "np" || p == "lpc" || p == "admin") {
			v = strings.TrimLeft(rest, `\/`)
		}
		if i := strings.IndexByte(v, '\\'); i >= 0 {
			v = v[:i] // HOST\INSTANCE
		}
		if v == "" || v == "." || v == "(local)" || strings.Trim(v, "0123456789") == "" {
			continue // a port (tcp:HOST,1433)
		}
		c.destination(field{s: v}, why)
	}
}

// curlExpand analyses curl's --expand-OPTION VALUE (curl 8.3): {{name}}
// in VALUE is replaced by the --variable of that name before curl reads
// it as --OPTION. The expanded options are analysed as curl's own; a
// variable not known statically (from a file, the environment) makes the
// value not known statically.
func (c *cmd) curlExpand() {
	expands := false
	for _, f := range c.args {
		if strings.HasPrefix(f.s, "--expand-") {
			expands = true
			break
		}
	}
	if !expands {
		return
	}
	vars := map[string]field{}
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		var v field
		switch {
		case s == "--variable" && i+1 < len(c.args):
			v = c.args[i+1]
			i++
		case strings.HasPrefix(s, "--variable="):
			v = c.args[i]
			v.s = s[len("--variable="):]
		default:
			continue
		}
		name, val, ok := strings.Cut(v.s, "=")
		fileAt := strings.IndexByte(v.s, '@')
		if !ok || fileAt >= 0 && fileAt < len(name) {
			name, _, _ = strings.Cut(name, "@")
			vars[strings.TrimPrefix(name, "%")] = field{s: "$" + name, dyn: true}
			continue
		}
		if env, isEnv := strings.CutPrefix(name, "%"); isEnv {
			if ev, known := c.a.lookup(c.sc, env); known {
				val = ev
			}
			name = env
		}
		vars[name] = field{s: val, dyn: v.dyn}
	}
	var out []field
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		opt, ok := strings.CutPrefix(f.s, "--expand-")
		if !ok {
			out = append(out, f)
			continue
		}
		opt, inline, hasInline := strings.Cut(opt, "=")
		var val field
		switch {
		case hasInline:
			val = f
			val.s = inline
		case i+1 < len(c.args):
			val = c.args[i+1]
			i++
		}
		out = append(out, field{s: "--" + opt}, expandCurlVars(val, vars))
	}
	sub := &cmd{a: c.a, sc: c.sc, name: c.name, prog: c.prog, args: out, skip: make([]bool, len(out))}
	sub.httpClient()
	for _, f := range out {
		if !f.dyn && !strings.HasPrefix(f.s, "-") {
			for _, h := range urlHosts(f.s) {
				c.host(h, "curl expanded URL")
			}
		}
	}
}

// expandCurlVars replaces {{name}} and {{name:function}} in f.
func expandCurlVars(f field, vars map[string]field) field {
	s := f.s
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		name, _, _ := strings.Cut(s[i+2:i+j], ":")
		v, ok := vars[name]
		if !ok {
			f.dyn = true
		}
		f.dyn = f.dyn || v.dyn
		b.WriteString(v.s)
		s = s[i+j+2:]
	}
	b.WriteString(s)
	f.s = b.String()
	return f
}
