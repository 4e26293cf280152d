package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/agentrun"
	"github.com/mandate-dev/mandate/internal/fakemodel"
)

// userEmail is git's user.email in every work dir: the user the evidence must name.
const userEmail = "e2e-dev@example.test"

// The governed scenario under testdata/agent-policy.yaml: the steps the policy denies, each
// with the policy that decides it, and the steps it allows.
func allowedSteps(a agentrun.Agent) []string {
	steps := []string{"shell-allowed", "shell-secret", "write-inside", "mcp-allowed"}
	if a == agentrun.Codex {
		// Codex runs exec_command in the model's workdir (src): its hook
		// payload's cwd says so, Mandate judges wd.txt there (inside
		// allow_paths; at the project root it would be denied) and pins
		// the line to that directory.
		steps = append(steps, "shell-workdir")
	}
	return steps
}

// askStep writes a manifest that require_approval makes ask. Gemini CLI has no such step: a
// hook's native ask makes Gemini CLI 0.61.0 wait for a confirmation that, headless (-p),
// never comes, until it is killed.
const askStep = "write-ask"

func deniedSteps() map[string]string {
	return map[string]string{
		// npm install left-pad also writes package.json and package-lock.json
		// at the project root, outside allow_paths; the block_commands entry
		// the author wrote explains the deny first (an entry's hit ranks
		// before an allow-list's miss).
		"shell-npm":     "dependency-control",
		"shell-outside": "file-boundary",
		"write-outside": "file-boundary",
		"mcp-outside":   "file-boundary",
		"mcp-blocked":   "mcp-tools",
	}
}

// bins are the binaries the tests build once: the front (mandate), the
// engine (mandate-engine) and the notes MCP server.
type bins struct{ mandate, engine, notemcp string }

