package agentrun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// MCPServer is a stdio MCP server to register with the agent.
type MCPServer struct {
	// Name is the server name the agent shows (tool names derive from it, e.g.
	// mcp__NAME__tool for Claude and Codex, mcp_NAME_tool for Gemini, NAME-tool for Copilot).
	Name    string
	Command string
	Args    []string
	Env     map[string]string
}

// invocation is everything needed to start one agent run.
type invocation struct {
	argv []string
	env  []string
}

// setup holds the resolved paths of one run.
type setup struct {
	agent    Agent
	cmd      []string // from Locate
	workDir  string
	runDir   string
	home     string
	baseURL  string
	model    string
	prompt   string
	preHook  string // registered command ("" = none)
	postHook string
	mcp      *MCPServer
	wireAPI  string // Copilot: completions | responses
	args     []string
}

// prepare writes the agent's hook and MCP configuration and returns its invocation.
func (s *setup) prepare() (invocation, error) {
	switch s.agent {
	case Claude:
		return s.claude()
	case Gemini:
		return s.gemini()
	case Codex:
		return s.codex()
	case Copilot:
		return s.copilot()
	}
	return invocation{}, fmt.Errorf("agentrun: unknown agent %q", s.agent)
}

// fakeKey is the API key the agents send to the fake model; it is not a credential.
const fakeKey = "mandate-e2e-fake-key"

// claudeStyleHooks is the hook block shared by Claude Code and Codex.
func (s *setup) claudeStyleHooks() map[string]any {
	h := map[string]any{}
	add := func(event, cmd string) {
		if cmd != "" {
			h[event] = []any{map[string]any{"matcher": "*", "hooks": []any{
				map[string]any{"type": "command", "command": cmd, "timeout": 60}}}}
		}
	}
	add("PreToolUse", s.preHook)
	add("PostToolUse", s.postHook)
	return h
}

func (s *setup) claude() (invocation, error) {
	if err := mergeJSON(filepath.Join(s.workDir, ".claude", "settings.json"), map[string]any{"hooks": s.claudeStyleHooks()}); err != nil {
		return invocation{}, err
	}
	argv := append(append([]string{}, s.cmd...), "-p", s.prompt, "--dangerously-skip-permissions", "--output-format", "json")
	if s.model != "" {
		argv = append(argv, "--model", s.model)
	}
	if s.mcp != nil {
		p := filepath.Join(s.runDir, "claude-mcp.json")
		cfg := map[string]any{"mcpServers": map[string]any{s.mcp.Name: map[string]any{
			"type": "stdio", "command": s.mcp.Command, "args": nonNil(s.mcp.Args), "env": nonNilMap(s.mcp.Env)}}}
		if err := writeJSON(p, cfg); err != nil {
			return invocation{}, err
		}
		argv = append(argv, "--mcp-config", p, "--strict-mcp-config")
	}
	return invocation{
		argv: append(argv, s.args...),
		env: []string{
			"IS_SANDBOX=1", // lets --dangerously-skip-permissions run as root (CI containers)
			"ANTHROPIC_BASE_URL=" + s.baseURL,
			"ANTHROPIC_API_KEY=" + fakeKey,
			"DISABLE_TELEMETRY=1",
			"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
			"DISABLE_AUTOUPDATER=1",
			"DISABLE_ERROR_REPORTING=1",
		},
	}, nil
}

func (s *setup) gemini() (invocation, error) {
	hooks := map[string]any{}
	add := func(event, name, cmd string) {
		if cmd != "" {
			hooks[event] = []any{map[string]any{"matcher": "*", "hooks": []any{
				map[string]any{"type": "command", "name": name, "command": cmd, "timeout": 60000}}}} // ms
		}
	}
	add("BeforeTool", "mandate-e2e-pre", s.preHook)
	add("AfterTool", "mandate-e2e-post", s.postHook)
	project := map[string]any{"hooks": hooks, "hooksConfig": map[string]any{"enabled": true}}
	if s.mcp != nil {
		project["mcpServers"] = map[string]any{s.mcp.Name: map[string]any{
			"command": s.mcp.Command, "args": nonNil(s.mcp.Args), "env": nonNilMap(s.mcp.Env), "trust": true}}
	}
	if err := mergeJSON(filepath.Join(s.workDir, ".gemini", "settings.json"), project); err != nil {
		return invocation{}, err
	}
	// Without an explicit auth type the CLI picks "gateway" for a custom base URL and then
	// rejects it; gemini-api-key keeps GOOGLE_GEMINI_BASE_URL in use.
	user := map[string]any{
		"security":  map[string]any{"auth": map[string]any{"selectedType": "gemini-api-key"}},
		"privacy":   map[string]any{"usageStatisticsEnabled": false},
		"telemetry": map[string]any{"enabled": false},
		"general":   map[string]any{"enableAutoUpdate": false, "enableAutoUpdateNotification": false},
	}
	if err := mergeJSON(filepath.Join(s.home, ".gemini", "settings.json"), user); err != nil {
		return invocation{}, err
	}
	argv := append(append([]string{}, s.cmd...), "-p", s.prompt, "--yolo", "-m", s.model, "--output-format", "json")
	return invocation{
		argv: append(argv, s.args...),
		env: []string{
			"GOOGLE_GEMINI_BASE_URL=" + s.baseURL,
			"GEMINI_API_KEY=" + fakeKey,
			"GEMINI_CLI_TRUST_WORKSPACE=true", // project hooks only run in a trusted folder
		},
	}, nil
}

