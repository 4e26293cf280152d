package policy

import (
	"encoding/json"
	"os"
)

// The built-in agents' protected files (agent.Agent.Configs) reach
// hookConfigs when a program links internal/agent/agents; this package's
// tests cannot import it (it imports policy), so they register the same
// lists from testdata/agent-files.json, which internal/agent/agents's
// TestPolicyAgentFiles keeps equal to the registry.
func init() {
	b, err := os.ReadFile("testdata/agent-files.json")
	if err != nil {
		panic(err)
	}
	var agents []AgentFiles
	if err := json.Unmarshal(b, &agents); err != nil {
		panic("testdata/agent-files.json: " + err.Error())
	}
	for _, a := range agents {
		ProtectAgent(a)
	}
}
