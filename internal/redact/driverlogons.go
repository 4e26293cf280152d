package redact

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Red-team round 11 (#30): database drivers take the logon as positional
// arguments, (user, password, dsn) or (dsn, user, password), with no name
// beside the password:
//
//	oracledb.connect("scott", "PW", "db")   cx_Oracle.SessionPool("scott", "PW", …)
//	DBI->connect("dbi:Oracle:db", "scott", "PW")
//	oci_connect('scott', 'PW', 'db')         new PDO($dsn, 'app', 'PW')
//
// driverLogonCalls says, for each driver call (its qualified name,
// lower-cased, as written before "("), which argument is the password;
// credential-pair (credpairs.go) masks a string literal there. A logon
// given whole under a keyword (dsn="scott/PW@db") is oracle.go's.
// Names are qualified by their module where the bare name is common
// (connect, Connection), so that socket.connect("host", "port") stays.
var driverLogonCalls = &lazy.Value[map[string]int]{New: func() map[string]int {
	return map[string]int{
		// Oracle: python-oracledb, cx_Oracle (user, password, dsn).
		"oracledb.connect": 1, "oracledb.connect_async": 1,
		"oracledb.create_pool": 1, "oracledb.create_pool_async": 1,
		"oracledb.sessionpool": 1, "oracledb.connectionpool": 1,
		"cx_oracle.connect": 1, "cx_oracle.connection": 1, "cx_oracle.sessionpool": 1,
		// PHP OCI8 (username, password, connection string).
		"oci_connect": 1, "oci_pconnect": 1, "oci_new_connect": 1,
		// Perl DBI, Java JDBC, PHP PDO (dsn, user, password).
		"dbi->connect": 2, "dbi->connect_cached": 2,
		"drivermanager.getconnection": 2,
		"pdo":                         2,
		// MySQL, SQL Server, Db2 (host or db, user, password, …).
		"mysqli_connect": 2, "mysql_connect": 2, "mysql_pconnect": 2, "mysqli": 2,
		"mysqldb.connect": 2, "pymysql.connect": 2, "pymssql.connect": 2,
		"ibm_db.connect": 2, "ibm_db.pconnect": 2, "ibm_db_dbi.connect": 2,
		// LDAP binds (dn, password), FTP (host, user, password), AMQP.
		"simple_bind_s": 1, "simple_bind": 1, "bind_s": 1,
		"ftplib.ftp": 2, "ftplib.ftp_tls": 2,
		"plaincredentials": 1,
		// Round 13 (#32): ldap3 (server, user, password), pysftp (host,
		// user, key, password); Ruby's pg (host, port, options, tty,
		// dbname, user, password) and net/ftp, net/smtp, net/pop3.
		"ldap3.connection": 2, "pysftp.connection": 3,
		"pg.connect": 6, "pg.connection": 6, "pg::connection.new": 6, "pg::connection.open": 6,
		"pg::connection.connect": 6, "pgconn.new": 6, "pgconn.open": 6, "pgconn.connect": 6,
		"net::ftp.new": 2, "net::ftp.open": 2, "net::ftptls.new": 2,
		"net::smtp.start": 4, "net::pop3.start": 3, "net::pop3.apop": 3,
	}
}}

// Red-team round 13 (#32): a logon made through an object (paramiko's
// client.connect(host, 22, user, PW)) or a class imported bare (from
// redis import Redis) has no module before its name, so no row above
// can list it. driverLogonShapes lists such calls by their last name
// alone, for any receiver, with the shape their arguments must have for
// the call to be a logon: one letter per argument, '.' anything, 'n' an
// integer literal, 's' a string literal, 'd' a string literal naming an
// LDAP entry (cn=, uid=, …), 'P' the password (a string literal, masked).
// The shape is what keeps everyday calls of the same name
// (sock.connect(addr), db.connect("dsn")) unmasked.
var driverLogonShapes = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		// paramiko SSHClient.connect(hostname, port, username, password),
		// DB-API connect(host, port, user, password).
		"connect": ".nsP",
		// redis-py Redis(host, port, db, password).
		"redis": ".nnP", "strictredis": ".nnP",
		// ldap3 Connection(server, user, password).
		"connection": ".dP",
		// ftplib FTP(host, user, passwd), imported bare.
		"ftp": "ssP", "ftp_tls": "ssP",
		// pysmb SMBConnection(username, password, my_name, remote_name).
		"smbconnection": "sPss",
		// poplib POP3.pass_(password), user then pass_.
		"pass_": "P",
	}
}}

// driverCallName is the qualified call name at s[h:] (letters, digits,
// _ . -> ::), lower-cased, and its end.
func driverCallName(s string, h int) (string, int) {
	e := h
	for e < len(s) && e-h < maxKeyLen && (isAlnum(s[e]) || s[e] == '_' || s[e] == '.' || s[e] == ':' ||
		s[e] == '-' && e+1 < len(s) && s[e+1] == '>' || s[e] == '>' && e > h && s[e-1] == '-') {
		e++
	}
	return strings.ToLower(s[h:e]), e
}
