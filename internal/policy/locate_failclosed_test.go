package policy

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A policy path that exists but cannot be read as a policy is a broken
// policy, never "no policy, use the default": class policy-file-shape
// (issue 9, item 7).
func TestLocateFailsClosedOnPolicyShapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, p string)
		want string
	}{
		{"dangling symlink", func(t *testing.T, p string) { must(t, os.Symlink(p+".gone", p)) }, "symlink that cannot be followed"},
		{"symlink loop", func(t *testing.T, p string) { must(t, os.Symlink(p, p)) }, "symlink that cannot be followed"},
		{"fifo", func(t *testing.T, p string) { must(t, mkfifo(p, 0o644)) }, "a FIFO"},
		{"directory", func(t *testing.T, p string) { must(t, os.Mkdir(p, 0o755)) }, "a directory"},
		{"socket", func(t *testing.T, p string) {
			ln, err := net.Listen("unix", p)
			must(t, err)
			t.Cleanup(func() { ln.Close() })
		}, "a socket"},
		{"symlink to a device", func(t *testing.T, p string) { must(t, os.Symlink("/dev/null", p)) }, "a character device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo := shortTemp(t)
			must(t, os.Mkdir(filepath.Join(repo, ".git"), 0o755))
			sub := filepath.Join(repo, "src")
			must(t, os.Mkdir(sub, 0o755))
			pol := filepath.Join(repo, FileName)
			tc.make(t, pol)
			done := make(chan struct{})
			go func() {
				defer close(done)
				p, err := Locate(sub, nil)
				if err == nil || !strings.Contains(err.Error(), tc.want) || p != "" {
					t.Errorf("Locate: %q, %v; want an error saying %q", p, err, tc.want)
				}
				_, err = Load(pol)
				if err == nil {
					t.Errorf("Load accepted %s", tc.name)
				}
				_, err = Locate(sub, func(k string) string {
					if k == "MANDATE_POLICY" {
						return pol
					}
					return ""
				})
				if err == nil {
					t.Errorf("MANDATE_POLICY naming %s accepted", tc.name)
				}
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Locate or Load blocked")
			}
		})
	}
}

// A .git that is neither a directory nor a gitfile makes the repository
// root unknowable: an error, not a silent walk past it to another
// repository's policy or to the default.
func TestLocateFailsClosedOnGitShapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, p string)
		ok   bool
	}{
		{"directory", func(t *testing.T, p string) { must(t, os.Mkdir(p, 0o755)) }, true},
		{"gitfile", func(t *testing.T, p string) { must(t, os.WriteFile(p, []byte("gitdir: x\n"), 0o644)) }, true},
		{"symlink to a directory", func(t *testing.T, p string) {
			must(t, os.Mkdir(p+"-real", 0o755))
			must(t, os.Symlink(p+"-real", p))
		}, true},
		{"fifo", func(t *testing.T, p string) { must(t, mkfifo(p, 0o644)) }, false},
		{"dangling symlink", func(t *testing.T, p string) { must(t, os.Symlink(p+".gone", p)) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outer := shortTemp(t)
			must(t, os.Mkdir(filepath.Join(outer, ".git"), 0o755))
			must(t, os.WriteFile(filepath.Join(outer, FileName), []byte("policies: []\n"), 0o644))
			inner := filepath.Join(outer, "src")
			must(t, os.Mkdir(inner, 0o755))
			tc.make(t, filepath.Join(inner, ".git"))
			p, err := Locate(inner, nil)
			if tc.ok {
				if err != nil || p != "" {
					t.Errorf("Locate = %q, %v; want the inner repository (no policy)", p, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "cannot tell which repository") {
				t.Errorf("Locate = %q, %v; want an error", p, err)
			}
		})
	}
}

func TestLoadMissingIsNotExist(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), FileName))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// shortTemp is a temp dir with a short path: unix socket paths are
// limited to about 100 bytes.
func shortTemp(t *testing.T) string {
	d, err := os.MkdirTemp("", "mp")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}
