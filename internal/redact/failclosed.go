package redact

import (
	"sort"
	"strings"
)

// Red-team round 16 (#21-#30): fail closed.
//
// Rounds 13 to 16 each found one more way a literal reaches a password
// position the view did not follow (eval nested three deep, a script
// written and then run, a trap, a pipe, env -S, a budget spent). Chasing
// routes never ends, so the redactor now judges by the two ends instead:
//
//   - a secret sink (a password option, a positional password, a
//     --password-stdin or other stdin reader, an Authorization header, a
//     URL's or DSN's password) whose value is a reference ($X, ${X…},
//     $(…), `…`, $1, a pipe, xargs's appended words, %X%, $(X) and
//     ${{ env.X }} of other tools) means the secret comes from somewhere
//     else; every literal of the same input that could have reached it
//     is masked then: every word but those failclosedallow.go's
//     allow-list keeps (red-team round 18: known programs, reserved
//     words, -x and known --name options, short words, references);
//   - every place where the shell view gives up (the call depth, the
//     re-lexing budget, the expansion budgets) masks the same literals,
//     instead of keeping what it did not judge.
//
// A sink is found by the detectors themselves, over a probe text: the
// input with every quote and backslash removed (so a script inside
// quotes, at any depth, is plain command text) and every reference
// replaced by a random-looking probe word; a finding of a sink rule that
// covers a probe is an unresolved sink. Substitutions' own text is
// appended to the probe as lines of their own, so the probe is linear in
// the input. Lines with no reference in a sink stay as they are.

// ruleUnresolved is the rule ID of the literals masked by this file.
const ruleUnresolved = "unresolved-secret-source"

// probeWord stands for a value the line does not give: random enough
// for every entropy test, with no keyword of any rule in it.
const probeWord = "Zq7Vw3Kx9Rt2Ly5Mb8"

// sinkRules are the findings that make a probe a sink: a value given to
// a program's password position or standard input, a header, a URL's
// or logon's password. (The assignment rules count only for an option:
// --password PROBE, not DB_PASSWORD: $X in a config file.)
var sinkRules = map[string]bool{
	ruleCLIFlag: true, ruleCLIStdin: true, ruleAuthzHeader: true,
	"url-credentials": true, "oracle-logon": true,
	ruleAssignPassword: true, ruleAssignCred: true,
}

// shOutcome is what the shell view tells the fail-closed pass: whether
// it gave up somewhere, and the variables bound at the end.
type shOutcome struct {
	gaveUp bool
	vars   map[string]shvar
}

// probeRef is a probe word of the probe text: its offset, and the
// reference it stands for (kind 'n' a name, 'p' a positional parameter,
// 's' a command substitution, 'x' the words xargs appends, 'u' what a
// program the view does not know prints into a pipe).
type probeRef struct {
	at   int
	kind byte
	name string
}

// unresolvedSink reports a sink in s whose value is a reference that a
// literal of s could reach but the view did not resolve (found: the
// findings so far; nil oc: nothing is known of the view, every
// reference counts). all: every sink with a reference counts, whether a
// literal of s reaches it or not (a tree: its environment is elsewhere).
func (r *Redactor) unresolvedSink(s string, found []span, oc *shOutcome, all bool) bool {
	if !mayReference(s) && !mayFeed(s) {
		return false
	}
	probe, refs := sinkProbe(s)
	if len(refs) == 0 {
		return false
	}
	rc := &reach{s: s, found: found, oc: oc, names: map[string]bool{}, feeds: -1, computed: -1, multi: -1}
	ws := newSinkWords(probe)
	for _, sp := range r.probeSpans(probe) {
		if !sinkRules[sp.id] {
			continue
		}
		if (sp.id == ruleAssignPassword || sp.id == ruleAssignCred) && !ws.optionBefore(sp.start) && !ws.envSink(sp.start) {
			continue
		}
		// The probe words the finding covers.
		k := sort.Search(len(refs), func(i int) bool { return refs[i].at+len(probeWord) > sp.start })
		for ; k < len(refs) && refs[k].at < sp.end; k++ {
			if all || rc.reachable(refs[k]) {
				return true
			}
		}
	}
	return false
}

// reach answers reachable for the references of one input, each name
// and each whole-input test once (so that many references stay linear).
type reach struct {
	s               string
	found           []span
	oc              *shOutcome
	names           map[string]bool
	feeds, computed int8
	multi           int8
}

