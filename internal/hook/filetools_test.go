package hook_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/agent/agents"
	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// fileToolCase is one entry of testdata/filetools-evasion.yaml: an agent's
// own file tool call (not a shell command), as that agent sends it.
type fileToolCase struct {
	Agent  string `yaml:"agent"`
	Tool   string `yaml:"tool"`
	Input  any    `yaml:"input"`
	Expect string `yaml:"expect"`
	Trust  string `yaml:"trust"`
	Class  string `yaml:"class"`
	Why    string `yaml:"why"`
	Source string `yaml:"source"`
	// Pending names the workstream whose part of issue 9 the case waits
	// for; its failure is logged, not an error, until that work is merged
	// (MANDATE_FILETOOLS_STRICT=1 makes it an error).
	Pending string `yaml:"pending"`
	// Cwd, when set, is the working directory the agent reports in the
	// payload instead of the repository root (Claude Code reports the
	// directory its Bash tool last cd'ed to, which is not its process's).
	Cwd string `yaml:"cwd"`
	// Before are the earlier calls of the same session, in order (same
	// agent): an agent that keeps its shell's directory (hook.JudgeKept)
	// runs the case where their allowed or asked cds left it.
	Before []struct {
		Tool  string `yaml:"tool"`
		Input any    `yaml:"input"`
	} `yaml:"before"`
}

const (
	fxRoot  = "/home/dev/project"
	fxHome  = "/home/dev"
	fxState = "/home/dev/.local/state/mandate"
)

// TestFileToolEvasion decides every case end to end: the agent's payload
// is decoded by its adapter, and each action is decided by the corpus's
// example policy, as the policy in force at the repository root of the
// fixture tree (seen through fsview.Rooted), with Mandate's binaries and
// state directory protected. The strictest decision of the call's actions
// is its answer; a payload the adapter cannot decode is denied, as the
// hook denies it.
func TestFileToolEvasion(t *testing.T) {
	src, err := os.ReadFile("testdata/filetools-evasion.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		Cases []fileToolCase `yaml:"cases"`
	}
	if err := yaml.Unmarshal(src, &corpus); err != nil {
		t.Fatalf("filetools-evasion.yaml: %v", err)
	}
	if len(corpus.Cases) < 60 {
		t.Fatalf("only %d cases", len(corpus.Cases))
	}
	p := fixturePolicy(t, buildFixture(t))
	strict := os.Getenv("MANDATE_FILETOOLS_STRICT") != ""
	pass, pending := 0, 0
	classes := map[string]int{}
	for i, c := range corpus.Cases {
		if c.Class == "" || c.Why == "" || c.Source == "" {
			t.Errorf("case %d (%s %s): class, why and source are required", i, c.Agent, c.Tool)
		}
		classes[c.Class]++
		want := policy.Effect(c.Expect)
		if want != policy.Allow && want != policy.Ask && want != policy.Deny {
			t.Errorf("case %d: bad expect %q", i, c.Expect)
			continue
		}
		got, reason := decideFileTool(t, p, c)
		if got == want {
			pass++
			if c.Pending != "" {
				// A known-open case that passes is no longer open: its
				// marker would hide a regression (as the shell corpus).
				t.Errorf("case %d (%s) %s %s now decides %s as expected: drop its pending marker (%s)", i, c.Class, c.Agent, c.Tool, got, c.Pending)
			}
			continue
		}
		msg := fmt.Sprintf("case %d (class %s) %s %s %s: got %s, want %s (%s)\n    reason: %s", i, c.Class, c.Agent, c.Tool, inputString(c.Input), got, want, c.Why, reason)
		if c.Pending != "" && !strict {
			pending++
			t.Logf("pending %s: %s", c.Pending, msg)
			continue
		}
		t.Error(msg)
	}
	t.Logf("file-tool evasion suite: %d cases in %d classes, %d pass, %d pending on other workstreams", len(corpus.Cases), len(classes), pass, pending)
}

func inputString(v any) string {
	b, _ := json.Marshal(jsonable(v))
	return string(b)
}

// decideFileTool returns the hook's decision for the case and its reason:
// its earlier calls (Before) are decided first, as the gate does, carrying
// the directories their allowed cds leave the session's shell in.
func decideFileTool(t *testing.T, p *policy.Policy, c fileToolCase) (policy.Effect, string) {
	var kept hook.KeptCwds
	for _, b := range c.Before {
		k, err := judgeCall(t, p, c, b.Tool, b.Input, kept)
		if err != "" {
			continue // refused: it runs nothing
		}
		if d := strictest(k); d.Decision == policy.Allow || d.Decision == policy.Ask {
			kept = kept.Add(k.New)
		}
	}
	k, err := judgeCall(t, p, c, c.Tool, c.Input, kept)
	if err != "" {
		return policy.Deny, err
	}
	d := strictest(k)
	return d.Decision, d.Reason
}

