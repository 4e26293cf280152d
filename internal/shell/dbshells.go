package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Database shells (sqlite3, duckdb, psql, mysql/mariadb) are interpreters:
// the SQL and the meta-commands they are given (dot-commands, backslash
// commands, the mysql client's named commands) read and write files, run
// programs and change directory. Their text is read here as code:
//
//   - a meta-command is looked up in its dialect's table, which says what
//     it does with its arguments (writes a file, reads one, runs a shell
//     command, changes directory, connects to a host); an abbreviation
//     (sqlite's .sys for .system) stands for every command it can
//     abbreviate; one the table does not know is opaque;
//   - SQL that calls a function or statement of the dialect's risky list
//     (readfile, writefile, COPY, ATTACH, LOAD_FILE, …) is opaque: what
//     it touches is only known when it runs;
//   - a string literal of a statement using a risky word is judged as a
//     path the code may read or write (a read, and a candidate write):
//     SQL names its files by literals, and which argument of the
//     statement a literal reaches is not modelled; so is a literal where
//     the dialect reads a quoted name as a file (duckdb's FROM 'x.csv');
//     any other literal is data (WHERE status = 'paid').
//
// Text not known statically is opaque.

// dbEffect is what a meta-command does with its arguments.
type dbEffect uint8

const (
	dbHarmless   dbEffect = iota + 1
	dbWrite               // its last non-option argument is a file written ("|cmd" runs cmd)
	dbRead                // its first non-option argument is a file read ("|cmd" runs cmd)
	dbReadLast            // its last non-option argument is a file read
	dbShell               // the rest of the line is a shell command
	dbCd                  // changes the working directory
	dbConnect             // connects to a server its arguments name
	dbCopy                // psql \copy … to|from FILE|program 'cmd'
	dbOpaque              // runs or loads what the analysis cannot see
	dbWriteLast           // psql \lo_export OID FILE
	dbOpaqueArgs          // runs code; its arguments are names, not files (\setenv NAME VALUE)
)

// dbDialect is one database shell's command language.
type dbDialect struct {
	name   string
	meta   byte // the character starting a meta-command
	abbrev bool // meta-commands may be abbreviated (sqlite3's shell)
	metas  map[string]dbEffect
	named  map[string]dbEffect // mysql: named commands at a statement's start
	risky  map[string]bool     // SQL words that reach files, programs or hosts
	// codeArg: functions whose argument at the index is a shell command
	// (sqlite3's edit(TEXT, EDITOR)).
	codeArg map[string]int
	// fileClauses: clauses where a quoted name is a file read (duckdb's
	// replacement scan: FROM 'x.csv').
	fileClauses map[string]bool
	// urls: a quoted URL anywhere in the SQL may be fetched (duckdb's
	// httpfs, autoloaded: FROM 'https://HOST/x.csv', read_csv('s3://…')).
	urls bool
}

var sqliteMetas = &lazy.Value[map[string]dbEffect]{New: func() map[string]dbEffect {
	return map[string]dbEffect{
		".auth": dbHarmless, ".bail": dbHarmless, ".binary": dbHarmless, ".changes": dbHarmless, ".check": dbHarmless,
		".databases": dbHarmless, ".dbconfig": dbHarmless, ".dbinfo": dbHarmless, ".dump": dbHarmless, ".echo": dbHarmless,
		".eqp": dbHarmless, ".exit": dbHarmless, ".expert": dbHarmless, ".explain": dbHarmless, ".fullschema": dbHarmless,
		".headers": dbHarmless, ".help": dbHarmless, ".indexes": dbHarmless, ".indices": dbHarmless, ".limit": dbHarmless,
		".lint": dbHarmless, ".mode": dbHarmless, ".nullvalue": dbHarmless, ".parameter": dbHarmless, ".print": dbHarmless,
		".progress": dbHarmless, ".prompt": dbHarmless, ".quit": dbHarmless, ".recover": dbHarmless, ".scanstats": dbHarmless,
		".schema": dbHarmless, ".selftest": dbHarmless, ".separator": dbHarmless, ".sha3sum": dbHarmless, ".show": dbHarmless,
		".stats": dbHarmless, ".tables": dbHarmless, ".timeout": dbHarmless, ".timer": dbHarmless, ".version": dbHarmless,
		".vfsinfo": dbHarmless, ".vfslist": dbHarmless, ".vfsname": dbHarmless, ".width": dbHarmless, ".connection": dbHarmless,
		".crnl": dbHarmless, ".nonce": dbHarmless, ".columns": dbHarmless, ".maxrows": dbHarmless, ".highlight": dbHarmless,
		".output": dbWrite, ".once": dbWrite, ".save": dbWrite, ".backup": dbWrite, ".log": dbWrite, ".trace": dbWrite,
		".iotrace": dbWrite, ".open": dbWrite, ".excel": dbOpaque, ".testcase": dbOpaque,
		".read": dbRead, ".import": dbRead, ".restore": dbReadLast,
		".shell": dbShell, ".system": dbShell, ".sh": dbShell,
		".cd":   dbCd,
		".load": dbOpaque, ".archive": dbOpaque, ".ar": dbOpaque, ".session": dbOpaque, ".filectrl": dbOpaque,
		".imposter": dbOpaque, ".testctrl": dbOpaque, ".unmodule": dbOpaque, ".dbtotxt": dbHarmless,
	}
}}

