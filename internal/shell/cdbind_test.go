package shell

import (
	"slices"
	"strings"
	"testing"
)

// catXReads analyses cmd on the cd tests' oracle and returns the paths
// cat reads that name x.
func catXReads(t *testing.T, cmd string) []string {
	t.Helper()
	const p = "/home/dev/project"
	oracle := dirsOf{
		dirs:  "/home/dev /home/dev/project /home/dev/project/src /home/dev/project/docs /home/dev/project/src/lib",
		files: "/home/dev/project/src/main.go /home/dev/project/src/fifo",
	}
	an, err := Analyze(cmd, Options{Cwd: p, Home: "/home/dev", Root: p, Dirs: oracle})
	if err != nil {
		t.Errorf("%q: %v", cmd, err)
		return nil
	}
	var got []string
	for _, r := range an.Reads {
		if r.Cmd == "cat" && (strings.HasSuffix(r.Path, "/x") || r.Path == "x") {
			got = append(got, r.Path)
		}
	}
	slices.Sort(got)
	return got
}

// TestCdBindings: cd's own bindings of PWD and OLDPWD follow a name
// reference, fail on a readonly name (the cd moved, its status is 1) and
// are transformed by a case attribute; a cd that fails binds nothing
// (red-team round 26, #a3). Each case gives the reads of "cat …x".
func TestCdBindings(t *testing.T) {
	const p = "/home/dev/project"
	cases := []struct {
		cmd   string
		reads []string
	}{
		{"readonly PWD; cd src; cat $PWD/x", []string{p + "/x"}},
		{"readonly PWD; cd src; cat ~+/x", []string{p + "/x"}},
		{"readonly PWD; cd src; cat x", []string{p + "/src/x"}},
		{"readonly PWD=/home/dev; cd src; cat $PWD/x $OLDPWD/x", []string{"/home/dev/x", "/home/dev/x"}},
		{"readonly PWD; pushd src; cat $PWD/x", []string{p + "/x"}},
		{"readonly PWD; cd src && cat y; cat x", []string{p + "/src/x"}},
		{"readonly PWD; cd src || cat x", []string{p + "/src/x"}},
		{"readonly PWD; cd .. && cd project; cat x", []string{"/home/dev/x"}},
		{"declare -r OLDPWD=/home/dev; cd src; cd -; cat x", []string{"/home/dev/x"}},
		{"declare -n PWD=w; cd src; cat $w/x $PWD/x", []string{p + "/src/x", p + "/src/x"}},
		{"declare -n PWD=w; w=docs; cd ..; cat $w/x", []string{"/home/dev/x"}},
		{"declare -n PWD=w; w=src; cd ..; cd project; cd $w; cat x", []string{p + "/x"}},
		{"declare -n OLDPWD=y; cd src; cat $y/x", []string{p + "/x"}},
		{"declare -u PWD; cd src; cat $PWD/x", []string{"/HOME/DEV/PROJECT/SRC/x"}},
		{"PWD=/home/dev; cd nonexist; cat $PWD/x", []string{"/home/dev/x"}},
		{"OLDPWD=/home/dev; cd nonexist; cd -; cat x", []string{"/home/dev/x"}},
		{"PWD=/home/dev; cd src; cat $PWD/x $OLDPWD/x", []string{"/home/dev/x", p + "/src/x"}},
		// not sure: not known
		{"if [ -n \"$X\" ]; then readonly PWD; fi; cd src; cat $PWD/x", []string{"/**/x"}},
		{"if [ -n \"$X\" ]; then declare -n PWD=w; fi; w=docs; cd src; cat $w/x", []string{"/**/x"}},
		{"PWD=/home/dev; cd unknowable; cat $PWD/x", []string{"/**/x"}},
		// plain
		{"cd src; cat $PWD/x; cd ..; cat $OLDPWD/x", []string{p + "/src/x", p + "/src/x"}},
		{"cd src; cd -; cat x", []string{p + "/x"}},
		// a function's call is not a program that may make the directory
		{"f() { cd SRC; }; f; cat x", []string{p + "/x"}},
	}
	for _, c := range cases {
		want := slices.Clone(c.reads)
		slices.Sort(want)
		want = slices.Compact(want)
		if got := slices.Compact(catXReads(t, c.cmd)); !slices.Equal(got, want) {
			t.Errorf("%q: cat reads %q, want %q", c.cmd, got, want)
		}
	}
}