// stopEngine stops the resident engine mandate started for the state
// directory home (SIGTERM, as a service manager would) and checks from its
// log that it answered hook calls: the run really went through it.
func stopEngine(t *testing.T, exe, home string) {
	t.Helper()
	procs, _ := filepath.Glob("/proc/[0-9]*")
	var pids []int
	for _, p := range procs {
		if self, err := os.Readlink(filepath.Join(p, "exe")); err != nil || self != exe {
			continue
		}
		env, _ := os.ReadFile(filepath.Join(p, "environ"))
		cmdline, _ := os.ReadFile(filepath.Join(p, "cmdline"))
		if bytes.Contains(env, []byte("MANDATE_HOME="+home+"\x00")) && bytes.Contains(cmdline, []byte("serve\x00")) {
			if pid, err := strconv.Atoi(filepath.Base(p)); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	if len(pids) != 1 {
		t.Errorf("%d resident engines serve %s, want 1", len(pids), home)
	}
	for _, pid := range pids {
		_ = terminate(pid)
	}
	logPath := filepath.Join(home, "serve.log")
	var log []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if log, _ = os.ReadFile(logPath); bytes.Contains(log, []byte("stopping")) {
			break
		}
	}
	m := regexp.MustCompile(`stopping: .* \(answered (\d+) calls\)`).FindSubmatch(log)
	if m == nil {
		t.Fatalf("the engine did not log its stop:\n%s", log)
	}
	if n, _ := strconv.Atoi(string(m[1])); n < 3 {
		t.Errorf("the engine answered %d hook calls, want most of the run's:\n%s", n, log)
	}
	t.Logf("engine log:\n%s", log)
}

// TestMandateHook runs each real agent with `mandate hook` as its pre- and post-tool hook
// through the governed scenario, then checks side effects, what the model was told, and
// the evidence log. The agents run in parallel.
func TestMandateHook(t *testing.T) {
	if testing.Short() {
		t.Skip("real-agent e2e runs take seconds each; skipped with -short")
	}
	scen, err := fakemodel.LoadScenario(filepath.Join("testdata", "governed.json"))
	if err != nil {
		t.Fatal(err)
	}
	policy, err := os.ReadFile(filepath.Join("testdata", "agent-policy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	agentsDir := agentrun.DefaultAgentsDir()
	missing := map[agentrun.Agent]error{}
	for _, a := range agentrun.Agents() {
		if _, err := agentrun.Locate(agentsDir, a); err != nil {
			if !errors.Is(err, agentrun.ErrNotInstalled) || os.Getenv("MANDATE_REQUIRE_AGENTS") != "" {
				t.Fatal(err)
			}
			missing[a] = err
		}
	}
	if len(missing) == len(agentrun.Agents()) {
		t.Skip("no agent installed (run scripts/install-agents.sh; set MANDATE_REQUIRE_AGENTS=1 to fail instead)")
	}
	b := build(t)
	cases := []struct {
		name           string
		agent          agentrun.Agent
		claudeSettings bool
	}{
		{"claude", agentrun.Claude, false},
		{"gemini", agentrun.Gemini, false},
		{"codex", agentrun.Codex, false},
		{"copilot", agentrun.Copilot, false},
		{"copilot-claude-settings", agentrun.Copilot, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := missing[c.agent]; err != nil {
				t.Skip(err, "(set MANDATE_REQUIRE_AGENTS=1 to fail instead)")
			}
			t.Parallel()
			runGoverned(t, b, c.agent, scen, policy, c.claudeSettings, false)
		})
	}
	// The same scenarios with the front, mandate, as the hook: the command
	// mandate install writes. The first call starts the resident engine,
	// the following ones are answered by it, and every check must hold
	// alike.
	for _, c := range cases {
		if c.claudeSettings {
			continue
		}
		t.Run(c.name+"-via-engine", func(t *testing.T) {
			if err := missing[c.agent]; err != nil {
				t.Skip(err, "(set MANDATE_REQUIRE_AGENTS=1 to fail instead)")
			}
			t.Parallel()
			runGoverned(t, b, c.agent, scen, policy, false, true)
		})
	}
}

// build compiles cmd/mandate, cmd/mandate-engine and the notemcp test server into a
// temporary directory.
func build(t *testing.T) bins {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	b := bins{mandate: filepath.Join(dir, "mandate"), engine: filepath.Join(dir, "mandate-engine")}
	for bin, pkg := range map[string]string{b.mandate: "cmd/mandate", b.engine: "cmd/mandate-engine"} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/mandate-dev/mandate/"+pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", pkg, err, out)
		}
	}
	var err error
	if b.notemcp, err = agentrun.BuildNoteMCP(ctx, dir); err != nil {
		t.Fatal(err)
	}
	return b
}

