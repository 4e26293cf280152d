package agentrun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/fakemodel"
)

// Config describes one agent run.
type Config struct {
	Agent    Agent
	Scenario fakemodel.Scenario
	// WorkDir is the project directory the agent runs in (created if missing). Hook
	// configuration is written into it (.claude/, .gemini/, .codex/, .github/hooks/).
	WorkDir string
	// RunDir receives the isolated HOME and TMPDIR, agent.stdout/.stderr/.argv, model.jsonl
	// (the fake model's request log) and hooks/ (the hook recordings). Created if missing;
	// default: a new temporary directory the caller removes (see Result.RunDir).
	RunDir string
	// HookCommand is a shell command registered as the pre-tool hook ("" = no hook). It gets
	// the agent's hook payload on stdin; its stdout, stderr and exit code reach the agent
	// unchanged. It also sees MANDATE_E2E_HOOK_EVENT=pre and MANDATE_E2E_HOOK_PAYLOAD.
	HookCommand string
	// PostHookCommand is registered as the post-tool hook ("" = none).
	PostHookCommand string
	// MCP, if set, is registered as a stdio MCP server (see BuildNoteMCP).
	MCP *MCPServer
	// Prompt is the user prompt (default "do the task").
	Prompt string
	// Model is the model id the agent sends (default per agent; Claude: its own default).
	Model string
	// AgentsDir is where the agents are installed (default DefaultAgentsDir()).
	AgentsDir string
	// Timeout bounds the agent run (default 4 minutes).
	Timeout time.Duration
	// Env adds KEY=VALUE entries to the agent's (and so its hooks') environment; later
	// entries win over the ones Run sets.
	Env []string
	// Args adds agent command-line flags.
	Args []string
	// CopilotWireAPI is "completions" (default) or "responses".
	CopilotWireAPI string
	// Vars adds {{NAME}} placeholders for the scenario; WORKDIR and RUNDIR are always set.
	Vars map[string]string
	// MaxIssue and MaxModelRequests tune the fake model's loop guards (0 = its defaults).
	MaxIssue, MaxModelRequests int
}

// Result is what one run produced.
type Result struct {
	Agent    Agent
	ExitCode int // -1 when the agent was killed
	TimedOut bool
	Duration time.Duration
	// Stdout and Stderr are the last TailBytes of the agent's output (full copies in RunDir).
	Stdout, Stderr  string
	WorkDir, RunDir string
	// Requests is the fake model's request log; ToolCalls the calls it issued; ToolResults
	// what the agent sent back (tool output or denial text).
	Requests    []fakemodel.Request
	ToolCalls   []fakemodel.Action
	ToolResults []fakemodel.ToolResult
	// Hooks are the recorded hook invocations, in order.
	Hooks []HookCall
	// Checks are the scenario's side-effect checks that apply to this agent.
	Checks []CheckResult
}

// HookCall is one recorded hook invocation.
type HookCall struct {
	Event    string // pre | post
	Payload  []byte // stdin
	Stdout   string
	Stderr   string
	ExitCode int // -1 if the hook did not finish
}

// CheckResult is a scenario check after the run.
type CheckResult struct {
	fakemodel.Check
	// Executed reports whether the file exists and contains Check.Contains.
	Executed bool
}

// HookCount returns how many hook calls of event (pre | post) were recorded.
func (r Result) HookCount(event string) int {
	n := 0
	for _, h := range r.Hooks {
		if h.Event == event {
			n++
		}
	}
	return n
}

// Check returns the result of the check for step (ok false if there is none).
func (r Result) Check(step string) (CheckResult, bool) {
	for _, c := range r.Checks {
		if c.Step == step {
			return c, true
		}
	}
	return CheckResult{}, false
}

// TailBytes bounds Result.Stdout and Result.Stderr.
const TailBytes = 8 << 10

// DefaultTimeout bounds an agent run when Config.Timeout is zero.
const DefaultTimeout = 4 * time.Minute

