package shell

import (
	"strings"
	"testing"
	"time"
)

// FuzzScanMakefile checks that reading makefile text never panics and
// stays fast, and that every recipe is either code or a reason.
func FuzzScanMakefile(f *testing.F) {
	for _, s := range []string{
		"x:;rm a", "all:\n\trm a\n\t@echo $@ $(X)", "X := $(shell rm a)\nY != ls", "$(file >a,x)$(eval $(y))",
		"define X\n\trm\nendef", "a: b \\\n c ; d", "$(shell $(shell $(shell x)))", "$(", ".ONESHELL:\nx:\n\tcd a\n\trm b",
		"include a b\nload x.so", ".RECIPEPREFIX = >\nx:\n> rm a", "$${HOME} $$$(X)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		start := time.Now()
		ms := scanMakefile(text)
		if d := time.Since(start); d > time.Second {
			t.Fatalf("scanMakefile took %v on %d bytes", d, len(text))
		}
		for _, r := range append(ms.recipes, ms.shell...) {
			if r.opaque == "" && len(r.code) > 4*len(text)+64 {
				t.Fatalf("recipe %d bytes from %d bytes of text", len(r.code), len(text))
			}
		}
		if _, err := Analyze("make -E "+shQuote(text), testOpt); err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatal(err)
		}
	})
}

// FuzzScanAwk checks that scanning an awk program never panics, stays
// fast and reports each side effect either as known or as opaque.
func FuzzScanAwk(f *testing.F) {
	for _, s := range []string{
		`BEGIN{print "x" > "f"}`, `{print $1 | "sort"}`, `BEGIN{while (("ls" | getline l) > 0) print l}`,
		`/a>b/ {print}`, `{print > $2}`, `BEGIN{system("rm " x)}`, `@include "inplace"`, `{getline l < "f"}`,
		`"unterminated`, `/unterminated`, `print print print`, `BEGIN { print |& "/inet/tcp/0/h/80" }`, `a[$1]++ / 2`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, prog string) {
		start := time.Now()
		sc := scanAwk(prog)
		if d := time.Since(start); d > time.Second {
			t.Fatalf("scanAwk took %v on %d bytes", d, len(prog))
		}
		for _, w := range append(append(sc.writes, sc.reads...), sc.code...) {
			if len(w) > len(prog) {
				t.Fatalf("literal %q longer than the program", w)
			}
		}
		if _, err := Analyze("awk "+shQuote(prog), testOpt); err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatal(err)
		}
	})
}

func FuzzAnsibleArgs(f *testing.F) {
	for _, s := range []string{"path=a state=absent", `msg="a b" x='c d'`, `{"path": "x", "mode": 420}`, `a=\ b`, `"unterminated`, "free form"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kv, ok := ansibleArgs(s)
		if !ok {
			return
		}
		for k := range kv {
			if k == "" && !strings.HasPrefix(strings.TrimSpace(s), "{") {
				t.Fatalf("empty key from %q", s)
			}
		}
	})
}
