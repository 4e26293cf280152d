//go:build !linux

package cli

import "runtime"

// engineUnsupported says why there is no resident engine here.
var engineUnsupported = unsupportedWhy(runtime.GOOS)

func unsupportedWhy(goos string) string {
	if goos == "darwin" {
		// The engine builds and serves; the front does not trust it.
		return "the front cannot yet verify the engine's executable without /proc"
	}
	return "no resident engine is implemented for " + goos
}

// enginePid cannot tell without /proc: no engine is reported running.
func enginePid(dir, self string) int { return 0 }

// lockHolders cannot tell without /proc/locks: none is known.
func lockHolders(dir string) []int { return nil }

// platformLimits are the protections that stand in for Linux's here.
func platformLimits() []string {
	limits := []string{
		"resident engine: " + engineUnsupported + "; every hook and check call runs mandate-engine in its own process (slower, same decisions)",
		"signals: Mandate's processes cannot be listed (no /proc), so a signal to any process id or group is denied",
		"person-only commands: confirming on a terminal is only implemented on Linux, so they refuse",
	}
	if runtime.GOOS == "windows" {
		limits = append(limits,
			"files: no O_NOFOLLOW or FIFOs; a link is opened as itself and refused, and a file swapped in between the check and the open is refused",
			"file identity: the policy's view of the file system has no inode numbers here, so a hard link to a protected file is matched by its resolved path only",
			"git queries: at a deadline git is killed, but helpers it started may live on",
			"evidence: appends recover the log every time (no cheap unchanged-tail check): slower, same result")
	}
	return limits
}