// strictest is the answer of a judged call: its strictest decision, and
// ask when its cd leaves the session's tree.
func strictest(k hook.Kept) policy.Decision {
	out := k.Decisions[0]
	var reasons []string
	for _, d := range k.Decisions {
		out.Decision = out.Decision.Stricter(d.Decision)
		if d.Decision != policy.Allow && d.Reason != "" {
			reasons = append(reasons, d.Reason)
		}
	}
	if k.Leaves != "" {
		out.Decision = out.Decision.Stricter(policy.Ask)
		reasons = append(reasons, k.Leaves)
	}
	if k.State != "" {
		out.Decision = policy.Deny // the gate's persistent-shell-state
		reasons = append(reasons, k.State)
	}
	out.Reason = strings.Join(reasons, " | ")
	return out
}

// judgeCall decodes one call of the case's agent and decides it from
// every directory in kept (hook.JudgeKept); a payload the adapter refuses
// is the reason it is denied.
func judgeCall(t *testing.T, p *policy.Policy, c fileToolCase, tool string, input any, kept hook.KeptCwds) (hook.Kept, string) {
	ad, ok := agents.Lookup(c.Agent)
	if !ok {
		t.Fatalf("unknown agent %q", c.Agent)
	}
	payload := agentPayload(t, c.Agent, tool, jsonable(input))
	if c.Cwd != "" {
		payload = withCwd(t, payload, c.Cwd)
	}
	if got := hook.Detect(payload); got != c.Agent {
		t.Errorf("%s payload detected as %q", c.Agent, got)
	}
	var ev *hook.Event
	var err error
	if ed, ok := ad.(hook.EventDecoder); ok {
		ev, err = ed.DecodeEvent(payload, "preToolUse")
	} else {
		ev, err = ad.Decode(payload)
	}
	if err != nil {
		return hook.Kept{}, "the adapter refused the payload: " + err.Error()
	}
	if len(ev.Actions) == 0 {
		return hook.Kept{}, "no action"
	}
	trust := c.Trust
	if trust == "" {
		trust = action.WriteLocal
	}
	return hook.JudgeKept(ev, kept, fxRoot, func(acts []action.Action) policy.Decision {
		var out policy.Decision
		var reasons []string
		for i := range acts {
			a := acts[i]
			a.V = action.Version
			a.Actor.RepoRoot, a.Actor.Home, a.Actor.TrustLevel = fxRoot, fxHome, trust
			d := p.Evaluate(&a)
			if d.Decision != policy.Allow {
				reasons = append(reasons, d.Reason)
			}
			if i == 0 {
				out = d
				continue
			}
			out.Decision = out.Decision.Stricter(d.Decision)
			out.EndCwds, out.EndCwdUnknown = policy.MergeEndCwds(out, d)
			out.KeepsState = policy.MergeKeepsState(out, d)
		}
		out.Reason = strings.Join(reasons, " | ")
		return out
	}), ""
}

