//go:build unix

package gitquery

import (
	"os/exec"
	"syscall"
)

// KillGroupOnCancel runs git in a process group of its own and has a
// cancelled call kill the whole group, so that no helper git started
// outlives the deadline.
func KillGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process != nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
		return nil
	}
}
