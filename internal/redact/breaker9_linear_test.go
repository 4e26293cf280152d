package redact

import (
	"strings"
	"testing"
)

// TestBreaker9Linear: the round 9 additions (bindings, calls followed
// again, $'…' values, Oracle logons) stay linear on adversarial input.
func TestBreaker9Linear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	for name, in := range map[string]string{
		"set words":        "set -- " + strings.Repeat("abcdefgh ", 30000) + "\n" + strings.Repeat("mysql -p\"$@\" $* ${1} $1\n", 10000),
		"shifts":           strings.Repeat("set -- a b c d e f; shift 2; echo \"$1\"\n", 10000),
		"calls":            "f() { g \"$1\" \"$1\"; }\ng() { mysql -p\"$1$1\"; }\n" + strings.Repeat("f abcdefgh\n", 20000),
		"recursion":        "f() { f \"$1$1\"; mysql -p\"$1\"; }\n" + strings.Repeat("f x\n", 20000),
		"sh -c":            strings.Repeat("bash -c 'mysql -p\"$1\" \"$@\"' _ abcdefgh\n", 20000),
		"loops":            strings.Repeat("for pw in a b c; do mysql -p\"$pw\" $pw; done\n", 15000),
		"while reads":      strings.Repeat("while read -r p; do mysql -p\"$p\"; done\n", 15000),
		"open while":       "while read -r p; do echo \"$p\"\n" + strings.Repeat("x ", 200000),
		"reads":            strings.Repeat("read -r a b <<< \"$a $b x\"; echo \"$a\"\n", 15000),
		"here docs":        strings.Repeat("read -r p <<E\nabc\nE\necho \"$p\"\n", 15000),
		"arrays":           strings.Repeat("a=(x y \"$a\" ${a[@]}); echo ${a[1]}\n", 15000),
		"ansi values":      strings.Repeat("API_KEY=$'\\x41\\x42\\u0043", 30000),
		"locale values":    strings.Repeat("TOKEN=$\"ab\\\"c ", 30000),
		"split values":     strings.Repeat("API_KEY=ab'cd'\"ef\"\\g ", 30000),
		"credential loops": strings.Repeat("for API_TOKEN in a b c d e f g h\n", 20000),
		"func defs":        strings.Repeat("f() { { { echo $1; } } }\n", 20000),
		"oracle":           strings.Repeat("sqlplus a/b@c ", 30000),
		"oracle connect":   strings.Repeat("CONNECT a/b@c\n", 30000),
		"oracle quotes":    strings.Repeat("connect a/\"b", 40000),
		"jdbc":             strings.Repeat("jdbc:oracle:thin:a/b@", 20000),
		"rman":             "rman" + strings.Repeat(" target a/b@c", 30000),
	} {
		start := cpuTime()
		out, _ := r.Text(in)
		d := cpuTime() - start
		t.Logf("%-16s %7d KiB in %v CPU", name, len(in)>>10, d)
		if d.Seconds() > 3 {
			t.Errorf("%s: %v for %d bytes", name, d, len(in))
		}
		if again, _ := r.Text(out); again != out {
			t.Errorf("%s: not idempotent", name)
		}
	}
}
