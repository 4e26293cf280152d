package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type cliRun struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, home, cwd string, args ...string) cliRun {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Cwd: cwd,
		Now: func() time.Time { return time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC) },
		Getenv: func(k string) string {
			switch k {
			case "HOME":
				return home
			case "PATH":
				return filepath.Join(home, "bin")
			}
			return ""
		}}
	code := Main(context.Background(), env, args)
	return cliRun{code, out.String(), errb.String()}
}

func TestInstallUninstallDoctorCommands(t *testing.T) {
	d := t.TempDir()
	home, repo := filepath.Join(d, "home"), filepath.Join(d, "repo")
	exe := filepath.Join(d, "opt", "mandate")
	for _, p := range []string{filepath.Join(home, "bin"), filepath.Join(repo, ".git"), filepath.Join(repo, "sub"), filepath.Dir(exe)} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// An installation: the front and, beside it, the engine it needs.
	for _, b := range []string{exe, filepath.Join(filepath.Dir(exe), "mandate-engine")} {
		if err := os.WriteFile(b, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Run from a subdirectory: the repository root is found by .git.
	cwd := filepath.Join(repo, "sub")
	r := runCLI(t, home, cwd, "install", "claude", "--exe", exe)
	settings := filepath.Join(repo, ".claude", "settings.json")
	if r.code != ExitOK || !strings.Contains(r.stdout, settings) || !strings.Contains(r.stdout, "next:") {
		t.Fatalf("install: %+v", r)
	}
	b, _ := os.ReadFile(settings)
	if !strings.Contains(string(b), exe+" hook claude") {
		t.Errorf("settings: %s", b)
	}
	if r := runCLI(t, home, cwd, "install", "claude", "--exe", exe); r.code != ExitOK || !strings.Contains(r.stdout, "nothing changed") {
		t.Errorf("second install: %+v", r)
	}

	// Untrusted workspace: doctor fails and says how to fix it.
	r = runCLI(t, home, cwd, "doctor", "--json")
	var rep struct {
		OK     bool `json:"ok"`
		Agents []struct {
			Agent    string `json:"agent"`
			Problems []struct{ Severity, Message, Fix string }
		} `json:"agents"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != ExitFail || rep.OK {
		t.Fatalf("doctor untrusted: %+v (%v)", r, err)
	}
	if err := os.WriteFile(filepath.Join(home, ".claude.json"), []byte(`{"projects":{"`+repo+`":{"hasTrustDialogAccepted":true}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, home, cwd, "doctor"); r.code != ExitOK || !strings.Contains(r.stdout, "all installed hooks will run") {
		t.Errorf("doctor trusted: %+v", r)
	}

	if r := runCLI(t, home, cwd, "uninstall", "claude"); r.code != ExitOK || !strings.Contains(r.stdout, "deleted") {
		t.Errorf("uninstall: %+v", r)
	}
	if _, err := os.Stat(settings); !os.IsNotExist(err) {
		t.Errorf("settings left: %v", err)
	}
}

func TestInstallUsageErrors(t *testing.T) {
	d := t.TempDir()
	for _, args := range [][]string{
		{"install"},
		{"install", "nosuchagent", "--exe", "/x/mandate"},
		{"install", "claude", "--project", "--user", "--exe", "/x/mandate"},
		{"install", "hermes", "--project", "--exe", "/x/mandate"},
		{"install", "claude", "--exe", "/x/not-it"},
		{"install", "claude", "extra", "--exe", "/x/mandate"},
		{"uninstall"},
		{"doctor", "extra"},
	} {
		if r := runCLI(t, d, d, args...); r.code != ExitUsage || r.stderr == "" {
			t.Errorf("%q: %+v", args, r)
		}
	}
}