// Run starts the fake model, writes the agent's hook and MCP configuration, runs the agent
// offline until it exits or the timeout passes, kills its process group, and reports. An
// agent that fails or times out is not an error (see Result); a run that cannot be set up is.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if !cfg.Agent.Valid() {
		return Result{}, fmt.Errorf("agentrun: unknown agent %q", cfg.Agent)
	}
	if cfg.AgentsDir == "" {
		cfg.AgentsDir = DefaultAgentsDir()
	}
	cmd, err := Locate(cfg.AgentsDir, cfg.Agent)
	if err != nil {
		return Result{}, err
	}
	if cfg.WorkDir == "" {
		return Result{}, errors.New("agentrun: no work dir")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Prompt == "" {
		cfg.Prompt = "do the task"
	}
	if cfg.RunDir == "" {
		if cfg.RunDir, err = os.MkdirTemp("", "mandate-agentrun-"+string(cfg.Agent)+"-"); err != nil {
			return Result{}, fmt.Errorf("agentrun: %w", err)
		}
	}
	workDir, err := makeDir(cfg.WorkDir)
	if err != nil {
		return Result{}, err
	}
	runDir, err := makeDir(cfg.RunDir)
	if err != nil {
		return Result{}, err
	}
	home := filepath.Join(runDir, "home")
	tmp := filepath.Join(runDir, "tmp")
	for _, d := range []string{home, tmp, filepath.Join(runDir, "hooks")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return Result{}, fmt.Errorf("agentrun: %w", err)
		}
	}
	checks := applicableChecks(cfg.Scenario, cfg.Agent)
	for _, c := range checks {
		if _, err := os.Lstat(filepath.Join(workDir, c.Path)); err == nil {
			return Result{}, fmt.Errorf("agentrun: side-effect file %s exists before the run; use a fresh work dir", c.Path)
		}
	}

	vars := map[string]string{}
	for k, v := range cfg.Vars {
		vars[k] = v
	}
	vars["WORKDIR"], vars["RUNDIR"] = workDir, runDir
	model := cfg.Model
	if model == "" {
		model = cfg.Agent.DefaultModel()
	}
	srv, err := fakemodel.Start(ctx, fakemodel.Options{
		Agent: string(cfg.Agent), Scenario: cfg.Scenario, Vars: vars, ModelID: model,
		MaxIssue: cfg.MaxIssue, MaxModelRequests: cfg.MaxModelRequests,
	})
	if err != nil {
		return Result{}, err
	}
	defer srv.Close()

	s := &setup{agent: cfg.Agent, cmd: cmd, workDir: workDir, runDir: runDir, home: home, baseURL: srv.URL,
		model: model, prompt: cfg.Prompt, mcp: cfg.MCP, wireAPI: cfg.CopilotWireAPI, args: cfg.Args}
	if s.preHook, s.postHook, err = writeHookWrapper(runDir, cfg.HookCommand, cfg.PostHookCommand); err != nil {
		return Result{}, err
	}
	inv, err := s.prepare()
	if err != nil {
		return Result{}, err
	}

	env := baseEnv(home, tmp)
	env = append(env, inv.env...)
	env = append(env, cfg.Env...)
	res := Result{Agent: cfg.Agent, WorkDir: workDir, RunDir: runDir}
	if err := writeFile(filepath.Join(runDir, "agent.argv"), []byte(strings.Join(inv.argv, "\n")+"\n")); err != nil {
		return Result{}, err
	}
	code, timedOut, dur, runErr := execute(ctx, inv.argv, env, workDir, runDir, cfg.Timeout)
	res.ExitCode, res.TimedOut, res.Duration = code, timedOut, dur
	if cerr := srv.Close(); cerr != nil && runErr == nil {
		runErr = cerr
	}
	res.Stdout = tail(filepath.Join(runDir, "agent.stdout"))
	res.Stderr = tail(filepath.Join(runDir, "agent.stderr"))
	res.Requests, res.ToolCalls, res.ToolResults = srv.Requests(), srv.ToolCalls(), srv.ToolResults()
	logErr := writeModelLog(filepath.Join(runDir, "model.jsonl"), res.Requests)
	hooks, herr := readHookCalls(filepath.Join(runDir, "hooks"))
	res.Hooks = hooks
	for _, c := range checks {
		b, err := os.ReadFile(filepath.Join(workDir, c.Path))
		res.Checks = append(res.Checks, CheckResult{Check: c, Executed: err == nil && bytes.Contains(b, []byte(c.Contains))})
	}
	return res, errors.Join(runErr, herr, logErr)
}

// writeModelLog writes the fake model's request log, one JSON object per line, for
// post-mortem reading of a run dir.
func writeModelLog(path string, reqs []fakemodel.Request) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, r := range reqs {
		line := struct {
			fakemodel.Request
			Body string
		}{r, string(r.Body)}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("agentrun: model log: %w", err)
		}
	}
	return writeFile(path, buf.Bytes())
}

func makeDir(d string) (string, error) {
	if err := os.MkdirAll(d, 0o755); err != nil {
		return "", fmt.Errorf("agentrun: %w", err)
	}
	abs, err := filepath.Abs(d)
	if err != nil {
		return "", fmt.Errorf("agentrun: %w", err)
	}
	// agents report real paths; resolve symlinks (e.g. macOS /tmp) so ours match theirs
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("agentrun: %w", err)
	}
	return real, nil
}

