package policy

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// The command lines MCP calls amount to (mcpfamily.go, mcpkube.go,
// mcpsql.go) are listed by Reaches as they are judged by Evaluate.
func TestReachesMCPCommandLines(t *testing.T) {
	p := Default()
	const cwd = "/home/dev"
	for _, tc := range []struct {
		server, tool string
		args         map[string]any
		want         Reach
	}{
		{"sqlite", "write_query", map[string]any{"query": "VACUUM INTO '/home/dev/repo/.github/x'"}, Reach{Path: "/home/dev/repo/.github/x"}},
		{"kubernetes", "kubectl_apply", map[string]any{"filename": "/home/dev/repo/deploy.yaml", "context": "staging"}, Reach{Path: "/home/dev/repo/deploy.yaml"}},
	} {
		raw, _ := json.Marshal(tc.args)
		a := action.Action{V: action.Version, Kind: action.MCPCall, Tool: "t", Server: tc.server, MCPTool: tc.tool, Arguments: raw, Cwd: cwd}
		a.Actor.Home = cwd
		if got := p.Reaches(&a); !slices.Contains(got, tc.want) {
			t.Errorf("%s/%s: %+v, want it to hold %+v", tc.server, tc.tool, got, tc.want)
		}
	}
}

// mcpFamilyLine writes a family tool's call with its operands first and
// its other arguments as options in name order.
func TestMCPFamilyLine(t *testing.T) {
	for _, tc := range []struct {
		server, tool string
		args         map[string]any
		want         string
	}{
		{"k8s", "scale_deployment", map[string]any{"name": "api", "replicas": 0.0, "context": "production"}, "kubectl scale deployment api --context=production --replicas=0"},
		{"cluster", "kubectl_delete", map[string]any{"resourceType": "ns", "name": "prod", "allNamespaces": true}, "kubectl delete ns prod --all-namespaces=true"},
		{"my-docker", "run_container", map[string]any{"image": "alpine", "command": []any{"sh", "-c", "id"}}, "docker run container alpine sh -c id"},
	} {
		fam, verb, ok := mcpFamilyOf(tc.server, tc.tool)
		if !ok {
			t.Errorf("%s/%s: no family", tc.server, tc.tool)
			continue
		}
		if got := mcpFamilyLine(fam, verb, tc.args); got != tc.want {
			t.Errorf("%s/%s: %q, want %q", tc.server, tc.tool, got, tc.want)
		}
	}
}

// Class mcp-block-command: block_commands reach MCP calls whose arguments
// compose a command; a family's line denies, text of an unknown tool asks.
func TestMCPCommandRules(t *testing.T) {
	p := mustParse(t, "policies:\n  - name: prod\n    rules:\n      - block_commands: [\"kubectl.*--context=production\", \".*--profile=prod\"]\n      - require_approval_commands: [\"helm upgrade\"]\n")
	call := func(server, tool string, args map[string]any) *action.Action {
		raw, _ := json.Marshal(args)
		return &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__" + server + "__" + tool, Server: server, MCPTool: tool, Arguments: raw, Cwd: testRoot, Actor: actor(action.WriteLocal)}
	}
	for _, tc := range []struct {
		a    *action.Action
		want Effect
	}{
		{call("kubernetes", "kubectl_delete", map[string]any{"resourceType": "ns", "name": "prod", "context": "production"}), Deny},
		{call("k8s-prod", "restart_rollout", map[string]any{"deployment": "api", "context": "production"}), Deny},
		{call("kubernetes", "kubectl_generic", map[string]any{"command": "get", "args": []any{"pods", "--context", "production"}}), Deny},
		{call("aws", "s3_list", map[string]any{"profile": "prod"}), Deny},
		{call("notes", "save", map[string]any{"profile": "prod"}), Ask},
		{call("helm", "upgrade", map[string]any{"name": "api", "chart": "./c"}), Ask},
		{call("kubernetes", "kubectl_get", map[string]any{"resourceType": "pods", "context": "staging"}), Allow},
		{call("notes", "save", map[string]any{"text": "production is down"}), Allow},
	} {
		if d := p.Evaluate(tc.a); d.Decision != tc.want {
			t.Errorf("%s %s: %s (%s), want %s", tc.a.Tool, tc.a.Arguments, d.Decision, d.Reason, tc.want)
		}
	}
}

// FuzzMCPLines: the lines written for MCP calls are built from any JSON
// arguments without a panic, and the kubectl line is one command line
// the shell analysis reads (its words are quoted).
func FuzzMCPLines(f *testing.F) {
	f.Add("kubectl_generic", `{"command":"get","args":["pods","--context","production"],"flags":{"o":"json"}}`)
	f.Add("exec_in_pod", `{"name":"db-0","command":"psql -c 'drop table x'; rm -rf /","context":"prod"}`)
	f.Add("kubectl_context", `{"operation":"set","name":"$(id)"}`)
	f.Add("port_forward", `{"resourceType":"svc","resourceName":"a b","localPort":8080,"targetPort":"80"}`)
	f.Fuzz(func(t *testing.T, tool, raw string) {
		var args map[string]any
		if json.Unmarshal([]byte(raw), &args) != nil {
			return
		}
		fam, verb, _ := mcpFamilyOf("kubernetes", tool)
		_ = mcpFamilyLine(fam, verb, args)
		line, ok := mcpKubeLine(tool, args)
		if !ok || len(line) > 4096 {
			return
		}
		an, err := shell.Analyze(line, shell.Options{Cwd: testRoot, Home: testHome, Root: testRoot})
		if err != nil {
			return // a limit
		}
		if len(an.Commands) == 0 || an.Commands[0].Name != "kubectl" {
			t.Fatalf("%q: first command %+v, want kubectl", line, an.Commands)
		}
		for _, c := range an.Commands {
			if c.Name != "kubectl" && len(c.Via) == 0 {
				t.Fatalf("%q runs %q outside kubectl", line, c.Name)
			}
		}
	})
}
