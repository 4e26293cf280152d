package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Shell dialects. A line is parsed as bash reads it, but the shell that
// runs it may be another: zsh (the default shell of macOS, which agents
// that run the user's $SHELL use, and Codex's exec_command shell:zsh),
// or a POSIX sh with no bash extensions (dash and busybox ash, the
// /bin/sh of Debian, Ubuntu and Alpine, under sh -c). Where such a shell
// reads a construct bash parses as something else and runs code, the
// analysis reads it both ways and the strictest reading wins:
//
//   - zsh's glob qualifiers: PATTERN(QUALIFIERS) at the end of a glob
//     word runs the code of an e qualifier (e:CODE:, e{CODE}) and the
//     command a + qualifier names (+NAME, o+NAME) for each name the
//     pattern matches; bash parses the word as an extended glob. Such a
//     word is opaque, and the code it names is analysed (zshGlobQual);
//   - ((WORD)) is arithmetic to bash, two nested subshells running WORD
//     to a shell of noArithShells: under those (sh -c, dash -c, busybox
//     sh -c, sh SCRIPT) its text is also analysed as ( (WORD) )
//     (dashArith).
//
// zsh's other code-running forms do not parse as bash and are denied
// as unparsable: =(…) process substitution, ${(e)…} parameter flags,
// short loops (for x (…) CMD). Its precommand modifiers (noglob,
// nocorrect, -) and repeat N CMD are wrappers (wrappers.go).

// noArithShells are shells with no (( )) command: they read ((WORD)) as
// ( (WORD) ). sh is one: which shell it is depends on the machine.
var noArithShells = map[string]bool{
	"sh": true, "dash": true, "ash": true, "hush": true, "posh": true,
	"bosh": true, "jsh": true, "msh": true, "yash": true,
}

// noArithShell reports whether the shell n (a name isShell accepts) may
// read ((WORD)) as nested subshells.
func noArithShell(n string) bool {
	for i := min(len(n), 8); i >= 2; i-- {
		if noArithShells[n[:i]] {
			return i == len(n) || !isLetter(n[i])
		}
	}
	return false
}

// dashArith analyses the ((…)) command x as a shell of noArithShells
// runs it: as two nested subshells. Text that does not parse that way
// is a syntax error to that shell too, and runs nothing.
func (a *analyzer) dashArith(x *syntax.ArithmCmd, sc *scope) error {
	t := a.source(sc, x)
	if len(t) < 4 || !strings.HasPrefix(t, "((") || !strings.HasSuffix(t, "))") {
		return nil
	}
	code := "( (" + t[2:len(t)-2] + ") )"
	if !a.parses(code) {
		return nil
	}
	return a.reparse(code, sc, "sh ((…)) (nested subshells to dash and ash)", false)
}

// zshGlobQual analyses the extended glob x as zsh reads it: the text in
// its parentheses as glob qualifiers. Code they run makes the word
// opaque, and is analysed as the command line it is.
func (a *analyzer) zshGlobQual(x *syntax.ExtGlob, sc *scope) error {
	if x.Pattern == nil {
		return nil
	}
	if mayZsh(sc.dialect) && strings.ContainsRune(x.Pattern.Value, 'N') {
		// the N qualifier is NULL_GLOB for this pattern: the word may
		// vanish (taken to be on for the scope: nullglob.go)
		a.enableGlobs(sc, globNull)
	}
	codes, runs := zshQualCode(x.Pattern.Value)
	if !runs {
		return nil
	}
	w := x.Op.String() + x.Pattern.Value + ")"
	a.opaque(clip(w), "zsh reads (…) after a glob as qualifiers: e:CODE: and +NAME run code for each name the pattern matches")
	for _, c := range codes {
		if c.cmd {
			if validName(c.s) || strings.ContainsAny(c.s, "-.:") && !strings.ContainsAny(c.s, " \t\n;&|<>()$`'\"\\") {
				if err := a.reparse(c.s, sc, "zsh glob qualifier +", false); err != nil {
					return err
				}
			}
			continue
		}
		// zsh evaluates the qualifier's text as code, its quotes removed:
		// what eval does with the words.
		code := "eval " + c.s
		if a.parses(code) {
			if err := a.reparse(code, sc, "zsh glob qualifier e", false); err != nil {
				return err
			}
		}
	}
	return nil
}

