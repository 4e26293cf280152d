package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestMCPVerbsAndKeys decides MCP calls whose effect hides in an unlisted
// tool name, a path key's spelling, a command split across keys or a host
// in another form, under testdata/example.yaml.
func TestMCPVerbsAndKeys(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	for _, c := range []struct {
		class, tool, args string
		trust             string
		want              Effect
	}{
		// Names Mandate cannot read as read-only write their paths.
		{"mcp-write-verb", "apply_diff", `{"path":"agent-policy.yaml","diff":"x"}`, "", Deny},
		{"mcp-write-verb", "frobnicate", `{"path":"agent-policy.yaml"}`, "", Deny},
		{"mcp-write-verb", "read_and_fix", `{"path":"agent-policy.yaml"}`, "", Deny},
		{"mcp-write-verb", "fs_rm", `{"path":"/home/dev/project/agent-policy.yaml"}`, "", Deny},
		{"mcp-write-verb", "get_file", `{"path":"src/x","output_path":"agent-policy.yaml"}`, "", Deny},
		{"control", "read_text_file", `{"path":"agent-policy.yaml"}`, "", Allow},
		{"control", "get_file_info", `{"path":"/home/dev/project"}`, "", Allow},
		{"control", "directory_tree", `{"path":"/home/dev/project"}`, "", Allow},
		{"control", "list_directory", `{"path":"/home/dev/project"}`, "", Allow},
		{"control", "git_status", `{"repo_path":"/home/dev/project"}`, "", Allow},
		{"control", "compare_files", `{"target":"src/a","source":"src/b"}`, "", Allow},
		// Path keys in any spelling.
		{"mcp-path-key", "read_file", `{"sourceFile":".env"}`, "", Deny},
		{"mcp-path-key", "read_file", `{"FILE_PATH":".env.local"}`, "", Deny},
		{"mcp-path-key", "read_file", `{"relative-path":".env"}`, "", Deny},
		{"control", "write_note", `{"profile":"README.md"}`, "", Allow}, // "file" inside a word is no path word
		// A name a rule forbids, whatever key carries it (round 4, #9).
		{"mcp-named-path", "read_file", `{"profile":".env"}`, "", Deny},
		{"mcp-named-path", "read_file", `{"location":".env"}`, "", Deny},
		{"mcp-named-path", "open_resource", `{"resource":"agent-policy.yaml"}`, "", Deny},
		{"mcp-named-path", "upload", `{"item":"infrastructure/main.tf"}`, "", Deny},
		{"mcp-path-key", "replace_text", `{"file_path_in_repo":"agent-policy.yaml","text":"x"}`, "", Deny},
		{"mcp-path-key", "save", `{"targetDirRel":"README.md"}`, "", Deny}, // outside allow_paths
		{"control", "create_merge_request", `{"source_branch":"feature","target_branch":"main","title":"x"}`, "", Allow},
		{"control", "create_event", `{"location":"Paris","title":"standup"}`, "", Allow},
		{"control", "write_file", `{"path":"src/notes.txt","content":".env"}`, "", Allow},
		{"control", "create_issue", `{"title":"agent-policy.yaml","body":"agent-policy.yaml is wrong"}`, "", Allow},
		// Every word of a read-only name is read-ish (round 4, #10).
		{"mcp-write-verb", "check_out", `{"path":"agent-policy.yaml","ref":"HEAD~1"}`, "", Deny},
		{"mcp-write-verb", "view_restore", `{"path":"agent-policy.yaml"}`, "", Deny},
		{"mcp-write-verb", "diff_apply", `{"path":"agent-policy.yaml","diff":"x"}`, "", Deny},
		{"mcp-write-verb", "get_file_and_sync", `{"path":"agent-policy.yaml"}`, "", Deny},
		{"mcp-write-verb", "readFileThenTruncate", `{"path":"agent-policy.yaml"}`, "", Deny},
		{"mcp-write-verb", "show_reset", `{"path":"agent-policy.yaml"}`, "", Deny},
		{"control", "get_file_text_by_path", `{"pathInProject":"agent-policy.yaml"}`, "", Allow},
		{"control", "list_directory_with_sizes", `{"path":"/home/dev/project"}`, "", Allow},
		{"control", "get_pull_request_comments", `{"owner":"o","repo":"r","pullNumber":1}`, "", Allow},
		{"control", "search_in_files_by_text", `{"searchText":"x","directoryToSearch":"src"}`, "", Allow},
		// An argument list with no command key is a command (round 4, #23).
		{"mcp-command-split", "exec", `{"argv":["rm","agent-policy.yaml"]}`, "", Deny},
		{"mcp-command-split", "spawn", `{"args":["sh","-c","rm agent-policy.yaml"]}`, "", Deny},
		{"mcp-command-split", "start", `{"arguments":["cat",".env"],"cwd":"/home/dev/project"}`, "", Deny},
		{"mcp-command-split", "exec", `{"argv":"rm -f agent-policy.yaml"}`, "", Deny},
		{"control", "exec", `{"argv":["go","test","./..."]}`, "", Allow},
		{"control", "run_tests", `{"args":"--verbose ./tests"}`, "", Allow},
		{"control", "run_tests", `{"args":["-run","TestX","./src"]}`, "", Allow},
		// A blocked variable named to an environment tool (round 4, #24).
		{"mcp-env-name", "get_env", `{"name":"PROD_API_KEY"}`, "", Deny},
		{"mcp-env-name", "getEnvironmentVariable", `{"variableName":"prod_db_url"}`, "", Deny},
		{"mcp-env-name", "read_secret", `{"keys":["HOME","PROD_DB_URL"]}`, "", Deny},
		{"mcp-env-name", "run_container", `{"image":"app","env":["PROD_API_KEY"]}`, "", Deny},
		{"control", "get_env", `{"name":"HOME"}`, "", Allow},
		{"control", "run_container", `{"image":"app","env":["DEBUG"]}`, "", Allow},
		{"control", "search_code", `{"query":"PROD_API_KEY"}`, "", Allow},
		{"control", "search_code", `{"query":".env"}`, "", Allow}, // text searched for
		{"mcp-named-path", "search_files", `{"path":"/home/dev/project","pattern":".env"}`, "", Deny},
		{"mcp-host-hidden", "query", `{"connection":"Address=db.production.company.com:5432;Database=x"}`, "", Deny},
		// Commands split across keys.
		{"mcp-command-split", "spawn", `{"binary":"rm","args":"-f agent-policy.yaml"}`, "", Deny},
		{"mcp-command-split", "run_command", `{"command":"cat .env.local","cwd":"/home/dev/project"}`, "", Deny},
		{"mcp-command-split", "run_command", `{"command":"cat ../.env","working_directory":"src"}`, "", Deny},
		{"mcp-command-split", "run_command", `{"command":"python3","stdin":"print(1)"}`, "", Ask},
		{"mcp-command-split", "send_keys", `{"keys":"cat .env"}`, "", Deny},
		{"mcp-command-split", "interact_with_process", `{"pid":3,"input":["ls","rm agent-policy.yaml"]}`, "", Deny},
		{"mcp-command-split", "run", `{"input":"ls"}`, "", Ask},
		{"control", "run_command", `{"command":"ls","cwd":"/home/dev/project"}`, "", Allow},
		{"mcp-command-split", "run", `{"command":["rm"],"args":"-f agent-policy.yaml"}`, "", Deny},
		{"mcp-command-split", "run", `{"executable":"","args":["rm","agent-policy.yaml"]}`, "", Deny},
		{"control", "send_message", `{"input":"hello"}`, "", Allow},
		// Hosts in other forms.
		{"mcp-host-hidden", "fetch", `{"url":"https:///api.production.company.com/"}`, "", Deny},
		{"mcp-host-hidden", "fetch", `{"url":"HTTPS:api.production.company.com"}`, "", Deny},
		{"mcp-host-hidden", "query", `{"dsn":"host=db.production.company.com port=5432 dbname=app"}`, "", Deny},
		{"mcp-host-hidden", "query", `{"conn":"Data Source=tcp:db.production.company.com,1433;Initial Catalog=x"}`, "", Deny},
		{"mcp-host-hidden", "copy", `{"source":"dev@db.production.company.com:/etc/x","destination":"src/x"}`, "", Deny},
		{"control", "write_file", `{"path":"src/app.env.example","content":"host=db.production.company.com\nport=5432"}`, "", Allow},
		{"control", "copy_file", `{"source":"src/a","destination":"src/b"}`, "", Allow},
		{"control", "send_email", `{"to":["bob@example.com"],"from":"me@example.com","subject":"x","body":"y"}`, "", Allow},
		{"mcp-host-hidden", "send_email", `{"to":"ops@db.production.company.com","body":"y"}`, "", Deny},
		{"mcp-write-verb", "mv", `{"from":"src/a","to":"agent-policy.yaml"}`, "", Deny},
		// A known command's directory is read, not written.
		{"mcp-false-alarm", "git_add", `{"repo_path":"/home/dev/project","files":["README.md"]}`, "", Allow},
		{"control", "start_search", `{"path":"/home/dev/project","pattern":"x"}`, "", Allow},
	} {
		a := &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__srv__" + c.tool, Server: "srv", MCPTool: c.tool,
			Arguments: []byte(c.args), Cwd: testRoot, Actor: actor(c.trust)}
		d := p.Evaluate(a)
		if d.Decision != c.want {
			t.Errorf("class %s: %s %s: got %s (%s: %s), want %s", c.class, c.tool, c.args, d.Decision, d.Rule, d.Reason, c.want)
		}
	}
}

