package hook_test

import "errors"

// mkfifo fails: Windows has no FIFOs in the file system.
func mkfifo(string, uint32) error { return errors.New("no FIFOs on Windows") }