// zshCode is a piece of code a glob qualifier list runs: s is shell
// code (e:s:), or the name of a command or function (+s) when cmd.
type zshCode struct {
	s   string
	cmd bool
}

// zshQualArg are the qualifiers that take a number or a delimited
// argument that is no code (u:NAME:, g:NAME:, P:TEXT:, f:SPEC:, d DEV).
const zshQualArg = "ugPfd"

// zshQualPlain are the characters of the qualifiers that run no code
// and take no delimited argument (file types and permissions, sorting,
// time and size units, signs and digits, N D n M T F Y, ^ -).
const zshQualPlain = "/.@=p*%rwxAIERWXsStUGamcLlMTNDnYFoO^-+0123456789,"

// zshQualUnits are the units the qualifiers that take an amount may name
// next: L's sizes, a m c's times, % 's device kinds.
var zshQualUnits = map[byte]string{'L': "kKmMpP", 'a': "Mwhms", 'm': "Mwhms", 'c': "Mwhms", '%': "bc"}

// zshQualCode returns the code the glob qualifier list q runs (the text
// between the parentheses of PATTERN(q)); runs reports that it runs
// code. A character that is no qualifier ends the scan: zsh refuses the
// list (or reads the parentheses as a group) and runs nothing.
func zshQualCode(q string) (codes []zshCode, runs bool) {
	q = strings.TrimPrefix(q, "#q") // EXTENDED_GLOB's (#q…) form
	for i := 0; i < len(q); {
		ch := q[i]
		switch {
		case ch == 'e':
			body, n := zshDelimited(q[i+1:])
			codes, runs = append(codes, zshCode{s: body}), true
			i += 1 + n
		case ch == '+' && i+1 < len(q) && !(q[i+1] >= '0' && q[i+1] <= '9'):
			j := i + 1
			for j < len(q) && !strings.ContainsRune("():[]|", rune(q[j])) {
				j++
			}
			codes, runs = append(codes, zshCode{s: q[i+1 : j], cmd: true}), true
			i = j
		case strings.IndexByte(zshQualArg, ch) >= 0 && i+1 < len(q) && zshDelim(q[i+1]):
			_, n := zshDelimited(q[i+1:])
			i += 1 + n
		case ch == '[':
			j := strings.IndexByte(q[i:], ']')
			if j < 0 {
				return codes, runs
			}
			i += j + 1
		case ch == ':': // history modifiers (:t, :s/x/y/): no code
			return codes, runs
		case strings.IndexByte(zshQualPlain, ch) >= 0 || strings.IndexByte(zshQualArg, ch) >= 0:
			i++
			if u := zshQualUnits[ch]; u != "" && i < len(q) && strings.IndexByte(u, q[i]) >= 0 {
				i++
			}
		default:
			return codes, runs
		}
	}
	return codes, runs
}

// zshDelim reports whether c delimits a qualifier's argument: any
// character that is no letter, digit or sign.
func zshDelim(c byte) bool {
	return !(isLetter(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == ',' || c == ')')
}

// zshDelimited returns the argument s starts with, delimited by its
// first character (the matching one closes ( [ { <), and the bytes it
// takes; an argument that is not closed runs to the end.
func zshDelimited(s string) (body string, n int) {
	if s == "" {
		return "", 0
	}
	open, close := s[0], s[0]
	switch open {
	case '(':
		close = ')'
	case '[':
		close = ']'
	case '{':
		close = '}'
	case '<':
		close = '>'
	}
	j := strings.IndexByte(s[1:], close)
	if j < 0 {
		return s[1:], len(s)
	}
	return s[1 : 1+j], j + 2
}
