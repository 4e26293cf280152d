package shell

import "strings"

// Traps the line sets. A trap's text runs later than the trap builtin:
// EXIT at the end of the line, RETURN as a function or sourced file
// returns, DEBUG and ERR around other commands, a signal's at any time;
// each in the state of that moment, after assignments, locals and cds
// the line makes after the trap (red-team round 19, #5). The text is
// analysed where trap runs (trapBuiltin), and again:
//   - while a command's prefix assignments are in force (trapsInEnv,
//     red-team round 18, #7);
//   - at the end of each function body the analysis walks, in the body's
//     scope with its locals (RETURN; DEBUG and ERR inside it);
//   - at the end of the line, in its final state (EXIT), and in a state
//     where every name the line bound after the trap was set is not
//     known, and the cwd too when the line changed it since (any other
//     moment it may fire).
//
// The trap in force is kept per signal: a later trap of the same signal
// replaces it, trap - SIG and trap ” SIG remove it. Past maxTraps
// signals the line is opaque: no trap is dropped silently (red-team
// round 19, #4).

// trapDef is the trap in force for one signal.
type trapDef struct {
	sig  string // normalised (upper case, no SIG prefix); "" when not known
	text field
	seq  int32 // the line's binding number where it was set (varstore.go)
	cd   int32 // the binding number of the last cd where it was set
	// anyPoint: the signal fires at points not known (not EXIT); moves:
	// its handler changes the state where it fires; gen: the
	// definitions (defGen) when that was last found false (inshell.go)
	anyPoint, moves bool
	gen             int32
}

// maxTraps bounds the signals whose traps the analysis keeps.
const maxTraps = 16

// trapSig normalises a signal name as trap reads it.
func trapSig(f field) string {
	if f.dyn || f.glob {
		return ""
	}
	s := strings.ToUpper(f.s)
	return strings.TrimPrefix(s, "SIG")
}

// setTrap records text as the trap of each signal in sigs.
func (c *cmd) setTrap(text field, sigs []field) {
	a := c.a
	remove := !text.dyn && (text.s == "" || text.s == "-")
	for _, f := range sigs {
		sig := trapSig(f)
		i := -1
		for j := range a.traps {
			if sig != "" && a.traps[j].sig == sig {
				i = j
				break
			}
		}
		t := trapDef{sig: sig, text: text, seq: a.binds.seq, cd: c.sc.cdSeq, anyPoint: sig != "EXIT" && sig != "0", gen: -1}
		switch {
		case remove && i >= 0:
			a.traps = append(a.traps[:i], a.traps[i+1:]...)
		case remove:
		case i >= 0:
			a.traps[i] = t
		case len(a.traps) >= maxTraps:
			c.opaque("more traps than the analysis follows: the code they run later is not analysed")
		default:
			a.traps = append(a.traps, t)
		}
	}
}

// fireTraps analyses the text of every trap in force again in sc.
func (a *analyzer) fireTraps(sc *scope, via string) error {
	if len(a.traps) == 0 || a.inTrap {
		return nil
	}
	a.inTrap = true
	defer func() { a.inTrap = false }()
	for _, t := range a.traps {
		if t.text.dyn {
			continue // opaque where it was set
		}
		if err := a.reparse(t.text.s, sc, via, false); err != nil {
			return err
		}
	}
	return nil
}

// trapsAtEnd analyses the traps in force at the end of the line, each
// whose state changed since it was set: in the line's final state, and
// with what the line bound after it was set not known.
func (a *analyzer) trapsAtEnd(sc *scope) error {
	if len(a.traps) == 0 || a.inTrap {
		return nil
	}
	if err := a.trapsBefore(sc, nil); err != nil { // one may fire after the last command
		return err
	}
	a.inTrap = true
	defer func() { a.inTrap = false }()
	traps := append([]trapDef(nil), a.traps...)
	for _, t := range traps {
		var names []string
		for n, seq := range a.binds.bound {
			if seq > t.seq {
				names = append(names, n)
			}
		}
		moved := sc.cdSeq > t.cd
		if t.text.dyn || len(names) == 0 && !moved {
			continue // opaque where it was set, or analysed in this state
		}
		if err := a.reparse(t.text.s, sc, "trap (at the end of the line)", false); err != nil {
			return err
		}
		c := a.child(sc)
		for _, n := range names {
			c.setVar(n, "", false)
		}
		if moved {
			c.cwdKnown = false
			c.cwdMaybe = nil
		}
		if err := a.reparse(t.text.s, c, "trap (fired after later assignments)", false); err != nil {
			return err
		}
	}
	return nil
}
