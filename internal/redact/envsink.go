package redact

import "strings"

// Where an assignment finding of the probe text sits: an option's value
// (--password PROBE) or a program's environment (MYSQL_PWD=PROBE mysql),
// the two places the fail-closed pass (failclosed.go) counts a password
// or credential assignment as a sink.
//
// Red-team round 23 (b), #8: both tests walk from the finding to the
// ends of its shell word, and a word made of many assignments with no
// blank between them ($(token=$(token=…, `password=`password=…) has one
// finding per assignment, so each walk cost the rest of the word: 176 KB
// took a minute of the resident engine's CPU. sinkWords remembers the
// last stretch each walk crossed (a stretch holds no byte that stops the
// walk, so a walk that starts inside it ends where the stretch ends) and
// the verdict of each word start, so a word costs its length once
// however many findings it holds.

// sinkWords answers optionBefore and envSink for the findings of one
// probe text.
type sinkWords struct {
	line string
	// The walks: back over a word (blank or ;&|( stops), back over a
	// non-blank run (optionBefore), forward over a word (blank or ;&|)
	// stops).
	word, run, ahead stretch
	// The verdict of the last word start envSink judged (-1: none;
	// 0 not a sink, 1 a sink, 2 a sink when a command word follows)
	// and where that word's name ends.
	w, verdict, nameEnd int
	// The last word end whose following command word was judged.
	e       int
	follows int8
}

func newSinkWords(line string) sinkWords {
	return sinkWords{line: line, w: -1, e: -1}
}

// stretch is line[lo:hi], known to hold no stop byte of one walk and to
// be bounded by a stop byte (or the text's end) on the walk's far side.
type stretch struct {
	lo, hi int
	ok     bool
}

// back walks from at towards the text's start while stop is false of the
// byte before, and returns where it stopped.
func (m *stretch) back(line string, at int, stop func(byte) bool) int {
	if m.ok && m.lo <= at && at <= m.hi {
		return m.lo
	}
	w := at
	for w > 0 && !stop(line[w-1]) {
		if m.ok && w == m.hi {
			w = m.lo // the rest of the walk is the remembered stretch
			break
		}
		w--
	}
	m.lo, m.hi, m.ok = w, at, true
	return w
}

// ahead walks from at towards the text's end while stop is false of the
// byte, and returns where it stopped.
func (m *stretch) ahead(line string, at int, stop func(byte) bool) int {
	if m.ok && m.lo <= at && at <= m.hi {
		return m.hi
	}
	e := at
	for e < len(line) && !stop(line[e]) {
		if m.ok && e == m.lo {
			e = m.hi
			break
		}
		e++
	}
	m.lo, m.hi, m.ok = at, e, true
	return e
}

func wordStopBack(c byte) bool  { return isSpace(c) || c == ';' || c == '&' || c == '|' || c == '(' }
func wordStopAhead(c byte) bool { return isSpace(c) || c == ';' || c == '&' || c == '|' || c == ')' }

// optionBefore reports a finding at at that is an option's value
// (--password PROBE, --token=PROBE), not NAME=VALUE.
func (ws *sinkWords) optionBefore(at int) bool {
	line := ws.line
	i := at
	if i > 0 && (line[i-1] == '=' || line[i-1] == ':') {
		i = ws.run.back(line, i-1, isSpace)
		return i < at && line[i] == '-'
	}
	for i > 0 && (line[i-1] == ' ' || line[i-1] == '\t') {
		i--
	}
	j := ws.run.back(line, i, isSpace)
	return j < i && line[j] == '-'
}

// envSink reports a finding at at that is the value of NAME=VALUE given
// to a program's environment (red-team round 20, #23): a prefix before a
// command (MYSQL_PWD=$X mysql), or after export, env, declare -x,
// typeset, readonly, local.
func (ws *sinkWords) envSink(at int) bool {
	line := ws.line
	if at > 1 && line[at-1] == ' ' && line[at-2] == '=' {
		at-- // NAME="…": the probe sets a quoted value apart
	}
	w := ws.word.back(line, at, wordStopBack)
	if w == at {
		return false
	}
	if w != ws.w {
		ws.w, ws.verdict, ws.nameEnd = w, ws.judgeWord(w), nameEnd(line, w)
	}
	// NAME= before at (isAssignWord of line[w:at]).
	if n := ws.nameEnd; n == w || n >= at || line[n] != '=' || isDigit(line[w]) {
		return false
	}
	if ws.verdict < 2 {
		return ws.verdict == 1
	}
	// A prefix: a command word follows the assignment word(s).
	e := ws.ahead.ahead(line, at, wordStopAhead)
	if e != ws.e {
		f := e
		for f < len(line) && (line[f] == ' ' || line[f] == '\t') {
			f++
		}
		ws.e, ws.follows = e, b2i(f < len(line) && strings.IndexByte(";&|)\n#", line[f]) < 0)
	}
	return ws.follows == 1
}

// judgeWord judges the word before the assignment word starting at w:
// 1 a command that exports it (export, env, declare -x …), 0 another
// command's argument, 2 the start of a command or another assignment
// (a prefix when a command word follows).
func (ws *sinkWords) judgeWord(w int) int {
	line := ws.line
	p := w
	for p > 0 && (line[p-1] == ' ' || line[p-1] == '\t') {
		p--
	}
	q := p
	for q > 0 && !wordStopBack(line[q-1]) {
		q--
	}
	prev := line[q:p]
	for prev != "" && prev[0] == '-' && q > 0 {
		// declare -x, typeset -gx: the command before the options.
		p = q
		for p > 0 && (line[p-1] == ' ' || line[p-1] == '\t') {
			p--
		}
		q = p
		for q > 0 && !wordStopBack(line[q-1]) {
			q--
		}
		prev = line[q:p]
	}
	switch prev {
	case "export", "env", "declare", "typeset", "readonly", "local":
		return 1
	}
	if prev != "" && !isAssignWord(prev) {
		return 0
	}
	return 2
}

// nameEnd is the end of the run of name bytes (letters, digits, _) at w.
func nameEnd(line string, w int) int {
	for w < len(line) && (isAlnum(line[w]) || line[w] == '_') {
		w++
	}
	return w
}
