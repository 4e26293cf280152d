package redact

import "strings"

// Red-team round 15 (#28): the command-line detectors read a program's
// first maxCLIArgs arguments with every reader (some of which look ahead
// from each argument), so 63 padding switches (unzip -q ×63 -P PW a.zip)
// used to put the password flag out of reach. Past the bound, the row's
// flags are still scanned, linearly, over the rest of the command; the
// words scanned that way are charged to one budget per command (a
// command naming many programs of the table scans its tail again for
// each). Once the budget is spent, the redactor cannot tell which word
// is a flag's value, and masks instead of keeping: every value given to
// an option in the rest of the command (--name=VALUE, -xVALUE after a
// table flag's letter, the word after an option).

// cliTail is the per-command state of the scan past the bound.
type cliTail struct {
	budget int
	masked bool
}

// flags scans sp's flags over all[maxCLIArgs-1:] (from the last word of
// the bounded part, whose value may be the first word past it).
func (ct *cliTail) flags(lx *shlex, sp *cliSpec, all []shtok, emit func(span)) {
	if len(all) <= maxCLIArgs {
		return
	}
	rest := all[maxCLIArgs-1:]
	for k, a := range rest {
		if a.op != "" {
			rest = rest[:k]
			break
		}
	}
	if ct.budget >= len(rest) {
		ct.budget -= len(rest)
		cliFlags(lx, sp, rest, emit)
		return
	}
	if !ct.masked {
		ct.masked = true
		cliMaskOptionValues(lx, rest, emit)
	}
}

// positional reads sp's positional arguments over the whole command
// when it runs past the bound (red-team round 16, #22: htpasswd -B ×100
// -b f u PW): within the budget, by the row's reader; past it, every
// word past the bound that is not an option is masked. False when the
// command is within the bound (the caller reads it).
func (ct *cliTail) positional(lx *shlex, sp *cliSpec, all []shtok, emit func(span)) bool {
	if len(all) <= maxCLIArgs {
		return false
	}
	for k, a := range all {
		if a.op != "" {
			all = all[:k]
			break
		}
	}
	if len(all) <= maxCLIArgs {
		return false
	}
	if ct.budget >= len(all) {
		ct.budget -= len(all)
		cliPositional(lx, sp, all, emit)
		return true
	}
	cliPositional(lx, sp, all[:maxCLIArgs], emit)
	for _, a := range all[maxCLIArgs:] {
		if w := lx.text(a); w != "" && w[0] != '-' {
			cliEmit(lx, a, 0, 0, ruleCLIFlag, emit)
		}
	}
	return true
}

// cliMaskRest masks the rest of a pipeline cut at the window (cut), to
// its end: the redactor did not read it, so every word of it, in every
// stage, is masked but those the fail-closed allow-list keeps
// (failclosedallow.go: a program the tables know, -x and known --name
// options, short words, references), whatever the table says of its
// program (red-team round 18, #28-#30: a shape rule's positional, a later
// stage's program, /p:PW, +p:PW). The words are the text's (split at
// blanks, from the start of the word the window cut), not the lexer's: a
// hit inside a quoted string lexes the rest with its quotes the wrong way
// round. A long here-document script cut at the window keeps its program
// names and short words only.
func cliMaskRest(lx *shlex, from, cut int, emitAll func(span)) {
	s := lx.src
	// Not read, so not known to be secrets: masked where they stand,
	// not searched for elsewhere.
	emit := func(sp span) {
		sp.local = true
		emitAll(sp)
	}
	// The end of the pipeline that was cut.
	lx.pos, lx.end = from, len(s)
	for lx.pos < len(s) {
		start := lx.pos
		lx.out.buf, lx.out.segs = lx.out.buf[:0], lx.out.segs[:0]
		lexPipeline(lx)
		if lx.pos > cut || lx.pos <= start {
			break
		}
	}
	a := min(cut, len(s))
	for a > from && !isSpace(s[a-1]) {
		a--
	}
	for _, sp := range literalWords(s[a:max(a, lx.pos)], true, true) {
		sp.start += a
		sp.end += a
		sp.id, sp.secret = ruleCLIFlag, s[sp.start:sp.end]
		emit(sp)
	}
}

// cliMaskOptionValues masks every value an option may be given in args:
// after "=" in an option word, the word after an option, and (round
// 16, #23) what follows the letter of a short option (-pPW, -Uu%PW:
// which letters take a value is what the redactor no longer knows).
func cliMaskOptionValues(lx *shlex, args []shtok, emit func(span)) {
	for j, a := range args {
		w := lx.text(a)
		if len(w) > 2 && w[0] == '-' && w[1] != '-' && !strings.Contains(w, "=") {
			cliEmit(lx, a, 2, 0, ruleCLIFlag, emit)
		}
		if len(w) < 2 || w[0] != '-' {
			if j > 0 && w != "" {
				if p := lx.text(args[j-1]); len(p) > 1 && p[0] == '-' && !strings.Contains(p, "=") {
					cliEmit(lx, a, 0, 0, ruleCLIFlag, emit)
				}
			}
			continue
		}
		if eq := strings.IndexByte(w, '='); eq > 0 {
			cliEmit(lx, a, eq+1, 0, ruleCLIFlag, emit)
		}
	}
}
