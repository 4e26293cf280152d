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
