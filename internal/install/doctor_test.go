package install

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/hook"
)

type doctorEnv struct {
	home, repo, exe string
	env             map[string]string
	path            map[string]string
}

func newDoctorEnv(t *testing.T) *doctorEnv {
	d := t.TempDir()
	e := &doctorEnv{home: filepath.Join(d, "home"), repo: filepath.Join(d, "repo"), exe: filepath.Join(d, "bin", "mandate"),
		env: map[string]string{}, path: map[string]string{}}
	// The mandate on PATH is the running one (doctor knows it is Mandate
	// without running it).
	e.path[FrontName] = e.exe
	for _, p := range []string{e.home, e.repo, filepath.Dir(e.exe)} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range []string{e.exe, filepath.Join(filepath.Dir(e.exe), EngineName)} {
		if err := os.WriteFile(b, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e *doctorEnv) install(t *testing.T, agent string, scope Scope) string {
	t.Helper()
	res, err := Install(Options{Agent: agent, Scope: scope, Home: e.home, Repo: e.repo, Exe: e.exe, Getenv: e.getenv})
	if err != nil {
		t.Fatal(err)
	}
	return res.Path
}

func (e *doctorEnv) getenv(k string) string { return e.env[k] }

func (e *doctorEnv) write(t *testing.T, rel, text string) {
	t.Helper()
	p := filepath.Join(e.home, rel)
	if err := writeFile(p, []byte(strings.ReplaceAll(text, "REPO", e.repo))); err != nil {
		t.Fatal(err)
	}
}

func (e *doctorEnv) doctor() Report {
	return Doctor(DoctorOptions{Home: e.home, Repo: e.repo, Exe: e.exe, Getenv: e.getenv,
		LookPath: func(b string) (string, error) {
			if p, ok := e.path[b]; ok {
				return p, nil
			}
			return "", errors.New("not found")
		}})
}

func agentReport(r Report, agent string) *AgentReport {
	for i := range r.Agents {
		if r.Agents[i].Agent == agent {
			return &r.Agents[i]
		}
	}
	return nil
}

// errorsOf lists the error messages, for failure output.
func errorsOf(ar *AgentReport) []string {
	var out []string
	for _, p := range ar.Problems {
		if p.Severity == Error {
			out = append(out, p.Message)
		}
	}
	return out
}

func TestDoctorNothingFound(t *testing.T) {
	e := newDoctorEnv(t)
	r := e.doctor()
	if !r.OK || len(r.Agents) != 0 {
		t.Errorf("report %+v", r)
	}
}

func TestDoctorAgentOnPathWithoutHooks(t *testing.T) {
	e := newDoctorEnv(t)
	e.path["claude"] = "/usr/bin/claude"
	r := e.doctor()
	ar := agentReport(r, hook.Claude)
	if ar == nil || !r.OK || len(ar.Problems) != 1 || ar.Problems[0].Severity != Warning || ar.Binary != "/usr/bin/claude" {
		t.Errorf("report %+v", r)
	}
}

// Each agent: installed but untrusted → an error with a fix; trusted → OK.
func TestDoctorTrust(t *testing.T) {
	cases := []struct {
		agent string
		scope Scope
		trust func(t *testing.T, e *doctorEnv, path string)
		want  string // a word of the untrusted error
	}{
		{hook.Claude, Project, func(t *testing.T, e *doctorEnv, path string) {
			e.write(t, ".claude.json", `{"projects":{"REPO":{"hasTrustDialogAccepted":true}}}`)
		}, "trust dialog"},
		{hook.Codex, Project, func(t *testing.T, e *doctorEnv, path string) {
			e.write(t, ".codex/config.toml", "model = \"x\"\n[projects.\"REPO\"]\ntrust_level = \"trusted\"\n\n[hooks.state.\""+path+":pre_tool_use:0:0\"]\ntrusted_hash = \"sha256:00\"\n")
		}, "trusted"},
		{hook.Gemini, Project, func(t *testing.T, e *doctorEnv, path string) {
			e.write(t, ".gemini/trustedFolders.json", `{"REPO": "TRUST_FOLDER"}`)
		}, "trusted folder"},
		{hook.Copilot, Project, func(t *testing.T, e *doctorEnv, path string) {
			e.write(t, ".copilot/config.json", `{"trusted_folders": ["REPO"]}`)
		}, "trusted folder"},
		{hook.Hermes, User, func(t *testing.T, e *doctorEnv, path string) {
			c := e.exe + " hook hermes"
			e.write(t, ".hermes/shell-hooks-allowlist.json", `{"approvals":[{"event":"pre_tool_call","command":"`+c+`"},{"event":"post_tool_call","command":"`+c+`"},{"event":"on_session_start","command":"`+c+`"},{"event":"on_session_end","command":"`+c+`"}]}`)
		}, "approved"},
	}
	for _, c := range cases {
		t.Run(c.agent, func(t *testing.T) {
			e := newDoctorEnv(t)
			path := e.install(t, c.agent, c.scope)
			r := e.doctor()
			ar := agentReport(r, c.agent)
			if ar == nil || r.OK || len(ar.Installed) != 1 {
				t.Fatalf("untrusted: report %+v", r)
			}
			errs := errorsOf(ar)
			if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), c.want) {
				t.Errorf("untrusted errors %q, want one about %q", errs, c.want)
			}
			for _, p := range ar.Problems {
				if p.Fix == "" {
					t.Errorf("problem without a fix: %+v", p)
				}
			}
			c.trust(t, e, path)
			r = e.doctor()
			if ar := agentReport(r, c.agent); !r.OK {
				t.Errorf("trusted: still errors %q", errorsOf(ar))
			}
		})
	}
}

