package redact

import "sort"

// A view is text derived from an input (quotes removed, variables
// expanded, %XX or base64 decoded) together with, for every byte of it,
// the bytes of the input it came from. Detection runs over the view; a
// secret found there is masked where its bytes are in the input, however
// scattered they are. That is how a secret split across quotes, variables
// or printf arguments, or hidden in an encoding, still never reaches the
// log in clear.
type view struct {
	buf  []byte
	segs []seg
}

// seg maps buf[t:t+n] to the input. An exact seg maps byte t+i to input
// byte s+i (n == e-s); a block seg maps every byte of it to the whole
// input range [s, e) (a decoded %XX escape, a base64 run). Bytes of buf
// outside every seg (separators, quotes added by the view) map to nothing.
type seg struct {
	t, n  int
	s, e  int
	block bool
	// exp marks text substituted from a variable's value elsewhere in the
	// input (a context rule's finding there is trusted, see accept).
	exp bool
}

func (v *view) len() int { return len(v.buf) }

// lit appends src[s:e] as it is.
func (v *view) lit(src string, s, e int) {
	if e <= s {
		return
	}
	t := len(v.buf)
	v.buf = append(v.buf, src[s:e]...)
	if n := len(v.segs); n > 0 {
		p := &v.segs[n-1]
		if !p.block && !p.exp && p.t+p.n == t && p.e == s {
			p.n += e - s
			p.e = e
			return
		}
	}
	v.segs = append(v.segs, seg{t: t, n: e - s, s: s, e: e})
}

// decoded appends bytes b decoded from the input range [s, e).
func (v *view) decoded(b []byte, s, e int) {
	if len(b) == 0 {
		return
	}
	v.segs = append(v.segs, seg{t: len(v.buf), n: len(b), s: s, e: e, block: true})
	v.buf = append(v.buf, b...)
}

// synthetic appends bytes that come from no input byte.
func (v *view) synthetic(b ...byte) { v.buf = append(v.buf, b...) }

// copyFrom appends w.buf[t0:t1] with its mapping; exp marks the copy as a
// variable's value.
func (v *view) copyFrom(w *view, t0, t1 int, exp bool) {
	if t1 <= t0 {
		return
	}
	base := len(v.buf) - t0
	v.buf = append(v.buf, w.buf[t0:t1]...)
	i := sort.Search(len(w.segs), func(i int) bool { return w.segs[i].t+w.segs[i].n > t0 })
	for ; i < len(w.segs) && w.segs[i].t < t1; i++ {
		g := w.segs[i]
		a, b := max(g.t, t0), min(g.t+g.n, t1)
		ng := seg{t: a + base, n: b - a, s: g.s, e: g.e, block: g.block, exp: g.exp || exp}
		if !g.block {
			ng.s, ng.e = g.s+(a-g.t), g.s+(b-g.t)
		}
		v.segs = append(v.segs, ng)
	}
}

// source returns the input ranges the view bytes [a, b) come from, sorted
// and merged where they touch or are separated only by quoting (quotes,
// backslashes, "$", braces), so that one split secret becomes one marker
// where its pieces are adjacent in the input.
func (v *view) source(src string, a, b int) []span {
	var out []span
	i := sort.Search(len(v.segs), func(i int) bool { return v.segs[i].t+v.segs[i].n > a })
	for ; i < len(v.segs) && v.segs[i].t < b; i++ {
		g := v.segs[i]
		if g.block {
			out = append(out, span{start: g.s, end: g.e})
			continue
		}
		lo, hi := max(g.t, a), min(g.t+g.n, b)
		out = append(out, span{start: g.s + (lo - g.t), end: g.s + (hi - g.t)})
	}
	if len(out) < 2 {
		return out
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	merged := out[:1]
	for _, p := range out[1:] {
		last := &merged[len(merged)-1]
		if p.start <= last.end || onlyQuoting(src[last.end:p.start]) {
			last.end = max(last.end, p.end)
			continue
		}
		merged = append(merged, p)
	}
	return merged
}

// onlyQuoting reports a short gap between two pieces of one secret that
// holds nothing but quoting and concatenation syntax.
func onlyQuoting(gap string) bool {
	if len(gap) > 8 {
		return false
	}
	for i := 0; i < len(gap); i++ {
		switch c := gap[i]; c {
		case '\'', '"', '\\', '$', '{', '}', '+', '.', ' ':
		case '\n':
			if i == 0 || gap[i-1] != '\\' {
				return false // only a line continuation
			}
		default:
			if c < 0x80 { // a removed invisible character is non-ASCII
				return false
			}
		}
	}
	return true
}

// expanded reports whether any of the view bytes [a, b) came from a
// variable's value.
func (v *view) expanded(a, b int) bool {
	i := sort.Search(len(v.segs), func(i int) bool { return v.segs[i].t+v.segs[i].n > a })
	for ; i < len(v.segs) && v.segs[i].t < b; i++ {
		if v.segs[i].exp {
			return true
		}
	}
	return false
}

// gaps calls fn with every offset of buf[t0:t1] where consecutive bytes
// come from input bytes that are not adjacent: a removed quote, a decoded
// escape, a substituted variable.
func (v *view) gaps(t0, t1 int, fn func(at int)) {
	i := sort.Search(len(v.segs), func(i int) bool { return v.segs[i].t+v.segs[i].n > t0 })
	prevEnd, prevT := -1, -1
	for ; i < len(v.segs) && v.segs[i].t < t1; i++ {
		g := v.segs[i]
		if prevT >= 0 && (g.t != prevT || g.s != prevEnd || g.block || g.exp) && g.t > t0 {
			fn(g.t)
		}
		prevEnd, prevT = g.e, g.t+g.n
		if g.block || g.exp {
			prevEnd = -1 // whatever follows a decoded or substituted run is a gap
		}
	}
}

// truncate drops the view's bytes from n on.
func (v *view) truncate(n int) {
	v.buf = v.buf[:n]
	for len(v.segs) > 0 {
		g := &v.segs[len(v.segs)-1]
		if g.t >= n {
			v.segs = v.segs[:len(v.segs)-1]
			continue
		}
		if g.t+g.n > n {
			if g.block {
				v.segs = v.segs[:len(v.segs)-1]
				continue
			}
			g.e -= g.t + g.n - n
			g.n = n - g.t
		}
		break
	}
}