// many reports more than one command in the input (multiCommand, once).
func (rc *reach) many() bool {
	if rc.multi < 0 {
		rc.multi = b2i(multiCommand(rc.s))
	}
	return rc.multi == 1
}

// reachable reports whether a literal of s could have become the value
// of reference ref without the view resolving it.
func (rc *reach) reachable(ref probeRef) bool {
	switch ref.kind {
	case 'n':
		if v, ok := rc.names[ref.name]; ok {
			return v
		}
		var res bool
		if v, ok := rc.oc.lookup(ref.name); ok {
			// Bound by the view: resolved when what it holds is masked.
			res = !valueMasked(rc.s, &v.v, rc.found)
		} else {
			if rc.computed < 0 {
				rc.computed = b2i(computedBinding(rc.s))
			}
			// Red-team round 17 (#23): a name a builtin binds implicitly
			// (OPTARG, BASH_REMATCH, $_, REPLY …) is never spelled.
			// Red-team round 20: in a line of more than one command,
			// any name the view did not bind counts (aliases, hash,
			// BASH_ARGV0 and other routes no list holds). env(…) is the
			// environment of Tcl, Perl, Ruby.
			res = rc.computed == 1 || shellBound[ref.name] || nameWritten(rc.s, ref.name) ||
				rc.many() && ref.name != "env" && !pwshMasked(rc.s, ref.name, rc.found)

		}
		rc.names[ref.name] = res
		return res
	case 's':
		// What a substitution prints comes from the line when it reads
		// a pipe, a redirection or a file the line writes.
		if rc.feeds < 0 {
			rc.feeds = b2i(feedsText(rc.s))
		}
		// Red-team round 20: $(printf %s "$_") after another command;
		// not a secret store's own output ($(gh auth token)).
		return rc.feeds == 1 || rc.many() && !secretFetchers[ref.name]
	case 'u':
		// What a program the view does not know prints: a literal of
		// the line reaches it only through another command (touch PW;
		// ls | …), not the producer's own arguments.
		return otherCommand(rc.s)
	}
	return true // positional parameters, xargs's words
}

// pwshMasked reports a PowerShell assignment $NAME = VALUE in s whose
// value a finding covers: the name holds a masked value (the shell view
// reads no PowerShell).
func pwshMasked(s, name string, found []span) bool {
	if strings.Contains(s, markerPrefix) {
		found = append(found[:len(found):len(found)], findMarkers(s)...)
	}
	seen := false
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], "$"+name)
		if i < 0 {
			break
		}
		i += off
		off = i + 1 + len(name)
		j := off
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j >= len(s) || s[j] != '=' || j+1 < len(s) && s[j+1] == '=' {
			continue
		}
		j++
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		e := j
		for e < len(s) && s[e] != ';' && s[e] != '\n' {
			e++
		}
		a, b := trimQuoting(s, j, e)
		covered := false
		for _, f := range found {
			if f.start <= a && f.end >= b {
				covered = true
				break
			}
		}
		if a >= b || !covered {
			return false // every assignment of the name must be masked
		}
		seen = true
	}
	return seen
}

// substProgram is the program a substitution's text runs when the text
// holds no reference of its own ("" otherwise): $(gh auth token) is gh.
func substProgram(t string) string {
	if len(t) > 256 || strings.ContainsAny(t, "$`;&|<>\n") {
		return ""
	}
	return firstWord(strings.TrimLeft(t, " \t"))
}

// multiCommand reports more than one command in s that run in the same
// shell one after the other: a ';', a newline, '&&' or '&'. A pipe's
// stages run in subshells of their own, a redirection's '&' (2>&1, &>f)
// separates nothing.
func multiCommand(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ';', '\n':
			return true
		case '&':
			if (i == 0 || s[i-1] != '>' && s[i-1] != '<') && (i+1 == len(s) || s[i+1] != '>') {
				return true
			}
		}
	}
	return false
}

// otherCommand reports more than one command in s besides one pipe or
// process substitution: a separator, a substitution, a second pipe.
func otherCommand(s string) bool {
	if strings.ContainsAny(s, ";&\n`") || strings.Contains(s, "$(") {
		return true
	}
	return strings.Count(s, "|")+strings.Count(s, "<(") > 1
}

func b2i(b bool) int8 {
	if b {
		return 1
	}
	return 0
}

