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