// TestVarAttributes: declare/typeset/local -u, -l, -c and -i transform
// every later value of the name (red-team round 26, #a4), as bash 5.2
// does; where the attribute is not sure the value is not known.
func TestVarAttributes(t *testing.T) {
	const p = "/home/dev/project"
	cases := []struct{ cmd, read string }{
		{"declare -u d=src; cat $d/x", p + "/SRC/x"},
		{"typeset -u d; d=src; cat $d/x", p + "/SRC/x"},
		{"d=src; declare -u d; cat $d/x", p + "/src/x"},
		{"declare -l d=SrC; cat $d/x", p + "/src/x"},
		{"declare -c d=sRC; cat $d/x", p + "/Src/x"},
		{"declare -ul d=SrC; cat $d/x", p + "/SrC/x"},
		{"declare -u d; declare -l d; d=SrC; cat $d/x", p + "/src/x"},
		{"declare -u d; declare +u d; d=src; cat $d/x", p + "/src/x"},
		{"declare -u d; declare +l d; d=src; cat $d/x", p + "/SRC/x"},
		{"declare -u d; read d <<< src; cat $d/x", p + "/SRC/x"},
		{"declare -u d; printf -v d %s src; cat $d/x", p + "/SRC/x"},
		{"declare -u d; : ${d:=src}; cat $d/x", p + "/SRC/x"},
		{"declare -u d; d=(a src); cat ${d[1]}/x", p + "/SRC/x"},
		{"declare -u d; unset d; d=src; cat $d/x", p + "/src/x"},
		{"declare -u d; export d=src; cat $d/x", p + "/SRC/x"},
		{"declare -n r=d; declare -u r; d=src; cat $d/x", p + "/SRC/x"},
		{"declare -u d; declare -n r=d; r=src; cat $d/x", p + "/SRC/x"},
		{"declare -i d; d=5; cat $d/x", p + "/5/x"},
		{"declare -i d; d=010; cat $d/x", "/**/x"},
		{"declare -i d=src; cat $d/x", "/**/x"},
		{"f() { local -u d=src; cat $d/x; }; f", p + "/SRC/x"},
		{"f() { local -u d; }; f; d=src; cat $d/x", p + "/src/x"},
		{"f() { declare -gu d; }; f; d=src; cat $d/x", p + "/SRC/x"},
		{"if [ -n \"$X\" ]; then declare -u d; fi; d=src; cat $d/x", "/**/x"},
		{"if [ -n \"$X\" ]; then declare -u d; fi; d=123; cat $d/x", p + "/123/x"},
		{"declare -u \"$n\"; cat x", p + "/x"},
	}
	for _, c := range cases {
		got := catXReads(t, c.cmd)
		if !slices.Contains(got, c.read) || len(slices.Compact(got)) != 1 {
			t.Errorf("%q: cat reads %q, want %q", c.cmd, got, c.read)
		}
	}
	// g's body is walked where it is defined too (d=src there): the call
	// reads SRC
	if got := catXReads(t, "g() { d=src; cat $d/x; }; f() { declare -u d; g; }; f"); !slices.Contains(got, p+"/SRC/x") {
		t.Errorf("dynamic scope: cat reads %q, want %q among them", got, p+"/SRC/x")
	}
	an, err := Analyze(`declare -u "$n"`, Options{Cwd: p, Home: "/home/dev"})
	if err != nil || len(an.Opaque) == 0 {
		t.Errorf("declare -u of a name not known statically: want opaque, got %v (%v)", an, err)
	}
}
