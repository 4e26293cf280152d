package redact

import (
	"reflect"
	"strings"
	"testing"
)

func TestSkipLines(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // the text from where the skipped run ends
	}{
		{"x = 1\n", "x = 1\n"},
		{"\n\n  \t\n'v'\n", "'v'\n"},
		{"# a\n  // b\n-- c\n; d\n% e\n * f\n'v'", "'v'"},
		{"/* a\nb\nc */\n'v'", "'v'"},
		{"/* a */\n'v'", "'v'"},
		{"<!--\n<b>\n-->\n'v'", "'v'"},
		{"--[[\nx = 1\n]]\n'v'", "'v'"},
		{"{-\nx\n-}\n'v'", "'v'"},
		{"/*\nnever closed\n'v'", ""},
		{"# a\n# b", ""},
		{"'v' # trailing\n", "'v' # trailing\n"},
	} {
		p := skipLines(c.in, 0, nil)
		if got := c.in[p:]; got != c.want {
			t.Errorf("skipLines(%q) stops at %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSkipRunsSameWindows: the windows of a text end where they end
// without the remembered runs, whatever the order they meet them in; a
// window that starts inside a block comment may end later with them (a
// run another window read whole: the block's lines do not count), never
// earlier.
func TestSkipRunsSameWindows(t *testing.T) {
	texts := []string{
		"password = (\n# a\n\n# b\n'x'\n# c\n'y'\n'z'\n# d\n# e\n'w'\n",
		"/* password\n# a\n*/\n'x'\n" + strings.Repeat("# p\n", 9) + "'y'\n",
		"a # token\n# token\n// token\nb\n\nc\n-- d\ne\nf\ng\nh\ni\nj\n",
		"x\n/*\ny */ z\n# w\n" + strings.Repeat("'v'\n", 8),
	}
	for _, s := range texts {
		var k skipRuns
		var want, got []int
		for st := 0; st < len(s); st++ {
			want = append(want, credWindowIn(s, st, 0, credWindowLines, len(s), nil, func(span) {}))
			got = append(got, credWindowIn(s, st, 0, credWindowLines, len(s), &k, func(span) {}))
		}
		block := strings.Contains(s, "/*")
		for i := range got {
			if got[i] < want[i] || !block && got[i] != want[i] {
				t.Errorf("%q: windows end at %v with the runs, %v without", s, got, want)
				break
			}
		}
	}
}

func TestSkipRunsAdd(t *testing.T) {
	var k skipRuns
	for _, r := range [][2]int{{10, 20}, {30, 40}, {0, 5}, {18, 32}, {50, 60}, {5, 6}} {
		k.add(r[0], r[1])
	}
	want := [][2]int{{0, 6}, {10, 40}, {50, 60}}
	if !reflect.DeepEqual(k.r, want) {
		t.Errorf("runs %v, want %v", k.r, want)
	}
	for p, e := range map[int]int{0: 6, 5: 6, 6: 6, 9: 9, 10: 40, 39: 40, 40: 40, 55: 60, 70: 70} {
		if got := k.at(p); got != e {
			t.Errorf("at(%d) = %d, want %d", p, got, e)
		}
	}
}
