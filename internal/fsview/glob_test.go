//go:build !windows

package fsview

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"
)

// globTree builds a small repository-like tree under a temp dir:
//
//	/r/README.md /r/Makefile /r/.env /r/.env.local /r/.git/config
//	/r/src/a.go /r/src/b.go /r/src/.hidden.go /r/src/lib/util.go
//	/r/src/key -> /h/.ssh/id_rsa   /r/src/up -> ..   /r/src/loop -> loop
//	/r/src/dang -> /nowhere        /r/src/fifo (a FIFO)
//	/r/docs -> src (a symlink to a directory)   /h/.ssh/id_rsa
func globTree(t testing.TB) FS {
	t.Helper()
	dir := t.TempDir()
	mk := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	for _, f := range []string{"/r/README.md", "/r/Makefile", "/r/.env", "/r/.env.local", "/r/.git/config",
		"/r/src/a.go", "/r/src/b.go", "/r/src/.hidden.go", "/r/src/lib/util.go", "/h/.ssh/id_rsa", "/r/a*b"} {
		if err := os.MkdirAll(filepath.Dir(mk(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(mk(f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for l, tgt := range map[string]string{
		"/r/src/key": "/h/.ssh/id_rsa", "/r/src/up": "..", "/r/src/loop": "loop",
		"/r/src/dang": "/nowhere", "/r/docs": "src",
	} {
		if err := os.Symlink(tgt, mk(l)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(mk("/r/src/fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	return Rooted(dir)
}

func TestGlob(t *testing.T) {
	fsys := globTree(t)
	for _, tc := range []struct {
		pat  string
		opt  GlobOptions
		want string // space-separated, relative to /r; "" none
	}{
		{"/r/*", GlobOptions{}, "Makefile README.md a*b docs src"},
		{"/r/.e*", GlobOptions{}, ".env .env.local"},
		{"/r/*", GlobOptions{DotGlob: true}, ".env .env.local .git Makefile README.md a*b docs src"},
		{"/r/.*", GlobOptions{DotDirs: true}, ". .. .env .env.local .git"},
		{"/r/src/*.go", GlobOptions{}, "src/a.go src/b.go"},
		{"/r/src/[ab].go", GlobOptions{}, "src/a.go src/b.go"},
		{"/r/src/[!a].go", GlobOptions{}, "src/b.go"},
		{"/r/src/[^a].go", GlobOptions{}, "src/b.go"},
		{"/r/src/?.go", GlobOptions{}, "src/a.go src/b.go"},
		{"/r/src/*", GlobOptions{}, "src/a.go src/b.go src/dang src/fifo src/key src/lib src/loop src/up"},
		{"/r/*/*.go", GlobOptions{}, "docs/a.go docs/b.go src/a.go src/b.go"},
		{"/r/docs/lib/*", GlobOptions{}, "docs/lib/util.go"},
		{"/r/src/up/src/a.go", GlobOptions{}, "src/up/src/a.go"},
		{"/r/src/up/*.md", GlobOptions{}, "src/up/README.md"},
		{"/r/*/lib", GlobOptions{}, "docs/lib src/lib"},
		{"/r/*/", GlobOptions{}, "docs src"},
		{"/r/**/*.go", GlobOptions{}, "docs/a.go docs/b.go src/a.go src/b.go"},
		{"/r/**/*.go", GlobOptions{GlobStar: true}, "src/a.go src/b.go src/lib/util.go"},
		{"/r/src/**", GlobOptions{GlobStar: true}, "src src/a.go src/b.go src/dang src/fifo src/key src/lib src/lib/util.go src/loop src/up"},
		{"/r/**/.env", GlobOptions{GlobStar: true}, ".env"},
		{"/r/SRC/*.GO", GlobOptions{NoCase: true}, ""}, // literal segments are not folded
		{"/r/src/*.GO", GlobOptions{NoCase: true}, "src/a.go src/b.go"},
		{"/r/a\\*b", GlobOptions{}, "a*b"},
		{"/r/nothing*", GlobOptions{}, ""},
		{"/r/missing/*", GlobOptions{}, ""},
		{"/r/README.md/*", GlobOptions{}, ""},
		{"/r/src/loop/*", GlobOptions{}, ""},
		{"/r/src/[a", GlobOptions{}, ""},
	} {
		got, err := Glob(fsys, tc.pat, tc.opt)
		if err != nil {
			t.Errorf("Glob(%q, %+v): %v", tc.pat, tc.opt, err)
			continue
		}
		var rel []string
		for _, g := range got {
			r := strings.TrimPrefix(g, "/r/")
			if g == "/r" {
				r = "."
			} else if g == "/" {
				r = ".."
			}
			rel = append(rel, r)
		}
		slices.Sort(rel)
		if s := strings.Join(rel, " "); s != tc.want {
			t.Errorf("Glob(%q, %+v) = %q, want %q", tc.pat, tc.opt, s, tc.want)
		}
	}
}

func TestGlobBounds(t *testing.T) {
	fsys := globTree(t)
	if _, err := Glob(fsys, "/r/src/*", GlobOptions{Limit: 3}); !errors.Is(err, ErrLimit) {
		t.Errorf("limit: %v", err)
	}
	if _, err := Glob(fsys, "/r/**/*", GlobOptions{GlobStar: true, Budget: 5}); !errors.Is(err, ErrBudget) {
		t.Errorf("budget: %v", err)
	}
	if _, err := Glob(fsys, "/r/src/*", GlobOptions{DirNames: 2}); !errors.Is(err, ErrLimit) {
		t.Errorf("dir names: %v", err)
	}
	if _, err := Glob(fsys, "/r/@(a|b)", GlobOptions{}); !errors.Is(err, ErrExtglob) {
		t.Errorf("extglob: %v", err)
	}
	// With ExtglobAny an extended glob matches every name, dotfiles too:
	// a superset, for a caller that must not miss a match.
	if m, err := Glob(fsys, "/r/src/@(key)", GlobOptions{ExtglobAny: true}); err != nil || len(m) != 9 || m[0] != "/r/src/.hidden.go" {
		t.Errorf("extglob superset: %q %v", m, err)
	}
	if _, err := Glob(fsys, "r/*", GlobOptions{}); !errors.Is(err, ErrNotAbs) {
		t.Errorf("relative: %v", err)
	}
	// The same tree, the same answer: the budget counts calls, not time.
	var first error
	for i := range 3 {
		_, err := Glob(fsys, "/r/**/*", GlobOptions{GlobStar: true, Budget: 12})
		if i == 0 {
			first = err
		} else if fmt.Sprint(err) != fmt.Sprint(first) {
			t.Errorf("run %d: %v, first run %v", i, err, first)
		}
	}
}

func TestMatchName(t *testing.T) {
	for _, tc := range []struct {
		pat, name string
		dot, fold bool
		want      bool
	}{
		{"*", "a", false, false, true},
		{"*", ".a", false, false, false},
		{"*", ".a", true, false, true},
		{"*", ".", true, false, false},
		{"*", "..", true, false, false},
		{".*", ".", false, false, true},
		{"?a", ".a", false, false, false},
		{"[.]a", ".a", false, false, false},
		{`\.a`, ".a", false, false, true},
		{"a*b*c", "aXbYc", false, false, true},
		{"a*b*c", "aXbY", false, false, false},
		{"[a-c]x", "bx", false, false, true},
		{"[!a-c]x", "bx", false, false, false},
		{"[]]", "]", false, false, true},
		{"[!]]", "a", false, false, true},
		{"[[:digit:]]*", "7up", false, false, true},
		{"[[:upper:]]", "a", false, true, true},
		{"[[:bogus:]]", "a", false, false, false},
		{"A*", "abc", false, true, true},
		{"A*", "abc", false, false, false},
		{"[A-C]", "b", false, true, true},
		{"[a", "[a", false, false, true},
		{`a\*`, "a*", false, false, true},
		{`a\*`, "ab", false, false, false},
		{"é?", "éx", false, false, true},
		{"*.go", "main.go", false, false, true},
		{"**", "x", false, false, true},
		{strings.Repeat("*a", 30), strings.Repeat("a", 200) + "b", false, false, false},
	} {
		if got := MatchName(tc.pat, tc.name, tc.dot, tc.fold); got != tc.want {
			t.Errorf("MatchName(%q, %q, dot=%v, fold=%v) = %v, want %v", tc.pat, tc.name, tc.dot, tc.fold, got, tc.want)
		}
	}
}

// TestMatchNameBash checks the matcher against bash's own pattern
// matching ([[ NAME == PATTERN ]]) where bash is installed.
func TestMatchNameBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not installed: the matcher is checked by TestMatchName only")
	}
	cases := [][2]string{
		{"*", "abc"}, {"a?c", "abc"}, {"a?c", "ac"}, {"[abc]", "b"}, {"[!abc]", "b"}, {"[^abc]", "d"},
		{"[a-z]x", "qx"}, {"[]a]", "]"}, {"[!]a]", "b"}, {"[[:alpha:]]1", "x1"}, {"[[:digit:]]", "x"},
		{`\*`, "*"}, {`\*`, "a"}, {"*[", "a["}, {"[a", "[a"}, {"a*b*c*d", "a-b-c-d"}, {"a*b*c*d", "abcdx"},
		{"[a-]", "-"}, {"[-a]", "-"}, {"x[.]y", "x.y"}, {"*.[ch]", "m.h"},
	}
	for _, c := range cases {
		pat, name := c[0], c[1]
		err := exec.Command(bash, "-c", `[[ $1 == $2 ]]`, "_", name, pat).Run()
		var ee *exec.ExitError
		want := err == nil
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		if got := MatchName(pat, name, false, false); got != want {
			t.Errorf("MatchName(%q, %q) = %v, bash says %v", pat, name, got, want)
		}
	}
}

func FuzzMatchName(f *testing.F) {
	for _, s := range [][2]string{{"*", "a"}, {"[!a-c]x", "bx"}, {`\.*`, ".env"}, {"[[:alpha:]]*?", "ab"}, {"a*b*c", "aXbYc"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pat, name string) {
		if len(pat) > 64 || len(name) > 64 || strings.Contains(name, "/") {
			return
		}
		got := MatchName(pat, name, true, false)
		// A name escaped in full matches itself and only itself.
		if name != "" && name != "." && name != ".." && !MatchName(quote(name), name, true, false) {
			t.Fatalf("quoted %q does not match itself", name)
		}
		// Without classes, negation, a leading dot or invalid UTF-8 (which
		// path.Match splits mid-character), bash's matching is path.Match's.
		if !strings.ContainsAny(pat, "[]") && !strings.HasSuffix(pat, `\`) && !strings.HasPrefix(name, ".") &&
			utf8.ValidString(pat) && utf8.ValidString(name) {
			want, err := path.Match(pat, name)
			if err == nil && got != want {
				t.Fatalf("MatchName(%q, %q) = %v, path.Match says %v", pat, name, got, want)
			}
		}
		if got && pat == "" && name != "" {
			t.Fatalf("empty pattern matched %q", name)
		}
	})
}

func quote(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(`*?[]\`, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