// project creates a git repository with the policy at its root and an empty src/ (the
// notes MCP server does not create directories), and returns its real path.
func project(t *testing.T, policy []byte) string {
	t.Helper()
	work := filepath.Join(t.TempDir(), "project")
	if err := os.MkdirAll(filepath.Join(work, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	work, err := filepath.EvalSymlinks(work)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "agent-policy.yaml"), policy, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "src", "README"), []byte("sources\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, work, "init", "-q", "-b", "main")
	git(t, work, "config", "user.email", userEmail)
	git(t, work, "config", "user.name", "E2E Developer")
	git(t, work, "add", ".")
	git(t, work, "commit", "-q", "-m", "policy")
	return work
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "git", args...)
	cmd.Dir = dir
	// no global or system config: the repository's own config decides
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// runGoverned runs agent a through the governed scenario with mandate as its hook and
// checks everything. claudeSettings (Copilot only) registers `mandate hook claude` in the
// repository's .claude/settings.json, the way `mandate install claude` does, instead of in
// Copilot's own .github/hooks/.
func runGoverned(t *testing.T, b bins, a agentrun.Agent, scen fakemodel.Scenario, policy []byte, claudeSettings, viaEngine bool) {
	work := project(t, policy)
	run := t.TempDir()
	home := filepath.Join(t.TempDir(), "mandate-home")
	if viaEngine {
		t.Cleanup(func() { stopEngine(t, b.engine, home) })
	}
	mcpLog := filepath.Join(run, "mcp.jsonl")
	cfg := agentrun.Config{
		Agent: a, Scenario: scen, WorkDir: work, RunDir: run,
		MCP:     agentrun.NoteMCP(b.notemcp, "notes", work, mcpLog),
		Env:     []string{"MANDATE_HOME=" + home},
		Vars:    map[string]string{"GH_TOKEN": fakeToken()},
		Timeout: 3 * time.Minute,
	}
	// Without the engine, mandate-engine answers each call in its own process (what
	// mandate install writes when there is no front beside it).
	hookBin := shellQuote(b.engine)
	if viaEngine {
		hookBin = shellQuote(b.mandate)
	}
	hookCmd := hookBin + " hook " + string(a)
	switch {
	case claudeSettings:
		// The command mandate install claude writes, without agentrun's recording wrapper.
		cmd := hookBin + " hook claude"
		writeJSON(t, filepath.Join(work, ".claude", "settings.json"), map[string]any{"hooks": map[string]any{
			"PreToolUse": claudeGroup("*", cmd), "PostToolUse": claudeGroup("*", cmd),
			"SessionStart": claudeGroup("", cmd), "SessionEnd": claudeGroup("", cmd)}})
	case a == agentrun.Copilot:
		// Copilot payloads carry no event name; mandate install names it on the command line.
		cfg.HookCommand, cfg.PostHookCommand = hookCmd+" preToolUse", hookCmd+" postToolUse"
	default:
		cfg.HookCommand, cfg.PostHookCommand = hookCmd, hookCmd
	}
	if !claudeSettings {
		sessionHooks(t, a, hookCmd, work, run)
	}

	res, err := agentrun.Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: exit %d in %v, %d model requests, %d hook calls", a, res.ExitCode,
		res.Duration.Round(time.Millisecond), len(res.Requests), len(res.Hooks))
	defer func() {
		if t.Failed() {
			dump(t, res)
		}
	}()
	if res.TimedOut {
		t.Fatal("agent timed out")
	}
	if res.ExitCode != 0 {
		t.Errorf("agent exit code %d", res.ExitCode)
	}

	// 1-4: side effects.
	var wantChecks int
	for _, c := range scen.Checks {
		for _, st := range scen.Steps {
			if _, ok := st.Calls[string(a)]; ok && st.ID == c.Step {
				wantChecks++
			}
		}
	}
	if len(res.Checks) != wantChecks || wantChecks < len(scen.Checks)-2 {
		t.Fatalf("checks %+v, want %d of %d", res.Checks, wantChecks, len(scen.Checks))
	}
	for _, c := range res.Checks {
		if want := slices.Contains(allowedSteps(a), c.Step); c.Executed != want {
			t.Errorf("step %s: side effect %s present=%v, want %v", c.Step, c.Path, c.Executed, want)
		}
	}
	if _, err := os.Lstat(filepath.Join(work, "outside.txt")); err == nil {
		t.Errorf("outside.txt exists: the write outside allow_paths happened")
	}

	// The model was told why, per denied step.
	results := resultsByStep(res)
	for step, pol := range deniedSteps() {
		got, ok := results[step]
		if !ok {
			t.Errorf("step %s: the model got no tool result", step)
			continue
		}
		if !strings.Contains(got, "Blocked by Mandate") || !strings.Contains(got, pol) {
			t.Errorf("step %s: tool result %q does not carry Mandate's reason (policy %s)", step, got, pol)
		}
	}
	// An ask is never run headless: the model is told that approval is required.
	if _, ok := res.Check(askStep); ok {
		if got := results[askStep]; !strings.Contains(got, "Mandate") || !strings.Contains(got, "approval") || !strings.Contains(got, "dependency-control") {
			t.Errorf("step %s: tool result %q does not say that Mandate requires approval", askStep, got)
		}
	}
	for _, step := range allowedSteps(a) {
		if got := results[step]; strings.Contains(got, "Blocked by Mandate") {
			t.Errorf("step %s: allowed, but the model was told %q", step, got)
		}
	}

	// Mandate answered every hook in the agent's own protocol (recorded unless the hook is
	// registered outside agentrun).
	checkAnswers(t, a, res)

	// 4: the MCP server saw exactly the allowed call.
	calls := mcpCalls(t, mcpLog)
	if len(calls) != 1 || calls[0] != "write_note src/mcp_ok.txt" {
		t.Errorf("MCP server received tools/call %q, want only [write_note src/mcp_ok.txt]", calls)
	}

	// 5: evidence.
	checkEvidence(t, b.mandate, home, work, a, policy, res, claudeSettings)
}