var psqlMetas = &lazy.Value[map[string]dbEffect]{New: func() map[string]dbEffect {
	return map[string]dbEffect{
		`\a`: dbHarmless, `\C`: dbHarmless, `\f`: dbHarmless, `\H`: dbHarmless, `\t`: dbHarmless, `\T`: dbHarmless,
		`\x`: dbHarmless, `\q`: dbHarmless, `\quit`: dbHarmless, `\l`: dbHarmless, `\list`: dbHarmless, `\z`: dbHarmless,
		`\conninfo`: dbHarmless, `\encoding`: dbHarmless, `\echo`: dbHarmless, `\qecho`: dbHarmless, `\warn`: dbHarmless,
		`\set`: dbHarmless, `\unset`: dbHarmless, `\pset`: dbHarmless, `\timing`: dbHarmless, `\r`: dbHarmless,
		`\reset`: dbHarmless, `\p`: dbHarmless, `\print`: dbHarmless, `\g`: dbWrite, `\gx`: dbWrite, `\gdesc`: dbHarmless,
		`\gset`: dbHarmless, `\watch`: dbHarmless, `\prompt`: dbHarmless, `\errverbose`: dbHarmless, `\copyright`: dbHarmless,
		`\h`: dbHarmless, `\help`: dbHarmless, `\?`: dbHarmless, `\sf`: dbHarmless, `\sv`: dbHarmless, `\if`: dbHarmless,
		`\elif`: dbHarmless, `\else`: dbHarmless, `\endif`: dbHarmless, `\bind`: dbHarmless, `\lo_list`: dbHarmless,
		`\lo_unlink`: dbHarmless, `\password`: dbHarmless, `\startpipeline`: dbHarmless,
		`\endpipeline`: dbHarmless, `\syncpipeline`: dbHarmless, `\flushrequest`: dbHarmless, `\flush`: dbHarmless,
		`\getresults`: dbHarmless, `\close`: dbHarmless, `\parse`: dbHarmless, `\bind_named`: dbHarmless,
		`\o`: dbWrite, `\out`: dbWrite, `\w`: dbWrite, `\write`: dbWrite, `\s`: dbWrite, `\lo_export`: dbWriteLast,
		`\i`: dbRead, `\include`: dbRead, `\ir`: dbRead, `\include_relative`: dbRead, `\lo_import`: dbRead,
		`\!`: dbShell, `\cd`: dbCd, `\c`: dbConnect, `\connect`: dbConnect, `\copy`: dbCopy,
		`\e`: dbOpaque, `\edit`: dbOpaque, `\ef`: dbOpaque, `\ev`: dbOpaque, `\setenv`: dbOpaqueArgs, `\getenv`: dbOpaqueArgs,
		`\gexec`: dbOpaqueArgs,
	}
}}