// lookup is a variable the view bound at the end, with a value.
func (oc *shOutcome) lookup(name string) (shvar, bool) {
	if oc == nil {
		return shvar{}, false
	}
	v, ok := oc.vars[name]
	return v, ok && len(v.v.buf) > 0
}

// valueMasked reports that every input byte range a variable's value
// comes from is covered by a finding (or is a marker already: Text is
// idempotent).
func valueMasked(s string, v *view, found []span) bool {
	if strings.Contains(s, markerPrefix) {
		found = append(found[:len(found):len(found)], findMarkers(s)...)
	}
	for _, p := range v.source(s, 0, v.len()) {
		if strings.ContainsAny(s[p.start:p.end], "$`") || s[p.start] == '~' && p.end > p.start+1 {
			// Red-team round 20 (#30): a reference's own text taken
			// as the value ($_ after : PW): not resolved.
			return false
		}
		covered := false
		for _, f := range found {
			if f.start < p.end && f.end > p.start {
				covered = true
				break
			}
		}
		if !covered {
			return false
		}
	}
	return true
}

// nameWritten reports NAME written in s other than as a reference
// ($NAME, ${NAME, %NAME%, env.NAME): where it may be bound (NAME=,
// read NAME, for NAME in, printf -v NAME, a nested eval's text).
func nameWritten(s, name string) bool {
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], name)
		if i < 0 {
			return false
		}
		i += off
		off = i + len(name)
		if i > 0 && (isAlnum(s[i-1]) || s[i-1] == '_') || off < len(s) && (isAlnum(s[off]) || s[off] == '_') {
			continue
		}
		if i > 0 && refBefore(s, i) {
			continue
		}
		return true
	}
	return false
}

// refBefore reports that the name at s[i:] is read, not written: $NAME,
// ${NAME, ${!NAME, %NAME%, env.NAME. A brace alone ({FD}<<< PW,
// red-team round 18, #27) binds the name.
func refBefore(s string, i int) bool {
	switch s[i-1] {
	case '$', '%', '.':
		return true
	case '{':
		return i >= 2 && s[i-2] == '$'
	case '!':
		return i >= 3 && s[i-3] == '$' && s[i-2] == '{'
	}
	return false
}

