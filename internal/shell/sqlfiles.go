package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// SQL over files (red-team round 10, #4's kin): q, trdsql, octosql and
// dsq read the files their SQL's FROM and JOIN name (bare or quoted);
// csvsql, textql and sqlite-utils run SQL on SQLite, whose ATTACH and
// VACUUM INTO write files (the sqlite3 dialect's risky words). Where the
// SQL comes from is data; the SQL is judged as sqlite3's is
// (dbshells.go), and the file names of its FROM clauses are reads.

// sqlFileTool says where a program's SQL is: options whose value is SQL,
// options whose value is a file of SQL, which operands are SQL (every
// one, the first, the last of several), and whether its FROM names files.
type sqlFileTool struct {
	sql     []string // options with SQL
	sqlFile []string // options naming a file of SQL
	values  []string // other options with a value
	writes  []string // options naming a file written
	pos     byte     // 'a' every operand, 'f' the first, 'l' the last of several
	from    bool     // FROM and JOIN name files
	goFlags bool     // Go's flag package: -name value, -name=value
	opaque  []string // options that load code (extensions)
}

var sqlFileTools = &lazy.Value[map[string]sqlFileTool]{New: func() map[string]sqlFileTool {
	return map[string]sqlFileTool{
		"q": {sqlFile: []string{"-q", "--query-filename"}, pos: 'a', from: true,
			values: []string{"-d", "--delimiter", "-D", "--output-delimiter", "-e", "--encoding", "-E", "--output-encoding",
				"-c", "--column-count", "-C", "--caching-mode", "-m", "--max-column-length-limit", "-w", "--input-quoting-mode",
				"-W", "--output-quoting-mode"},
			writes: []string{"-S", "--save-db-to-disk"}},
		"trdsql": {sqlFile: []string{"-q"}, pos: 'a', from: true, goFlags: true,
			values: []string{"-id", "-is", "-ir", "-ijq", "-ipath", "-inull", "-od", "-oq", "-onull", "-driver", "-dsn",
				"-config", "-out-compression", "-out-file"},
			writes: []string{"-out-file"}},
		"octosql": {pos: 'f', from: true, values: []string{"--describe", "--output", "-o"}},
		"dsq":     {pos: 'l', from: true},
		"textql": {sql: []string{"-sql"}, goFlags: true,
			values: []string{"-dlm", "-output-dlm", "-source", "-console"}, writes: []string{"-save-to", "-output-file"}},
		"csvsql": {sql: []string{"--query", "--before-insert", "--after-insert"},
			values: []string{"-d", "--delimiter", "-q", "--quotechar", "-u", "--quoting", "-p", "--escapechar", "-z",
				"--maxfieldsize", "-e", "--encoding", "-K", "--skip-lines", "-y", "--snifflimit", "-i", "--dialect", "--db",
				"--tables", "--db-schema", "--chunk-size", "--locale", "--date-format", "--datetime-format"}},
		"sqlite-utils": {pos: 'l', opaque: []string{"--load-extension"}},
	}
}}

// sqlFilesDialect is sqlite3's SQL without its shell's dot-commands.
var sqlFilesDialect = &lazy.Value[*dbDialect]{New: func() *dbDialect {
	d := *dialects.Get()["sqlite3"]
	d.name, d.meta, d.metas, d.abbrev = "SQL", 0, nil, false
	return &d
}}

