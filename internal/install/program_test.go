package install

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/hook"
)

var (
	binsOnce sync.Once
	binsDir  string
	binsErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binsDir != "" {
		os.RemoveAll(binsDir)
	}
	os.Exit(code)
}

// mandateBins builds the real mandate and mandate-engine once, side by
// side, and returns their directory.
func mandateBins(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds mandate; skipped with -short")
	}
	binsOnce.Do(func() {
		if binsDir, binsErr = os.MkdirTemp("", "mandate-install-test-"); binsErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		for _, pkg := range []string{"cmd/mandate", "cmd/mandate-engine"} {
			cmd := exec.CommandContext(ctx, "go", "build", "-o", binsDir+"/", "github.com/mandate-dev/mandate/"+pkg)
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				binsErr = errors.New(string(out))
				return
			}
		}
	})
	if binsErr != nil {
		t.Fatal(binsErr)
	}
	return binsDir
}

func script(t *testing.T, path, body string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

// CheckMandate accepts Mandate (the front and the engine) and refuses a
// path that is wrong, a file that cannot run, and another program.
func TestCheckMandate(t *testing.T) {
	bins := mandateBins(t)
	front, engine := filepath.Join(bins, FrontName), filepath.Join(bins, EngineName)
	d := t.TempDir()
	alone := filepath.Join(d, "alone", FrontName) // a front without its engine
	if err := os.MkdirAll(filepath.Dir(alone), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, front, alone)
	noExec := filepath.Join(d, "noexec", FrontName)
	if err := os.MkdirAll(filepath.Dir(noExec), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, front, noExec)
	if err := os.Chmod(noExec, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, exe string
		known     []string
		want      string // "" = accepted
	}{
		{"front", front, nil, ""},
		{"engine", engine, nil, ""},
		{"known, not run", script(t, filepath.Join(d, "k", "mandate"), "exit 1"), []string{filepath.Join(d, "k", "mandate")}, ""},
		{"relative", "mandate", nil, "not an absolute path"},
		{"missing", filepath.Join(d, "nope", "mandate"), nil, "does not exist"},
		{"directory", filepath.Join(d, "dir", "mandate") + "/", nil, "not a regular file"},
		{"not executable", noExec, nil, "not executable (mode 0644)"},
		{"other name", script(t, filepath.Join(d, "x", "steer"), "echo mandate"), nil, "not named mandate"},
		{"other program", script(t, filepath.Join(d, "o", "mandate"), "echo hello"), nil, `answered "hello"`},
		{"failing program", script(t, filepath.Join(d, "f", "mandate"), "echo broken >&2; exit 3"), nil, "version failed (exit status 3: broken)"},
		{"front without engine", alone, nil, "version failed"},
	}
	if err := os.MkdirAll(filepath.Join(d, "dir", "mandate"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		err := CheckMandate(c.exe, c.known...)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !errors.Is(err, ErrNotMandate) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// A committed hook (the bare mandate) runs whatever mandate each machine
// has on PATH: doctor says when there is none, or it is not Mandate.
func TestDoctorProjectHookOnThisMachine(t *testing.T) {
	bins := mandateBins(t)
	e := newDoctorEnv(t)
	e.write(t, ".claude.json", `{"projects":{"REPO":{"hasTrustDialogAccepted":true}}}`)
	e.install(t, hook.Claude, Project)

	delete(e.path, FrontName)
	r := e.doctor()
	errs := strings.Join(errorsOf(agentReport(r, hook.Claude)), "\n")
	if r.OK || !strings.Contains(errs, "the hook runs mandate from PATH, and there is no mandate on PATH here") {
		t.Errorf("no mandate on PATH: %q", errs)
	}

	other := t.TempDir()
	script(t, filepath.Join(other, EngineName), "exit 0")
	e.path[FrontName] = script(t, filepath.Join(other, FrontName), "echo not me")
	r = e.doctor()
	errs = strings.Join(errorsOf(agentReport(r, hook.Claude)), "\n")
	if r.OK || !strings.Contains(errs, "(found on PATH), which is not Mandate") {
		t.Errorf("another mandate on PATH: %q", errs)
	}

	// A real Mandate that is not the running one: it runs, with a warning.
	e.path[FrontName] = filepath.Join(bins, FrontName)
	r = e.doctor()
	ar := agentReport(r, hook.Claude)
	if !r.OK || len(ar.Problems) != 1 || !strings.Contains(ar.Problems[0].Message, "not this mandate") {
		t.Errorf("another Mandate on PATH: %+v", ar.Problems)
	}
}

// A project file with an earlier install's absolute path works here but
// not on teammates' machines; with a comment Claude Code ignores it.
func TestDoctorCommittedFileProblems(t *testing.T) {
	e := newDoctorEnv(t)
	e.write(t, ".claude.json", `{"projects":{"REPO":{"hasTrustDialogAccepted":true}}}`)
	path := e.install(t, hook.Claude, Project)
	data := strings.ReplaceAll(string(read(t, path)), `"mandate hook claude"`, `"`+e.exe+` hook claude"`)
	put(t, path, []byte(data))
	r := e.doctor()
	ar := agentReport(r, hook.Claude)
	if !r.OK || len(ar.Problems) != 1 || ar.Problems[0].Severity != Warning ||
		!strings.Contains(ar.Problems[0].Message, "names a path on one machine ("+e.exe+")") ||
		!strings.Contains(ar.Problems[0].Fix, "mandate install claude --project") {
		t.Errorf("absolute path in a project file: %+v", ar.Problems)
	}

	put(t, path, []byte(strings.Replace(data, "{", "{ // team settings", 1)))
	r = e.doctor()
	if errs := errorsOf(agentReport(r, hook.Claude)); r.OK || len(errs) != 1 || !strings.Contains(errs[0], path+":1:3: a comment: Claude Code") {
		t.Errorf("comment: %q", errs)
	}
}
