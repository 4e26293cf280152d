package cli

import (
	"os"
	"testing"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// The engine takes a call's agent from the kernel, not from the request:
// a script that connects to the socket itself cannot claim the agent's pid
// (class "integrity/forged-landing").
func TestCallerParent(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  hookwire.Request
		want int
	}{
		{"peer unknown: no pid, never the request's", hookwire.Request{Ppid: 4242}, -1},
		{"the peer's parent, whatever the request says", hookwire.Request{Ppid: 4242, Peer: os.Getpid()}, os.Getppid()},
		{"a peer that is gone stands for itself", hookwire.Request{Ppid: 4242, Peer: 1 << 30}, 1 << 30},
		{"the server's answer over the connection", hookwire.Request{Ppid: 4242, Peer: os.Getpid(),
			PeerParent: func() (int, bool) { return 777, true }}, 777},
		{"no answer over the connection: /proc", hookwire.Request{Ppid: 4242, Peer: os.Getpid(),
			PeerParent: func() (int, bool) { return 777, false }}, os.Getppid()},
		{"no answer for a peer that is gone", hookwire.Request{Ppid: 4242, Peer: 1 << 30,
			PeerParent: func() (int, bool) { return 0, false }}, 1 << 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := callerParent(&tc.req); got != tc.want {
				t.Errorf("callerParent = %d, want %d", got, tc.want)
			}
		})
	}
}
