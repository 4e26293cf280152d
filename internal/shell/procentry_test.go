package shell

import (
	"strings"
	"testing"
)

func TestProcEntry(t *testing.T) {
	for _, tt := range []struct {
		in, pid, name, tail string
		ok                  bool
	}{
		{"/proc/self/cwd", "self", "cwd", "", true},
		{"/proc/self/cwd/infrastructure/main.tf", "self", "cwd", "infrastructure/main.tf", true},
		{"/proc/thread-self/cwd/x", "self", "cwd", "x", true},
		{"/proc/self/task/12/cwd/x", "self", "cwd", "x", true},
		{"/proc//self/./cwd//x", "self", "cwd", "x", true},
		{"/proc/self/cwd/../x", "self", "cwd", "../x", true},
		{"/proc/self/root/etc/passwd", "self", "root", "etc/passwd", true},
		{"/dev/fd/3", "self", "fd", "3", true},
		{"/dev/fd/../environ", "self", "environ", "", true},
		{"/dev/stdin", "self", "fd", "0", true},
		{"/dev/stderr", "self", "fd", "2", true},
		{"/proc/self/environ", "self", "environ", "", true},
		{"/proc/self/task/x/cwd", "self", "task", "x/cwd", true},
		{"/proc/self/task/1/../../cwd/x", "self", "cwd", "x", true},
		{"/proc/self/fd/../cwd/x", "self", "cwd", "x", true},
		{"/proc/self/../self/cwd", "self", "cwd", "", true},
		{"/proc/thread-self/../../cwd/x", "self", "cwd", "x", true},
		{"/proc/thread-self/../cwd", "self", "task", "cwd", true},
		{"/dev/../proc/self/root/x", "self", "root", "x", true},
		{"/dev/fd/3/../x", "self", "fd", "3/../x", true},
		{"/proc/self/exe", "self", "exe", "", true},
		{"/proc/self/../1/cwd", "1", "cwd", "", true},
		{"/proc/self/../../etc/passwd", "", "", "", false},
		{"/proc/self", "", "", "", false},
		{"/proc/self/fd", "self", "fd", "", true},
		{"/proc/1/cwd/x", "1", "cwd", "x", true},
		{"/proc/4242/root/home/dev/.ssh/id_rsa", "4242", "root", "home/dev/.ssh/id_rsa", true},
		{"/proc/4242/task/4243/root/x", "4242", "root", "x", true},
		{"/proc/4242/task/4243/../../cwd", "4242", "cwd", "", true},
		{"/proc/4242/fd/3/../x", "4242", "fd", "3/../x", true},
		{"/proc/4242/map_files/400000-401000", "4242", "map_files", "400000-401000", true},
		{"/proc/self/map_files/1-2/x", "self", "map_files", "1-2/x", true},
		{"/proc/4242/environ", "4242", "environ", "", true},
		{"/proc/4242/task/x/root", "4242", "task", "x/root", true},
		{"/proc/sys/kernel/root", "", "", "", false},
		{"/proc/net/tcp", "", "", "", false},
		{"/proc/4242", "", "", "", false},
		{"/proc/1x/root/etc", "", "", "", false},
		{"/dev/null", "", "", "", false},
		{"/home/dev/proc/self/cwd", "", "", "", false},
		{"proc/self/cwd", "", "", "", false},
	} {
		pid, name, tail, ok := ProcEntry(tt.in)
		if pid != tt.pid || name != tt.name || tail != tt.tail || ok != tt.ok {
			t.Errorf("ProcEntry(%q) = %q, %q, %q, %v; want %q, %q, %q, %v", tt.in, pid, name, tail, ok, tt.pid, tt.name, tt.tail, tt.ok)
		}
	}
}

// FuzzProcEntry: an entry's name is one component; ".." is left in
// the tail only after a link; reading the entry back as /proc/self/NAME/
// TAIL (or /proc/PID/NAME/TAIL) gives the same entry (a thread's own entries aside).
func FuzzProcEntry(f *testing.F) {
	for _, s := range []string{"/proc/self/cwd/x", "/dev/fd/../environ", "/proc/self/task/1/fd/3", "/dev/stdin", "/proc/thread-self//cwd/./a/../b", "/proc/self/task/1/../../cwd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		pid, name, tail, ok := ProcEntry(p)
		if !ok {
			if pid != "" || name != "" || tail != "" {
				t.Fatalf("ProcEntry(%q): %q %q %q without ok", p, pid, name, tail)
			}
			return
		}
		if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
			t.Fatalf("ProcEntry(%q): name %q", p, name)
		}
		if !ProcLink(name) && name != "fd" && name != "map_files" && dots(tail) > 0 {
			t.Fatalf("ProcEntry(%q): %q %q: '..' left below a directory", p, name, tail)
		}
		back := "/proc/" + pid + "/" + name
		if tail != "" {
			back += "/" + tail
		}
		if p2, n2, t2, ok2 := ProcEntry(back); name != "task" && (p2 != pid || n2 != name || t2 != tail || !ok2) {
			t.Fatalf("ProcEntry(%q) = %q %q %q, but ProcEntry(%q) = %q %q %q %v", p, pid, name, tail, back, p2, n2, t2, ok2)
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