func TestDoctorSwitchedOff(t *testing.T) {
	e := newDoctorEnv(t)
	e.install(t, hook.Gemini, User)
	e.write(t, ".gemini/settings.json", `{"hooksConfig":{"enabled":false},"hooks":{"BeforeTool":[{"matcher":"*","hooks":[{"type":"command","command":"`+e.exe+` hook gemini"}]}]}}`)
	r := e.doctor()
	if r.OK || !strings.Contains(strings.Join(errorsOf(agentReport(r, hook.Gemini)), "\n"), "hooksConfig.enabled") {
		t.Errorf("report %+v", r)
	}

	e = newDoctorEnv(t)
	e.install(t, hook.Claude, User)
	e.write(t, ".claude/settings.json", `{"disableAllHooks": true, "hooks":{"PreToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"`+e.exe+` hook claude"}]}]}}`)
	r = e.doctor()
	if r.OK || !strings.Contains(strings.Join(errorsOf(agentReport(r, hook.Claude)), "\n"), "disableAllHooks") {
		t.Errorf("report %+v", r)
	}
}

// A hook whose binary is gone runs nothing: the agent runs the tool.
func TestDoctorStaleBinaryAndPartialInstall(t *testing.T) {
	e := newDoctorEnv(t)
	e.install(t, hook.Cursor, User)
	if err := os.Remove(e.exe); err != nil {
		t.Fatal(err)
	}
	r := e.doctor()
	if r.OK || !strings.Contains(strings.Join(errorsOf(agentReport(r, hook.Cursor)), "\n"), "does not exist") {
		t.Errorf("report %+v", r)
	}

	e = newDoctorEnv(t)
	e.write(t, ".codex/hooks.json", `{"hooks":{"PostToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"`+e.exe+` hook codex"}]}]}}`)
	r = e.doctor()
	if r.OK || !strings.Contains(strings.Join(errorsOf(agentReport(r, hook.Codex)), "\n"), "missing for PreToolUse") {
		t.Errorf("report %+v", r)
	}
}

// The front refuses every call without mandate-engine beside it or on
// PATH, and an earlier version's mandate-hook entry is to be replaced.
func TestDoctorEngineAndLegacy(t *testing.T) {
	e := newDoctorEnv(t)
	e.write(t, ".claude.json", `{"projects":{"REPO":{"hasTrustDialogAccepted":true}}}`)
	e.install(t, hook.Claude, Project)
	if r := e.doctor(); !r.OK {
		t.Fatalf("healthy install: %q", errorsOf(agentReport(r, hook.Claude)))
	}
	engine := filepath.Join(filepath.Dir(e.exe), EngineName)
	if err := os.Remove(engine); err != nil {
		t.Fatal(err)
	}
	r := e.doctor()
	if errs := errorsOf(agentReport(r, hook.Claude)); r.OK || !strings.Contains(strings.Join(errs, "\n"), "no mandate-engine beside it") {
		t.Errorf("no engine: errors %q", errs)
	}
	e.path[EngineName] = "/usr/bin/mandate-engine"
	if r := e.doctor(); !r.OK {
		t.Errorf("engine on PATH: %q", errorsOf(agentReport(r, hook.Claude)))
	}

	legacy := filepath.Join(filepath.Dir(e.exe), "mandate-hook")
	if err := os.WriteFile(legacy, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	settings := filepath.Join(e.repo, ".claude", "settings.json")
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.ReplaceAll(string(data), `"mandate hook claude"`, `"`+legacy+` claude"`))
	if err := os.WriteFile(settings, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ar := agentReport(e.doctor(), hook.Claude)
	found := false
	for _, p := range ar.Problems {
		if p.Severity == Warning && strings.Contains(p.Message, "replaced with mandate hook") && p.Fix != "" {
			found = true
		}
	}
	if !found || len(ar.Installed) != 1 {
		t.Errorf("legacy mandate-hook entry: %+v", ar)
	}
}

// Gemini CLI reads comments in its settings: so does doctor, and a user
// settings file switching hooks off is found through them.
func TestDoctorReadsGeminiComments(t *testing.T) {
	e := newDoctorEnv(t)
	e.install(t, hook.Gemini, Project)
	e.write(t, ".gemini/trustedFolders.json", `{"REPO": "TRUST_FOLDER"}`)
	e.write(t, ".gemini/settings.json", "// mine\n{\n  \"hooksConfig\": {\"enabled\": false} /* off */\n}\n")
	r := e.doctor()
	errs := strings.Join(errorsOf(agentReport(r, hook.Gemini)), "\n")
	if r.OK || !strings.Contains(errs, filepath.Join(e.home, ".gemini", "settings.json")+" sets hooksConfig.enabled = false") {
		t.Errorf("errors %q", errs)
	}
}
