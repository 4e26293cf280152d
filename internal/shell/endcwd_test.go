package shell

import (
	"slices"
	"testing"
)

// TestEndCwd checks where a line leaves its shell: a cd of the line's own
// shell counts, one in a subshell or pipeline does not, a cd not known
// statically leaves it unknown, and an absolute cd makes a line that
// started in no known directory known again.
func TestEndCwd(t *testing.T) {
	const cwd = "/home/dev/project"
	for _, c := range []struct {
		line    string
		unknown bool // the start
		want    []string
		wantUnk bool
	}{
		{line: "ls", want: []string{cwd}},
		{line: "cd /home/dev", want: []string{"/home/dev"}},
		{line: "cd ..", want: []string{"/home/dev"}},
		{line: "cd ~/.config && ls", want: []string{"/home/dev/.config"}},
		{line: "(cd /tmp); ls", want: []string{cwd}},
		{line: "cd /tmp | cat", want: []string{cwd}},
		{line: "cd \"$X\"", want: []string{cwd}, wantUnk: true},
		{line: "ls", unknown: true, want: []string{cwd}, wantUnk: true},
		{line: "cd src", unknown: true, want: []string{cwd + "/src"}, wantUnk: true},
		{line: "cd /srv", unknown: true, want: []string{"/srv"}},
		{line: "pushd /etc >/dev/null", want: []string{"/etc"}},
	} {
		an, err := Analyze(c.line, Options{Cwd: cwd, Home: "/home/dev", CwdUnknown: c.unknown})
		if err != nil {
			t.Fatalf("%s: %v", c.line, err)
		}
		if !slices.Equal(an.EndCwds, c.want) || an.EndCwdUnknown != c.wantUnk {
			t.Errorf("%q (start unknown %v): ends in %v unknown %v, want %v unknown %v", c.line, c.unknown, an.EndCwds, an.EndCwdUnknown, c.want, c.wantUnk)
		}
	}
}
