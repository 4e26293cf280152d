package agentrun

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mandate-dev/mandate/internal/fakemodel"
	"github.com/mandate-dev/mandate/internal/golden"
)

// TestInstallScriptPins keeps scripts/install-agents.sh and the Go pins in step.
func TestInstallScriptPins(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "scripts", "install-agents.sh"))
	if err != nil {
		t.Fatal(err)
	}
	script := string(b)
	for _, a := range Agents() {
		for _, re := range []string{
			`(?m)^\s*` + string(a) + `\) echo "` + regexp.QuoteMeta(a.Package()) + `" ;;`,
			`(?m)^\s*` + string(a) + `\) echo "` + regexp.QuoteMeta(a.Version()) + `" ;;`,
		} {
			if !regexp.MustCompile(re).MatchString(script) {
				t.Errorf("install-agents.sh has no line matching %s", re)
			}
		}
	}
}

func TestLocate(t *testing.T) {
	dir := t.TempDir()
	for _, a := range Agents() {
		if _, err := Locate(dir, a); !errors.Is(err, ErrNotInstalled) {
			t.Errorf("%s in empty dir: err %v, want ErrNotInstalled", a, err)
		}
	}
	// wrong version
	pkgDir := filepath.Join(dir, "node_modules", "@openai", "codex")
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkgDir, "package.json"), []byte(`{"version":"0.1.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Locate(dir, Codex); !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "0.1.0, want "+Codex.Version()) {
		t.Errorf("wrong version: err %v", err)
	}
	// right version, placeholder launcher only: claude needs the native platform binary
	cl := filepath.Join(dir, "node_modules", "@anthropic-ai", "claude-code")
	if err := os.MkdirAll(filepath.Join(cl, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cl, "package.json"), []byte(`{"version":"`+Claude.Version()+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Locate(dir, Claude); !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "no native binary") {
		t.Errorf("claude without platform package: err %v", err)
	}
	if _, err := Locate(dir, "cursor"); err == nil || errors.Is(err, ErrNotInstalled) {
		t.Errorf("unknown agent: err %v", err)
	}
}

// TestSetup checks, per agent, the hook and MCP configuration files and the invocation
// against golden files (temporary paths replaced by $TMP).
func TestSetup(t *testing.T) {
	for _, a := range Agents() {
		for _, variant := range []string{"full", "bare"} {
			t.Run(string(a)+"-"+variant, func(t *testing.T) {
				tmp := t.TempDir()
				s := &setup{agent: a, cmd: []string{"/agents/" + string(a)}, workDir: filepath.Join(tmp, "work"),
					runDir: filepath.Join(tmp, "run"), home: filepath.Join(tmp, "run", "home"),
					baseURL: "http://127.0.0.1:1234", model: a.DefaultModel(), prompt: "do the task"}
				if variant == "full" {
					s.preHook, s.postHook = "sh '/run/hookwrap.sh' pre", "sh '/run/hookwrap.sh' post"
					s.mcp = &MCPServer{Name: "notes", Command: "/bin/notemcp", Args: []string{"-v"},
						Env: map[string]string{"MANDATE_NOTEMCP_ROOT": "/work", "A\"B": "q\"uote"}}
					// an existing project setting must survive
					if err := writeJSON(filepath.Join(s.workDir, ".gemini", "settings.json"), map[string]any{"theme": "dark"}); err != nil {
						t.Fatal(err)
					}
				}
				inv, err := s.prepare()
				if err != nil {
					t.Fatal(err)
				}
				var out strings.Builder
				out.WriteString("argv:\n  " + strings.Join(inv.argv, "\n  ") + "\nenv:\n  " + strings.Join(inv.env, "\n  ") + "\n")
				var files []string
				err = filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
					if err == nil && !d.IsDir() {
						files = append(files, p)
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				sort.Strings(files)
				for _, f := range files {
					b, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					if strings.HasSuffix(f, ".json") && !json.Valid(b) {
						t.Errorf("%s is not valid JSON", f)
					}
					out.WriteString("--- " + f + "\n" + string(b))
				}
				checkGolden(t, "setup-"+string(a)+"-"+variant, strings.ReplaceAll(out.String(), tmp, "$TMP"))
			})
		}
	}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden"), []byte(got))
}

// TestHookWrapper runs the recording wrapper the way an agent does: stdin, stdout, stderr
// and the exit code pass through unchanged, and the call is recorded.
func TestHookWrapper(t *testing.T) {
	run := t.TempDir()
	if err := os.MkdirAll(filepath.Join(run, "hooks"), 0o755); err != nil {
		t.Fatal(err)
	}
	pre, post, err := writeHookWrapper(run, `read x; echo "out:$x:$MANDATE_E2E_HOOK_EVENT"; echo reason >&2; exit 2`, "cat >/dev/null")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cmd, in, out, errOut string
		code                 int
	}{
		{pre, "payload\n", "out:payload:pre\n", "reason\n", 2},
		{post, `{"x":1}`, "", "", 0},
	} {
		c := exec.CommandContext(t.Context(), "sh", "-c", tc.cmd)
		c.Stdin = strings.NewReader(tc.in)
		var stdout, stderr strings.Builder
		c.Stdout, c.Stderr = &stdout, &stderr
		err := c.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if stdout.String() != tc.out || stderr.String() != tc.errOut || code != tc.code {
			t.Errorf("%s: got (%q, %q, %d), want (%q, %q, %d)", tc.cmd, stdout.String(), stderr.String(), code, tc.out, tc.errOut, tc.code)
		}
	}
	calls, err := readHookCalls(filepath.Join(run, "hooks"))
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 2 {
		t.Fatalf("recorded %d calls, want 2: %+v", len(calls), calls)
	}
	if c := calls[0]; c.Event != "pre" || string(c.Payload) != "payload\n" || c.ExitCode != 2 || c.Stderr != "reason\n" {
		t.Errorf("pre call %+v", c)
	}
	if c := calls[1]; c.Event != "post" || string(c.Payload) != `{"x":1}` || c.ExitCode != 0 {
		t.Errorf("post call %+v", c)
	}
	if pre, post, err := writeHookWrapper(t.TempDir(), "", ""); pre != "" || post != "" || err != nil {
		t.Errorf("no hooks: %q %q %v", pre, post, err)
	}
}

