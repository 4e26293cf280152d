package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"net/url"
	"strings"
)

// How the client programs of PostgreSQL (libpq) and MySQL/MariaDB are
// told which server to contact, and which files they read or run on the
// way. One model for the whole family, applied to every program of the
// table whatever else the analysis does with it:
//
//   - -h/--host HOST (any unambiguous prefix: --ho=HOST; MySQL also
//     spells options with "_" and a --loose- prefix);
//   - libpq connection strings wherever a database name is taken (-d,
//     --dbname, --maintenance-db, operands): key=value conninfo (host,
//     hostaddr, service, servicefile, passfile, ssl files) and URIs,
//     whose query string's host=/hostaddr= override the authority;
//   - the environment: PGSERVICEFILE, PGPASSFILE, PGSYSCONFDIR, PSQLRC,
//     MYSQL_HOME, LIBMYSQL_PLUGINS… (PGHOST and MYSQL_HOST are host
//     variables, hostvars.go);
//   - the files those name: a password or key file is a read of it; a
//     service or option file is a read, and the host it names is known
//     only when the line itself wrote the file with literal text (its
//     host= lines are then the hosts); any other makes the server not
//     known statically (opaque);
//   - startup files and plugins that run code (PSQLRC, mysql
//     --plugin-dir/--default-auth, option files that may set
//     init-command): opaque, like sqlite3 -init FILE.

// dbFamily is the option and connection model a client program shares.
type dbFamily uint8

const (
	dbLibpq dbFamily = iota + 1
	dbMySQL
)

// dbClient is one client program: its family and the short options that
// take a value (beyond the family's), so that values are not read as
// operands.
type dbClient struct {
	family dbFamily
	short  string
	// operand: the first operand is the database to connect to, which
	// libpq reads as a connection string when it holds "=" or a URI.
	operand bool
}

// dbClients lists the programs by name.
var dbClients = &lazy.Value[map[string]dbClient]{New: func() map[string]dbClient {
	pg := func(short string) dbClient { return dbClient{family: dbLibpq, short: short} }
	pgConn := func(short string) dbClient { return dbClient{family: dbLibpq, short: short, operand: true} }
	my := func(short string) dbClient { return dbClient{family: dbMySQL, short: short} }
	return map[string]dbClient{
		"psql": pgConn("cdfFLoPRTv"), "pg_dump": pgConn("defFjnNStTZE"), "pg_dumpall": pg("dflSE"),
		"pg_restore": pg("dfFIjLnNPStTE"), "dropdb": pg(""), "createdb": pg("DElOST"), "dropuser": pg(""),
		"createuser": pg("cg"), "vacuumdb": pgConn("dtnNjP"), "reindexdb": pgConn("distSj"), "clusterdb": pgConn("dt"),
		"pgbench": pgConn("bcDfFIjLMPRsStT"), "pg_isready": pg("dt"), "pg_receivewal": pg("DdEsSZ"),
		"pg_recvlogical": pg("dEfFIoPsS"), "pg_basebackup": pg("cdDFlrsStTXZ"), "pg_amcheck": pgConn("dijPrStT"),
		"pg_rewind": pg("DR"), "pg_createsubscriber": pg("dDPst"), "vacuumlo": pg("lT"), "oid2name": pg("dfiostT"),
		"pgcli": pgConn("dDR"), "pg_activity": pgConn("d"), "pgsql": pg(""),
		// usql takes one DSN operand: postgres:// URIs are libpq's (pgx reads ?host= too)
		"usql":  pgConn("cfoPv"),
		"mysql": my("eDSoc"), "mariadb": my("eDSoc"), "mysqldump": my("DSrTw"), "mariadb-dump": my("DSrTw"),
		"mysqladmin": my("DSciw"), "mariadb-admin": my("DSciw"), "mysqlimport": my("DSLcl"), "mariadb-import": my("DSLcl"),
		"mysqlcheck": my("DS"), "mariadb-check": my("DS"), "mysqlshow": my("DS"), "mariadb-show": my("DS"),
		"mysqlslap": my("DSacCiqx"), "mariadb-slap": my("DSacCiqx"), "mysqlpump": my("DS"),
		"mysqlbinlog": my("DSdjor"), "mariadb-binlog": my("DSdjor"), "mysql_upgrade": my("DS"), "mariadb-upgrade": my("DS"),
		"mysqlsh": my("DSef"), "mycli": my("DSeR"), "mysql_secure_installation": my("DS"), "mariadb-secure-installation": my("DS"),
	}
}}

