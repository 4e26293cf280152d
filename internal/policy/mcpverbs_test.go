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
		{"control", "read_file", `{"profile":".env"}`, "", Allow},
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