var mysqlMetas = &lazy.Value[map[string]dbEffect]{New: func() map[string]dbEffect {
	return map[string]dbEffect{
		`\?`: dbHarmless, `\h`: dbHarmless, `\c`: dbHarmless, `\G`: dbHarmless, `\g`: dbHarmless, `\t`: dbHarmless,
		`\n`: dbHarmless, `\p`: dbHarmless, `\R`: dbHarmless, `\q`: dbHarmless, `\#`: dbHarmless, `\s`: dbHarmless,
		`\u`: dbHarmless, `\C`: dbHarmless, `\W`: dbHarmless, `\w`: dbHarmless, `\d`: dbHarmless, `\x`: dbHarmless,
		`\T`: dbWrite, `\.`: dbRead, `\!`: dbShell, `\P`: dbShell, `\e`: dbOpaque, `\r`: dbConnect,
	}
}}

var mysqlNamed = &lazy.Value[map[string]dbEffect]{New: func() map[string]dbEffect {
	return map[string]dbEffect{
		"?": dbHarmless, "help": dbHarmless, "clear": dbHarmless, "ego": dbHarmless, "go": dbHarmless, "notee": dbHarmless,
		"nopager": dbHarmless, "print": dbHarmless, "prompt": dbHarmless, "quit": dbHarmless, "exit": dbHarmless,
		"rehash": dbHarmless, "status": dbHarmless, "use": dbHarmless, "charset": dbHarmless, "warnings": dbHarmless,
		"nowarning": dbHarmless, "delimiter": dbHarmless, "resetconnection": dbHarmless, "query_attributes": dbHarmless,
		"tee": dbWrite, "ssl_session_data_print": dbWrite, "source": dbRead, "system": dbShell, "pager": dbShell,
		"edit": dbOpaque, "connect": dbConnect,
	}
}}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// dialects are built on first use, with the tables they hold.
var dialects = &lazy.Value[map[string]*dbDialect]{New: func() map[string]*dbDialect {
	var (
		sqliteDialect = &dbDialect{name: "sqlite3", meta: '.', abbrev: true, metas: sqliteMetas.Get(),
			risky:   wordSet("readfile writefile edit load_extension attach vacuum fsdir zipfile fts3_tokenizer sqlar_uncompress lsmode"),
			codeArg: map[string]int{"edit": 1}}
		duckdbDialect = &dbDialect{name: "duckdb", meta: '.', abbrev: true, metas: sqliteMetas.Get(),
			risky: wordSet("copy attach export import install load read_csv read_csv_auto read_json read_json_auto read_ndjson " +
				"read_json_objects read_parquet parquet_scan read_text read_blob glob read_xlsx st_read sniff_csv getenv " +
				"shellfs from_csv_auto read_ndjson_objects parquet_metadata parquet_schema parquet_file_metadata " +
				"parquet_kv_metadata iceberg_scan iceberg_metadata iceberg_snapshots delta_scan sqlite_scan sqlite_attach " +
				"read_ndjson_auto read_json_objects_auto"),
			fileClauses: wordSet("from join describe summarize pivot unpivot table"), urls: true}
		psqlDialect = &dbDialect{name: "psql", meta: '\\', metas: psqlMetas.Get(),
			risky: wordSet("copy program pg_read_file pg_read_binary_file pg_ls_dir pg_stat_file lo_import lo_export " +
				"dblink dblink_connect dblink_connect_u dblink_exec wrapper extension language pg_file_write pg_file_rename pg_file_unlink " +
				"pg_file_sync pg_logdir_ls")}
		mysqlDialect = &dbDialect{name: "mysql", meta: '\\', metas: mysqlMetas.Get(), named: mysqlNamed.Get(),
			risky: wordSet("load_file outfile dumpfile infile sys_exec sys_eval plugin soname federated")}
	)
	return map[string]*dbDialect{"sqlite3": sqliteDialect, "duckdb": duckdbDialect, "psql": psqlDialect, "mysql": mysqlDialect}
}}

// maxDBText bounds the text of one database shell argument analysed.
const maxDBText = 64 << 10

// dbSession analyses the texts one database shell runs, in order: a .cd
// changes the directory later texts are relative to.
type dbSession struct {
	c *cmd
	d *dbDialect
	// psql's variables (psqlvars.go); gset: a \gset ran, so any name
	// may hold a value from the database
	vars map[string]psqlVar
	gset bool
	// argDyn: the meta-command being applied has arguments not known
	// statically (a variable, a backquote)
	argDyn bool
	depth  int // scripts run from scripts (dbscripts.go)
}

func (c *cmd) dbSession(d *dbDialect) *dbSession { return &dbSession{c: c, d: d} }

