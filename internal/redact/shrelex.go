package redact

// Red-team round 15 (#22): the shell text eval and source run, as the
// view renders it ($'…' decoded, a printf format applied, what a
// substitution prints), binds names by every form the shell has, not
// only NAME=VALUE (round 14's bindText):
//
//	eval $'read X <<< PW'; …"$X"…          eval "$(printf 'set -- %s' PW)"; …"$1"…
//	source <(printf 'read X <<< %s\n' PW)   eval "$(printf 'for X in %s; do …"$X"…; done' PW)"
//
// The rendered text is lexed as a script of its own by a builder whose
// input is that text, with the current variables and positional
// parameters; everything it produces (the items of the view, the names
// it binds, the positional parameters it sets) is mapped back through
// the rendered text's own mapping to the input, so a secret found there
// is masked where it is written. One reader of shell, the builder's,
// serves the input and every text the shell makes of it.
//
// Coordinates: in the inner builder's views, an offset below base is a
// byte of the rendered text; one at or above base is the input byte
// offset-base (a variable's value copied in from the outer shell).

// relexRendered runs the shell text v in the current shell; false when
// the lexing budget does not allow it.
func (b *shBuilder) relexRendered(v *view) bool {
	lx := b.lx
	n := len(v.buf)
	if n == 0 {
		return false
	}
	if b.depth >= shCallDepth || b.relex+n > max(4096, len(lx.src)) {
		lx.giveUp() // round 16 (#21): text not judged (failclosed.go)
		return false
	}
	b.relex += n
	base := len(lx.src) + n + 1
	base = max(base, n+1)
	vars := make(map[string]shvar, len(lx.vars))
	for k, x := range lx.vars {
		vars[k] = shvar{v: shiftView(&x.v, base), loop: x.loop, ref: x.ref}
	}
	sub := &shBuilder{
		r:     b.r,
		lx:    &shlex{src: string(v.buf), pos: 0, end: n, out: &view{}, vars: vars, fail: lx.fail, budget: lx.budget, scan: lx.scan},
		v:     &view{},
		depth: b.depth + 1,
		relex: b.relex,
	}
	for _, p := range b.pos {
		sub.pos = append(sub.pos, shvar{v: shiftView(&p.v, base), loop: p.loop})
	}
	sub.run()
	lx.budget, lx.scan, b.relex = sub.lx.budget, sub.lx.scan, sub.relex
	// The view's items.
	off := b.v.len()
	composeView(b.v, sub.v, v, base)
	for _, it := range sub.items {
		it.t0 += off
		it.t1 += off
		if it.joinAt > 0 {
			it.joinAt += off
		}
		b.items = append(b.items, it)
	}
	// The names bound and the positional parameters.
	for k, x := range sub.lx.vars {
		var nv shvar
		composeView(&nv.v, &x.v, v, base)
		nv.loop, nv.ref = x.loop, x.ref
		lx.vars[k] = nv
	}
	for k := range lx.vars {
		if _, ok := sub.lx.vars[k]; !ok {
			delete(lx.vars, k) // unset in the text
		}
	}
	b.pos = b.pos[:0:0]
	for _, p := range sub.pos {
		var nv shvar
		composeView(&nv.v, &p.v, v, base)
		b.pos = append(b.pos, nv)
	}
	return true
}

// shiftView is a copy of w whose input offsets are moved up by base.
func shiftView(w *view, base int) view {
	out := view{buf: append([]byte(nil), w.buf...), segs: make([]seg, len(w.segs))}
	for i, g := range w.segs {
		g.s += base
		g.e += base
		out.segs[i] = g
	}
	return out
}

// composeView appends w to dst, mapping w's offsets below base through
// outer (the rendered text's view) and those at or above base to the
// input directly.
func composeView(dst, w *view, outer *view, base int) {
	shift := len(dst.buf)
	dst.buf = append(dst.buf, w.buf...)
	for _, g := range w.segs {
		if g.s >= base {
			g.t += shift
			g.s -= base
			g.e -= base
			dst.segs = append(dst.segs, g)
			continue
		}
		if g.block {
			lo, hi := -1, -1
			for _, o := range outerSegs(outer, g.s, g.e) {
				a, b := o.s, o.e
				if !o.block {
					a, b = o.s+(max(o.t, g.s)-o.t), o.s+(min(o.t+o.n, g.e)-o.t)
				}
				if lo < 0 || a < lo {
					lo = a
				}
				hi = max(hi, b)
			}
			if lo >= 0 {
				dst.segs = append(dst.segs, seg{t: g.t + shift, n: g.n, s: lo, e: hi, block: true, exp: g.exp})
			}
			continue
		}
		for _, o := range outerSegs(outer, g.s, g.e) {
			a, b := max(o.t, g.s), min(o.t+o.n, g.e)
			ng := seg{t: g.t + shift + (a - g.s), n: b - a, exp: g.exp || o.exp}
			if o.block {
				ng.s, ng.e, ng.block = o.s, o.e, true
			} else {
				ng.s = o.s + (a - o.t)
				ng.e = ng.s + (b - a)
			}
			dst.segs = append(dst.segs, ng)
		}
	}
}

// outerSegs are the segs of v overlapping v.buf[a:b].
func outerSegs(v *view, a, b int) []seg {
	i := 0
	for i < len(v.segs) && v.segs[i].t+v.segs[i].n <= a {
		i++
	}
	j := i
	for j < len(v.segs) && v.segs[j].t < b {
		j++
	}
	return v.segs[i:j]
}
