package e2e

import "os"

// terminate kills pid (Windows has no SIGTERM).
func terminate(pid int) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	return p.Kill()
}