// text analyses one argument of SQL and meta-commands.
func (s *dbSession) text(f field) error {
	if f.dyn || len(f.s) > maxDBText {
		s.c.opaque(s.d.name + " runs SQL not known statically: " + clip(f.s))
		return nil
	}
	for _, line := range strings.Split(f.s, "\n") {
		if err := s.line(line); err != nil {
			return err
		}
	}
	return nil
}

func (s *dbSession) line(line string) error {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	if s.d.meta == '.' && line[0] == '.' {
		return s.metaCommand(line)
	}
	if s.d.named != nil {
		// mysql: each statement may be a named client command
		for _, st := range strings.Split(line, ";") {
			st = strings.TrimSpace(st)
			word, _, _ := strings.Cut(st, " ")
			if e, ok := s.d.named[strings.ToLower(word)]; ok && !strings.HasPrefix(st, "\\") {
				if err := s.apply(word, e, strings.TrimSpace(st[len(word):])); err != nil {
					return err
				}
				continue
			}
			if err := s.sqlWithMeta(st); err != nil {
				return err
			}
		}
		return nil
	}
	return s.sqlWithMeta(line)
}

// sqlWithMeta analyses SQL that may be followed, on the same line, by
// backslash commands (psql, mysql): "select 1 \g out.txt", "\o f \\ …".
func (s *dbSession) sqlWithMeta(line string) error {
	i := -1
	if s.d.meta == '\\' {
		i = unquotedByte(line, '\\')
	}
	if i < 0 {
		s.sql(line)
		return nil
	}
	s.sql(line[:i])
	rest := line[i:]
	for rest != "" {
		cur := rest
		rest = ""
		if !strings.HasPrefix(cur, `\!`) { // \! takes the rest of the line
			if j := unquotedByte(cur[1:], '\\'); j >= 0 {
				cur, rest = cur[:j+1], strings.TrimLeft(cur[j+1:], `\`)
				if rest != "" {
					rest = `\` + rest
				}
			}
		}
		if err := s.metaCommand(strings.TrimSpace(cur)); err != nil {
			return err
		}
	}
	return nil
}

// unquotedByte is the index of b in s outside '…' and "…", or -1.
func unquotedByte(s string, b byte) int {
	var q byte
	for i := 0; i < len(s); i++ {
		switch {
		case q != 0:
			if s[i] == q {
				q = 0
			}
		case s[i] == '\'' || s[i] == '"':
			q = s[i]
		case s[i] == b:
			return i
		}
	}
	return -1
}

// sql analyses a piece of SQL: risky words make it opaque, literals are
// paths it may touch, a code argument is shell code.
func (s *dbSession) sql(text string) {
	c := s.c
	text, _ = s.interpolate(text, true)
	lits := s.fileLiterals(text)
	for _, lit := range lits {
		s.literalHosts(lit) // dblink('host=H'), ATTACH 'postgres:host=H', CONNECTION='mysql://H/…'
	}
	for _, lit := range lits {
		if lit.s == "" || len(lit.s) > 4096 || strings.ContainsAny(lit.s, "\n*?[") || !mayBePath(lit.s) {
			continue
		}
		c.a.path(c.sc, kRead, field{s: lit.s}, c.name, "string in "+s.d.name+" SQL")
		c.a.path(c.sc, kWrite, field{s: lit.s, cand: true}, c.name, "string in "+s.d.name+" SQL")
	}
	if s.d.urls {
		// a URL or connection string in any literal is a host the SQL
		// may fetch from (duckdb's httpfs, postgres and mysql scanners)
		for _, lit := range sqlLiterals(text) {
			s.literalHosts(lit)
		}
	}
	words := sqlWords(text)
	for k, w := range words {
		lw := strings.ToLower(w.s)
		if lw == "host" || lw == "hostaddr" {
			// a foreign server's OPTIONS (host 'H'), (hostaddr 'A')
			if rest := strings.TrimLeft(text[w.end:], " \t\n"); rest != "" && rest[0] == '\'' {
				if l := sqlLiterals(rest); len(l) > 0 {
					c.hostValue(l[0], s.d.name+" SQL "+lw)
				}
			}
		}
		if s.d.risky[lw] && riskyUse(words, k) {
			c.opaque(s.d.name + " SQL " + lw + " reaches files, programs or servers")
		}
		if k, ok := s.d.codeArg[lw]; ok {
			args := sqlCallArgs(text[w.end:])
			if k >= len(args) || args[k].dyn {
				c.opaque(s.d.name + " " + lw + "() runs a command not known statically")
				continue
			}
			if err := c.code(args[k], s.d.name+" "+lw+"()", false); err != nil {
				c.a.defer1(err)
			}
		}
	}
}

// literalHosts reports the hosts a SQL string literal names as a URL
// or as a libpq/duckdb connection string (host=H, hostaddr=A).
func (s *dbSession) literalHosts(lit field) {
	if len(lit.s) > 4096 {
		return
	}
	if strings.Contains(lit.s, "://") {
		s.c.destination(lit, s.d.name+" URL in SQL")
	}
	if !strings.Contains(lit.s, "host") {
		return
	}
	cs := lit.s
	if i := strings.IndexByte(cs, ':'); i >= 0 && !strings.Contains(cs[:i], "=") {
		cs = cs[i+1:] // ATTACH 'postgres:host=H dbname=d'
	}
	for _, p := range conninfoPairs(cs) {
		if p[0] == "host" || p[0] == "hostaddr" {
			s.c.hostValue(field{s: p[1]}, s.d.name+" SQL connection string")
		}
	}
}

// fileLiterals are the string literals of text in the positions where
// the dialect's SQL may name a file: every literal of a statement that
// uses a risky word (its file function or statement: which literal
// reaches it is not modelled), and a literal where the dialect reads a
// quoted name as a file (duckdb's FROM 'x.csv'). Elsewhere a literal is
// data (WHERE status = 'paid'). A dialect with no risky list (a language
// the analysis does not read) has every literal judged.
func (s *dbSession) fileLiterals(text string) []field {
	if len(s.d.risky) == 0 {
		return sqlLiterals(text)
	}
	var out []field
	for _, stmt := range splitUnquoted(text, ';') {
		words := sqlWords(stmt)
		risky := false
		for k, w := range words {
			lw := strings.ToLower(w.s)
			if s.d.risky[lw] && riskyUse(words, k) {
				risky = true
				break
			}
			if _, ok := s.d.codeArg[lw]; ok {
				risky = true
				break
			}
		}
		if risky {
			out = append(out, sqlLiterals(stmt)...)
			continue
		}
		if len(s.d.fileClauses) > 0 {
			out = append(out, clauseLiterals(stmt, s.d.fileClauses)...)
		}
	}
	return out
}

// metaArgs splits a meta-command's arguments, honouring quotes.
func metaArgs(s string) []string {
	var out []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return out
		}
		if q := s[0]; q == '\'' || q == '"' {
			j := strings.IndexByte(s[1:], q)
			if j < 0 {
				return append(out, s[1:])
			}
			out = append(out, s[1:j+1])
			s = s[j+2:]
			continue
		}
		j := strings.IndexAny(s, " \t")
		if j < 0 {
			return append(out, s)
		}
		out = append(out, s[:j])
		s = s[j:]
	}
}

// metaCommand analyses one meta-command line.
func (s *dbSession) metaCommand(line string) error {
	name, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	name = strings.TrimRight(name, "+")
	if s.d.meta == '.' {
		name = strings.ToLower(name)
	}
	s.argDyn = false
	if s.d.name == "psql" && name != `\!` {
		var known bool
		rest, known = s.interpolate(rest, false)
		s.argDyn = !known || strings.Contains(rest, "`")
		s.psqlVarCommand(name, rest, !s.argDyn)
	}
	if s.d.name == "psql" && name != `\!` {
		// psql runs `text` in a meta-command's arguments through the shell
		for rem := rest; ; {
			i := strings.IndexByte(rem, '`')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rem[i+1:], '`')
			if j < 0 {
				s.c.opaque("psql backquote not closed: " + clip(rest))
				break
			}
			s.c.opaque("psql runs a backquoted shell command")
			if err := s.c.code(field{s: rem[i+1 : i+1+j]}, "psql backquote", false); err != nil {
				return err
			}
			rem = rem[i+j+2:]
		}
	}
	effects := s.lookup(name)
	if len(effects) == 0 {
		s.c.opaque(s.d.name + " meta-command " + clip(name) + " is not known")
		return nil
	}
	for _, e := range effects {
		if err := s.apply(name, e, rest); err != nil {
			return err
		}
	}
	return nil
}

// lookup returns the effects of meta-command name: its own, or (where
// commands may be abbreviated) those of every command it abbreviates.
func (s *dbSession) lookup(name string) []dbEffect {
	if e, ok := s.d.metas[name]; ok {
		return []dbEffect{e}
	}
	if s.d.name == "psql" && strings.HasPrefix(name, `\d`) {
		return []dbEffect{dbHarmless} // \d, \dt, \df+, … describe objects
	}
	if !s.d.abbrev || len(name) < 2 {
		return nil
	}
	seen := map[dbEffect]bool{}
	var out []dbEffect
	for full, e := range s.d.metas {
		if strings.HasPrefix(full, name) && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// apply applies one effect to a meta-command's argument text.
func (s *dbSession) apply(name string, e dbEffect, rest string) error {
	c := s.c
	via := s.d.name + " " + name
	args := metaArgs(rest)
	var files []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") || a == "-" {
			files = append(files, a)
		}
	}
	switch e {
	case dbShell:
		if rest == "" {
			return nil
		}
		if s.d.meta == '.' {
			c.opaque(s.d.name + " dot command " + name + " runs a program")
		} else {
			c.opaque(via + " runs a program")
		}
		return c.code(field{s: rest}, via, false)
	case dbWrite, dbRead, dbReadLast, dbWriteLast:
		if code, ok := strings.CutPrefix(rest, "|"); ok {
			c.opaque(via + " pipes through a program")
			return c.code(field{s: code}, via, false)
		}
		if len(files) > 0 && strings.HasPrefix(files[0], "|") {
			c.opaque(via + " pipes through a program")
			return c.code(field{s: files[0][1:]}, via, false)
		}
		if len(files) == 0 {
			return nil
		}
		f := files[len(files)-1]
		if e == dbRead {
			f = files[0]
		}
		if e == dbWrite || e == dbWriteLast {
			c.write(field{s: f, dyn: s.argDyn}, via)
		} else {
			c.read(field{s: f, dyn: s.argDyn}, via)
		}
		if e == dbRead && s.isScriptCommand(name) {
			return s.runScript(field{s: f, dyn: s.argDyn}, via)
		}
	case dbCd:
		if len(files) == 0 {
			return nil
		}
		sub := &cmd{a: c.a, sc: c.a.child(c.sc), name: "cd", args: []field{{s: files[0]}}, skip: []bool{false}}
		sub.cd()
		s.c = &cmd{a: c.a, sc: sub.sc, name: c.name, prog: c.prog}
	case dbConnect:
		if s.argDyn {
			c.opaque(via + " connects to a server not known statically")
		}
		for i, a := range args {
			connInfoHosts(c, a)
			if s.d.name == "psql" && (strings.Contains(a, "=") && !strings.HasPrefix(a, "-") || libpqURI(a)) {
				c.conninfo(field{s: a}) // \c 'service=x servicefile=F', URI ?host=
			}
			for _, h := range urlHosts(a) {
				c.host(h, via)
			}
			if s.d.name == "psql" && i == 2 || s.d.name == "mysql" && i == 1 {
				c.host(a, via)
			}
		}
	case dbCopy:
		s.copy(via, args)
	case dbOpaqueArgs:
		c.opaque(via + " runs or sets what the analysis cannot see")
		if name == `\setenv` && len(args) > 1 {
			// \setenv PGHOST H: the next \c (and \! programs) reach H
			c.a.assignHosts(c.sc, c.name, args[0], strings.Join(args[1:], ""), !s.argDyn)
		}
		if name == `\getenv` && len(args) > 1 {
			c.a.envRef(c.sc, args[1]) // \getenv PSQLVAR ENVVAR reads ENVVAR
		}
	case dbOpaque:
		c.opaque(via + " runs or loads code the analysis cannot see")
		for _, f := range files {
			c.a.path(c.sc, kWrite, field{s: f, cand: true}, c.name, via)
		}
	}
	return nil
}

// copy analyses psql's \copy: TO a file writes it, FROM one reads it,
// PROGRAM 'cmd' runs cmd.
func (s *dbSession) copy(via string, args []string) {
	c := s.c
	for i, a := range args {
		dir := strings.ToLower(a)
		if dir != "to" && dir != "from" || i+1 >= len(args) {
			continue
		}
		target := args[i+1]
		switch strings.ToLower(target) {
		case "stdin", "stdout", "pstdin", "pstdout":
			return
		case "program":
			if i+2 < len(args) {
				c.opaque(via + " program runs a command")
				if err := c.code(field{s: args[i+2]}, via+" program", false); err != nil {
					c.a.defer1(err)
				}
				return
			}
		}
		if dir == "to" {
			c.write(field{s: target, dyn: s.argDyn}, via)
		} else {
			c.read(field{s: target, dyn: s.argDyn}, via)
		}
		return
	}
	c.opaque(via + " names no file the analysis can read")
}

// sqliteLike analyses sqlite3 and duckdb: DB [SQL…], -cmd/-c/-s SQL,
// -init/-f FILE, commands from input when no SQL argument is given.
func (c *cmd) sqliteLike() error {
	d := dialects.Get()["sqlite3"]
	dashLong := []string{"-cmd", "-init", "-separator", "-newline", "-nullvalue", "-vfs", "-lookaside", "-pagecache", "-mmap", "-maxsize", "-heap"}
	if c.name == "duckdb" {
		d = dialects.Get()["duckdb"]
		dashLong = append(dashLong, "-c", "-s", "-f")
	}
	o := c.parse(optSpec{long: dashLong, dashLong: dashLong, noCluster: true})
	db := c.dbSession(d)
	for _, h := range o.has {
		if strings.HasPrefix(h, "-A") || h == "-archive" || h == "--archive" {
			c.opaque(c.name + " archive mode reads and writes files")
		}
	}
	for _, v := range o.vals {
		switch v.key {
		case "-cmd":
			if err := db.text(v.f); err != nil {
				return err
			}
		case "-init", "-f":
			c.read(v.f, c.name+" "+v.key)
			c.opaque(c.name + " runs the commands of a file")
			if err := db.runScript(v.f, c.name+" "+v.key); err != nil {
				return err
			}
		}
	}
	sqlArgs := false
	for _, v := range o.vals {
		if v.key == "-c" || v.key == "-s" {
			sqlArgs = true
			if err := db.text(v.f); err != nil {
				return err
			}
		}
	}
	for i, k := range o.pos {
		if i > 0 {
			sqlArgs = true
			c.skip[k] = true
			if err := db.text(c.args[k]); err != nil {
				return err
			}
		}
	}
	if !sqlArgs {
		return c.sqliteInput(db)
	}
	return nil
}

// dbClientCode analyses the SQL psql (-c) and mysql (-e) are given, in
// order, and commands they read from a literal input.
func (c *cmd) dbClientCode(o opts) {
	d, keys := dialects.Get()["psql"], []string{"-c", "--command"}
	if c.name == "mysql" || c.name == "mariadb" {
		d, keys = dialects.Get()["mysql"], []string{"-e", "--execute"}
	}
	db := c.dbSession(d)
	if d.name == "psql" {
		for _, f := range o.values("-v", "--set", "--variable") {
			if name, val, ok := strings.Cut(f.s, "="); ok {
				db.setVar(name, val, !f.dyn)
			}
		}
	}
	given := false
	for _, f := range o.values(keys...) {
		given = true
		if err := db.text(f); err != nil {
			c.a.defer1(err)
		}
	}
	if d.name == "psql" {
		for _, f := range o.values("-f", "--file") {
			if err := db.runScript(f, "psql -f"); err != nil {
				c.a.defer1(err)
			}
		}
	}
	if given || len(o.values("-f", "--file")) > 0 {
		return
	}
	if c.sc.feed != nil && !c.sc.feed.file {
		if text, ok := c.fedText(); ok {
			if err := db.text(field{s: text}); err != nil {
				c.a.defer1(err)
			}
		} else {
			c.opaque(c.name + " runs SQL read from input")
		}
	}
}

// foreignCode analyses code in a language the analysis does not read
// (the SQL of a database client it does not model): opaque, and every
// string literal is judged as a path the code may read or write.
func (c *cmd) foreignCode(f field, why string) {
	c.opaque(why + " runs code the analysis does not read")
	if f.dyn {
		return
	}
	s := &dbSession{c: c, d: &dbDialect{name: c.name}}
	s.sql(f.s)
}
