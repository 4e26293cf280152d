package shell

import (
	"path"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for writtencode.go's parsers: globs matched against the
// files a line writes, and the text a sed script puts in a file.

func FuzzWrittenGlob(f *testing.F) {
	for _, s := range [][2]string{{"/p/src/?", "/p/src/x"}, {"/p/**/x", "/p/a/b/x"}, {"/p/src/[x]", "/p/src/x"},
		{"/**/**/**/**/**/**/**/**/y", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/x"}, {"/p/s*/*.sh", "/p/src"}, {"/", "/"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pat, p string) {
		if len(pat) > 4096 || len(p) > 4096 {
			return
		}
		start := time.Now()
		pc := strings.Split(strings.TrimPrefix(pat, "/"), "/")
		wc := strings.Split(strings.TrimPrefix(p, "/"), "/")
		r := globPrefix(pc, wc, false)
		if r != globNone && r != globWhole && r != globBelow {
			t.Fatalf("globPrefix(%q, %q) = %d", pat, p, r)
		}
		if !strings.ContainsAny(p, `*?[\`) && globPrefix(wc, wc, false) != globWhole {
			t.Fatalf("a literal path %q does not match itself", p)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("took %v", d)
		}
	})
}

func FuzzSedScript(f *testing.F) {
	for _, s := range []string{"s/a/b/g", "1i import os", "s/x/y/w out", "y/abc/xyz/", "/re/{s/a/b/;p}", "e rm x", "s/a/\\1&/e", "a\\", "s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<16 {
			return
		}
		_, writes, reads, cmds, inserts := sedScanCmds(s)
		n := 0
		for _, list := range [][]string{writes, reads, cmds, inserts} {
			for _, x := range list {
				n += len(x)
			}
		}
		if n > 2*len(s)+8 {
			t.Fatalf("%d bytes of parts from a %d-byte script", n, len(s))
		}
		_ = tokenEdit(inserts)
	})
}

// FuzzOptionValue: the value optionValue finds is the next word or the
// rest of the word, never more.
func FuzzOptionValue(f *testing.F) {
	for _, s := range [][3]string{{"-r --require", "-r", "./x.log"}, {"-r --require", "--require=./x", ""}, {"-P", "-Px.txt", ""},
		{"--config", "--config", "build.jobs=4"}, {"-f", "--", "-f"}, {"", "-", ""}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, opts, a0, a1 string) {
		args := []field{{s: a0}, {s: a1}}
		v, ok := optionValue(opts, args, 0)
		if !ok {
			if v != "" {
				t.Fatalf("optionValue(%q, %q) = %q without a value", opts, a0, v)
			}
			return
		}
		if v != a1 && !strings.HasSuffix(a0, v) {
			t.Fatalf("optionValue(%q, %q %q) = %q: neither the next word nor the word's end", opts, a0, a1, v)
		}
		if !strings.HasPrefix(a0, "-") {
			t.Fatalf("optionValue(%q, %q) found a value of a word that is no option", opts, a0)
		}
	})
}

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