// computedBinding reports a binding whose name the line computes
// (eval "${A}B=…", printf -v "$N", read "$N", declare "$N=…").
func computedBinding(s string) bool {
	if strings.Contains(s, "}=") {
		return true
	}
	for _, w := range []string{"-v ", "read ", "declare ", "typeset ", "export ", "local ", "readonly "} {
		for off := 0; ; {
			i := strings.Index(s[off:], w)
			if i < 0 {
				break
			}
			off += i + len(w)
			if rest := strings.TrimLeft(s[off:], `\`); rest != "" && (rest[0] == '$' || rest[0] == '"' && len(rest) > 1 && rest[1] == '$') {
				return true
			}
		}
	}
	return false
}

// feedsText reports a pipe, a redirection, a here-string or document,
// tee or xargs in s: ways text of the line reaches a reader.
func feedsText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '|':
			if i+1 < len(s) && s[i+1] == '|' {
				i++
				continue
			}
			return true
		case '<', '>':
			if i+1 < len(s) && s[i+1] == '(' {
				continue // a process substitution: its own text
			}
			return true
		}
	}
	return strings.Contains(s, "tee") || strings.Contains(s, "xargs")
}

// mayReference is the cheap test before the probe: a byte that starts a
// reference, or xargs (which appends words the line does not show).
func mayReference(s string) bool {
	return strings.ContainsAny(s, "$`%") || strings.Contains(s, "xargs") || strings.Contains(s, "{{")
}

// mayFeed is the cheap test for a pipe or a process substitution, whose
// producer may print what the view does not know (red-team round 18, #26).
func mayFeed(s string) bool {
	return strings.IndexByte(s, '|') >= 0 || strings.Contains(s, "<(") || strings.Contains(s, ">(") || strings.Contains(s, "coproc") || strings.Contains(s, "~")
}

// unknownProducer reports a pipeline stage (its text before the pipe)
// whose program's output the view does not know: not echo, printf,
// yes or a filter passing its input on (whose own input is judged).
func unknownProducer(t string) bool {
	t = strings.TrimLeft(t, " \t\n{(!")
	for {
		w := firstWord(t)
		if w == "" {
			return false // a group's or a subshell's output: its commands are stages of their own
		}
		if isAssignWord(w) {
			t = strings.TrimLeft(t[len(w):], " \t")
			continue
		}
		if !isAlnum(w[0]) && w[0] != '/' && w[0] != '.' && w[0] != '_' {
			// A reference (probed as one), a quoted word or a marker: a
			// text read from the middle of a command (a later pass's
			// region), not a program's name.
			return false
		}
		n := progName(strings.Trim(w, `"'\`))
		return !litProducers[n] && !cliFilters[n]
	}
}

// templateRef is the length and name of a template reference at the
// start of s ({{ x }}, {{x}}, {{.X}}, {{ vars.x | filter }}, {{- x -}}),
// 0 when there is none.
func templateRef(s string) (int, string) {
	if !strings.HasPrefix(s, "{{") {
		return 0, ""
	}
	e := strings.Index(s[:min(len(s), 256)], "}}")
	if e < 0 {
		return 0, ""
	}
	inner := strings.Trim(s[2:e], " \t-")
	if k := strings.IndexAny(inner, "| \t("); k >= 0 {
		inner = inner[:k]
	}
	if k := strings.LastIndexByte(inner, '.'); k >= 0 {
		inner = inner[k+1:]
	}
	if !isIdent(inner) {
		return 0, ""
	}
	return e + 2, inner
}

// maxProbe bounds the probe text; past it the probe stops (what is left
// is judged by the rest of the redactor).
const maxProbe = 1 << 20

// sinkProbe builds the probe text of s and the offsets of its probe
// words (sorted).
func sinkProbe(s string) (string, []probeRef) { return sinkProbeWith(s, true) }

// sinkProbeWith is sinkProbe; bulk copies a run of bytes no case below
// reacts to at once (probeSpecial), which is only faster: without it
// every byte goes through the cases one by one, the reading the test
// compares the bulk copy with.
func sinkProbeWith(s string, bulk bool) (string, []probeRef) {
	var b strings.Builder
	b.Grow(len(s) + 64)
	var at []probeRef
	kind, name := byte('x'), ""
	var match bracketMap
	matched := false
	lastRef := -1
	probe := func() {
		at = append(at, probeRef{at: b.Len(), kind: kind, name: name})
		b.WriteString(probeWord)
		kind, name = 'x', ""
	}
	queue := []span{{start: 0, end: len(s)}}
	for q := 0; q < len(queue) && b.Len() < maxProbe; q++ {
		if q > 0 {
			b.WriteByte('\n')
		}
		a, e := queue[q].start, queue[q].end
		xargs := false
		stage, fed := a, coprocAt(s, a, e)
		fedKind := byte('x')
		for i := a; i < e; i++ {
			if bulk && !probeSpecial[s[i]] {
				// A run of bytes the switch below would copy one by one.
				j := i + 1
				for j < e && !probeSpecial[s[j]] {
					j++
				}
				b.WriteString(s[i:j])
				i = j - 1
				continue
			}
			c := s[i]
			if probeStage[c] {
				if fed && c != '(' && c != '{' {
					// Red-team round 18 (#26): what a program the view
					// does not know prints (ls: file names the line
					// made) is a value the line does not give: the
					// reader after the pipe reads a probe (a
					// here-string of it).
					b.WriteString(" <<< ")
					kind = fedKind
					probe()
					b.WriteByte(' ')
					fed = false
				}
				// A producer at the very start of the input runs before
				// any literal of it (and a later pass's region may start
				// in the middle of a command): only one after another
				// command counts.
				if c == '|' && (q > 0 || stage > a) && (i+1 >= e || s[i+1] != '|') && (i == a || s[i-1] != '|') && unknownProducer(s[stage:i]) {
					fed, fedKind = true, 'u'
				}
				stage = i + 1
				if coprocAt(s, i+1, e) {
					fed, fedKind = true, 'x'
				}
			}
			switch c {
			case '\'', '"':
				if i > a && s[i-1] == '=' && assignStart(s, a, i-1) {
					// NAME='…': the value may be a command run later
					// (C='mysql -p"$X"'; eval "$C"): its words stand apart.
					b.WriteByte(' ')
				}
				continue
			case '\\':
				continue
			case '{':
				// Red-team round 18 (#31): a template's reference
				// ({{ x }}, {{.X}}, {{ vars.x | quote }}).
				if n, tn := templateRef(s[i:e]); n > 0 {
					kind, name = 'n', tn
					probe()
					i += n - 1
					continue
				}
			case '<':
				if i+1 < e && s[i+1] == '(' {
					// Red-team round 18 (#26): < <(ls) prints what the
					// view does not know.
					b.WriteString("<(echo ")
					kind = 'u'
					probe()
					b.WriteString("; ")
					i++
					continue
				}
				if i+2 < e && s[i+1] == '&' && (s[i+2] == '$' || s[i+2] == '"' && i+3 < e && s[i+3] == '$') {
					// Red-team round 18 (#27): <&$FD, <&"${COPROC[0]}":
					// a descriptor held in a variable reads as data the
					// reference gives (a here-string of it).
					b.WriteString("<<< ")
					i++
					continue
				}
				if i+2 < e && s[i+1] == '<' && s[i+2] == '<' {
					// Red-team round 20 (#21): a here-string's operator
					// is lexed whole.
					b.WriteString("<<<")
					i += 2
					continue
				}
				if i+2 < e && s[i+1] == '&' && isDigit(s[i+2]) {
					// Red-team round 20 (#26): <&3 reads a descriptor
					// opened elsewhere: data the line does not show.
					b.WriteString("<<< ")
					probe()
					i += 2
					for i+1 < e && isDigit(s[i+1]) {
						i++
					}
					continue
				}
				if i+1 < e && s[i+1] == '<' {
					// A here-document's body is read as lines of commands
					// (a script written with cat > f <<EOF); red-team
					// round 20 (#22): when a reference may follow, the
					// command reads a probe too.
					if lastRef < 0 {
						lastRef = max(strings.LastIndexAny(s, "$`"), 0)
					}
					if lastRef > i {
						b.WriteString("<<< ")
						probe()
						b.WriteByte(' ')
					}
					b.WriteString("< ")
					i++
					continue
				}
				fallthrough
			case '|', ';', '&', '\n', '>', ')':
				if c == '>' && i+1 < e && s[i+1] == '(' {
					// Red-team round 20 (#25, #26): a reader inside
					// >(…) reads what the line writes to it (now or
					// through a descriptor later): it reads a probe.
					if xargs {
						b.WriteByte(' ')
						probe()
						b.WriteByte(' ')
						xargs = false
					}
					b.WriteString(">(")
					i++
					fed, fedKind = true, 'x'
					continue
				}
				if xargs {
					// xargs appends the words it reads to its command.
					b.WriteByte(' ')
					probe()
					b.WriteByte(' ')
					xargs = false
				}
			case '`':
				close := strings.IndexByte(s[i+1:e], '`')
				kind = 's'
				probe()
				if close >= 0 {
					// Its text is read as lines of its own; an unclosed
					// one is read on in place (each byte once).
					queue = append(queue, span{start: i + 1, end: i + 1 + close})
					i += 1 + close
				}
				continue
			case '%':
				if n := pctRef(s[i:e]); n > 0 {
					kind, name = 'n', s[i+1:i+n-1]
					probe()
					i += n - 1
					continue
				}
			case '$':
				if i+1 >= e {
					break
				}
				switch d := s[i+1]; {
				case d == '\'' || d == '"':
					continue // $'…', $"…": a quoted string
				case d == '(' || d == '{':
					if !matched {
						match, matched = brackets(s), true
					}
					m := match.closer(i + 1)
					if m <= i+1 || m >= e {
						kind = 's'
						probe()
						i++ // unclosed: read on in place
						continue
					}
					kind, name = refKind(s[i+1 : m+1])
					if kind == 's' {
						name = substProgram(s[i+2 : m])
					}
					probe()
					queue = append(queue, span{start: i + 2, end: m})
					i = m
					continue
				case isAlnum(d) || d == '_' || strings.IndexByte("@*#?!-$", d) >= 0:
					j := i + 2
					kind = 'p'
					if isAlnum(d) || d == '_' {
						for j < e && (isAlnum(s[j]) || s[j] == '_') {
							j++
						}
						if !isDigit(d) {
							kind, name = 'n', s[i+1:j]
						}
					}
					probe()
					i = j - 1
					continue
				}
			case '~':
				// Red-team round 20 (#28): ~+, ~-, ~N are $PWD, $OLDPWD
				// and the directory stack.
				if n, tn := tildeRef(s, i, e); n > 0 {
					kind, name = 'n', tn
					probe()
					i += n - 1
					continue
				}
			case 'x':
				if strings.HasPrefix(s[i:e], "xargs") && (i == a || !isWordByte(s[i-1])) && (i+5 == e || !isWordByte(s[i+5])) {
					xargs = true
				}
			}
			b.WriteByte(c)
		}
		if xargs {
			b.WriteByte(' ')
			probe()
		}
		if fed {
			b.WriteString(" <<< ")
			kind = fedKind
			probe()
		}
	}
	return b.String(), at
}

// probeSpecial are the bytes sinkProbe's loop handles: the switch's and
// the stage bounds' ("|;&\n(){}", round 18's #26; '{' starts a template
// reference, #31). Every other byte is copied as it is. A byte handled
// above but missing here is copied unseen (TestSinkProbeMatchesReference).
var probeSpecial = func() (t [256]bool) {
	for _, c := range []byte("'\"\\<|;&\n>(){}`%$x~") {
		t[c] = true
	}
	return t
}()

// probeStage are the bytes that end a pipeline stage for round 18's #26.
var probeStage = func() (t [256]bool) {
	for _, c := range []byte("|;&\n(){}") {
		t[c] = true
	}
	return t
}()

// coprocAt reports a coproc command at s[i:e] (blanks first): red-team
// round 20 (#26), a coprocess reads what the line writes to its
// descriptor later, so it reads a probe.
func coprocAt(s string, i, e int) bool {
	for i < e && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return strings.HasPrefix(s[i:e], "coproc") && (i+6 == e || !isWordByte(s[i+6]))
}

// tildeRef is the length and name of a tilde prefix at s[i] (a word's
// start, or after '=' or ':'): ~+ PWD, ~- OLDPWD, ~N, ~+N, ~-N
// DIRSTACK; 0 when there is none.
func tildeRef(s string, i, e int) (int, string) {
	if i > 0 && !isSpace(s[i-1]) && strings.IndexByte("=:;&|(", s[i-1]) < 0 {
		return 0, ""
	}
	j := i + 1
	name := "DIRSTACK"
	if j < e && (s[j] == '+' || s[j] == '-') {
		name = map[byte]string{'+': "PWD", '-': "OLDPWD"}[s[j]]
		j++
	}
	k := j
	for k < e && isDigit(s[k]) {
		k++
	}
	if k > j {
		name = "DIRSTACK"
	} else if j == i+1 {
		return 0, "" // ~ or ~user: a home directory
	}
	if k < e && !isSpace(s[k]) && strings.IndexByte("/:;&|)'\"", s[k]) < 0 {
		return 0, ""
	}
	return k - i, name
}

// assignStart reports that s[a:eq] ends with a NAME at the start of a
// word (NAME=…).
func assignStart(s string, a, eq int) bool {
	k := eq
	for k > a && (isAlnum(s[k-1]) || s[k-1] == '_') {
		k--
	}
	return k < eq && !isDigit(s[k]) && (k == a || isSpace(s[k-1]) || strings.IndexByte(";&|('\"", s[k-1]) >= 0)
}

// refKind classifies a bracketed reference (its text from the opening
// bracket on): ${NAME…}, ${{ env.NAME }}, ${env:NAME} and $(NAME) (a
// tree's syntax) name NAME; ${1}, ${@} are positional; $(…) a
// substitution.
func refKind(t string) (byte, string) {
	if t[0] == '(' && len(t) > 258 {
		return 's', "" // $(NAME) of a tree is a short name: a command
	}
	inner := strings.Trim(t, "{}() \t")
	if t[0] == '{' && strings.HasPrefix(inner, "!") {
		// ${!X}, ${!P*}, ${!A[@]}: an indirection, or the names and
		// keys themselves (red-team round 18, #22): what it reads the
		// view does not follow.
		return 'p', ""
	}
	if k := strings.LastIndexAny(inner, ".:"); k >= 0 && t[0] == '{' && refPath(inner[:k]) {
		inner = inner[k+1:]
	}
	inner = strings.TrimLeft(inner, "!#")
	n := 0
	for n < len(inner) && (isAlnum(inner[n]) || inner[n] == '_') {
		n++
	}
	switch {
	case n > 0 && !isDigit(inner[0]) && (t[0] == '{' || n == len(inner)):
		return 'n', inner[:n]
	case t[0] == '{':
		return 'p', ""
	}
	return 's', ""
}

// refPath reports the path before a reference's last name (env. in
// ${{ env.X }}, env: in ${env:X}), not an operator's operand (${_%.txt}).
func refPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; !isAlnum(c) && c != '_' && c != '.' && c != ':' && c != ' ' && c != '{' {
			return false
		}
	}
	return true
}

// bracketMap holds, for every ( and { of a text in offset order, the
// offset of the bracket closing it (-1 when none does). It is sparse: a
// dense table of the input's length cost more than the probe itself
// (4 bytes a byte to clear and collect).
type bracketMap []bracketPair

type bracketPair struct{ open, close int32 }

// closer is the offset of the bracket closing the opener at i, -1 when
// none does or i is no opener.
func (m bracketMap) closer(i int) int {
	k := sort.Search(len(m), func(k int) bool { return int(m[k].open) >= i })
	if k < len(m) && int(m[k].open) == i {
		return int(m[k].close)
	}
	return -1
}

// brackets maps the offset of every ( and { of s to the offset of the
// bracket closing it (-1 when none does), in one pass with a stack.
func brackets(s string) bracketMap {
	var m bracketMap
	var stack []int32 // indexes into m
	for i := 0; i < len(s); i++ {
		for i < len(s) && !isBracket[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		switch s[i] {
		case '(', '{':
			stack = append(stack, int32(len(m)))
			m = append(m, bracketPair{open: int32(i), close: -1})
		case ')', '}':
			open := byte('(')
			if s[i] == '}' {
				open = '{'
			}
			// Unwind to the matching opener; openers of the other kind
			// left open stay unmatched.
			for k := len(stack) - 1; k >= 0; k-- {
				if p := &m[stack[k]]; s[p.open] == open {
					p.close = int32(i)
					stack = stack[:k]
					break
				}
				if len(stack)-k > 64 {
					break
				}
			}
		}
	}
	return m
}

// isBracket marks ( ) { }.
var isBracket = [256]bool{'(': true, ')': true, '{': true, '}': true}

// pctRef is the length of a %NAME% reference (cmd.exe) at the start of
// s, 0 when there is none.
func pctRef(s string) int {
	j := 1
	for j < len(s) && j < 64 && (isAlnum(s[j]) || s[j] == '_') {
		j++
	}
	if j > 1 && j < len(s) && s[j] == '%' && !isDigit(s[1]) {
		return j + 1
	}
	return 0
}

// litSep ends a word for literalSpans.
func litSep(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ';', '|', '&', '<', '>', '(', ')', '{', '}', '`':
		return true
	}
	return false
}

// trimQuoting narrows s[a:b] to what lies between its leading and
// trailing quotes and backslashes.
func trimQuoting(s string, a, b int) (int, int) {
	for a < b && (s[a] == '\'' || s[a] == '"' || s[a] == '\\' || s[a] == '$' && a+1 < b && (s[a+1] == '\'' || s[a+1] == '"')) {
		a++
	}
	for b > a && (s[b-1] == '\'' || s[b-1] == '"' || s[b-1] == '\\') {
		b--
	}
	return a, b
}

// isReference reports a word that is only a reference ($X, ${X}, $1).
func isReference(w string) bool {
	if len(w) < 2 || w[0] != '$' {
		return false
	}
	n := w[1:]
	if n[0] == '{' && n[len(n)-1] == '}' {
		n = n[1 : len(n)-1]
	}
	return isIdent(n) || len(n) == 1 && strings.IndexByte("0123456789@*#?!-$", n[0]) >= 0
}

// litKeep reports a word that names a program or a shell word.
func litKeep(w string) bool {
	if litReserved[w] || litPrograms[w] {
		return true
	}
	p := progName(w)
	return litPrograms[p] || len(cliSpecs(p)) > 0 || shShells[p]
}

// failClosedSpans masks the literals of s when s has an unresolved sink
// or the shell view gave up on it (found: the findings so far).
func (r *Redactor) failClosedSpans(s string, found []span, oc *shOutcome) []span {
	if !r.enabled[ruleUnresolved] {
		return nil
	}
	sink := r.unresolvedSink(s, found, oc, false)
	if !oc.gaveUp && !sink {
		return nil
	}
	out := literalWords(s, false, !sink)
	for i := range out {
		out[i].secret = s[out[i].start:out[i].end]
	}
	return out
}
