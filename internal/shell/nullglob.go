package shell

import (
	"slices"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// nullglob: under shopt -s nullglob (bash -O nullglob, BASHOPTS, zsh's
// null_glob) a glob that matches nothing is removed from the command
// line, not kept as the word it is. A command is then run with fewer
// words than it was written with, and a program given no operand does
// what it does by default: cd goes home, grep -r, find, du and ls read
// ".", cat reads its input; an operand after the vanished one takes its
// place (a destination becomes a source), a word after a vanished
// command name becomes the command (red-team round 26, #a2).
//
// nullglob is shell state like the other glob options (globopts.go),
// merged across branches and taken to be on where the analysis cannot
// tell. Where it may be on, each glob word of a command is "this word, or
// no word": the command is analysed with every choice of its glob words
// removed (the subsets of at most maxNullGlobs words; past that, all or
// none, and opaque), each from the state before it, and their states
// merged. With none left, the command's prefix assignments are the
// shell's own (x=.env zz*: x is set). Where nullglob is off (bash's
// default) nothing changes.
//
// A redirection's file named by a glob is expanded too, and one that
// matches no file under nullglob, or more than one file (nullglob or
// not), is an "ambiguous redirect": bash does not run the command, so
// its cd and assignments may not happen (cd src 2>docs/zz*): such a
// statement is walked as a branch (globRedir).

// maxNullGlobs bounds the glob words whose every subset is analysed as
// removed (2^maxNullGlobs alternatives).
const maxNullGlobs = 4

// vanishing returns the indexes of the words of fs that may vanish as
// globs that match nothing under nullglob in sc (nil: none may).
func (a *analyzer) vanishing(fs []field, sc *scope) []int {
	if a.globsOn(sc)&globNull == 0 || sc.remote {
		return nil
	}
	var idx []int
	for i, f := range fs {
		if f.glob && !f.proc {
			idx = append(idx, i)
		}
	}
	return idx
}

// nullGlobCall analyses the command fs with each choice of its words at
// idx removed, each from the state in sc before it (run walks one), and
// leaves sc in the merge of their states. bare binds the command's
// prefix assignments in the shell, for the choice that leaves no word.
func (a *analyzer) nullGlobCall(fs []field, idx []int, sc *scope, run func([]field, *scope) error, bare func(*scope)) error {
	// the choice with all removed first: the state merged into is the
	// best known one, whose directory a relative path is judged in
	// (analyzer.path)
	masks := []uint{1<<len(idx) - 1, 0} // all removed, all kept
	if len(idx) <= maxNullGlobs {
		masks = masks[:0]
		for m := uint(1<<len(idx)) - 1; ; m-- {
			masks = append(masks, m)
			if m == 0 {
				break
			}
		}
	} else {
		a.opaque(progName(fs[0]), "more than "+strconv.Itoa(maxNullGlobs)+" glob words where shopt nullglob may be on: any of them may vanish")
	}
	return a.altCall(fs, idx, masks, "nullglob: ", sc, run, bare)
}

// altCall analyses the command fs once for each mask of masks, with the
// words at idx the mask's bits name removed (via names them), each from
// the state in sc before it, and leaves sc in the merge of their states.
func (a *analyzer) altCall(fs []field, idx []int, masks []uint, via string, sc *scope, run func([]field, *scope) error, bare func(*scope)) error {
	x := &altStates{a: a, sc: sc} // renames.go
	for _, m := range masks {
		sub := make([]field, 0, len(fs))
		for i, f := range fs {
			if k := slices.Index(idx, i); k < 0 || m&(1<<k) == 0 {
				sub = append(sub, f)
			}
		}
		why := ""
		if m != 0 {
			why = via + clip(removedWords(fs, idx, m))
		}
		if err := x.run(why, func(s *scope) error {
			if len(sub) == 0 {
				s.cmdEnv = nil
				bare(s)
				return nil
			}
			return run(sub, s)
		}); err != nil {
			return err
		}
	}
	sc.flowFrom(x.acc)
	return nil
}

// removedWords names the words of fs at idx the mask m removes.
func removedWords(fs []field, idx []int, m uint) string {
	var ws []string
	for k, i := range idx {
		if m&(1<<k) != 0 {
			ws = append(ws, fs[i].s)
		}
	}
	return strings.Join(ws, " ") + " matching nothing"
}

// globRedir reports whether a redirection of rs names its file with an
// unquoted glob (a here-document's delimiter is no file).
func globRedir(rs []*syntax.Redirect) bool {
	for _, r := range rs {
		if r.Word == nil || r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc || r.Op == syntax.WordHdoc {
			continue
		}
		for _, p := range r.Word.Parts {
			switch p := p.(type) {
			case *syntax.Lit:
				if hasGlobMeta(p.Value) {
					return true
				}
			case *syntax.ExtGlob:
				return true
			}
		}
	}
	return false
}