// Long options taking a value, by family (the options that matter here,
// and the common ones whose value must not be read as an operand).
var (
	libpqLong = []string{"--host", "--port", "--username", "--dbname", "--maintenance-db", "--command", "--file",
		"--output", "--set", "--variable", "--log-file", "--source-server", "--database", "--table", "--schema",
		"--exclude-table", "--exclude-schema", "--jobs", "--format", "--encoding", "--role", "--timeout", "--pgdata",
		"--init-command", "--dsn"}
	mysqlLong = []string{"--host", "--port", "--user", "--database", "--execute", "--socket", "--init-command",
		"--plugin-dir", "--default-auth", "--defaults-file", "--defaults-extra-file", "--login-path",
		"--defaults-group-suffix", "--plugin-load", "--load-data-local-dir", "--result-file", "--tab", "--tee",
		"--pager", "--bind-address", "--protocol", "--character-sets-dir", "--ssl-key", "--ssl-cert", "--ssl-ca",
		"--ssl-capath", "--ssl-crl", "--ssl-crlpath", "--server-public-key-path", "--uri", "--sql", "--file"}
)

// libpqConnOpts are the options whose value is a database name that may
// be a connection string.
var libpqConnOpts = []string{"-d", "--dbname", "--maintenance-db", "--source-server", "--database", "--dsn"}

// libpqFileKeys are connection parameters that name a file libpq reads.
var libpqFileKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"passfile": true, "sslcert": true, "sslkey": true, "sslrootcert": true, "sslcrl": true,
		"sslcrldir": true}
}}

// mysqlCodeEnv are the variables that make the MySQL client library load
// plugins or read option files from a directory (MYSQL_HOME/my.cnf may
// set init-command, plugin-dir and the host).
var mysqlCodeEnv = []string{"LIBMYSQL_PLUGINS", "LIBMYSQL_PLUGIN_DIR", "MYSQL_HOME", "MARIADB_HOME",
	"MYSQL_TEST_LOGIN_FILE"}

// dbConnection applies the model to c, a program of dbClients.
func (c *cmd) dbConnection(dc dbClient) {
	args := c.args
	if dc.family == dbMySQL {
		args = mysqlOptionWords(c.args)
	}
	sub := &cmd{a: c.a, sc: c.sc, name: c.name, prog: c.prog, args: args, skip: c.skip}
	long := libpqLong
	short := "hpU" + dc.short
	if dc.family == dbMySQL {
		long, short = mysqlLong, "hPu"+dc.short
	}
	o := sub.parseOpts(optSpec{short: short, long: long, glued: mysqlGlued(dc.family)})
	for _, f := range o.values("-h", "--host") {
		sub.hostValue(f, c.name+" -h")
	}
	if dc.family == dbMySQL {
		c.mysqlConnection(o)
		return
	}
	for _, f := range o.values(libpqConnOpts...) {
		c.conninfo(f)
	}
	service := false
	for _, f := range o.values(libpqConnOpts...) {
		service = strings.Contains(f.s, "service=") || service
	}
	for i, k := range o.pos {
		s := c.s(k)
		switch {
		case c.args[k].dyn && dc.operand && i == 0:
			c.opaque("libpq database operand not known statically (a connection string names the server): " + clip(s))
		case strings.Contains(s, "=") || libpqURI(s):
			service = strings.Contains(s, "service=") || service
			c.conninfo(c.args[k])
		}
	}
	if _, set := c.a.envOrVar(c.sc, "PGSERVICE"); set || service {
		if _, file := c.a.envOrVar(c.sc, "PGSERVICEFILE"); !file && c.homeFileChanged(".pg_service.conf") {
			c.opaque("libpq reads the service from ~/.pg_service.conf, which the line writes or moves")
		}
	}
	// libpq's variables naming files it reads (PGPASSFILE, PGSSLKEY, ...)
	// are reads for every program: envFileVars (envfiles.go).
	if v, set := c.a.envOrVar(c.sc, "PGDATABASE"); set && (!v.known || strings.Contains(v.val, "=") || libpqURI(v.val)) {
		c.conninfo(field{s: v.val, dyn: !v.known}) // read as a connection string where a client expands it
	}
	if v, set := c.a.envOrVar(c.sc, "PGSERVICEFILE"); set {
		c.serviceFile(field{s: v.val, dyn: !v.known}, "PGSERVICEFILE")
	}
	if _, set := c.a.envOrVar(c.sc, "PGSYSCONFDIR"); set {
		c.opaque("libpq reads its service file from PGSYSCONFDIR: the server is not known statically")
	}
	if c.name == "psql" && !o.any("-X", "--no-psqlrc") {
		if v, set := c.a.envOrVar(c.sc, "PSQLRC"); set {
			c.read(field{s: v.val, dyn: !v.known}, "psql PSQLRC")
			c.opaque("psql runs the commands of its startup file (PSQLRC)")
		} else if c.homeFileChanged(".psqlrc") {
			c.opaque("psql runs the commands of ~/.psqlrc, which the line writes or moves")
		}
	}
}

