// Command dyingengine is a resident engine that dies between recording a
// call and answering it, for internal/front's tests. Built as
// DIR/mandate-engine beside a real engine copied to DIR/mandate-real:
//
//	mandate-engine fake-serve SOCKET
//
// serves SOCKET: for each call it runs DIR/mandate-real on the call's
// arguments, working directory, environment, request id and standard
// input (which decides and records the call, as the engine would), then
// closes the connection without answering. Run any other way, it execs
// DIR/mandate-real, so the front's in-process fallback is the real one.
package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

func main() {
	exe, _ := os.Executable()
	real := filepath.Join(filepath.Dir(exe), "mandate-real")
	if len(os.Args) == 3 && os.Args[1] == "fake-serve" {
		ln, err := net.Listen("unix", os.Args[2])
		if err != nil {
			os.Exit(3)
		}
		for {
			c, err := ln.Accept()
			if err != nil {
				os.Exit(3)
			}
			req, err := hookwire.ReadRequest(c)
			if err == nil {
				cmd := exec.Command(real, req.Args...)
				cmd.Dir = req.Cwd
				cmd.Env = append(req.Env, hookwire.RequestIDEnv+"="+req.ID)
				cmd.Stdin = bytes.NewReader(req.Stdin)
				cmd.Run() // recorded; the answer is dropped
			}
			c.Close() // died before answering
		}
	}
	syscall.Exec(real, append([]string{real}, os.Args[1:]...), os.Environ())
	os.Exit(4)
}