func (s *setup) codex() (invocation, error) {
	codexHome := filepath.Join(s.home, ".codex")
	var b strings.Builder
	fmt.Fprintf(&b, "model = %s\n", tomlString(s.model))
	b.WriteString(`model_provider = "fake"
approval_policy = "never"
sandbox_mode = "danger-full-access"
check_for_update_on_startup = false

[model_providers.fake]
name = "fake"
`)
	fmt.Fprintf(&b, "base_url = %s\n", tomlString(s.baseURL+"/v1"))
	b.WriteString(`wire_api = "responses"
env_key = "FAKE_OPENAI_API_KEY"
request_max_retries = 0
stream_max_retries = 0

[analytics]
enabled = false

`)
	fmt.Fprintf(&b, "[projects.%s]\ntrust_level = \"trusted\"\n", tomlString(s.workDir))
	if s.mcp != nil {
		fmt.Fprintf(&b, "\n[mcp_servers.%s]\ncommand = %s\nargs = [", tomlString(s.mcp.Name), tomlString(s.mcp.Command))
		for i, a := range s.mcp.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tomlString(a))
		}
		b.WriteString("]\n")
		if len(s.mcp.Env) > 0 {
			fmt.Fprintf(&b, "\n[mcp_servers.%s.env]\n", tomlString(s.mcp.Name))
			for _, k := range sortedKeys(s.mcp.Env) {
				fmt.Fprintf(&b, "%s = %s\n", tomlString(k), tomlString(s.mcp.Env[k]))
			}
		}
	}
	if err := writeFile(filepath.Join(codexHome, "config.toml"), []byte(b.String())); err != nil {
		return invocation{}, err
	}
	if err := mergeJSON(filepath.Join(s.workDir, ".codex", "hooks.json"), map[string]any{"hooks": s.claudeStyleHooks()}); err != nil {
		return invocation{}, err
	}
	argv := append(append([]string{}, s.cmd...), "exec")
	if s.preHook != "" || s.postHook != "" {
		// project hooks silently do not run unless trusted; this trusts them for this run only
		argv = append(argv, "--dangerously-bypass-hook-trust")
	}
	argv = append(argv, "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check", "--json", "-C", s.workDir)
	argv = append(append(argv, s.args...), s.prompt)
	return invocation{
		argv: argv,
		env:  []string{"CODEX_HOME=" + codexHome, "FAKE_OPENAI_API_KEY=" + fakeKey},
	}, nil
}

func (s *setup) copilot() (invocation, error) {
	copilotHome := filepath.Join(s.home, ".copilot")
	if err := os.MkdirAll(copilotHome, 0o755); err != nil {
		return invocation{}, fmt.Errorf("agentrun: %w", err)
	}
	hooks := map[string]any{}
	add := func(event, cmd string) {
		if cmd != "" {
			hooks[event] = []any{map[string]any{"type": "command", "bash": cmd, "timeoutSec": 60}}
		}
	}
	add("preToolUse", s.preHook)
	add("postToolUse", s.postHook)
	hookFile := filepath.Join(s.workDir, ".github", "hooks", "mandate-e2e.json")
	if len(hooks) > 0 {
		if err := writeJSON(hookFile, map[string]any{"version": 1, "hooks": hooks}); err != nil {
			return invocation{}, err
		}
	}
	argv := append(append([]string{}, s.cmd...), "-p", s.prompt, "--allow-all-tools", "--allow-all-paths",
		"--output-format", "json", "--disable-client-telemetry", "--no-auto-update")
	if s.mcp != nil {
		p := filepath.Join(s.runDir, "copilot-mcp.json")
		cfg := map[string]any{"mcpServers": map[string]any{s.mcp.Name: map[string]any{
			"type": "local", "command": s.mcp.Command, "args": nonNil(s.mcp.Args), "tools": []string{"*"}, "env": nonNilMap(s.mcp.Env)}}}
		if err := writeJSON(p, cfg); err != nil {
			return invocation{}, err
		}
		argv = append(argv, "--additional-mcp-config", "@"+p)
	}
	wire := s.wireAPI
	if wire == "" {
		wire = "completions"
	}
	return invocation{
		argv: append(argv, s.args...),
		env: []string{
			"COPILOT_HOME=" + copilotHome,
			"COPILOT_OFFLINE=true",
			"COPILOT_PROVIDER_BASE_URL=" + s.baseURL + "/v1",
			"COPILOT_PROVIDER_TYPE=openai",
			"COPILOT_PROVIDER_API_KEY=" + fakeKey,
			"COPILOT_MODEL=" + s.model,
			"COPILOT_PROVIDER_WIRE_API=" + wire,
			// exactly "true": also trusts the folder, without which repo hooks silently do not load
			"COPILOT_ALLOW_ALL=true",
			"COPILOT_AUTO_UPDATE=false",
		},
	}, nil
}

// mergeJSON sets the given top-level keys in the JSON object stored at path (created if
// missing), keeping the other keys.
func mergeJSON(path string, kv map[string]any) error {
	cur := map[string]any{}
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(b, &cur); err != nil {
			return fmt.Errorf("agentrun: %s is not a JSON object: %w", path, err)
		}
		if cur == nil {
			cur = map[string]any{}
		}
	case !os.IsNotExist(err):
		return fmt.Errorf("agentrun: %w", err)
	}
	for k, v := range kv {
		cur[k] = v
	}
	return writeJSON(path, cur)
}

func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("agentrun: encode %s: %w", path, err)
	}
	return writeFile(path, buf.Bytes())
}

func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("agentrun: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("agentrun: %w", err)
	}
	return nil
}

// tomlString quotes s as a TOML basic string. JSON string syntax, without HTML escaping,
// is a subset of it (\" \\ \n \uXXXX ...).
func tomlString(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

// shellQuote quotes s for POSIX sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