// withCwd is payload with its cwd member set to cwd.
func withCwd(t *testing.T, payload []byte, cwd string) []byte {
	var m map[string]any
	if err := json.Unmarshal(payload, &m); err != nil {
		t.Fatal(err)
	}
	m["cwd"] = cwd
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonable turns YAML-decoded maps into JSON-encodable ones.
func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	case map[any]any:
		out := map[string]any{}
		for k, e := range x {
			out[fmt.Sprint(k)] = jsonable(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	}
	return v
}

// agentPayload builds the pre-tool payload agent sends for tool with
// input, in the agent's own shape (see each adapter's fixtures).
func agentPayload(t *testing.T, agent, tool string, input any) []byte {
	var m map[string]any
	switch agent {
	case hook.Claude:
		m = map[string]any{"session_id": "s-evasion", "transcript_path": "/home/dev/.claude/projects/-home-dev-project/s.jsonl",
			"cwd": fxRoot, "permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": tool, "tool_input": input, "tool_use_id": "toolu_evasion"}
	case hook.Gemini:
		m = map[string]any{"session_id": "s-evasion", "transcript_path": "/home/dev/.gemini/tmp/project/chats/s.jsonl",
			"cwd": fxRoot, "hook_event_name": "BeforeTool", "timestamp": "2026-01-01T00:00:00.000Z", "tool_name": tool, "tool_input": input}
	case hook.Copilot:
		m = map[string]any{"sessionId": "s-evasion", "timestamp": 1767225600000, "cwd": fxRoot, "toolName": tool, "toolArgs": input}
	case hook.Codex:
		m = map[string]any{"session_id": "s-evasion", "turn_id": "t-evasion", "transcript_path": nil, "cwd": fxRoot, "hook_event_name": "PreToolUse",
			"model": "gpt-5-codex", "permission_mode": "default", "tool_name": tool, "tool_input": input, "tool_use_id": "call_evasion"}
	case hook.Cursor:
		m = map[string]any{"conversation_id": "c-evasion", "generation_id": "g-evasion", "model": "claude-sonnet-4", "hook_event_name": "preToolUse",
			"cursor_version": "2.4.1", "workspace_roots": []any{fxRoot}, "user_email": "dev@example.com", "transcript_path": nil,
			"tool_name": tool, "tool_input": input, "tool_use_id": "toolu_evasion", "cwd": fxRoot}
	case hook.Hermes:
		m = map[string]any{"hook_event_name": "pre_tool_call", "tool_name": tool, "tool_input": input, "session_id": "s-evasion",
			"cwd": fxRoot, "profile": "default", "extra": map[string]any{"task_id": "t1", "tool_call_id": "call_evasion"}}
	default:
		t.Fatalf("no payload shape for agent %q", agent)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixturePolicy is the corpus's example policy as the policy in force at
// the fixture's repository root, seeing the fixture through its FS.
func fixturePolicy(t *testing.T, fx hookFixture) *policy.Policy {
	fsys := fx.fs
	src, err := os.ReadFile("../shell/testdata/example-policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := policy.ParseCopy(path.Join(fxRoot, "agent-policy.yaml"), src)
	if err != nil {
		t.Fatal(err)
	}
	return p.WithOptions(policy.Options{
		FS:        fsys,
		Resolve:   func(p string) (string, error) { return fsview.Resolve(fsys, p) },
		Walk:      fixtureWalk(fsys),
		StateDirs: []string{fxState},
		Git:       fx.git,
		// ~NAME/ paths: the fixture's own passwd database.
		UserHome: func(name string) (string, bool) {
			data, err := os.ReadFile(filepath.Join(fx.dir, "etc", "passwd"))
			if err != nil {
				return "", false
			}
			return policy.PasswdHome(data, name)
		},
		Protected: []policy.Protected{
			{Path: path.Join(fxRoot, "agent-policy.yaml"), Kind: policy.ProtectPolicy},
			{Path: "/home/dev/bin/mandate", Kind: policy.ProtectBinary},
			{Path: "/home/dev/bin/mandate-engine", Kind: policy.ProtectBinary},
		},
	})
}

// fixtureWalk lists the files below dir in the fixture, bounded,
// symlinks not followed.
func fixtureWalk(fsys fsview.FS) func(string, func(string) bool) error {
	return func(dir string, visit func(string) bool) error {
		stack := []string{dir}
		for n := 0; len(stack) > 0 && n < 10000; n++ {
			d := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			names, err := fsys.ReadDir(d, 1000)
			if err != nil {
				continue
			}
			for _, name := range names {
				p := path.Join(d, name)
				if !visit(p) {
					return nil
				}
				if info, err := fsys.Lstat(p); err == nil && info.Mode.IsDir() {
					stack = append(stack, p)
				}
			}
		}
		return nil
	}
}

// buildFixture builds the standard fixture tree of the issue 9 brief in a
// temp dir, seen through fsview.Rooted. It is a local stand-in for
// policy-core's internal/policy/fixture (Standard, from
// internal/policy/testdata/fixture.txt) until that is merged: the same
// paths and shapes, plus /dev/fd and /proc/self as the kernel shows them,
// so that /dev/fd/../environ resolves to /proc/self/environ.
// hookFixture is the file-tool suite's tree: its namespace, and the git
// query of its repository (nil when git is not installed).
type hookFixture struct {
	fs  fsview.FS
	git policy.GitQuery
	dir string // the fixture tree's real directory
}

func buildFixture(t *testing.T) hookFixture {
	dir := t.TempDir()
	real := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	file := func(p, content string) {
		if err := os.MkdirAll(filepath.Dir(real(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(real(p), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(p, target string) {
		if err := os.MkdirAll(filepath.Dir(real(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, real(p)); err != nil {
			t.Fatal(err)
		}
	}
	pol, err := os.ReadFile("../shell/testdata/example-policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for p, c := range map[string]string{
		fxRoot + "/agent-policy.yaml":        string(pol),
		fxRoot + "/README.md":                "# Fixture project\n",
		fxRoot + "/go.mod":                   "module example.com/fixture\n",
		fxRoot + "/Makefile":                 "test:\n\tgo test ./...\n",
		fxRoot + "/package.json":             `{"name": "fixture"}`,
		fxRoot + "/.gitignore":               "/.env.local\n/node_modules/\n",
		fxRoot + "/.env":                     "PROD_DB_URL=postgres://fixture:not-a-secret@db.production.company.com/app\n",
		fxRoot + "/.env.local":               "PROD_API_KEY=fixture-not-a-key\n",
		fxRoot + "/config/.env.production":   "PROD_API_KEY=fixture-not-a-key-either\n",
		fxRoot + "/.github/workflows/ci.yml": "on: push\n",
		fxRoot + "/infrastructure/main.tf":   "# fixture\n",
		fxRoot + "/src/app.go":               "package main\n// TODO: fixture\n",
		fxRoot + "/src/main.go":              "package main\n",
		fxRoot + "/src/lib/util.go":          "package lib\n",
		fxRoot + "/tests/a_test.go":          "package tests\n",
		fxRoot + "/docs/notes.md":            "# Notes\n",
		fxRoot + "/.claude/settings.json":    `{"hooks": {}}`,
		fxRoot + "/.gemini/settings.json":    `{"hooks": {}}`,
		fxRoot + "/.codex/hooks.json":        `{"hooks": {}}`,
		fxRoot + "/node_modules/.bin/tsc":    "#!/bin/sh\n",
		fxRoot + "/.git/HEAD":                "ref: refs/heads/main\n",
		fxRoot + "/.git/config":              "[core]\n\tbare = false\n",
		fxHome + "/.ssh/id_rsa":              "-----BEGIN FIXTURE KEY----- not a key -----END FIXTURE KEY-----\n",
		fxHome + "/.aws/credentials":         "[default]\naws_access_key_id = FIXTURENOTAKEY\n",
		fxHome + "/.config/gh/hosts.yml":     "github.com:\n    oauth_token: fixture-not-a-token\n",
		fxHome + "/.claude/settings.json":    `{"hooks": {}}`,
		fxHome + "/.hermes/auth.json":        `{"providers": {"fixture": "not-a-token"}}`,
		fxHome + "/.hermes/.env":             "OPENROUTER_API_KEY=fixture-not-a-key\n",
		fxHome + "/.continue/config.yaml":    "models:\n  - apiKey: fixture-not-a-key\n",
		fxState + "/evidence/signer.key":     "fixture-not-a-signing-key\n",
		fxState + "/evidence/log":            "fixture evidence log\n",
		fxHome + "/bin/mandate":              "#!/bin/sh\n",
		fxHome + "/bin/mandate-engine":       "#!/bin/sh\n",
		"/proc/self/environ":                 "PROD_DB_URL=fixture\x00",
		"/proc/1/environ":                    "PROD_DB_URL=fixture\x00",
		"/proc/self/task/1/environ":          "PROD_DB_URL=fixture\x00",
		"/proc/self/fd/.keep":                "",
		"/etc/passwd":                        "root:x:0:0::/root:/bin/sh\ndev:x:1000:1000::/home/dev:/bin/sh\nsvc:x:999:999::/srv/svc:/usr/sbin/nologin\n",
	} {
		file(p, c)
	}
	// A real repository, as the standard fixture's: one commit on main
	// and a branch feature whose agent-policy.yaml is empty (what the git
	// tools of MCP servers are judged against), made before the shapes
	// below.
	var gq policy.GitQuery
	if gitBin, err := exec.LookPath("git"); err == nil {
		run := func(args ...string) {
			cmd := exec.Command(gitBin, args...)
			cmd.Dir = real(fxRoot)
			cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
				"GIT_AUTHOR_NAME=Fixture", "GIT_AUTHOR_EMAIL=fixture@example.invalid",
				"GIT_COMMITTER_NAME=Fixture", "GIT_COMMITTER_EMAIL=fixture@example.invalid",
				"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z"}
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v: %s", args, err, out)
			}
		}
		run("init", "-q", "-b", "main")
		run("add", "-A")
		run("commit", "-q", "-m", "initial")
		run("checkout", "-q", "-b", "feature")
		file(fxRoot+"/agent-policy.yaml", "policies: []\n")
		run("commit", "-q", "-a", "-m", "feature: an empty policy")
		run("checkout", "-q", "main")
		gq = fixture.GitQuery(dir)
	} else {
		t.Logf("git is not installed: the fixture has no repository, and the cases that need one cannot be decided as intended")
	}
	if err := os.Link(real(fxRoot+"/agent-policy.yaml"), real(fxRoot+"/src/p")); err != nil {
		t.Fatal(err)
	}
	link(fxRoot+"/src/key", fxHome+"/.ssh/id_rsa")
	link(fxRoot+"/src/loop", "loop")
	link("/dev/fd", "/proc/self/fd")
	link("/proc/self/cwd", fxRoot)
	link("/proc/thread-self", "/proc/self/task/1")
	if err := mkfifo(real(fxRoot+"/src/fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	return hookFixture{fs: fsview.Rooted(dir), git: gq, dir: dir}
}