// checkAnswers checks each recorded hook answer: a pre-tool deny is exit 2 with a reason on
// stderr and the agent's own deny JSON on stdout, an allow is exit 0 with no output, and a
// post-tool hook (whose recording succeeded) is exit 0 with no output.
// pinAnswer reports whether out is Codex's allow that pins a shell line to
// the directory it was judged in (internal/agent/codex/workdir.go).
func pinAnswer(out string) bool {
	var v struct {
		HookSpecificOutput struct {
			HookEventName      string            `json:"hookEventName"`
			PermissionDecision string            `json:"permissionDecision"`
			UpdatedInput       map[string]string `json:"updatedInput"`
		} `json:"hookSpecificOutput"`
	}
	if json.Unmarshal([]byte(out), &v) != nil {
		return false
	}
	h := v.HookSpecificOutput
	return h.HookEventName == "PreToolUse" && h.PermissionDecision == "allow" && strings.HasPrefix(h.UpdatedInput["command"], "unset -f cd 2>/dev/null; \\cd -- '")
}

func checkAnswers(t *testing.T, a agentrun.Agent, res agentrun.Result) {
	t.Helper()
	for i, h := range res.Hooks {
		switch {
		case h.Event == "pre" && h.ExitCode == 2:
			var out struct {
				HookSpecificOutput struct {
					HookEventName            string `json:"hookEventName"`
					PermissionDecision       string `json:"permissionDecision"`
					PermissionDecisionReason string `json:"permissionDecisionReason"`
				} `json:"hookSpecificOutput"`
				Decision                 string `json:"decision"`
				Reason                   string `json:"reason"`
				PermissionDecision       string `json:"permissionDecision"`
				PermissionDecisionReason string `json:"permissionDecisionReason"`
			}
			if err := json.Unmarshal([]byte(h.Stdout), &out); err != nil {
				t.Errorf("hook %d: deny stdout is not JSON (%v): %q", i, err, h.Stdout)
				continue
			}
			var decision, reason string
			switch a {
			case agentrun.Claude, agentrun.Codex:
				decision, reason = out.HookSpecificOutput.PermissionDecision, out.HookSpecificOutput.PermissionDecisionReason
				if out.HookSpecificOutput.HookEventName != "PreToolUse" {
					decision = ""
				}
			case agentrun.Gemini:
				decision, reason = out.Decision, out.Reason
			case agentrun.Copilot:
				decision, reason = out.PermissionDecision, out.PermissionDecisionReason
			}
			if decision != "deny" || !strings.HasPrefix(reason, "Blocked by Mandate") && !strings.HasPrefix(reason, "Not run: Mandate requires human approval") || strings.TrimSpace(h.Stderr) != reason {
				t.Errorf("hook %d: deny answer is not %s's deny format with the reason on stderr: stdout %q stderr %q", i, a, h.Stdout, h.Stderr)
			}
		case h.Event == "pre" && h.ExitCode == 0 && h.Stdout != "" && a == agentrun.Claude:
			// Claude Code's native ask (Gemini's is never asked for here; the others cannot ask)
			var out struct {
				HookSpecificOutput struct {
					PermissionDecision       string `json:"permissionDecision"`
					PermissionDecisionReason string `json:"permissionDecisionReason"`
				} `json:"hookSpecificOutput"`
			}
			if err := json.Unmarshal([]byte(h.Stdout), &out); err != nil || out.HookSpecificOutput.PermissionDecision != "ask" ||
				!strings.HasPrefix(out.HookSpecificOutput.PermissionDecisionReason, "Mandate asks for approval") {
				t.Errorf("hook %d: exit 0 with output that is not Claude Code's ask: %q", i, h.Stdout)
			}
		case h.Event == "pre" && h.ExitCode == 0 && h.Stdout != "" && a == agentrun.Codex:
			if !pinAnswer(h.Stdout) || h.Stderr != "" {
				t.Errorf("hook %d: exit 0 with output that is not Codex's pinned allow: stdout %q stderr %q", i, h.Stdout, h.Stderr)
			}
		case h.ExitCode == 0:
			if h.Stdout != "" || h.Stderr != "" {
				t.Errorf("hook %d (%s): exit 0 with output: stdout %q stderr %q", i, h.Event, h.Stdout, h.Stderr)
			}
		default:
			t.Errorf("hook %d (%s): exit %d, want 0 or (pre-tool deny) 2: stdout %q stderr %q", i, h.Event, h.ExitCode, h.Stdout, h.Stderr)
		}
		if h.Event == "post" && h.ExitCode != 0 {
			t.Errorf("post-tool hook %d: exit %d", i, h.ExitCode)
		}
	}
}

