package shell

import (
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