// baseEnv is the minimal environment every agent gets: no inherited credentials, proxies
// or config dirs; loopback exempt from any proxy.
func baseEnv(home, tmp string) []string {
	env := []string{
		"HOME=" + home,
		"TMPDIR=" + tmp,
		"LANG=C.UTF-8",
		"TERM=dumb",
		"NO_COLOR=1",
		"NO_PROXY=127.0.0.1,localhost",
		"no_proxy=127.0.0.1,localhost",
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
	}
	for _, k := range []string{"PATH", "USER", "LOGNAME", "SHELL"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// writeHookWrapper writes RUNDIR/hookwrap.sh and the hook command files, and returns the
// commands to register ("" where no hook is wanted).
func writeHookWrapper(runDir, pre, post string) (string, string, error) {
	if pre == "" && post == "" {
		return "", "", nil
	}
	hooksDir := filepath.Join(runDir, "hooks")
	wrapper := filepath.Join(runDir, "hookwrap.sh")
	script := `#!/bin/sh
# Written by agentrun. Records one hook call (stdin, stdout, stderr, exit code) and passes
# all of them through unchanged. $1 = pre | post.
ev="$1"
stem=` + shellQuote(hooksDir) + `/"$(date +%s%N)-$$.$ev"
cat > "$stem.in"
MANDATE_E2E_HOOK_EVENT="$ev" MANDATE_E2E_HOOK_PAYLOAD="$stem.in" \
  sh ` + shellQuote(runDir) + `/"hook-$ev.sh" < "$stem.in" > "$stem.out" 2> "$stem.err"
rc=$?
cat "$stem.out"
cat "$stem.err" >&2
echo "$rc" > "$stem.rc"
exit "$rc"
`
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		return "", "", fmt.Errorf("agentrun: %w", err)
	}
	var cmds [2]string
	for i, h := range []struct{ ev, cmd string }{{"pre", pre}, {"post", post}} {
		if h.cmd == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(runDir, "hook-"+h.ev+".sh"), []byte(h.cmd+"\n"), 0o644); err != nil {
			return "", "", fmt.Errorf("agentrun: %w", err)
		}
		cmds[i] = "sh " + shellQuote(wrapper) + " " + h.ev
	}
	return cmds[0], cmds[1], nil
}

// readHookCalls reads the wrapper's recordings, oldest first.
func readHookCalls(dir string) ([]HookCall, error) {
	ins, err := filepath.Glob(filepath.Join(dir, "*.in"))
	if err != nil {
		return nil, fmt.Errorf("agentrun: %w", err)
	}
	sort.Strings(ins) // names start with the nanosecond time
	var out []HookCall
	for _, in := range ins {
		stem := strings.TrimSuffix(in, ".in")
		h := HookCall{Event: filepath.Ext(stem)[1:], ExitCode: -1}
		h.Payload, _ = os.ReadFile(in)
		if b, err := os.ReadFile(stem + ".out"); err == nil {
			h.Stdout = string(b)
		}
		if b, err := os.ReadFile(stem + ".err"); err == nil {
			h.Stderr = string(b)
		}
		if b, err := os.ReadFile(stem + ".rc"); err == nil {
			if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				h.ExitCode = n
			}
		}
		out = append(out, h)
	}
	return out, nil
}

func applicableChecks(sc fakemodel.Scenario, a Agent) []fakemodel.Check {
	has := map[string]bool{}
	for _, st := range sc.Steps {
		_, own := st.Calls[string(a)]
		_, def := st.Calls["default"]
		has[st.ID] = own || def
	}
	var out []fakemodel.Check
	for _, c := range sc.Checks {
		if has[c.Step] {
			out = append(out, c)
		}
	}
	return out
}

// execute runs argv in its own process group with output to RUNDIR/agent.{stdout,stderr}.
func execute(ctx context.Context, argv, env []string, dir, runDir string, timeout time.Duration) (code int, timedOut bool, dur time.Duration, err error) {
	stdout, err := os.Create(filepath.Join(runDir, "agent.stdout"))
	if err != nil {
		return -1, false, 0, fmt.Errorf("agentrun: %w", err)
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(runDir, "agent.stderr"))
	if err != nil {
		return -1, false, 0, fmt.Errorf("agentrun: %w", err)
	}
	defer stderr.Close()

	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(rctx, argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdin = nil // /dev/null
	cmd.Stdout, cmd.Stderr = stdout, stderr
	setProcessGroup(cmd)
	cmd.Cancel = func() error { return killProcessGroup(cmd) }
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return -1, false, 0, fmt.Errorf("agentrun: start %s: %w", argv[0], err)
	}
	werr := cmd.Wait()
	dur = time.Since(start)
	_ = killProcessGroup(cmd) // hooks, MCP servers and other leftovers
	timedOut = errors.Is(rctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	var exitErr *exec.ExitError
	switch {
	case werr == nil:
		return 0, false, dur, nil
	case errors.As(werr, &exitErr):
		code = exitErr.ExitCode() // -1 when killed by a signal
	default:
		code = -1
	}
	if ctx.Err() != nil {
		return code, false, dur, fmt.Errorf("agentrun: run interrupted: %w", ctx.Err())
	}
	return code, timedOut, dur, nil
}

func tail(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > TailBytes {
		_, _ = f.Seek(-TailBytes, io.SeekEnd)
	}
	b, _ := io.ReadAll(f)
	return string(b)
}