func mysqlGlued(f dbFamily) string {
	if f == dbMySQL {
		return "p" // -pSECRET; -p alone prompts
	}
	return ""
}

// mysqlOptionWords returns args with MySQL's option spellings made
// canonical: --loose-NAME is NAME, "_" in a name is "-".
func mysqlOptionWords(args []field) []field {
	var out []field
	for i, f := range args {
		if f.s == "--" {
			break
		}
		if !strings.HasPrefix(f.s, "--") || f.dyn {
			continue
		}
		name, val, eq := strings.Cut(f.s[2:], "=")
		n := strings.ReplaceAll(strings.TrimPrefix(name, "loose-"), "_", "-")
		if n == name {
			continue
		}
		if out == nil {
			out = append([]field(nil), args...)
		}
		out[i].s = "--" + n
		if eq {
			out[i].s += "=" + val
		}
	}
	if out == nil {
		return args
	}
	return out
}

// mysqlConnection applies the MySQL family's files and plugins.
func (c *cmd) mysqlConnection(o opts) {
	for _, f := range o.values("--plugin-dir", "--default-auth", "--plugin-load") {
		c.opaque(c.name + " loads a client plugin: " + clip(f.s))
	}
	for _, f := range o.values("--defaults-file", "--defaults-extra-file") {
		c.read(f, c.name+" option file")
		c.optionFile(f)
	}
	if len(o.values("--login-path")) > 0 || o.any("--defaults-group-suffix") {
		if _, set := c.a.envOrVar(c.sc, "MYSQL_TEST_LOGIN_FILE"); set {
			c.opaque(c.name + " reads its login path from MYSQL_TEST_LOGIN_FILE")
		}
	}
	for _, f := range o.values("--init-command") {
		if err := c.dbSession(dialects.Get()["mysql"]).text(f); err != nil {
			c.a.defer1(err)
		}
	}
	for _, name := range mysqlCodeEnv {
		if _, set := c.a.envOrVar(c.sc, name); set {
			c.opaque(c.name + " loads plugins or option files named by " + name)
		}
	}
	for _, f := range o.values("--uri") {
		c.destination(f, c.name+" --uri")
	}
	for _, k := range o.pos {
		if libpqURI(c.s(k)) || strings.HasPrefix(c.s(k), "mysql://") || strings.HasPrefix(c.s(k), "mysqlx://") {
			c.destination(c.args[k], c.name+" URI")
		}
	}
	for _, name := range []string{".my.cnf", ".mylogin.cnf"} {
		if !o.any("--no-defaults") && c.homeFileChanged(name) {
			c.opaque(c.name + " reads ~/" + name + ", which the line writes or moves")
		}
	}
}

// homeFileChanged reports whether the client's file ~/name is not the
// user's own: HOME is set for the command, or the line writes the file.
func (c *cmd) homeFileChanged(name string) bool {
	if _, set := c.a.envOrVar(c.sc, "HOME"); set {
		return true
	}
	if c.a.opt.Home == "" {
		return false
	}
	if _, wrote := c.a.writtenAt(c.sc, field{s: c.a.opt.Home + "/" + name}); wrote {
		return true
	}
	for _, w := range c.a.written { // ~/.psqlrc-16, ~/.psqlrc-16.2
		if strings.HasPrefix(w.path, c.a.opt.Home+"/"+name+"-") {
			return true
		}
	}
	return false
}

// libpqURI reports whether s is a libpq connection URI.
func libpqURI(s string) bool {
	return strings.HasPrefix(s, "postgresql://") || strings.HasPrefix(s, "postgres://")
}

