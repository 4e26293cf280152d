package policy

import (
	"strings"
	"testing"
)

func TestProcSelfEntry(t *testing.T) {
	for _, tt := range []struct {
		in, name, tail string
		ok             bool
	}{
		{"/proc/self/cwd", "cwd", "", true},
		{"/proc/self/cwd/infrastructure/main.tf", "cwd", "infrastructure/main.tf", true},
		{"/proc/thread-self/cwd/x", "cwd", "x", true},
		{"/proc/self/task/12/cwd/x", "cwd", "x", true},
		{"/proc//self/./cwd//x", "cwd", "x", true},
		{"/proc/self/cwd/../x", "cwd", "../x", true},
		{"/proc/self/root/etc/passwd", "root", "etc/passwd", true},
		{"/dev/fd/3", "fd", "3", true},
		{"/dev/fd/../environ", "environ", "", true},
		{"/dev/stdin", "fd", "0", true},
		{"/dev/stderr", "fd", "2", true},
		{"/proc/self/environ", "environ", "", true},
		{"/proc/self/task/x/cwd", "task", "x/cwd", true},
		{"/proc/self/task/1/../../cwd/x", "cwd", "x", true},
		{"/proc/self/fd/../cwd/x", "cwd", "x", true},
		{"/proc/self/../self/cwd", "cwd", "", true},
		{"/proc/thread-self/../../cwd/x", "cwd", "x", true},
		{"/proc/thread-self/../cwd", "task", "cwd", true},
		{"/dev/../proc/self/root/x", "root", "x", true},
		{"/dev/fd/3/../x", "fd", "3/../x", true},
		{"/proc/self/exe", "exe", "", true},
		{"/proc/self/../1/cwd", "", "", false},
		{"/proc/self/../../etc/passwd", "", "", false},
		{"/proc/self", "", "", false},
		{"/proc/self/fd", "fd", "", true},
		{"/proc/1/cwd/x", "", "", false},
		{"/dev/null", "", "", false},
		{"/home/dev/proc/self/cwd", "", "", false},
		{"proc/self/cwd", "", "", false},
	} {
		name, tail, ok := procSelfEntry(tt.in)
		if name != tt.name || tail != tt.tail || ok != tt.ok {
			t.Errorf("procSelfEntry(%q) = %q, %q, %v; want %q, %q, %v", tt.in, name, tail, ok, tt.name, tt.tail, tt.ok)
		}
	}
}

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

// FuzzProcSelfEntry: an entry's name is one component; ".." is left in
// the tail only after a link; reading the entry back as /proc/self/NAME/
// TAIL gives the same entry (a thread's own entries aside).
func FuzzProcSelfEntry(f *testing.F) {
	for _, s := range []string{"/proc/self/cwd/x", "/dev/fd/../environ", "/proc/self/task/1/fd/3", "/dev/stdin", "/proc/thread-self//cwd/./a/../b", "/proc/self/task/1/../../cwd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		name, tail, ok := procSelfEntry(p)
		if !ok {
			if name != "" || tail != "" {
				t.Fatalf("procSelfEntry(%q): %q %q without ok", p, name, tail)
			}
			return
		}
		if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
			t.Fatalf("procSelfEntry(%q): name %q", p, name)
		}
		if !selfLink(name) && name != "fd" && dots(tail) > 0 {
			t.Fatalf("procSelfEntry(%q): %q %q: '..' left below a directory", p, name, tail)
		}
		back := "/proc/self/" + name
		if tail != "" {
			back += "/" + tail
		}
		if n2, t2, ok2 := procSelfEntry(back); name != "task" && (n2 != name || t2 != tail || !ok2) {
			t.Fatalf("procSelfEntry(%q) = %q %q, but procSelfEntry(%q) = %q %q %v", p, name, tail, back, n2, t2, ok2)
		}
	})
}

func dots(p string) int {
	n := 0
	for _, c := range strings.Split(p, "/") {
		if c == ".." {
			n++
		}
	}
	return n
}
