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

// cliMaskOptionValues masks every value an option may be given in args:
// after "=" in an option word, and the word after an option.
func cliMaskOptionValues(lx *shlex, args []shtok, emit func(span)) {
	for j, a := range args {
		w := lx.text(a)
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
