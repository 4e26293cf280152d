package policy

import "github.com/mandate-dev/mandate/internal/lazy"

// URI schemes, by what their path addresses (uri.go). A scheme not listed
// is unknown: its path is judged where it could be a local file.

// uriLocalSchemes address a file on the machine the server runs on: file
// and every scheme that wraps it (git+file, file+x: any "+" part),
// editors' own names for local files (VS Code's vscode-file://vscode-app/
// ABS, vscode-userdata:, untitled: with a path, which saving writes; a
// notebook cell's document), archives read through a file (jar:, zip:,
// their URL nested after the scheme, the member after "!/"), and
// database URLs whose path is a database file (sqlite:///ABS).
var uriLocalSchemes = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"file": true, "vscode-file": true, "vscode-userdata": true, "vscode-resource": true,
		"vscode-local": true, "vscode-notebook-cell": true, "vscode-notebook-cell-metadata": true,
		"vscode-notebook-cell-output": true, "vscode-interactive-input": true, "untitled": true,
		"jar": true, "zip": true, "war": true, "ear": true, "local": true, "localfile": true,
		"sqlite": true, "sqlite3": true, "duckdb": true,
	}
}}

// uriRemoteSchemes address a network or storage location, or no location
// at all (mailto:, data:): their path is the remote's, judged as a local
// path only when it names one inside the repository or the home
// directory (a path that long is no coincidence).
var uriRemoteSchemes = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, s := range []string{
		"http", "https", "ws", "wss", "ftp", "ftps", "sftp", "scp", "ssh", "telnet", "rsync",
		"smb", "cifs", "nfs", "git", "svn", "hg", "bzr", "s3", "s3a", "gs", "gcs", "az", "abfs",
		"abfss", "wasb", "wasbs", "hdfs", "webdav", "dav", "davs", "ldap", "ldaps", "mailto",
		"tel", "sms", "data", "javascript", "about", "blob", "urn", "magnet", "news", "nntp",
		"irc", "ircs", "xmpp", "sip", "sips", "geo", "cid", "mid", "postgres", "postgresql",
		"mysql", "mariadb", "mongodb", "redis", "rediss", "amqp", "amqps", "mqtt", "mqtts",
		"kafka", "nats", "grpc", "grpcs", "tcp", "udp", "tls", "unix", "npipe", "docker",
		"jdbc", "odbc", "sqlserver", "mssql", "oracle", "clickhouse", "cassandra", "neo4j",
		"bolt", "memcached", "etcd", "consul", "vault", "chrome", "edge", "vscode",
		"vscode-insiders", "cursor", "windsurf", "slack", "zoommtg", "spotify", "market",
		"intent", "ipfs", "ipns", "ens", "ethereum", "bitcoin", "otpauth", "ws+unix",
	} {
		m[s] = true
	}
	return m
}}

// uriNestedSchemes wrap another URL after the colon (jar:file:///a.jar!/x,
// jdbc:postgresql://host/db): the inner one is read as well.
var uriNestedSchemes = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"jar": true, "zip": true, "war": true, "ear": true, "jdbc": true, "odbc": true,
		"view-source": true, "feed": true, "pcast": true, "git": true, "svn": true, "hg": true,
	}
}}

// uriLocalAuthorities name this machine in a file URL's authority
// (file://localhost/ABS, vscode-file://vscode-app/ABS): any other is a
// host the file is on (file://server/share/x: SMB on Windows).
var uriLocalAuthorities = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"": true, "localhost": true, "127.0.0.1": true, "[::1]": true, "vscode-app": true,
		"localhost.localdomain": true, "wsl$": true, "wsl.localhost": true, ".": true, "?": true,
	}
}}
