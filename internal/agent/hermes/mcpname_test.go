package hermes

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy"
)

func TestMCPSplits(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"mcp_github_create_issue", "[[github create_issue] [github_create issue]] true"},
		{"mcp_prod_db_query", "[[prod db_query] [prod_db query]] true"},
		{"mcp__prod_db__run_query", "[[prod_db run_query] [_prod db__run_query] [_prod_db _run_query] [_prod_db_ run_query] [_prod_db__run query]] true"},
		{"mcp_x", "[] true"},
		{"terminal", "[] true"},
	} {
		s, ok := mcpSplits(tt.name)
		if got := fmt.Sprint(s, " ", ok); got != tt.want {
			t.Errorf("mcpSplits(%q) = %s, want %s", tt.name, got, tt.want)
		}
	}
	if s, ok := mcpSplits("mcp_" + strings.Repeat("a_", 40) + "b"); ok || len(s) != maxMCPSplits {
		t.Errorf("a name of 40 splits: %d splits, ok %v", len(s), ok)
	}
}

// FuzzMCPSplits: every split rebuilds the name, and there are at most
// maxMCPSplits.
func FuzzMCPSplits(f *testing.F) {
	for _, s := range []string{"mcp_a_b", "mcp__a__b", "mcp____", "mcp_", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		splits, _ := mcpSplits(name)
		if len(splits) > maxMCPSplits {
			t.Fatalf("%d splits", len(splits))
		}
		for _, s := range splits {
			if s[0] == "" || s[1] == "" || name != "mcp_"+s[0]+"_"+s[1] && name != "mcp__"+s[0]+"__"+s[1] {
				t.Fatalf("split %q of %q", s, name)
			}
		}
	})
}

// TestMCPBlockRule: a block_mcp rule holds a Hermes MCP call whatever
// way its name splits, and in the sanitized spelling of the server's name.
func TestMCPBlockRule(t *testing.T) {
	p, err := policy.Parse("test.yaml", []byte(`
policies:
  - name: mcp
    rules:
      - block_mcp: ["prod_db/*", "prod-api/*", "*/drop_table"]
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		tool string
		want policy.Effect
	}{
		{"mcp_prod_db_run_query", policy.Deny},     // server prod_db, not prod
		{"mcp__prod_db__run_query", policy.Deny},   // the double-underscore form
		{"mcp_prod_api_get_users", policy.Deny},    // prod-api sanitized
		{"mcp_staging_db_drop_table", policy.Deny}, // tool drop_table, not table
		{"mcp_staging_db_run_query", policy.Allow},
		{"mcp_github_create_issue", policy.Allow},
	} {
		payload := fmt.Sprintf(`{"hook_event_name":"pre_tool_call","tool_name":%q,"tool_input":{"sql":"select 1"},"session_id":"s","cwd":"/home/dev/project"}`, tt.tool)
		ev, err := Adapter{}.Decode([]byte(payload))
		if err != nil {
			t.Fatal(err)
		}
		got := policy.Allow
		for i := range ev.Actions {
			a := ev.Actions[i]
			a.V = action.Version
			a.Actor.RepoRoot, a.Actor.Home, a.Actor.TrustLevel = "/home/dev/project", "/home/dev", action.WriteLocal
			got = got.Stricter(p.Evaluate(&a).Decision)
		}
		if got != tt.want {
			t.Errorf("%s: %s, want %s", tt.tool, got, tt.want)
		}
	}
}
