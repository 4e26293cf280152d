package policy

import (
	"strings"
	"testing"
)

func TestProcessCwds(t *testing.T) {
	for _, tt := range []struct{ cwd, root, want string }{
		{"/home/dev/project/src", "/home/dev/project", "/home/dev/project/src /home/dev/project /home/dev /home /"},
		{"/tmp/x", "/home/dev/project", "/tmp/x /tmp / /home/dev/project"},
		{"/", "/", "/"},
	} {
		ev := &evaluation{cwd: tt.cwd, root: tt.root}
		if got := strings.Join(ev.processCwds(), " "); got != tt.want {
			t.Errorf("processCwds(cwd %s, root %s) = %s, want %s", tt.cwd, tt.root, got, tt.want)
		}
	}
}