// claudeGroup is one Claude Code / Codex hook group running cmd.
func claudeGroup(matcher, cmd string) []any {
	g := map[string]any{"hooks": []any{map[string]any{"type": "command", "command": cmd, "timeout": 30}}}
	if matcher != "" {
		g["matcher"] = matcher
	}
	return []any{g}
}

// sessionHooks registers `mandate hook` for the agent's session events, in files agentrun
// does not write (it owns the pre- and post-tool hooks): Claude Code's
// .claude/settings.local.json, Gemini CLI's and Codex's user settings under the run's HOME,
// and a second .github/hooks file for Copilot.
func sessionHooks(t *testing.T, a agentrun.Agent, hookCmd, work, run string) {
	t.Helper()
	home := filepath.Join(run, "home")
	switch a {
	case agentrun.Claude:
		writeJSON(t, filepath.Join(work, ".claude", "settings.local.json"), map[string]any{"hooks": map[string]any{
			"SessionStart": claudeGroup("", hookCmd), "SessionEnd": claudeGroup("", hookCmd)}})
	case agentrun.Codex: // Codex has no session end
		writeJSON(t, filepath.Join(home, ".codex", "hooks.json"), map[string]any{"hooks": map[string]any{
			"SessionStart": claudeGroup("", hookCmd)}})
	case agentrun.Gemini:
		group := func() []any {
			return []any{map[string]any{"hooks": []any{map[string]any{"type": "command", "name": "mandate-session",
				"command": hookCmd, "timeout": 30000}}}}
		}
		writeJSON(t, filepath.Join(home, ".gemini", "settings.json"), map[string]any{
			"hooks":       map[string]any{"SessionStart": group(), "SessionEnd": group()},
			"hooksConfig": map[string]any{"enabled": true}})
	case agentrun.Copilot:
		writeJSON(t, filepath.Join(work, ".github", "hooks", "mandate-session.json"), map[string]any{"version": 1,
			"hooks": map[string]any{
				"sessionStart": []any{map[string]any{"type": "command", "bash": hookCmd + " sessionStart", "timeoutSec": 30}},
				"sessionEnd":   []any{map[string]any{"type": "command", "bash": hookCmd + " sessionEnd", "timeoutSec": 30}}}})
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// resultsByStep maps each scenario step to the tool result the agent sent back for it: by
// call id, else (Gemini names its own ids) the call the previous model request issued,
// since the fake model issues one call per request.
func resultsByStep(res agentrun.Result) map[string]string {
	step := map[string]string{}
	for _, c := range res.ToolCalls {
		if c.Kind == fakemodel.ActToolCall {
			step[c.CallID] = c.Step
		}
	}
	out := map[string]string{}
	prev := ""
	for _, r := range res.Requests {
		for _, tr := range r.NewToolResults {
			s, ok := step[tr.CallID]
			if !ok {
				s = prev
			}
			if s != "" {
				out[s] += tr.Content
			}
		}
		prev = ""
		if r.Action.Kind == fakemodel.ActToolCall {
			prev = r.Action.Step
		}
	}
	return out
}

// mcpCalls lists the tools/call requests in the notemcp log as "tool path".
func mcpCalls(t *testing.T, logPath string) []string {
	t.Helper()
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Errorf("MCP log: %v (the server never started?)", err)
		return nil
	}
	var out []string
	for _, line := range bytes.Split(b, []byte("\n")) {
		var m struct {
			Method string `json:"method"`
			Params struct {
				Name      string            `json:"name"`
				Arguments map[string]string `json:"arguments"`
			} `json:"params"`
		}
		if len(bytes.TrimSpace(line)) == 0 || json.Unmarshal(line, &m) != nil || m.Method != "tools/call" {
			continue
		}
		out = append(out, strings.TrimSpace(m.Params.Name+" "+m.Params.Arguments["path"]))
	}
	return out
}

// record is the part of an evidence record the tests read (see evidence.Record).
type record struct {
	Type         string `json:"type"`
	SessionID    string `json:"session_id"`
	User         string `json:"user"`
	Agent        string `json:"agent"`
	Repo         string `json:"repo"`
	Tool         string `json:"tool"`
	ActionType   string `json:"action_type"`
	ResourcePath string `json:"resource_path"`
	PolicyChecks []struct {
		Policy string `json:"policy"`
		Result string `json:"result"`
	} `json:"policy_checks"`
	PolicyDigest   string `json:"policy_digest"`
	Decision       string `json:"decision"`
	ApprovalStatus string `json:"approval_status"`
	Policy         string `json:"policy"`
	Reason         string `json:"reason"`
	Result         string `json:"result"`
	DiffHash       string `json:"diff_hash"`
	Extra          struct {
		NoDecision string `json:"no_decision"`
	} `json:"extra"`
}

type session struct {
	ID      string `json:"session_id"`
	Agent   string `json:"agent"`
	User    string `json:"user"`
	Records int    `json:"records"`
	Allowed int    `json:"allowed"`
	Denied  int    `json:"denied"`
	Asked   int    `json:"asked"`
	Ended   bool   `json:"ended"`
}

// checkEvidence reads the evidence with the mandate CLI and checks it against the run.
func checkEvidence(t *testing.T, mandate, home, work string, a agentrun.Agent, policy []byte, res agentrun.Result, unrecorded bool) {
	t.Helper()
	sum := sha256.Sum256(policy)
	digest := "sha256:" + hex.EncodeToString(sum[:])

	out := mandateCmd(t, mandate, home, work, "sessions", "--json")
	var sessions []session
	if err := json.Unmarshal(out, &sessions); err != nil {
		t.Fatalf("sessions --json: %v\n%s", err, out)
	}
	if len(sessions) != 1 {
		t.Fatalf("sessions --json lists %d sessions, want 1: %s", len(sessions), out)
	}
	s := sessions[0]
	if s.Agent != string(a) || s.User != userEmail || s.ID == "" {
		t.Errorf("session %+v, want agent %s, user %s", s, a, userEmail)
	}
	wantAsked := 0
	if _, ok := res.Check(askStep); ok {
		wantAsked = 1
	}
	if s.Denied != len(deniedSteps()) || s.Asked != wantAsked {
		t.Errorf("session counts denied=%d asked=%d, want %d and %d", s.Denied, s.Asked, len(deniedSteps()), wantAsked)
	}
	// Allowed: the allowed steps, plus tools the agent hooks that the scenario does not
	// check (Claude's ToolSearch, allowed by allow_tools).
	if s.Allowed < len(allowedSteps(a)) {
		t.Errorf("session allowed=%d, want at least %d", s.Allowed, len(allowedSteps(a)))
	}
	if unrecorded && s.Allowed != len(allowedSteps(a)) {
		t.Errorf("session allowed=%d, want %d (Copilot hooks no other tool here)", s.Allowed, len(allowedSteps(a)))
	}
	if !unrecorded {
		var pre0 int
		for _, h := range res.Hooks {
			if h.Event == "pre" && h.ExitCode == 0 && (h.Stdout == "" || pinAnswer(h.Stdout)) {
				pre0++
			}
		}
		if s.Allowed != pre0 {
			t.Errorf("session allowed=%d, but the pre-tool hook allowed (exit 0, no output or a pinned line) %d times", s.Allowed, pre0)
		}
	}

	out = mandateCmd(t, mandate, home, work, "log", "--json")
	var recs []record
	for _, line := range bytes.Split(out, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e struct {
			Record record `json:"record"`
		}
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatalf("log --json: %v: %s", err, line)
		}
		recs = append(recs, e.Record)
	}
	types := map[string]int{}
	for _, r := range recs {
		types[r.Type]++
	}
	var decisions, denies, outcomes int
	deniedBy := map[string]int{}
	var writeOutcome *record
	written := filepath.Join(work, "src", "written.txt")
	for i := range recs {
		r := &recs[i]
		if r.SessionID != s.ID && r.Type != "checkpoint" {
			t.Errorf("record %d (%s) of session %q, want %q", i, r.Type, r.SessionID, s.ID)
		}
		switch r.Type {
		case "decision":
			decisions++
			if r.Agent != string(a) || r.User != userEmail || r.Repo != work {
				t.Errorf("decision %d: agent %q user %q repo %q, want %s %s %s", i, r.Agent, r.User, r.Repo, a, userEmail, work)
			}
			if r.PolicyDigest != digest {
				t.Errorf("decision %d: policy_digest %s, want %s (the policy file's)", i, r.PolicyDigest, digest)
			}
			if len(r.PolicyChecks) < 5 {
				t.Errorf("decision %d: %d policy_checks, want every policy (4 of the file, the built-ins)", i, len(r.PolicyChecks))
			}
			if r.Decision == "ask" && (r.Policy != "dependency-control" || r.ApprovalStatus != "required") {
				t.Errorf("ask %d: policy %q approval_status %q, want dependency-control and required", i, r.Policy, r.ApprovalStatus)
			}
			if r.Decision == "deny" {
				denies++
				deniedBy[r.Policy]++
				failed := false
				for _, c := range r.PolicyChecks {
					failed = failed || c.Policy == r.Policy && c.Result == "fail"
				}
				if !failed {
					t.Errorf("deny %d by %s: policy_checks do not fail that policy: %+v", i, r.Policy, r.PolicyChecks)
				}
			}
		case "tamper":
			t.Errorf("tamper record %d in an everyday session: %+v", i, r)
		case "outcome":
			outcomes++
			if r.Extra.NoDecision != "" {
				// Every call of the run had its pre-tool event (red-team
				// round 28 #306: an outcome with no decision is a call that
				// ran past the hook).
				t.Errorf("outcome %d (%s %s) taken for one with no decision: %s", i, r.Tool, r.ResourcePath, r.Extra.NoDecision)
			}
			if r.ResourcePath == written || strings.HasSuffix(r.ResourcePath, "src/written.txt") {
				writeOutcome = r
			}
		}
	}
	if decisions != s.Allowed+s.Denied+s.Asked {
		t.Errorf("%d decision records, want allowed+denied+asked = %d", decisions, s.Allowed+s.Denied+s.Asked)
	}
	wantBy := map[string]int{}
	for _, p := range deniedSteps() {
		wantBy[p]++
	}
	if denies != len(deniedSteps()) || fmt.Sprint(deniedBy) != fmt.Sprint(wantBy) {
		t.Errorf("deny records by policy %v, want %v", deniedBy, wantBy)
	}
	// Every allowed call ran and was followed by a post-tool outcome; no denied one was.
	if outcomes != s.Allowed {
		t.Errorf("%d outcome records, want one per allowed tool call (%d)", outcomes, s.Allowed)
	}
	content, err := os.ReadFile(written)
	if err != nil {
		t.Errorf("written file: %v", err)
	}
	ws := sha256.Sum256(content)
	switch {
	case writeOutcome == nil:
		t.Errorf("no outcome record for the write of %s", written)
	case writeOutcome.Result != "success" || writeOutcome.DiffHash != "sha256:"+hex.EncodeToString(ws[:]):
		t.Errorf("write outcome: result %q diff_hash %q, want success and the sha256 of %q", writeOutcome.Result, writeOutcome.DiffHash, content)
	}

	// The session end (every agent but Codex, which has none) closed the session and
	// signed a checkpoint; for Codex, sign one. Then every record must verify, and the
	// latest checkpoint sign all but its own record.
	if types["session.start"] != 1 || types["policy.load"] != 1 {
		t.Errorf("record types %v, want one session.start and one policy.load", types)
	}
	if a == agentrun.Codex {
		if s.Ended || types["session.end"] != 0 || types["checkpoint"] != 0 {
			t.Errorf("codex session ended=%v with record types %v; Codex sends no session end", s.Ended, types)
		}
		mandateCmd(t, mandate, home, work, "checkpoint")
	} else if !s.Ended || types["session.end"] != 1 || types["checkpoint"] != 1 {
		t.Errorf("session ended=%v with record types %v, want the session end recorded and a checkpoint signed", s.Ended, types)
	}
	logAll := mandateCmd(t, mandate, home, work, "log", "--json")
	checkRedacted(t, home, logAll)
	n := len(bytes.Split(bytes.TrimSpace(logAll), []byte("\n")))
	// verify --json, whose keys are only ever added to (docs/cli.md),
	// rather than the human report's wording.
	out = mandateCmd(t, mandate, home, work, "verify", "--json")
	var v struct {
		OK          bool `json:"ok"`
		Records     int  `json:"records"`
		Checkpoints int  `json:"checkpoints"`
		TreeSize    int  `json:"tree_size"`
	}
	if err := json.Unmarshal(out, &v); err != nil || !v.OK || v.Records != n || v.Checkpoints == 0 {
		t.Fatalf("verify: %v %s, want all %d records verified under a signed checkpoint", err, out, n)
	}
	if v.TreeSize < n-1 {
		t.Errorf("verify: the latest checkpoint signs %d of %d records: %s", v.TreeSize, n, out)
	}
}

