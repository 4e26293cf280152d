// Package linediff shows a person how one text became another, line by
// line: what mandate policy accept is about to make the accepted policy.
// The texts may be an agent's (a pending change is one no person made),
// so what is shown must be what the bytes are.
//
// # Contract
//
//   - Unified returns the change from a to b as unified-diff hunks
//     ("@@ -l,n +l,n @@", then lines starting with ' ', '-' or '+'), with
//     ctx lines of context around each change; "" when a and b are equal.
//   - Every line shown goes through termsafe.Line: a control character,
//     a carriage return, an escape sequence, a bidi override or a
//     zero-width character is shown escaped, never acted on by the
//     terminal; so a text cannot hide a line, reorder one or look like
//     another.
//   - A text that does not end in a newline says so ("\ No newline at
//     end of file"), as diff(1) does: a change of only that is shown.
//   - The work is bounded: the edit script is Myers' O((N+M)·D) search,
//     stopped at MaxEdits (memory O(MaxEdits²) at worst); texts that differ more are reported as
//     replaced whole (every line of a removed, every line of b added),
//     never as fewer changes than they hold.
package linediff

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/termsafe"
)

// MaxEdits bounds the inserted plus deleted lines the search looks for;
// past it the texts are shown as replaced whole.
const MaxEdits = 1000

// op is one line of the edit script.
type op struct {
	kind byte // ' ', '-', '+'
	a, b int  // line indexes in a and b (the one the kind uses)
}

// Unified returns the unified diff from a to b (see the package doc).
func Unified(a, b []byte, ctx int) string {
	if string(a) == string(b) {
		return ""
	}
	al, bl := lines(a), lines(b)
	ops, ok := script(al, bl)
	if !ok {
		ops = ops[:0]
		for i := range al {
			ops = append(ops, op{'-', i, 0})
		}
		for j := range bl {
			ops = append(ops, op{'+', 0, j})
		}
	}
	return render(ops, al, bl, ctx)
}

// lines splits t into lines, each with its newline; a last line without
// one is marked by the missing newline.
func lines(t []byte) []string {
	var out []string
	s := string(t)
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// script returns the shortest edit script from a to b (Myers, 1986), or
// false past MaxEdits.
func script(a, b []string) ([]op, bool) {
	n, m := len(a), len(b)
	max := min(n+m, MaxEdits)
	off := max + 1
	v := make([]int, 2*max+3)
	// trace[d] is v[off-d-1 : off+d+2] as it was before step d: the
	// diagonals step d reads
	var trace [][]int
	found := -1
	for d := 0; d <= max && found < 0; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		return nil, false
	}
	// Walk the trace back from (n, m).
	var rev []op
	x, y := n, m
	for d := found; d > 0; d-- {
		pv, po := trace[d], d+1 // pv[po+k] is v[off+k]
		k := x - y
		var pk int
		if k == -d || k != d && pv[po+k-1] < pv[po+k+1] {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := pv[po+pk]
		py := px - pk
		for x > px && y > py {
			x, y = x-1, y-1
			rev = append(rev, op{' ', x, y})
		}
		if pk == k+1 {
			y--
			rev = append(rev, op{'+', x, y})
		} else {
			x--
			rev = append(rev, op{'-', x, y})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, op{' ', x, y})
	}
	ops := make([]op, len(rev))
	for i, o := range rev {
		ops[len(rev)-1-i] = o
	}
	return ops, true
}

// render writes the hunks of ops with ctx lines of context.
func render(ops []op, a, b []string, ctx int) string {
	var w strings.Builder
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// a hunk: from ctx lines before this change to ctx lines after
		// the last change that is within 2·ctx lines of the one before
		start := max(0, i-ctx)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
				continue
			}
			if j-end >= 2*ctx {
				break
			}
		}
		end = min(len(ops), end+ctx)
		writeHunk(&w, ops[start:end], a, b)
		i = end
	}
	return w.String()
}

// writeHunk writes one hunk.
func writeHunk(w *strings.Builder, h []op, a, b []string) {
	var an, bn int
	as, bs := -1, -1
	for _, o := range h {
		if o.kind != '+' {
			an++
			if as < 0 {
				as = o.a
			}
		}
		if o.kind != '-' {
			bn++
			if bs < 0 {
				bs = o.b
			}
		}
	}
	fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(as, an, h, true), hunkRange(bs, bn, h, false))
	for _, o := range h {
		var line string
		if o.kind == '+' {
			line = b[o.b]
		} else {
			line = a[o.a]
		}
		body, nl := strings.CutSuffix(line, "\n")
		w.WriteByte(o.kind)
		w.WriteString(termsafe.Line(body))
		w.WriteByte('\n')
		if !nl {
			w.WriteString("\\ No newline at end of file\n")
		}
	}
}

// hunkRange is a hunk header's "l,n" for one side: start is the first
// line's index (-1 when the side has none in the hunk: then the line
// before the hunk, as diff -u writes it).
func hunkRange(start, n int, h []op, old bool) string {
	if n == 0 {
		// the position is the line after which the change is: the
		// side's index of the hunk's first op
		at := h[0].b
		if old {
			at = h[0].a
		}
		return fmt.Sprintf("%d,0", at)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