func TestMCPWords(t *testing.T) {
	for in, want := range map[string]string{
		"git_create_branch": "git create branch",
		"readFile":          "read file",
		"PATH":              "path",
		"output-path":       "output path",
		"getHTTPResponse":   "get http response",
		"file2Path":         "file2 path",
	} {
		if got := strings.Join(mcpWords(in), " "); got != want {
			t.Errorf("mcpWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMCPOps(t *testing.T) {
	for tool, want := range map[string][]opKind{
		"read_file":       {opRead},
		"git_status":      {opRead},
		"directory_tree":  {opRead},
		"apply_diff":      {opWrite, opRead},
		"chmod":           {opWrite, opRead},
		"download_file":   {opWrite, opRead},
		"rm":              {opDelete, opRead},
		"trash":           {opDelete, opRead},
		"restore_file":    {opWrite, opRead},
		"check_out":       {opWrite, opRead},
		"view_restore":    {opWrite, opRead},
		"diff_apply":      {opWrite, opRead},
		"read_file_text":  {opRead},
		"read_file_v2":    {opRead},
		"view_v2_apply":   {opWrite, opRead},
		"get_settings":    {opWrite, opRead}, // "set" inside it: mcpOp's substring test
		"list_and_delete": {opDelete, opRead},
		"":                {opWrite, opRead},
	} {
		if got := mcpOps(tool); !slices.Equal(got, want) {
			t.Errorf("mcpOps(%q) = %v, want %v", tool, got, want)
		}
	}
}

func TestConnStringHosts(t *testing.T) {
	for in, want := range map[string]string{
		"Server=db.x;Database=app":                "db.x",
		"Data Source=tcp:db.x,1433;User ID=u":     "db.x",
		"host=a.x,b.x port=5432 dbname=y":         "a.x b.x",
		`Server=db.x\SQLEXPRESS;Trusted=yes`:      "db.x",
		"select * from t where server = 'x'":      "",
		"just text":                               "",
		"Address=10.0.0.1:5432;Network Address=q": "10.0.0.1:5432 q",
	} {
		if got := strings.Join(connStringHosts(in), " "); got != want {
			t.Errorf("connStringHosts(%q) = %q, want %q", in, got, want)
		}
	}
}