// fakeToken is a GitHub-token-shaped test value for the shell-secret step, built from
// fragments and a seeded generator so no credential-shaped literal is in the repository.
func fakeToken() string {
	r := rand.New(rand.NewPCG(20261121, 4))
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte("gh" + "p_")
	for range 36 {
		b = append(b, alnum[r.IntN(len(alnum))])
	}
	return string(b)
}

// checkRedacted fails if any file of Mandate's state directory holds the token in clear,
// and requires the log to show where it was masked.
func checkRedacted(t *testing.T, home string, log []byte) {
	t.Helper()
	tok := []byte(fakeToken())
	err := filepath.WalkDir(home, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, tok) {
			t.Errorf("%s holds the token of the shell-secret step in clear", path)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
	if bytes.Contains(log, tok) || !bytes.Contains(log, []byte("[REDACTED:github-token:")) {
		t.Errorf("mandate log --json does not show the token of the shell-secret step redacted")
	}
}

// mandateCmd runs the mandate CLI with home as its state directory, failing the test on a
// non-zero exit.
func mandateCmd(t *testing.T, mandate, home, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), mandate, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "MANDATE_HOME="+home)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("mandate %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return out
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func dump(t *testing.T, res agentrun.Result) {
	t.Helper()
	t.Logf("run dir %s\nstdout: %s\nstderr: %s", res.RunDir, res.Stdout, res.Stderr)
	for _, r := range res.Requests {
		t.Logf("request %d %s %s api=%s action=%+v results=%+v", r.Seq, r.Method, r.Path, r.API, r.Action, r.NewToolResults)
	}
	for _, h := range res.Hooks {
		t.Logf("hook %s rc=%d payload=%.300s stdout=%q stderr=%q", h.Event, h.ExitCode, h.Payload, h.Stdout, h.Stderr)
	}
}
