package shell

import (
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Two set options change what a command's words expand to (red-team round
// 28, #2, and the same kind found while fixing it). With brace expansion
// off (set +B, set +o braceexpand, shopt -uo braceexpand, bash +B, bash
// +o braceexpand) src/{a,b} is one word, a directory of that name mkdir
// -p makes and cd enters; with noglob on (set -f, set -o noglob, bash -f,
// bash -o noglob, and an exported SHELLOPTS that carries noglob into a
// child bash) a glob is the literal word it is written as: cd src/l* enters
// a directory named "l*" where the glob would have matched two names and
// cd failed. Either way a relative path after it is judged in a directory
// the analysis did not follow. Verified with bash 5.2.
//
// Both are shell state kept like the glob options (globopts.go), merged
// across branches, set for the rest of the line where the option changes
// out of the analysis's sight (eval, a function) or by an option not known
// statically (set -o "$x", set "$x"). A new bash starts with brace
// expansion on (where the parent's was off, the child is judged both
// ways: a file it sources at startup, BASH_ENV, may turn it off again),
// and with noglob only where an exported SHELLOPTS carries it; then its
// own option words apply (expandOptsShell).
//
// Where an option is surely in effect, a simple command's words are read
// its way; where it may be, a command whose words read differently is
// analysed once per reading, each from the state before it, and the
// states merged (altStates, renames.go): the words as expanded today,
// without brace expansion, and each of those with its globs literal.
// The items of a for or select loop are the union of the readings; an
// array whose elements read differently is not known.
// Substitutions in the words are walked again for a reading, as
// defaultFields does, and recorded once.

// Each option has two bits: optNoBrace (brace expansion may be off) with
// optBraceBoth (it may be on as well), optNoGlob (noglob may be on) with
// optGlobBoth (it may be off as well). The first alone is "surely": set
// +B at the top of the line leaves only the reading without braces. A
// merge of states that differ in the first sets the second (bothWays);
// a change out of the analysis's sight, or by an option not known, sets
// both.

// setExpandOption turns braceexpand or noglob on or off in sc (set -B/+B,
// set -f/+f and their -o names).
func (a *analyzer) setExpandOption(sc *scope, name string, on bool) {
	flag, both := optNoGlob, optGlobBoth
	if name == "braceexpand" {
		flag, both, on = optNoBrace, optBraceBoth, !on // the bit is "brace expansion off"
	}
	if sc.reparse > 0 || sc.funcBody {
		// a function or eval that may not run: either, from here on
		a.enableGlobs(sc, flag|both)
		return
	}
	sc.globs &^= flag | both
	if on {
		sc.globs |= flag
	}
}

// bothWays is the "may be either" bits of the merge of two states whose
// expansion options are x and y.
func bothWays(x, y globFlags) globFlags {
	var f globFlags
	if (x^y)&optNoBrace != 0 {
		f |= optBraceBoth
	}
	if (x^y)&optNoGlob != 0 {
		f |= optGlobBoth
	}
	return f
}

// expandOptsShell sets the expansion options of the code a bash runs
// from its option words (args up to its first operand): a new bash
// starts with brace expansion on, and with noglob where an exported
// SHELLOPTS carries it (shellopts.go); then -B/+B, -f/+f, -o/+o
// braceexpand or noglob apply, a word not known statically either way.
func (a *analyzer) expandOptsShell(sc *scope, args []field) {
	if sc.globs&optNoBrace != 0 {
		sc.globs |= optBraceBoth // (the parent's: the child's own is on)
	}
	switch e := sc.shellOptsExported(); {
	case e == 0:
		sc.globs &^= optNoGlob | optGlobBoth
	case e != expSure && sc.globs&optNoGlob != 0:
		sc.globs |= optGlobBoth
	}
	set := func(name string, on bool) {
		flag, both := optNoGlob, optGlobBoth
		if name == "braceexpand" {
			flag, both, on = optNoBrace, optBraceBoth, !on
		}
		sc.globs &^= flag | both
		if on {
			sc.globs |= flag
		}
	}
	for i := 0; i < len(args); i++ {
		f := args[i]
		if f.dyn {
			sc.globs |= optNoBrace | optNoGlob | optBraceBoth | optGlobBoth
			return
		}
		s := f.s
		if len(s) < 2 || s[0] != '-' && s[0] != '+' || s == "--" {
			return // the first operand
		}
		if strings.HasPrefix(s, "--") {
			if s == "--rcfile" || s == "--init-file" || s == "--emulate" {
				i++
			}
			continue
		}
		on := s[0] == '-'
		for _, ch := range s[1:] {
			switch ch {
			case 'B':
				set("braceexpand", on)
			case 'f':
				set("noglob", on)
			case 'o', 'O':
				if i+1 >= len(args) {
					return
				}
				i++
				switch n := args[i]; {
				case ch == 'O':
				case n.dyn:
					sc.globs |= optNoBrace | optNoGlob | optBraceBoth | optGlobBoth
				case n.s == "braceexpand" || n.s == "noglob":
					set(n.s, on)
				}
			}
		}
	}
}

// noBraceFields is words (expanded as fs, with brace expansion) expanded
// without brace expansion, where it may be off in sc and that reads
// differently; nil otherwise.
func (a *analyzer) noBraceFields(words []*syntax.Word, fs []field, sc *scope) ([]field, error) {
	if a.globsOn(sc)&optNoBrace == 0 || !hasBraceExp(words) {
		return nil, nil
	}
	n := len(a.res.Commands)
	alt, err := a.fields(words, sc, false)
	// the substitutions walked again were recorded the first time
	a.res.Commands = a.res.Commands[:n]
	if err != nil || sameFields(alt, fs) {
		return nil, err
	}
	return alt, nil
}

// hasBraceExp reports whether a word of words holds a brace expansion
// (split into BraceExp parts by the expansion with braces).
func hasBraceExp(words []*syntax.Word) bool {
	for _, w := range words {
		for _, p := range w.Parts {
			if _, ok := p.(*syntax.BraceExp); ok {
				return true
			}
		}
	}
	return false
}

// literalGlobs is fs with its globs literal words, where noglob may be on
// in sc and fs has a glob; nil otherwise.
func (a *analyzer) literalGlobs(fs []field, sc *scope) []field {
	if a.globsOn(sc)&optNoGlob == 0 || !slices.ContainsFunc(fs, isGlobWord) {
		return nil
	}
	out := slices.Clone(fs)
	for i := range out {
		if isGlobWord(out[i]) {
			out[i].glob = false
		}
	}
	return out
}

// isGlobWord reports whether f is a word pathname expansion applies to.
func isGlobWord(f field) bool { return f.glob && !f.proc }

// expandReadings returns the readings of a command's words (fs, as
// expanded with braces and globs) under the options that may be in effect
// in sc, with what names each: fs first where it is one; nil where fs is
// the only one.
func (a *analyzer) expandReadings(words []*syntax.Word, fs []field, sc *scope) ([][]field, []string, error) {
	nb, err := a.noBraceFields(words, fs, sc)
	if err != nil {
		return nil, nil, err
	}
	on := a.globsOn(sc)
	alts, vias := [][]field{fs}, []string{""}
	if nb != nil {
		alts, vias = append(alts, nb), append(vias, "set +B: no brace expansion")
		if on&optBraceBoth == 0 {
			alts, vias = alts[1:], vias[1:] // surely off
		}
	}
	for i, n := 0, len(alts); i < n; i++ {
		if lit := a.literalGlobs(alts[i], sc); lit != nil {
			if on&optGlobBoth == 0 {
				alts[i] = lit // surely on
				continue
			}
			alts, vias = append(alts, lit), append(vias, "set -f: globs are literal words")
		}
	}
	if len(alts) == 1 && vias[0] == "" && sameFields(alts[0], fs) && sameGlobs(alts[0], fs) {
		return nil, nil, nil
	}
	return alts, vias, nil
}

// sameGlobs reports whether two expansions of the same words have the
// same glob words.
func sameGlobs(a, b []field) bool {
	for i := range a {
		if a[i].glob != b[i].glob {
			return false
		}
	}
	return true
}

// eachReading analyses the command once per reading of its words (run
// walks one), each from the state in sc before it, and leaves sc in the
// merge of their states; the first reading's is the best known one.
func (a *analyzer) eachReading(alts [][]field, vias []string, sc *scope, run func([]field, *scope) error) error {
	x := &altStates{a: a, sc: sc} // renames.go
	for i, fs := range alts {
		if err := x.run(vias[i], func(s *scope) error { return run(fs, s) }); err != nil {
			return err
		}
	}
	sc.flowFrom(x.acc)
	return nil
}

// itemFields expands the items of a for or select loop: the union of
// their readings (expandReadings). first is how many come from the first
// reading, which alone tells whether the loop surely runs.
func (a *analyzer) itemFields(words []*syntax.Word, sc *scope) (fs []field, first int, err error) {
	if fs, err = a.fields(words, sc, true); err != nil {
		return nil, 0, err
	}
	alts, _, err := a.expandReadings(words, fs, sc)
	if err != nil {
		return nil, 0, err
	}
	if alts == nil {
		return fs, len(fs), nil
	}
	fs = nil
	for _, alt := range alts {
		fs = append(fs, alt...)
	}
	return fs, len(alts[0]), nil
}

// braceText adds the brace expansion x to b as bash reads it with brace
// expansion off: the braces and separators as written, the elements'
// own expansions done ({$a,b} is "{" $a ",b}"). The parser's split
// nodes carry no source positions to print back.
func (a *analyzer) braceText(b *builder, x *syntax.BraceExp, sc *scope, quoted bool) error {
	sep := ","
	if x.Sequence {
		sep = ".."
	}
	b.add("{")
	for i, el := range x.Elems {
		if i > 0 {
			b.add(sep)
		}
		if err := a.parts(b, el.Parts, sc, quoted, false); err != nil {
			return err
		}
	}
	b.add("}")
	return nil
}
