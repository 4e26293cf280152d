package policy

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
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
