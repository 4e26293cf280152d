package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
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

// mandateBins builds the real mandate and mandate-engine side by side into
// a directory of the test's own.
func mandateBins(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds mandate; skipped with -short")
	}
	dir := filepath.Join(t.TempDir(), "bin")
	for _, pkg := range []string{"cmd/mandate", "cmd/mandate-engine"} {
		cmd := exec.Command("go", "build", "-o", dir+"/", "github.com/mandate-dev/mandate/"+pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v: %s", pkg, err, out)
		}
	}
	return dir
}

// A project install writes the bare mandate, found on PATH (here
// $HOME/bin), for the whole team; a user install writes the absolute
// path; doctor checks both; uninstall removes them.
func TestInstallUninstallDoctorCommands(t *testing.T) {
	d := t.TempDir()
	home, repo := filepath.Join(d, "home"), filepath.Join(d, "repo")
	for _, p := range []string{filepath.Join(repo, ".git"), filepath.Join(repo, "sub")} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(mandateBins(t), filepath.Join(home, "bin")); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(home, "bin", "mandate")
	// Run from a subdirectory: the repository root is found by .git.
	cwd := filepath.Join(repo, "sub")
	r := runCLI(t, home, cwd, "install", "claude")
	settings := filepath.Join(repo, ".claude", "settings.json")
	if r.code != ExitOK || !strings.Contains(r.stdout, settings) || !strings.Contains(r.stdout, "(mandate hook claude)") || !strings.Contains(r.stdout, "next:") {
		t.Fatalf("install: %+v", r)
	}
	b, _ := os.ReadFile(settings)
	if !strings.Contains(string(b), `"mandate hook claude"`) || strings.Contains(string(b), home) {
		t.Errorf("settings: %s", b)
	}
	if r := runCLI(t, home, cwd, "install", "claude"); r.code != ExitOK || !strings.Contains(r.stdout, "nothing changed") {
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

	// A user install names this machine's mandate by its path.
	r = runCLI(t, home, cwd, "install", "gemini", "--user", "--exe", "mandate", "--json")
	var res struct{ Path, Command string }
	if err := json.Unmarshal([]byte(r.stdout), &res); r.code != ExitOK || err != nil || res.Command != exe+" hook gemini" {
		t.Errorf("user install: %+v %+v", r, res)
	}
	if r := runCLI(t, home, cwd, "uninstall", "gemini", "--user"); r.code != ExitOK || !strings.Contains(r.stdout, "deleted") {
		t.Errorf("uninstall --user: %+v", r)
	}

	if r := runCLI(t, home, cwd, "uninstall", "claude"); r.code != ExitOK || !strings.Contains(r.stdout, "deleted") {
		t.Errorf("uninstall: %+v", r)
	}
	if _, err := os.Stat(settings); !os.IsNotExist(err) {
		t.Errorf("settings left: %v", err)
	}
}

// Install refuses, with the reason and a non-zero exit, a hook program
// that could not start here, and then writes nothing.
func TestInstallRefusesProgramsThatCannotRun(t *testing.T) {
	d := t.TempDir()
	home, repo := filepath.Join(d, "home"), filepath.Join(d, "repo")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	bins := mandateBins(t)
	other := filepath.Join(d, "other", "mandate")
	if err := os.MkdirAll(filepath.Dir(other), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte("#!/bin/sh\necho hello\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	noexec := filepath.Join(d, "noexec", "mandate")
	if err := os.MkdirAll(filepath.Dir(noexec), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(noexec, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		// no mandate on PATH ($HOME/bin does not exist): the committed hook could not start here
		{[]string{"install", "claude"}, ExitFail, `a project install writes "mandate hook claude", which runs the mandate found on PATH, and there is none on PATH here`},
		{[]string{"install", "claude", "--project", "--exe", filepath.Join(bins, "mandate")}, ExitUsage, "--exe applies to --user installs"},
		{[]string{"install", "claude", "--user", "--exe", "mandate"}, ExitUsage, "--exe mandate: no such program on PATH"},
		{[]string{"install", "claude", "--user", "--exe", filepath.Join(d, "nope", "mandate")}, ExitUsage, "does not exist"},
		{[]string{"install", "claude", "--user", "--exe", noexec}, ExitUsage, "is not executable (mode 0644)"},
		{[]string{"install", "claude", "--user", "--exe", other}, ExitUsage, `version answered "hello", not Mandate's version line`},
		{[]string{"install", "claude", "--user", "--exe", filepath.Join(bins, "mandate-engine")}, ExitOK, ""},
	} {
		r := runCLI(t, home, repo, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: %+v, want exit %d and %q", c.args, r, c.code, c.want)
		}
		if c.code != ExitOK {
			for _, p := range []string{filepath.Join(repo, ".claude"), filepath.Join(home, ".claude")} {
				if _, err := os.Stat(p); !os.IsNotExist(err) {
					t.Errorf("%q wrote %s", c.args, p)
				}
			}
		}
	}
	// A front on PATH whose engine is missing is not a mandate that runs.
	if err := os.MkdirAll(filepath.Join(home, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(bins, "mandate"))
	if err := os.WriteFile(filepath.Join(home, "bin", "mandate"), data, 0o755); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, home, repo, "install", "codex")
	if r.code != ExitFail || !strings.Contains(r.stderr, "version failed") {
		t.Errorf("front without engine on PATH: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(repo, ".codex")); !os.IsNotExist(err) {
		t.Errorf("install wrote .codex")
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
