package shell

import (
	"strings"
	"testing"
	"time"
)

// Fuzz targets for the small parsers of this round: shell patterns
// (${x%p}), printf formats, option variables (TAR_OPTIONS), and lines
// that reach the arithmetic, function, loop, script and CDPATH analyses.

func FuzzShellMatch(f *testing.F) {
	for _, s := range [][2]string{{"*", "abc"}, {"a*b*c", "aXbYc"}, {"[!a-c]?", "dz"}, {`\*x`, "*x"}, {"[", "["}, {"*[", "a["}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pat, s string) {
		if len(pat) > maxPattern || len(s) > maxPatValue {
			return
		}
		start := time.Now()
		_ = shellMatch(pat, s)
		if r, ok := replParam(s, pat, "R", true); ok && len(r) > len(s)*2+len("R")*len(s)+2 {
			t.Fatalf("replParam grew %d bytes into %d", len(s), len(r))
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("took %v", d)
		}
	})
}

func FuzzPrintfOutput(f *testing.F) {
	for _, s := range []string{`\x72\x6d`, `%s-%s\n`, `%b`, `%d%%`, `\0101`, `%`, `\`, `%5s`, `\x`} {
		f.Add(s, "a\\0101", "b")
	}
	f.Fuzz(func(t *testing.T, format, a, b string) {
		out, ok := printfOutput([]string{format, a, b})
		if ok && len(out) > maxExpandBytes/8+64 {
			t.Fatalf("output of %d bytes", len(out))
		}
	})
}

func FuzzOptWords(f *testing.F) {
	for _, s := range []string{`--a=1 --b=exec=rm\ -rf\ ~`, `'x y' "z\" w"`, `\`, `"unterminated`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws := optWords(s)
		if len(ws) > maxEnvWords {
			t.Fatalf("%d words", len(ws))
		}
		if strings.Join(ws, "") != "" && len(strings.Join(ws, "")) > len(s) {
			t.Fatalf("words longer than the value: %q", ws)
		}
	})
}

// FuzzAnalyzeRound2 is FuzzAnalyze seeded with the constructs this round
// analyses: arithmetic text, parameter operators, arrays, functions with
// arguments, unrolled loops, CDPATH, scripts written in the line, tool
// option variables.
func FuzzAnalyzeRound2(f *testing.F) {
	for _, s := range []string{
		"x='a[$(rm -rf ~)]'; echo $((x))", "[[ 'a[$(id)]' -eq 0 ]]", "declare -i n; n='b[$(id)]'", "printf -v 'a[$(id)]' x",
		"x=/a/b; cat ${x%/*} ${x##*/} ${x/a/b} ${x^^} ${#x} ${x:1:2}", "a=(rm -rf ~); \"${a[@]}\"", "set -- a b; shift; \"$@\"",
		"f() { \"$@\"; }; f rm x", "for f in a b c; do for g in x y; do cat $f$g; done; done", "CDPATH=/a:/b cd c && cat d",
		"shopt -s cdable_vars; v=/x; cd v", "echo 'rm x' > s.sh; bash s.sh", "TAR_OPTIONS='--to-command=cat\\ x' tar xf a",
		"x='x+a[1]'; echo $((x))", "${x-rm} -rf ~", "ln -s a b; ln -s b a; cat a", ": ~/x; cat $_",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		an, err := Analyze(src, testOpt)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Analyze took %v on %d bytes", d, len(src))
		}
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("panic: %v", err)
		}
		if err == nil && an == nil {
			t.Fatal("nil analysis without error")
		}
	})
}
