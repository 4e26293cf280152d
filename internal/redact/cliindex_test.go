package redact

import (
	"slices"
	"strings"
	"testing"
)

// enclosingClosersRef is cliEnclosing's scan before the compound index:
// the offsets after the closers of the compounds enclosing offset to,
// within maxCLIWindow after it.
func enclosingClosersRef(s string, to int) []int {
	var out []int
	end := min(len(s), to+maxCLIWindow)
	depth := 0
	for i := to; i < end; i++ {
		c := s[i]
		switch {
		case c == '{' || c == '(':
			depth++
		case c == '}' || c == ')':
			if depth > 0 {
				depth--
				continue
			}
			out = append(out, i+1)
		case isLower(c) && (i == 0 || !isWordByte(s[i-1])):
			w := i
			for w < end && isWordByte(s[w]) {
				w++
			}
			switch s[i:w] {
			case "if", "for", "while", "until", "case", "select":
				depth++
			case "fi", "done", "esac":
				if depth > 0 {
					depth--
				} else {
					out = append(out, w)
				}
			}
			i = w - 1
		}
	}
	return out
}

// enclosingFunctionRef is the backward scan before the compound index.
func enclosingFunctionRef(s string, at int) string {
	depth := 0
	lo := max(0, at-maxCLIWindow)
	for i := at - 1; i >= lo; i-- {
		switch s[i] {
		case '}', ')':
			depth++
		case '{', '(':
			if depth > 0 {
				depth--
				continue
			}
			if s[i] == '(' {
				continue
			}
			return functionHeader(s[lo:i])
		}
	}
	return ""
}

func indexClosers(ix *cliIndex, s string, to int) []int {
	var out []int
	end := min(len(s), to+maxCLIWindow)
	for k := ix.firstCloser(to); k >= 0 && ix.fwd[k].pos < end; k = ix.fwd[k].link {
		out = append(out, ix.fwd[k].after)
	}
	return out
}

func checkCLIIndex(t *testing.T, s string, at []int) {
	lx := &shlex{src: s}
	ix := lx.compounds()
	for _, p := range at {
		if got, want := indexClosers(ix, s, p), enclosingClosersRef(s, p); !slices.Equal(got, want) {
			t.Fatalf("%q at %d: closers %v, the scan's %v", s, p, got, want)
		}
		if got, want := ix.enclosingFunction(s, p), enclosingFunctionRef(s, p); got != want {
			t.Fatalf("%q at %d: function %q, the scan's %q", s, p, got, want)
		}
	}
}

// TestCLIIndexMatchesScan holds the compound index to the window scans it
// replaced, at every offset of the probe corpus's texts (every 97th of a
// long one) and across the window's edges.
func TestCLIIndexMatchesScan(t *testing.T) {
	long := strings.Repeat("f() { a | sudo -S id; } < x; if a; then (b) fi; ", 600) +
		strings.Repeat("{ ( ", 3000) + "docker login --password-stdin" + strings.Repeat(" ) }", 3000)
	for _, s := range append(probeCorpus(t), long) {
		var at []int
		step := 1
		if len(s) > 4096 {
			step = 97
		}
		for p := 0; p <= len(s); p += step {
			at = append(at, p)
		}
		checkCLIIndex(t, s, append(at, len(s)))
	}
}

func FuzzCLIIndex(f *testing.F) {
	for _, s := range []string{"f() { a | sudo -S id; } < x", "function g { (x) }; g <<< p", "if a; then b; fi <<EOF", "for x in y; do z; done < f", "case a in b) c;; esac", "((({{{", "}})))"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at := make([]int, 0, len(s)+1)
		for p := 0; p <= len(s); p++ {
			at = append(at, p)
		}
		checkCLIIndex(t, s, at)
	})
}
