//go:build linux

package resident

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// ---- the state directory and the socket path ----

func TestRefusesUnsafeStateDir(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, base string) string // returns the state dir
		want  string                                 // in the error
	}{
		{
			name: "world accessible",
			setup: func(t *testing.T, base string) string {
				return mkdirMode(t, filepath.Join(base, "s"), 0o755)
			},
			want: "accessible to other users",
		},
		{
			name: "group accessible",
			setup: func(t *testing.T, base string) string {
				return mkdirMode(t, filepath.Join(base, "s"), 0o750)
			},
			want: "accessible to other users",
		},
		{
			name: "others only",
			setup: func(t *testing.T, base string) string {
				return mkdirMode(t, filepath.Join(base, "s"), 0o701)
			},
			want: "accessible to other users",
		},
		{
			name: "symlink to a private directory",
			setup: func(t *testing.T, base string) string {
				target := mkdirMode(t, filepath.Join(base, "target"), 0o700)
				link := filepath.Join(base, "s")
				if err := os.Symlink(target, link); err != nil {
					t.Fatal(err)
				}
				return link
			},
			want: "not a directory",
		},
		{
			name: "a regular file",
			setup: func(t *testing.T, base string) string {
				p := filepath.Join(base, "s")
				if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			},
			want: "resident:",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := shortTempDir(t)
			dir := c.setup(t, base)
			err := serveErr(t, Options{StateDir: dir})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Serve: %v, want an error with %q", err, c.want)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the directory %s", err, dir)
			}
			if errors.Is(err, ErrRunning) {
				t.Errorf("error %v is ErrRunning", err)
			}
			// Nothing was listened on, through the link or otherwise.
			for _, p := range []string{SocketPath(dir), SocketPath(filepath.Join(base, "target"))} {
				if _, err := os.Lstat(p); err == nil {
					t.Errorf("%s was created", p)
				}
			}
		})
	}
}

func mkdirMode(t *testing.T, dir string, mode os.FileMode) string {
	t.Helper()
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The socket path may use all of sun_path but its terminating NUL.
func TestSocketPathLength(t *testing.T) {
	// sun_path is 108 bytes on Linux.
	cases := []struct {
		sockLen int
		ok      bool
	}{
		{106, true},
		{107, true},
		{108, false},
		{150, false},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.sockLen), func(t *testing.T) {
			base := shortTempDir(t)
			n := c.sockLen - len(base) - 1 - len("/"+SocketName)
			if n < 1 || n > 255 {
				t.Fatalf("cannot build a %d-byte socket path under %s", c.sockLen, base)
			}
			dir := mkdirMode(t, filepath.Join(base, strings.Repeat("d", n)), 0o700)
			if got := len(SocketPath(dir)); got != c.sockLen {
				t.Fatalf("socket path is %d bytes, want %d", got, c.sockLen)
			}
			if !c.ok {
				err := serveErr(t, Options{StateDir: dir})
				if err == nil || !strings.Contains(err.Error(), "longer than") {
					t.Fatalf("Serve: %v, want the socket path refused as too long", err)
				}
				return
			}
			e := start(t, Options{StateDir: dir})
			mustEcho(t, e.sock, "fits")
		})
	}
}

// ---- what is found at the socket path ----

// A socket left behind by an engine that was killed is replaced.
func TestStaleSocketReplaced(t *testing.T) {
	dir := stateDir(t)
	sock := SocketPath(dir)
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: sock}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 1); err != nil {
		t.Fatal(err)
	}
	unix.Close(fd) // killed: the file stays, nobody listens
	if fi, err := os.Lstat(sock); err != nil || fi.Mode().Type() != os.ModeSocket {
		t.Fatalf("stale socket not in place: %v %v", fi, err)
	}
	if c, err := dial(sock, time.Second); err == nil {
		c.close()
		t.Fatal("the stale socket accepts connections")
	}

	e := start(t, Options{StateDir: dir})
	mustEcho(t, sock, "after-stale")
	if err := e.stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if _, err := os.Lstat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket still there after Serve returned: %v", err)
	}
}

// Anything at the socket path that is not a socket is left alone.
func TestNonSocketAtSocketPathKept(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, sock string)
		check func(t *testing.T, sock string)
	}{
		{
			name: "regular file",
			setup: func(t *testing.T, sock string) {
				if err := os.WriteFile(sock, []byte("precious"), 0o600); err != nil {
					t.Fatal(err)
				}
			},
			check: func(t *testing.T, sock string) {
				if b, err := os.ReadFile(sock); err != nil || string(b) != "precious" {
					t.Errorf("file at the socket path: %q, %v; want it intact", b, err)
				}
			},
		},
		{
			name: "directory",
			setup: func(t *testing.T, sock string) {
				mkdirMode(t, sock, 0o700)
				if err := os.WriteFile(filepath.Join(sock, "f"), []byte("precious"), 0o600); err != nil {
					t.Fatal(err)
				}
			},
			check: func(t *testing.T, sock string) {
				if b, err := os.ReadFile(filepath.Join(sock, "f")); err != nil || string(b) != "precious" {
					t.Errorf("directory at the socket path: %q, %v; want it intact", b, err)
				}
			},
		},
		{
			name: "symlink",
			setup: func(t *testing.T, sock string) {
				if err := os.Symlink("/nonexistent/elsewhere", sock); err != nil {
					t.Fatal(err)
				}
			},
			check: func(t *testing.T, sock string) {
				if got, err := os.Readlink(sock); err != nil || got != "/nonexistent/elsewhere" {
					t.Errorf("symlink at the socket path: %q, %v; want it intact", got, err)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := stateDir(t)
			sock := SocketPath(dir)
			c.setup(t, sock)
			err := serveErr(t, Options{StateDir: dir})
			if err == nil || !strings.Contains(err.Error(), "not a socket") {
				t.Errorf("Serve: %v, want an error saying the path is not a socket", err)
			}
			c.check(t, sock)
		})
	}
}

// The socket is 0600 whatever the umask, the umask is restored, and the
// socket is removed when Serve returns.
func TestSocketModeAndRemoval(t *testing.T) {
	for _, umask := range []int{0, 0o022, 0o077} {
		t.Run(fmt.Sprintf("umask %03o", umask), func(t *testing.T) {
			dir := stateDir(t)
			old := unix.Umask(umask)
			defer unix.Umask(old)
			e := start(t, Options{StateDir: dir})
			if got := unix.Umask(umask); got != umask {
				t.Errorf("umask is %03o while serving, want it restored to %03o", got, umask)
			}
			fi, err := os.Lstat(e.sock)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Type() != os.ModeSocket || fi.Mode().Perm() != 0o600 {
				t.Errorf("socket mode %v, want a 0600 socket", fi.Mode())
			}
			if fi, err := os.Lstat(filepath.Join(dir, LockName)); err != nil || fi.Mode().Perm()&0o077 != 0 {
				t.Errorf("lock file: %v, %v; want it closed to others", fi, err)
			}
			mustEcho(t, e.sock, "mode")
			if err := e.stop(); err != nil {
				t.Fatalf("Serve: %v", err)
			}
			if _, err := os.Lstat(e.sock); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("socket after Serve returned: %v, want it removed", err)
			}
		})
	}
}
