package shell

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// Class "resource exhaustion": a line built so that analysing it costs
// more than the line is long (copies per nesting level, products of
// expansions) must not take the engine's memory. Each case states a
// bound linear in the line's length, generous against the measured cost
// (so a slower machine or a new table does not make it flaky) and far
// below what the quadratic and exponential constructs cost before they
// were bounded (hundreds of MiB to 16 GiB). A case beyond a limit must
// fail with ErrLimit (the policy denies), never give a partial analysis.

// allocBound is the allocation allowed for analysing line: a constant
// (the expansion limits: 8 MiB of expanded text, copied a few times as
// words are built) plus a few hundred bytes per input byte (parsing
// itself is linear).
func allocBound(line string) uint64 { return 64<<20 + 256*uint64(len(line)) }

// analyzeAlloc analyses line and returns the bytes it allocated.
func analyzeAlloc(line string) (uint64, error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, err
}

func rep(s string, n int) string { return strings.Repeat(s, n) }

// assignments is n literal assignments: variables every subshell and
// branch would copy.
func assignments(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "v%d=x; ", i)
	}
	return b.String()
}

// backticks nests `echo …` depth times, escaping as bash requires.
func backticks(depth int) string {
	s := "cat .env"
	for range depth {
		s = "echo `" + strings.NewReplacer(`\`, `\\`, "`", "\\`").Replace(s) + "`"
	}
	return s
}

func TestResourceExhaustion(t *testing.T) {
	cases := []struct {
		construct string
		line      string
		limit     bool // the line is beyond a limit: ErrLimit
	}{
		{"nested braces", "cat .env " + rep("{", 3999) + "a" + rep(",b}", 3999), true},
		{"unclosed braces", "cat .env " + rep("{", 3999) + "a", true},
		{"single-word braces", "cat .env " + rep("{", 3999) + "a" + rep("}", 3999), true},
		{"unclosed braces around many parts", "cat " + rep("{", 60) + rep("$x", 20000), true},
		{"braces at the nesting limit", "cat .env " + rep("{", 60) + "a" + rep(",b}", 60), false},
		{"brace sequence times a long word", "cat " + rep("a$x", 20000) + "{1..4000}", true},
		{"brace sequence times quoted parts", "cat " + rep(`a"b"`, 20000) + "{1..4000}", true},
		{"brace product times a long word", "cat " + rep("{a,b}", 12) + rep("$x", 20000), true},
		{"brace product", "echo {1..4096}{1..4096}", true},
		{"subshells", "cat .env; " + rep("( ", 3990) + "cat .env" + rep(" )", 3990), true},
		{"brace groups", rep("{ ", 3990) + "cat .env" + rep("; }", 3990), true},
		{"command substitutions", "echo " + rep("$(echo ", 3990) + "x" + rep(")", 3990), true},
		{"quoted command substitutions", "echo " + rep(`"$(echo `, 3990) + "x" + rep(`)"`, 3990), true},
		{"process substitutions", "cat " + rep("<(cat ", 3990) + "x" + rep(")", 3990), true},
		{"backticks (deeper than 3 does not parse)", backticks(3), false},
		{"parameter defaults", "echo " + rep("${a:-", 3990) + "x" + rep("}", 3990), true},
		{"quoted parameter defaults", "echo " + rep(`"${a:-`, 3990) + "x" + rep(`}"`, 3990), true},
		{"arithmetic parentheses", "echo $((" + rep("(", 3990) + "1" + rep(")", 3990) + "))", false},
		{"arithmetic operators", "echo $((" + rep("1+", 3990) + "1))", false},
		{"if nesting", rep("if true; then ", 1990) + "cat .env" + rep("; fi", 1990), true},
		{"case nesting", rep("case x in x) ", 1000) + ":" + rep(";; esac", 1000), true},
		{"here-documents", rep("cat <<E\n"+rep("x", 50)+"\nE\n", 3000), false},
		{"here-documents in substitutions", "echo " + rep("$(cat <<E\n", 60) + "x\n" + rep("E\n)", 60), false},
		{"eval nesting", "eval " + rep("eval ", 100) + "cat .env", true},
		{"variables times subshells", assignments(30000) + rep("(:);", 3990), true},
		{"variables times branches", assignments(30000) + rep("if :; then :; fi; ", 1000), true},
		{"variables times pipelines", assignments(30000) + rep(":|", 9000) + ":", true},
		{"variable doubling", "a=xxxxxxxx; " + rep("a=$a$a; ", 40) + "echo $a", true},
		{"nested loops unrolled", "for i in {1..4000}; do for j in {1..4000}; do cat $i$j; done; done", false},
		{"function call tree", functionTree(40), false},
		{"cd chain", rep("cd a; ", 9000) + "cat .env", true},
		{"cd chain through ..", rep("cd ../a/b/../c; ", 9000) + "cat .env", true},
		{"make -C chain", "make " + rep("-C d ", 30000), true},
		{"relative paths under a long cwd", "cd /" + rep("abcdefg/", 500) + "; " + numbered(">a%d ", 9000), true},
		{"exported value times commands", "export a=" + rep("x", 50000) + "; " + rep("env; ", 5000), true},
	}
	for _, tc := range cases {
		t.Run(tc.construct, func(t *testing.T) {
			got, err := analyzeAlloc(tc.line)
			t.Logf("%d bytes: %d KiB allocated, error %v", len(tc.line), got>>10, err)
			if bound := allocBound(tc.line); got > bound {
				t.Errorf("resource exhaustion: %d-byte line allocated %d MiB, bound %d MiB", len(tc.line), got>>20, bound>>20)
			}
			if tc.limit && !errors.Is(err, ErrLimit) {
				t.Errorf("resource exhaustion: %d-byte line: got error %v, want ErrLimit", len(tc.line), err)
			}
			if !tc.limit && err != nil && strings.Contains(err.Error(), "internal error") {
				t.Errorf("resource exhaustion: %v", err)
			}
		})
	}
}

// numbered is format (holding one %d) for 0 … n-1, concatenated.
func numbered(format string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// functionTree defines f0 … fn-1, each calling the one before twice: a
// call tree of 2^n leaves.
func functionTree(n int) string {
	var b strings.Builder
	b.WriteString("f0(){ cat .env; }; ")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "f%d(){ f%d; f%d; }; ", i, i-1, i-1)
	}
	fmt.Fprintf(&b, "f%d", n-1)
	return b.String()
}

