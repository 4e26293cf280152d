package gate

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mandate-dev/mandate/internal/gitquery"
)

// The identity lookup runs git inside Mandate, outside any hook: the
// program and its environment must be Mandate's, not the agent's. The
// resident engine was started by whichever call found none listening
// (an agent's `env PATH=src/bin:$PATH mandate check …` included), so its
// own PATH is the agent's too; the forwarded hook's is the agent's by
// definition. So git is the system's (gitquery.Program: fixed locations,
// $PATH never searched), with PATH=/usr/bin:/bin, and of the hook's
// environment only where git finds the user's configuration: HOME and an
// absolute XDG_CONFIG_HOME. user.email stays self-asserted (see
// docs/identity.md); what no longer happens is a program of the agent's
// choosing running as Mandate.

// gitEmailTimeout bounds the lookup.
const gitEmailTimeout = 2 * time.Second

// gitEmail returns git's user.email as seen from cwd, or "".
func gitEmail(ctx context.Context, cwd string, getenv func(string) string) string {
	git, err := gitquery.Program()
	if err != nil || !filepath.IsAbs(cwd) {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, gitEmailTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, git, "--no-pager", "-c", "core.fsmonitor=false", "config", "--get", "user.email")
	cmd.Dir = cwd
	cmd.Env = identityEnv(getenv)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process != nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
		return nil
	}
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// identityEnv is git's whole environment for the identity lookup.
func identityEnv(getenv func(string) string) []string {
	env := []string{
		"PATH=" + gitquery.SafePath,
		"LC_ALL=C",
		"GIT_TERMINAL_PROMPT=0",
		"GIT_OPTIONAL_LOCKS=0",
	}
	if h := getenv("HOME"); filepath.IsAbs(h) {
		env = append(env, "HOME="+h)
	} else {
		env = append(env, "HOME=/nonexistent")
	}
	if x := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		env = append(env, "XDG_CONFIG_HOME="+x)
	}
	return env
}
