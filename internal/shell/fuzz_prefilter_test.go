package shell

import (
	"path"
	"strings"
	"testing"
)

// The prefilters of the analysis (a test that skips work) against the
// plain loops they stand in front of: each skips only what the loop would
// not have matched.

// plainNameMatch is nameMatch without its literal-prefix test: the
// pattern matched against p's last segments with path.Match.
func plainNameMatch(pat, p string) bool {
	start := len(p)
	for n := strings.Count(pat, "/") + 1; n > 0; n-- {
		if start = strings.LastIndexByte(p[:start], '/'); start < 0 {
			return false
		}
	}
	ok, _ := path.Match(pat, p[start+1:])
	return ok
}

// FuzzNameMatch: the literal-prefix test of namePattern.match skips only
// names path.Match would not match, for the fileRunners patterns (each
// tried, deduplicated or not) and for any pattern; codeName answers as the
// loop over every fileRunners pattern did.
func FuzzNameMatch(f *testing.F) {
	for _, s := range [][2]string{{"jest.config.*", "/p/jest.config.js"}, {".cargo/config", "/p/.cargo/config"},
		{".mvn/*", "/p/.mvn/jvm.config"}, {`a\*b`, "/p/a*b"}, {"[", "/p/["}, {"x[a-", "/p/xa"}, {"*.go", "/p/a.go"}} {
		f.Add(s[0], s[1])
	}
	var all []string
	for _, pats := range fileRunners.Get() {
		for _, p := range strings.Fields(pats) {
			if loopPattern(p) {
				all = append(all, p)
			}
		}
	}
	f.Fuzz(func(t *testing.T, pat, p string) {
		if len(pat) > 256 || len(p) > 4096 {
			return
		}
		if got, want := nameMatch(pat, p), plainNameMatch(pat, p); got != want {
			t.Fatalf("nameMatch(%q, %q) = %v, path.Match says %v", pat, p, got, want)
		}
		for _, cand := range []string{p, "/p/" + p, "/p/" + pat} {
			want := false
			base := path.Base(cand)
			cs := codeNames()
			if cs.exact[base] || cs.exts[path.Ext(base)] {
				want = true
			}
			for _, q := range all {
				want = want || plainNameMatch(q, cand)
			}
			if got := codeName(cand); got != want {
				t.Fatalf("codeName(%q) = %v, the plain loop says %v", cand, got, want)
			}
		}
	})
}

// TestCodeNameCorpus: codeName against the plain loop for every fileRunners
// pattern's own text as a file name, and look-alikes.
func TestCodeNameCorpus(t *testing.T) {
	cs := codeNames()
	var loop []string
	for _, pp := range strings.Fields(strings.Join(valuesOf(fileRunners.Get()), " ")) {
		if loopPattern(pp) {
			loop = append(loop, pp)
		}
	}
	for _, pats := range fileRunners.Get() {
		for _, q := range strings.Fields(pats) {
			for _, name := range []string{q, strings.ReplaceAll(q, "*", "x"), strings.ReplaceAll(q, "*", ""), "x" + q, q + "x",
				strings.ToUpper(q), strings.ReplaceAll(q, ".", "-")} {
				for _, p := range []string{"/p/" + name, "/p/sub/" + name, name} {
					want := cs.exact[path.Base(p)] || cs.exts[path.Ext(path.Base(p))]
					for _, pp := range loop {
						want = want || plainNameMatch(pp, p)
					}
					if got := codeName(p); got != want {
						t.Errorf("codeName(%q) = %v, the plain loop says %v", p, got, want)
					}
				}
			}
		}
	}
}

// loopPattern reports whether codeName tries p with path.Match: neither
// an exact name nor a plain "*.ext" (an extension of documentation or logs
// is not code by name).
func loopPattern(p string) bool {
	return strings.ContainsAny(p, "*?[/") && !(strings.HasPrefix(p, "*.") && !strings.ContainsAny(p[2:], "*?[/"))
}

func valuesOf(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// FuzzHasField: hasField answers as contains(strings.Fields(list), s).
func FuzzHasField(f *testing.F) {
	for _, s := range [][2]string{{"install i add", "i"}, {"a\tb\n c", "b"}, {"  ", ""}, {"a\u00a0b", "a"}, {"x\xffy z", "z"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, list, s string) {
		if got, want := hasField(list, s), contains(strings.Fields(list), s); got != want {
			t.Fatalf("hasField(%q, %q) = %v, want %v", list, s, got, want)
		}
	})
}

// plainIsShell is isShell without its digit-or-"static" test.
func plainIsShell(n string) bool {
	if shellSet.Get()[n] {
		return true
	}
	if len(n) > 64 {
		return false
	}
	for i := 2; i < len(n) && i <= 8; i++ {
		if !shellSet.Get()[n[:i]] {
			continue
		}
		rest := n[i:]
		if rest == "-static" || rest == ".static" {
			return true
		}
		rest = strings.TrimLeft(rest, "-._")
		if rest != "" && rest[0] >= '0' && rest[0] <= '9' && strings.Trim(rest, "0123456789.+-_abcdefghijklmnopqrstuvwxyz") == "" {
			return true
		}
	}
	return false
}

// FuzzIsShell: isShell's test for a digit or "static" skips only names
// the prefix loop would not take for a shell.
func FuzzIsShell(f *testing.F) {
	for _, s := range []string{"bash", "bash5", "bash-5.2", "zsh-5.9", "ksh93u+m", "sh5", "bash-static", "bash.static", "npm", "shx", "dash_1", "static"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, n string) {
		if got, want := isShell(n), plainIsShell(n); got != want {
			t.Fatalf("isShell(%q) = %v, the plain loop says %v", n, got, want)
		}
	})
}

// TestIsShellNames: every shell name, with versions, builds and
// look-alikes, answers as the plain loop.
func TestIsShellNames(t *testing.T) {
	for _, n := range strings.Fields(shellNames) {
		for _, v := range []string{n, n + "5", n + "-5.2", n + "93u+m", n + "-static", n + ".static", n + "static", n + "x", n + "_1", n + "-", "x" + n} {
			if got, want := isShell(v), plainIsShell(v); got != want {
				t.Errorf("isShell(%q) = %v, the plain loop says %v", v, got, want)
			}
		}
	}
}

// TestMarkList: mark answers as a set, with its facts in the list or in
// the map, and marked agrees with it.
func TestMarkList(t *testing.T) {
	for _, n := range []int{1, fewMarks - 1, fewMarks, fewMarks + 1, 6 * fewMarks} {
		a := &analyzer{res: &Analysis{}}
		key := func(i int) markKey { return markKey{byte('0' + i%3), "/p/" + strings.Repeat("x", i), ""} }
		for round := 0; round < 2; round++ {
			for i := 0; i < n; i++ {
				if a.marked(key(i)) != (round > 0) {
					t.Fatalf("n=%d round %d: marked(%v) = %v", n, round, key(i), !(round > 0))
				}
				if got := a.mark(key(i)); got != (round == 0) {
					t.Fatalf("n=%d round %d: mark(%v) = %v", n, round, key(i), got)
				}
			}
		}
		if a.marked(markKey{'o', "/p/", ""}) || a.marked(markKey{'0', "/p/y", ""}) {
			t.Fatalf("n=%d: an unmarked key is marked", n)
		}
	}
}
