//go:build linux

package resident

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The engine's side of red-team round 21 #41: a peer is answered only in
// the engine's own execution context; a peer the kernel does not name
// (pid 0), one that is gone, or one in another mount namespace is refused.
func TestPeerContext(t *testing.T) {
	own, err := ownContext()
	if err != nil {
		t.Fatal(err)
	}
	if why := peerContext(&own, os.Getpid()); why != "" {
		t.Errorf("this process: %q", why)
	}
	for _, pid := range []int{0, -1, 1 << 30} {
		if why := peerContext(&own, pid); why == "" {
			t.Errorf("pid %d is answered", pid)
		}
	}
	skip := t.Skipf
	if os.Getenv("MANDATE_REQUIRE_UNSHARE") == "1" { // CI
		skip = t.Fatalf
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		skip("no unshare")
	}
	if out, err := exec.Command("unshare", "-rm", "true").CombinedOutput(); err != nil {
		skip("no user namespaces here: %v %s", err, out)
	}
	ns := exec.Command("unshare", "-rm", "sleep", "5")
	if err := ns.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Process.Kill(); ns.Wait() })
	var why string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if why = peerContext(&own, ns.Process.Pid); strings.Contains(why, "mount namespace") {
			return
		}
	}
	t.Errorf("a peer in `unshare -rm`: %q", why)
}
