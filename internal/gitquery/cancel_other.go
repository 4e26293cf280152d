//go:build !unix

package gitquery

import "os/exec"

// KillGroupOnCancel leaves Windows (and any system without process
// groups) to exec's own cancellation: git itself
// is killed at the deadline and WaitDelay closes its pipes, so the call
// still returns in time; a helper git started may outlive it (a job
// object would end those too).
func KillGroupOnCancel(*exec.Cmd) {}