// sqlFilesCmd analyses a program of sqlFileTools.
func (c *cmd) sqlFilesCmd(t sqlFileTool) error {
	sp := optSpec{long: append(append(append([]string{}, t.values...), t.sqlFile...), append(t.sql, t.writes...)...)}
	if t.goFlags {
		sp = optSpec{dashLong: sp.long, noCluster: true}
	} else {
		for _, l := range sp.long {
			if len(l) == 2 {
				sp.short += l[1:]
			}
		}
	}
	o := c.parse(sp)
	db := c.dbSession(sqlFilesDialect.Get())
	var texts []field
	for _, v := range o.vals {
		switch {
		case contains(t.sql, v.key):
			texts = append(texts, v.f)
		case contains(t.sqlFile, v.key):
			c.read(v.f, c.name+" "+v.key)
			c.opaque(c.name + " runs SQL from a file")
		case contains(t.writes, v.key):
			c.write(v.f, c.name+" "+v.key)
		case v.key == "--db" && c.name == "csvsql":
			// a database URL: sqlite:///PATH is a file written
			if p, ok := strings.CutPrefix(v.f.s, "sqlite:///"); ok && !v.f.dyn {
				f := v.f
				f.s = p
				c.write(f, "csvsql --db")
			} else {
				c.opaque("csvsql writes to a database its --db URL names")
			}
		}
		if contains(t.opaque, v.key) {
			c.opaque(c.name + " " + v.key + " loads code or writes a database the analysis does not read")
		}
	}
	for _, h := range o.has {
		if contains(t.opaque, h) {
			c.opaque(c.name + " " + h + " loads code or writes a database the analysis does not read")
		}
	}
	pos := o.pos
	switch {
	case c.name == "sqlite-utils" && len(pos) > 0 && c.s(pos[0]) != "query" && c.s(pos[0]) != "memory":
		return nil // its other subcommands name databases and tables
	case t.pos == 'a':
		texts = append(texts, c.fieldsAt(pos)...)
	case t.pos == 'f' && len(pos) > 0:
		texts = append(texts, c.args[pos[0]])
	case t.pos == 'l' && len(pos) > 1:
		texts = append(texts, c.args[pos[len(pos)-1]])
	}
	for _, f := range texts {
		for i := range c.args {
			if c.args[i].s == f.s {
				c.skip[i] = true
			}
		}
		if err := db.text(f); err != nil {
			return err
		}
		if t.from && !f.dyn {
			for _, name := range sqlFromNames(f.s) {
				c.read(field{s: name}, c.name+" SQL FROM")
			}
		}
	}
	return nil
}

// sqlFromClause are the words after which a table (here, a file) is named.
var sqlFromClause = map[string]bool{"from": true, "join": true}

// sqlFromNames returns the names after FROM and JOIN (and the tables of
// a comma list after FROM), bare or quoted: the files the SQL reads.
func sqlFromNames(text string) []string {
	var out []string
	inFrom := false
	for i := 0; i < len(text) && len(out) < maxDSLItems; {
		ch := text[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '(' || ch == ')' || ch == ';':
			if ch == ')' || ch == ';' {
				inFrom = false
			}
			i++
		case ch == ',':
			i++
			if inFrom {
				if name, n := sqlTableName(text[i:]); name != "" {
					out = append(out, name)
					i += n
				}
			}
		default:
			j := i
			for j < len(text) && (isIdentByte(text[j]) || text[j] == '.') {
				j++
			}
			if j == i {
				if ch == '\'' || ch == '"' || ch == '`' {
					if k := strings.IndexByte(text[i+1:], ch); k >= 0 {
						i += k + 2
						continue
					}
				}
				i++
				continue
			}
			w := strings.ToLower(text[i:j])
			i = j
			if sqlFromClause[w] {
				inFrom = w == "from"
				if name, n := sqlTableName(text[i:]); name != "" {
					out = append(out, name)
					i += n
				}
			} else if w != "as" && inFrom && sqlKeyword(w) {
				inFrom = false
			}
		}
	}
	return out
}

// sqlKeyword reports whether w ends a FROM list.
func sqlKeyword(w string) bool {
	switch w {
	case "where", "group", "order", "limit", "having", "union", "on", "using", "left", "right", "inner", "outer",
		"cross", "natural", "full", "window", "except", "intersect", "select", "offset", "set", "values":
		return true
	}
	return false
}

// sqlTableName reads a table name at the start of s: quoted, or a run up
// to white space, a comma, a parenthesis or a semicolon; n is its length.
func sqlTableName(s string) (string, int) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	if i >= len(s) {
		return "", i
	}
	if q := s[i]; q == '\'' || q == '"' || q == '`' || q == '[' {
		end := q
		if q == '[' {
			end = ']'
		}
		k := strings.IndexByte(s[i+1:], end)
		if k < 0 {
			return "", len(s)
		}
		return s[i+1 : i+1+k], i + k + 2
	}
	j := i
	for j < len(s) && !strings.ContainsRune(" \t\n\r,();", rune(s[j])) {
		j++
	}
	if strings.EqualFold(s[i:j], "select") || strings.EqualFold(s[i:j], "lateral") {
		return "", i
	}
	return s[i:j], j
}
