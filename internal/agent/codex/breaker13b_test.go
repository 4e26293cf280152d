package codex

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Red-team round 13, breaker br13b, #24 (class: exec-workdir-unseen, the
// pin escaped; source: "red-team round 13"). Fixed: pinnedLine removes a
// cd function, skips aliases and checks $PWD afterwards (skipped where
// zsh is not installed).
//
// zsh's "command" precommand runs an EXTERNAL command only (unless the
// POSIX_BUILTINS option is set): "command cd -- DIR" never runs zsh's cd.
// Where a cd program is on PATH (macOS ships /usr/bin/cd, Fedora and RHEL
// ship one with bash), it runs in a child process and succeeds, the shell
// stays where it started, and the judged line runs in the model's workdir:
// the pin is a no-op. Where none is (Debian), every pinned line fails
// ("command not found: cd"), which is why TestPinnedLineRuns/zsh fails on
// a machine with zsh. zsh is the default shell of macOS (Codex's
// exec_command runs the user's shell), and exec_command's shell parameter
// (codex-rs exec_command.rs, include_shell_parameter) lets the model pick
// zsh anywhere; the hook payload carries neither. Verified: zsh 5.9 with
// a two-line cd script first on PATH ran "echo ran > out.txt" in the
// directory the shell started in.
func TestBreaker13bPinUnderZsh(t *testing.T) {
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("no zsh")
	}
	dir, other, bin := t.TempDir(), t.TempDir(), t.TempDir()
	// What /usr/bin/cd is on macOS and Fedora: a script around the builtin.
	if err := os.WriteFile(filepath.Join(bin, "cd"), []byte("#!/bin/sh\ncd \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(zsh, "-c", pinnedLine(dir, "echo ran > out.txt"))
	c.Dir = other
	c.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if _, err := os.Stat(filepath.Join(other, "out.txt")); err == nil {
		t.Errorf("red-team round 13, #24: the pinned line ran where zsh started (%s), not in the pinned directory (%s): zsh's command cd ran the cd program on PATH (source: red-team round 13)", other, dir)
	}
}
