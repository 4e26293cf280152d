//go:build !unix

package cli

import "os"

// terminate ends process pid; Windows has no SIGTERM, so it is killed.
// (No resident engine runs there, so serve stop finds none to stop.)
func terminate(pid int) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	return p.Kill()
}
