package policy

import "github.com/mandate-dev/mandate/internal/lazy"

// mcpReadNouns may follow a read verb in a read-only MCP tool's name: what
// is read (get_file_text_by_path, list_pull_request_comments,
// read_process_output, get_symbols_overview), qualifiers (all, current,
// recent, staged) and the small words between them (by, in, with). Words
// that may be verbs of a write (out, restore, apply, reset, run, index,
// sync, open a session…) are left out: a word not listed makes the name a
// write (mcpReadOnlyName). Sources: the tool names of
// modelcontextprotocol/servers, github/github-mcp-server, JetBrains' MCP
// server, Desktop Commander, Serena, kubernetes and database servers.
var mcpReadNouns = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		// small words and qualifiers
		"a", "all", "any", "at", "by", "current", "each", "for", "from", "in", "latest", "many",
		"more", "my", "of", "on", "one", "recent", "single", "the", "with", "within", "me",
		"allowed", "available", "changed", "staged", "unstaged", "raw", "full", "summary",
		"detailed", "details", "detail", "info", "information", "overview", "stats",
		"statistics", "usage", "metrics", "health", "version", "versions",
		// files and text
		"path", "paths", "name", "names", "directories", "folders", "sizes", "size", "length",
		"content", "contents", "text", "texts", "lines", "line", "range", "ranges", "page",
		"pages", "data", "json", "yaml", "html", "markdown", "md", "media", "image", "images",
		"bytes", "encoding", "type", "types", "mime", "extension", "extensions", "entries",
		"entry", "items", "item", "roots", "substring", "keyword", "keywords", "pattern",
		"patterns", "regex", "query", "queries", "results", "result", "matches", "match",
		"occurrences", "problems", "errors", "warnings", "diagnostics", "structure", "title",
		"titles", "url", "urls", "links", "id", "ids", "key", "keys", "values", "properties",
		"property", "attributes", "permissions", "owner", "owners", "modified", "time",
		"times", "timezone", "date", "dates", "stat",
		// code
		"symbol", "definitions", "usages", "callers", "callees", "implementations",
		"hierarchy", "signature", "signatures", "documentation", "docs", "doc", "help",
		"library", "libraries", "modules", "module", "packages", "package", "dependencies",
		"deps", "imports", "exports", "snippets", "snippet", "referencing", "classes", "class",
		"functions", "methods", "method", "variables", "variable", "declarations",
		"declaration", "types", "schema", "schemas",
		// version control and forges
		"log", "logs", "history", "changes", "changelog", "commits", "commit", "branches",
		"branch", "tags", "tag", "releases", "release", "remotes", "remote", "refs", "ref",
		"revision", "revisions", "issues", "issue", "pull", "request", "requests", "comments",
		"comment", "reviews", "review", "notifications", "notification", "alerts", "alert",
		"workflows", "workflow", "runs", "jobs", "job", "artifacts", "artifact", "checks",
		"repositories", "repos", "users", "user", "profile", "account", "accounts", "members",
		"teams", "team", "orgs", "org", "organizations", "organization", "projects", "labels",
		"label", "milestones", "milestone", "discussions", "discussion", "gists", "gist",
		"scanning", "vcs", "blob", "blobs", "objects", "object", "authors", "author",
		// configuration, sessions, processes
		"config", "configs", "configuration", "configurations", "settings", "setting",
		"options", "preferences", "env", "environment", "variables", "state", "sessions",
		"session", "processes", "output", "outputs", "prompts", "prompt", "tools", "tool",
		"calls", "resources", "resource", "templates", "template", "searches", "memory",
		"memories", "graph", "nodes", "node", "events", "event", "roles", "role",
		// databases and clusters
		"tables", "table", "columns", "column", "rows", "row", "records", "record",
		"databases", "collections", "collection", "documents", "document", "indexes",
		"indices", "pods", "pod", "namespaces", "namespace", "services", "service",
		"deployments", "deployment", "containers", "container", "volumes", "volume",
		"networks", "network", "clusters", "cluster", "contexts", "context",
	} {
		m[w] = true
	}
	return m
}}
