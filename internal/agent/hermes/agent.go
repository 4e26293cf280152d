package hermes

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Agent is Hermes Agent.
var Agent = &agent.Agent{
	Name:    hook.Hermes,
	Display: "Hermes",
	Hook:    Adapter{},
	// A snake_case event name (pre_tool_call, on_session_start, …) or
	// Hermes' profile and extra fields.
	Shapes: []hook.Shape{{Rank: 30, Match: func(f hook.Fields) bool {
		ev := f.Event()
		return ev != "" && strings.Contains(ev, "_") && strings.ToLower(ev) == ev || f.HasAny("profile", "extra")
	}}},
	Binaries: []string{"hermes"},
	UserDirs: []string{".hermes"},
	Install: agent.Install{
		Layout:  agent.YAMLHooks,
		Events:  []string{"pre_tool_call", "post_tool_call", "on_session_start", "on_session_end"},
		PreTool: "pre_tool_call",
		User:    func(e agent.Env) string { return filepath.Join(e.Dir("HERMES_HOME", ".hermes"), "config.yaml") },
		Note:    "Hermes asks for consent before a new hook first runs, and non-interactive runs skip unapproved hooks silently: run hermes once interactively and approve the Mandate hooks (mandate doctor checks ~/.hermes/shell-hooks-allowlist.json).",
	},
	Configs: configs,
	Trust:   trust,
}

// trust checks that Hermes registers hooks and has approved Mandate's.
func trust(e agent.Env, in agent.Installed) []agent.Problem {
	var ps []agent.Problem
	if e.Var("HERMES_SAFE_MODE") == "1" {
		ps = append(ps, agent.Problem{Severity: agent.Error, Message: "HERMES_SAFE_MODE=1 is set: Hermes registers no hook", Fix: "unset HERMES_SAFE_MODE"})
	}
	if root, err := e.ReadYAML(in.Path); err == nil && root != nil && root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "hooks_auto_accept" && root.Content[i+1].Value == "true" {
				return ps
			}
		}
	}
	if e.Var("HERMES_ACCEPT_HOOKS") == "1" {
		return ps
	}
	allow := filepath.Join(filepath.Dir(in.Path), "shell-hooks-allowlist.json")
	var list struct {
		Approvals []struct {
			Event   string `json:"event"`
			Command string `json:"command"`
		} `json:"approvals"`
	}
	if f, err := os.Open(allow); err == nil {
		_ = json.NewDecoder(io.LimitReader(f, 4<<20)).Decode(&list)
		f.Close()
	}
	approved := map[string]bool{}
	for _, a := range list.Approvals {
		approved[a.Event+"\x00"+a.Command] = true
	}
	var missing []string
	for _, ev := range in.Events {
		ok := false
		for _, c := range in.Commands {
			ok = ok || approved[ev+"\x00"+c]
		}
		if !ok {
			missing = append(missing, ev)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		ps = append(ps, agent.Problem{Severity: agent.Error,
			Message: fmt.Sprintf("Hermes has not approved Mandate's hooks for %s (%s): non-interactive runs skip unapproved hooks silently", strings.Join(missing, ", "), allow),
			Fix:     "run hermes once interactively and approve the hooks, or set hooks_auto_accept: true in " + in.Path})
	}
	return ps
}
