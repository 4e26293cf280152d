package redact

// sqlPasswordRules: passwords in SQL account statements, whatever client
// carries them (mysql -e, psql -c, sqlcmd -Q, a .sql file): IDENTIFIED
// [WITH plugin] BY [PASSWORD] 'pw' (MySQL, MariaDB, Oracle, where the
// value may be bare), SET PASSWORD [FOR u] = [PASSWORD(]'pw', [WITH |
// LOGIN | [UN]ENCRYPTED] PASSWORD [=] 'pw' (PostgreSQL roles, SQL Server
// logins), ENCRYPTION|DECRYPTION BY PASSWORD = 'pw' (SQL Server master
// keys, certificates, symmetric keys) and PASSWORD('pw'); and the password field of a PostgreSQL
// password file line (host:port:db:user:pw) near a .pgpass name.
func sqlPasswordRules() []*rule {
	return []*rule{
		{id: "sql-password", desc: "password in a SQL account statement (IDENTIFIED BY 'x', SET PASSWORD = PASSWORD('x'), WITH PASSWORD 'x', PASSWORD 'x')",
			keywords: []string{"identified", "set password", "with password", "login password", "encrypted password", "password(", "password (", "alter user", "alter role", "create user", "create role", "by password"},
			pattern: `(?i)(?:\bidentified(?:\s+with\s+\w+)?\s+by(?:\s+password)?\s*(?:N?'(?P<s>[^'\s][^']*)'|"(?P<s2>[^"\s][^"]*)"|(?P<s3>[A-Za-z0-9_!#%^*+\-.,/~@]+))` +
				`|(?:\b(?:en|de)cryption\s+by\s+password\s*=\s*N?|\bset\s+password(?:\s+for\s+\S+)?\s*=\s*(?:(?:old_)?password\s*\(\s*)?|\b(?:with|login|encrypted|unencrypted|(?:alter|create)\s+(?:user|role)\s+\S+)\s+password(?:\s*=)?\s*(?:N)?|\bpassword\s*\(\s*)(?:'(?P<s4>[^'\s][^']*)'|"(?P<s5>[^"\s][^"]*)"))`,
			before: 80, after: 400},
		{id: "pgpass-line", desc: "password field of a PostgreSQL password file line (host:port:db:user:password) near a .pgpass name",
			keywords: []string{"pgpass"},
			pattern:  `(?m)(?:^|[\s'"])[^\s:'"#]+:(?:\d{1,5}|\*):[^\s:'"]+:[^\s:'"]+:(?P<s>(?:\\.|[^\s'"\\])+)`,
			before:   4096, after: 4096},
	}
}
