package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/shell"
)

// SQL in MCP arguments: a database server's tool runs the SQL it is given
// (mcp-server-sqlite's write_query, a Postgres server's query), and SQL
// reaches files: VACUUM INTO 'PATH' and ATTACH write and open database
// files, readfile()/writefile() and COPY … TO read and write any file,
// load_extension runs code. The SQL of such an argument is judged as the
// database's command-line client judges it in the agent's shell
// (internal/shell's SQL analysis: literals that name files are paths,
// file functions it cannot follow are opaque), by synthesising the
// client's call: sqlite3 :memory: SQL, psql -c SQL, mysql -e SQL. A
// server of no known dialect gets all three (the widest reading).

// mcpSQLDialects maps words of a server's or tool's name to the client
// whose dialect its SQL is.
var mcpSQLDialects = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"sqlite": "sqlite3", "sqlite3": "sqlite3", "libsql": "sqlite3", "turso": "sqlite3", "duckdb": "sqlite3",
		"postgres": "psql", "postgresql": "psql", "psql": "psql", "pg": "psql", "supabase": "psql", "neon": "psql",
		"mysql": "mysql", "mariadb": "mysql",
	}
}}

// mcpSQLKeys are argument names (mcpKey-folded) whose value is SQL on a
// database server's tool; mcpSQLOnlyKeys are SQL whatever the server.
var (
	mcpSQLKeys     = []string{"query", "sql", "statement", "statements", "sqlquery", "sqlstatement", "queries"}
	mcpSQLOnlyKeys = []string{"sql", "sqlquery", "sqlstatement"}
)

// mcpSQL judges the SQL arguments of an MCP call.
func (ev *evaluation) mcpSQL() {
	args, ok := ev.mcpArgs().object()
	if !ok {
		return // mcpArguments denies what is not JSON; a list or scalar has no keys
	}
	clients, db := mcpSQLClients(ev.a.Server, ev.a.MCPTool)
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fk := mcpKey(k)
		if !slices.Contains(mcpSQLOnlyKeys, fk) && !(db && slices.Contains(mcpSQLKeys, fk)) {
			continue
		}
		var texts []string
		switch x := args[k].(type) {
		case string:
			texts = append(texts, x)
		case []any:
			for _, e := range x {
				if s, ok := e.(string); ok {
					texts = append(texts, s)
				}
			}
		}
		for _, sql := range texts {
			if strings.TrimSpace(sql) == "" || len(sql) > 1<<16 {
				continue
			}
			for _, cl := range clients {
				ev.mcpSQLAs(k, cl, sql)
			}
		}
	}
}

// mcpSQLClients returns the clients whose dialect a server's SQL is read
// in, and whether the server (or tool) is a database's.
func mcpSQLClients(server, tool string) ([]string, bool) {
	words := strings.FieldsFunc(strings.ToLower(server+" "+tool), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	var out []string
	db := false
	for _, w := range words {
		if cl, ok := mcpSQLDialects.Get()[w]; ok && !slices.Contains(out, cl) {
			out = append(out, cl)
		}
		switch w {
		case "sql", "db", "database", "query", "sqlite", "postgres", "mysql":
			db = true
		}
	}
	if len(out) > 0 {
		return out, true
	}
	return []string{"sqlite3", "psql", "mysql"}, db
}

// mcpSQLAs judges sql as client's command line would.
func (ev *evaluation) mcpSQLAs(key, client, sql string) {
	var argv []string
	switch client {
	case "sqlite3":
		argv = []string{"sqlite3", ":memory:", sql}
	case "psql":
		argv = []string{"psql", "-c", sql}
	default:
		argv = []string{"mysql", "-e", sql}
	}
	line := quoteArgv(argv)
	an, err := ev.analyze(line, shell.Options{Cwd: ev.cwd, Home: ev.home, Root: ev.root})
	if err != nil || an == nil {
		ev.deny(groupAnalysis, "unparsable-command", key, fmt.Sprintf("MCP argument %q is SQL that cannot be analysed", key))
		return
	}
	ev.analyses = append(ev.analyses, an)
	ev.analysis(an)
}