// nestings are the constructs FuzzNestingBoundedMemory nests: open and
// close around the core, and the filler repeated inside the innermost.
var nestings = []struct{ open, close string }{
	{"{", ",b}"},
	{"( ", " )"},
	{"{ ", "; }"},
	{"$(echo ", ")"},
	{`"$(echo `, `)"`},
	{"<(cat ", ")"},
	{"${a:-", "}"},
	{"$((", "))"},
	{"if :; then ", "; fi"},
	{"while :; do ", "; done"},
	{"$(cat <<E\n", "\nE\n)"},
	{"bash -c '", "'"},
	{"x{1..9}", ""},
}

// FuzzNestingBoundedMemory nests one construct depth times around a core
// of filler repeated: whatever the shape, allocation stays linear in the
// line's length (class "resource exhaustion").
func FuzzNestingBoundedMemory(f *testing.F) {
	for i := range nestings {
		f.Add(uint8(i), uint16(100), "cat .env ", uint16(10))
		f.Add(uint8(i), uint16(3000), "a$x", uint16(1000))
	}
	f.Fuzz(func(t *testing.T, kind uint8, depth uint16, filler string, times uint16) {
		n := nestings[int(kind)%len(nestings)]
		d := int(depth) % 5000
		line := "cat " + rep(n.open, d) + rep(filler, int(times)%20000) + rep(n.close, d)
		if len(line) > MaxLineBytes {
			return
		}
		got, err := analyzeAlloc(line)
		if bound := allocBound(line); got > bound {
			t.Errorf("resource exhaustion: %d-byte line allocated %d MiB, bound %d MiB", len(line), got>>20, bound>>20)
		}
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Errorf("resource exhaustion: %v", err)
		}
	})
}
