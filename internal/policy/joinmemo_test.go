package policy

import (
	"path"
	"slices"
	"strings"
	"testing"
)

// A joinMemo answers what path.Join answers, and a changed directory
// misses.
func TestJoinMemo(t *testing.T) {
	m := &joinMemo{name: FileName}
	for _, d := range []string{"/r", "/r", "/r/", "/s", "/", "/r", "", "/r/../x", "/r"} {
		if got, want := m.join(d), path.Join(d, FileName); got != want {
			t.Errorf("join(%q) = %q, want %q", d, got, want)
		}
	}
}

// newTarget's segments, kept in the target's own allocation, are what
// strings.Split and lowerSegs give, with capacities equal to lengths (so
// that an append copies).
func TestNewTargetSegs(t *testing.T) {
	for _, p := range []string{"/", "/a", "/A/b/C", "/a//b/", "/x/Y/z/1/2/3/4/5/6/7", "/x/Y/z/1/2/3/4/5/6/7/8", "/a/b/c/d/e/f/g/h/i/j/k/l/M"} {
		tg := newTarget(p, "/a", "/x")
		var want []string
		if r := p[1:]; r != "" {
			want = strings.Split(r, "/")
		}
		if !slices.Equal(tg.absSegs, want) || !slices.Equal(tg.lAbsSegs, lowerSegs(want)) {
			t.Errorf("%q: %q %q, want %q %q", p, tg.absSegs, tg.lAbsSegs, want, lowerSegs(want))
		}
		if cap(tg.absSegs) != len(tg.absSegs) || cap(tg.lAbsSegs) != len(tg.lAbsSegs) {
			t.Errorf("%q: capacities %d %d for %d segments", p, cap(tg.absSegs), cap(tg.lAbsSegs), len(tg.absSegs))
		}
	}
}