// conninfo analyses one libpq connection string: a URI or key=value
// pairs. Every host= and hostaddr= is a host (libpq takes the last; all
// are reported), file parameters are reads, a service file is read and
// its hosts known only when the line wrote it.
func (c *cmd) conninfo(f field) {
	if f.dyn {
		c.opaque("libpq connection string not known statically: " + clip(f.s))
		return
	}
	var params [][2]string
	if libpqURI(f.s) {
		rest := f.s[strings.Index(f.s, "://")+3:]
		auth, query := rest, ""
		if i := strings.IndexAny(rest, "/?"); i >= 0 {
			auth = rest[:i]
			if j := strings.IndexByte(rest, '?'); j >= 0 {
				query = rest[j+1:]
			}
		}
		if i := strings.LastIndexByte(auth, '@'); i >= 0 {
			auth = auth[i+1:]
		}
		for _, h := range strings.Split(auth, ",") {
			if d, err := url.PathUnescape(h); err == nil {
				h = d
			}
			if h != "" && !strings.HasPrefix(h, "/") {
				c.destination(field{s: h}, "libpq URI")
			}
		}
		for _, kv := range strings.Split(query, "&") {
			k, v, _ := strings.Cut(kv, "=")
			if d, err := url.QueryUnescape(v); err == nil {
				v = d
			}
			params = append(params, [2]string{k, v})
		}
	} else {
		params = conninfoPairs(f.s)
	}
	for _, p := range params {
		k, v := p[0], p[1]
		switch {
		case k == "host" || k == "hostaddr":
			c.hostValue(field{s: v}, "libpq "+k+"=")
		case k == "servicefile":
			c.serviceFile(field{s: v}, "servicefile=")
		case libpqFileKeys.Get()[k]:
			c.read(field{s: v}, "libpq "+k+"=")
		}
	}
}

// conninfoPairs parses libpq's key = value pairs: values may be quoted
// with ' (\' and \\ escapes), spaces may surround "=".
func conninfoPairs(s string) [][2]string {
	var out [][2]string
	for i := 0; i < len(s); {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		j := i
		for j < len(s) && s[j] != '=' && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' {
			j++
		}
		key := s[i:j]
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
			j++
		}
		if j >= len(s) || s[j] != '=' {
			return out // not a conninfo string (libpq rejects it)
		}
		j++
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
			j++
		}
		var b strings.Builder
		if j < len(s) && s[j] == '\'' {
			for j++; j < len(s) && s[j] != '\''; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			j++
		} else {
			for ; j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\n'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
		}
		out = append(out, [2]string{key, b.String()})
		i = j
	}
	return out
}

// serviceFile analyses a libpq service file the client reads: a read of
// it, and the hosts of its host=/hostaddr= lines when the line wrote it
// with literal text; otherwise the server is not known statically.
func (c *cmd) serviceFile(f field, why string) {
	c.read(f, "libpq "+why)
	if w, ok := c.a.writtenAt(c.sc, f); ok && w.known {
		for _, line := range strings.Split(w.text, "\n") {
			k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
			if k = strings.TrimSpace(k); ok && (k == "host" || k == "hostaddr") {
				c.hostValue(field{s: strings.TrimSpace(v)}, "libpq service file "+k+"=")
			}
		}
		return
	}
	c.opaque("libpq reads the server from the service file " + clip(f.s) + ", not known statically")
}

// mysqlFileCode are option-file keys (and option names) that make the
// client run or load code.
var mysqlFileCode = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"init-command": true, "plugin-dir": true, "default-auth": true,
		"plugin-load": true, "pager": true, "load-data-local-dir": true}
}}

// optionFile analyses a MySQL option file the client reads: written in
// the line with literal text, its host= lines are hosts and a key that
// runs code is opaque; any other file may set anything (opaque).
func (c *cmd) optionFile(f field) {
	w, ok := c.a.writtenAt(c.sc, f)
	if f.dyn || !ok || !w.known {
		c.opaque(c.name + " reads options (host, init-command, plugins) from " + clip(f.s))
		return
	}
	for _, line := range strings.Split(w.text, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		k = strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(k), "loose-"), "_", "-")
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch {
		case k == "host":
			c.hostValue(field{s: v}, c.name+" option file host=")
		case mysqlFileCode.Get()[k] || strings.HasPrefix(k, "!include"):
			c.opaque(c.name + " option file sets " + k)
		}
	}
}
