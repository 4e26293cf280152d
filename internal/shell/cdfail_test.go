package shell

import (
	"slices"
	"strings"
	"testing"
)

// dirsOf is a DirOracle over a fixed set of directories and files; a
// path in neither is missing, one under "?" is not known.
type dirsOf struct{ dirs, files string }

func (d dirsOf) IsDir(p string) (isDir, exists, known bool) {
	if strings.HasPrefix(p, "/home/dev/project/unknowable") {
		return false, false, false
	}
	if slices.Contains(strings.Fields(d.dirs), p) {
		return true, true, true
	}
	return false, slices.Contains(strings.Fields(d.files), p), true
}

// TestCdFailure: a cd that fails leaves the cwd where it was; one that
// may fail leaves it one of both (red-team round 23, #7). The cases give
// the cwd of the last command and the directory it may also be in (the
// reads of "cat x" at each).
func TestCdFailure(t *testing.T) {
	const p = "/home/dev/project"
	oracle := dirsOf{
		dirs:  "/home/dev /home/dev/project /home/dev/project/src /home/dev/project/docs /home/dev/project/src/lib",
		files: "/home/dev/project/src/main.go /home/dev/project/src/fifo",
	}
	cases := []struct {
		cmd   string
		reads []string // the reads of x, in any order
	}{
		{"cd nonexist; cat x", []string{p + "/x"}},
		{"cd src; cat x", []string{p + "/src/x"}},
		{"cd src/main.go; cat x", []string{p + "/x"}},
		{"cd src/fifo 2>/dev/null; cat x", []string{p + "/x"}},
		{"cd src docs; cat x", []string{p + "/x"}},
		{"pushd src/nonexist; cat x", []string{p + "/x"}},
		{"cd src; cd zz; cd ..; cat x", []string{p + "/x"}},
		{"cd src/nonexist/..; cat x", []string{p + "/x"}},
		{"cd src/lib/..; cat x", []string{p + "/src/x"}},
		{"popd; cat x", []string{p + "/x"}},
		{"cd unknowable; cat x", []string{p + "/unknowable/x", p + "/x"}},
		{"mkdir -p newdir; cd newdir; cat x", []string{p + "/newdir/x"}},
		{"mkdir -p newdir/a; cd newdir; cat x", []string{p + "/newdir/x"}},
		{"false && mkdir -p newdir; cd newdir; cat x", []string{p + "/newdir/x", p + "/x"}},
		{"if true; then mkdir -p newdir; fi; cd newdir; cat x", []string{p + "/newdir/x", p + "/x"}},
		{"mkdir -p src/main.go; cd src/main.go; cat x", []string{p + "/src/main.go/x", p + "/x"}},
		{"rm -rf src; cd src; cat x", []string{p + "/src/x", p + "/x"}},
		{"ln -s /tmp newdir; cd newdir; cat x", []string{p + "/newdir/x", p + "/x", "/tmp/x"}},
		{"make; cd newdir; cat x", []string{p + "/newdir/x", p + "/x"}},
		{"make; cd src; cat x", []string{p + "/src/x"}},
		{"cd nonexist && cat y; cat x", []string{p + "/x"}},
		{"cd nonexist || cd src; cat x", []string{p + "/src/x"}},
		{"cd src && cat x", []string{p + "/src/x"}},
		{"cd nonexist && cat x", []string{p + "/nonexist/x"}}, // never runs: judged where the cd would go
		{"false && cd src; cat x", []string{p + "/x"}},        // false surely fails: the cd never runs (andor.go)
		{"go build && cd src; cat x", []string{p + "/src/x", p + "/x"}},
		{"cd src && go test; cat x", []string{p + "/src/x"}},
		{"mkdir -p newdir && cd newdir && cat x", []string{p + "/newdir/x"}},
		{"cd unknowable || exit 1; cat x", []string{p + "/unknowable/x"}},
		{"cd unknowable || cd src; cat x", []string{p + "/unknowable/x", p + "/src/x"}},
		{"! cd nonexist && cat x", []string{p + "/x"}},
	}
	for _, c := range cases {
		an, err := Analyze(c.cmd, Options{Cwd: p, Home: "/home/dev", Root: p, Dirs: oracle})
		if err != nil {
			t.Errorf("%q: %v", c.cmd, err)
			continue
		}
		var got []string
		for _, r := range an.Reads {
			if r.Cmd == "cat" && (strings.HasSuffix(r.Path, "/x") || r.Path == "x") {
				got = append(got, r.Path)
			}
		}
		slices.Sort(got)
		want := slices.Clone(c.reads)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: cat x reads %q, want %q", c.cmd, got, want)
		}
	}
}

// TestCdFailureNoOracle: without Options.Dirs every cd succeeds.
func TestCdFailureNoOracle(t *testing.T) {
	an, err := Analyze("cd nonexist; cat x", Options{Cwd: "/home/dev/project", Home: "/home/dev"})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Reads) == 0 || an.Reads[len(an.Reads)-1].Path != "/home/dev/project/nonexist/x" {
		t.Errorf("reads %+v, want /home/dev/project/nonexist/x last", an.Reads)
	}
}