// TestExecuteTimeout proves a run is bounded: on timeout the whole process group, including
// a grandchild in the background, is killed.
func TestExecuteTimeout(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	argv := []string{"sh", "-c", `sleep 30 & echo $! > ` + shellQuote(pidFile) + `; echo started; wait`}
	start := time.Now()
	code, timedOut, _, err := execute(t.Context(), argv, os.Environ(), dir, dir, 500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if !timedOut || code != -1 {
		t.Errorf("timedOut %v code %d, want true -1", timedOut, code)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("execute took %v", d)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("background child %d survived the run", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := tail(filepath.Join(dir, "agent.stdout")); got != "started\n" {
		t.Errorf("stdout %q", got)
	}
	code, timedOut, _, err = execute(t.Context(), []string{"sh", "-c", "exit 3"}, nil, dir, dir, time.Minute)
	if err != nil || timedOut || code != 3 {
		t.Errorf("exit 3: code %d timedOut %v err %v", code, timedOut, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, _, _, err := execute(ctx, []string{"sh", "-c", "sleep 5"}, nil, dir, dir, time.Minute); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestRunErrors(t *testing.T) {
	scen := fakemodel.Scenario{Name: "s", Steps: []fakemodel.Step{{ID: "a", Calls: map[string]fakemodel.ToolCall{"claude": {Tool: "Bash"}}}},
		Checks: []fakemodel.Check{{Step: "a", Path: "f", Contains: "x"}}}
	if _, err := Run(t.Context(), Config{Agent: "cursor"}); err == nil || !strings.HasPrefix(err.Error(), "agentrun: unknown agent") {
		t.Errorf("unknown agent: %v", err)
	}
	if _, err := Run(t.Context(), Config{Agent: Claude, AgentsDir: t.TempDir(), WorkDir: t.TempDir()}); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("not installed: %v", err)
	}
	if _, err := Locate(DefaultAgentsDir(), Claude); err != nil {
		t.Skipf("claude not installed: %v", err)
	}
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "f"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(t.Context(), Config{Agent: Claude, Scenario: scen, WorkDir: work, RunDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "exists before the run") {
		t.Errorf("stale side-effect file: %v", err)
	}
}

func TestApplicableChecks(t *testing.T) {
	sc := fakemodel.Scenario{Steps: []fakemodel.Step{
		{ID: "a", Calls: map[string]fakemodel.ToolCall{"claude": {Tool: "Bash"}}},
		{ID: "b", Calls: map[string]fakemodel.ToolCall{"default": {Tool: "X"}}},
	}, Checks: []fakemodel.Check{{Step: "a", Path: "1"}, {Step: "b", Path: "2"}}}
	for _, tc := range []struct {
		a    Agent
		want int
	}{{Claude, 2}, {Codex, 1}} {
		if got := applicableChecks(sc, tc.a); len(got) != tc.want {
			t.Errorf("%s: %d checks, want %d", tc.a, len(got), tc.want)
		}
	}
}

func FuzzTOMLString(f *testing.F) {
	f.Add("plain")
	f.Add("q\"uote\\back\nnl\x00<&>\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		q := tomlString(s)
		if !strings.HasPrefix(q, `"`) || !strings.HasSuffix(q, `"`) || strings.ContainsAny(q, "\n\r\x00") {
			t.Fatalf("%q quoted as %q", s, q)
		}
		var back string
		if err := json.Unmarshal([]byte(q), &back); err != nil {
			t.Fatal(err)
		}
		if utf8.ValidString(s) && back != s {
			t.Fatalf("round trip %q -> %q -> %q", s, q, back)
		}
	})
}
