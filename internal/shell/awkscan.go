package shell

import "strings"

// An awk program's side effects besides reading its input, found by
// scanning its tokens: output redirections (print > "FILE", >> and the
// pipes | and |&), getline from a file or a command, system(). A target
// that is a string literal is known: a file written or read, or shell
// code analysed as such; any other target is opaque.

// awkScan is what scanAwk found.
type awkScan struct {
	writes  []string // print > "FILE", print >> "FILE"
	reads   []string // getline < "FILE"
	code    []string // system("…"), print | "…", "…" | getline
	hosts   []string // gawk /inet/… special files
	opaque  []string
	environ bool // ENVIRON: the whole environment
	inplace bool // @include "inplace"
}

type awkTok struct {
	kind byte // 'i' identifier, 's' string, 'n' number, 'r' regex, 'o' operator, 'l' end of line
	s    string
}

// maxAwkTokens bounds the tokens of a program, and maxAwkReach how far
// one statement is scanned (keeping the scan linear in the program).
const (
	maxAwkTokens = 1 << 18
	maxAwkReach  = 4096
)

// lexAwk splits an awk program into tokens; ok is false when it cannot
// (an unterminated string or regular expression).
func lexAwk(p string) ([]awkTok, bool) {
	var toks []awkTok
	regexOK := func() bool {
		if len(toks) == 0 {
			return true
		}
		t := toks[len(toks)-1]
		switch t.kind {
		case 'l':
			return true
		case 'o':
			return t.s != ")" && t.s != "]" && t.s != "$" && t.s != "++" && t.s != "--"
		case 'i':
			switch t.s {
			case "print", "printf", "return", "in", "case", "if", "while", "do", "else":
				return true
			}
		}
		return false
	}
	for i := 0; i < len(p); {
		if len(toks) > maxAwkTokens {
			return nil, false
		}
		ch := p[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\r':
			i++
		case ch == '\\' && i+1 < len(p) && (p[i+1] == '\n' || p[i+1] == '\r'):
			i += 2
		case ch == '\n':
			toks = append(toks, awkTok{'l', "\n"})
			i++
		case ch == '#':
			for i < len(p) && p[i] != '\n' {
				i++
			}
		case ch == '"':
			lit, next, ok := cString(p, i, `"\\/`, false)
			if !ok {
				return nil, false
			}
			toks = append(toks, awkTok{'s', lit})
			i = next
		case ch == '/' && regexOK():
			j, bracket := i+1, false
			for ; j < len(p); j++ {
				c := p[j]
				if c == '\n' {
					return nil, false
				}
				if c == '\\' {
					j++
					continue
				}
				if c == '[' {
					bracket = true
				} else if c == ']' {
					bracket = false
				} else if c == '/' && !bracket {
					break
				}
			}
			if j >= len(p) {
				return nil, false
			}
			toks = append(toks, awkTok{'r', p[i+1 : j]})
			i = j + 1
		case ch == '_' || ch == '@' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z':
			j := i + 1
			for j < len(p) && (p[j] == '_' || isOptByte(p[j]) || p[j] == ':') {
				j++
			}
			toks = append(toks, awkTok{'i', p[i:j]})
			i = j
		case ch >= '0' && ch <= '9' || ch == '.' && i+1 < len(p) && p[i+1] >= '0' && p[i+1] <= '9':
			j := i + 1
			for j < len(p) && (isOptByte(p[j]) || p[j] == '.') {
				j++
			}
			toks = append(toks, awkTok{'n', p[i:j]})
			i = j
		default:
			op := p[i : i+1]
			if i+1 < len(p) {
				switch two := p[i : i+2]; two {
				case ">>", "|&", "||", "&&", "==", "<=", ">=", "!=", "++", "--", "+=", "-=", "*=", "/=", "%=", "^=", "**", "!~":
					op = two
				}
			}
			toks = append(toks, awkTok{'o', op})
			i += len(op)
		}
	}
	return toks, true
}

func (t awkTok) ends() bool {
	return t.kind == 'l' || t.kind == 'o' && (t.s == ";" || t.s == "}")
}

// scanAwk finds an awk program's side effects.
func scanAwk(p string) *awkScan {
	sc := &awkScan{}
	toks, ok := lexAwk(p)
	if !ok {
		sc.opaque = append(sc.opaque, "awk program not understood")
		return sc
	}
	// target returns the string literal that makes up the expression
	// starting at k (up to the end of the statement or an unmatched
	// closing parenthesis), and where it ends.
	target := func(k int) (string, bool, int) {
		depth, n, lit := 0, 0, ""
		j := k
		for ; j < len(toks); j++ {
			if j-k > maxAwkReach {
				return "", false, j
			}
			t := toks[j]
			if depth == 0 && (t.ends() || t.kind == 'o' && (t.s == ")" || t.s == ",")) {
				break
			}
			if t.kind == 'o' && (t.s == "(" || t.s == "[") {
				depth++
			}
			if t.kind == 'o' && (t.s == ")" || t.s == "]") {
				depth--
			}
			n++
			if t.kind == 's' {
				lit = t.s
			}
		}
		if n == 1 && toks[k].kind == 's' {
			return lit, true, j
		}
		if n == 3 && toks[k].s == "(" && toks[k+1].kind == 's' && toks[k+2].s == ")" {
			return toks[k+1].s, true, j
		}
		return "", false, j
	}
	skipPipe := map[int]bool{} // pipes that are print's redirections
	redirect := func(op string, k int) int {
		lit, known, end := target(k)
		switch {
		case !known && (op == ">" || op == ">>"):
			sc.opaque = append(sc.opaque, "awk writes to a file named at run time")
		case !known:
			sc.opaque = append(sc.opaque, "awk runs a command built at run time")
		case strings.HasPrefix(lit, "/inet"):
			if parts := strings.Split(lit, "/"); len(parts) > 5 {
				sc.hosts = append(sc.hosts, parts[5])
			}
			sc.opaque = append(sc.opaque, "awk opens a network connection")
		case op == ">" || op == ">>":
			sc.writes = append(sc.writes, lit)
		default:
			sc.code = append(sc.code, lit)
		}
		return end
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != 'i' && !(t.kind == 'o' && (t.s == "|" || t.s == "|&")) {
			continue
		}
		next := func(k int) awkTok {
			if k < len(toks) {
				return toks[k]
			}
			return awkTok{}
		}
		switch {
		case t.s == "ENVIRON":
			sc.environ = true
		case t.s == "@include":
			if n := next(i + 1); n.kind == 's' && (n.s == "inplace" || n.s == "inplace.awk") {
				sc.inplace = true
			} else {
				sc.opaque = append(sc.opaque, "awk includes a library file")
			}
		case t.s == "@load":
			sc.opaque = append(sc.opaque, "awk loads an extension")
		case t.s == "print" || t.s == "printf":
			// the first > >> | |& outside parentheses redirects the output
			depth := 0
			for j := i + 1; j < len(toks); j++ {
				u := toks[j]
				if j-i > maxAwkReach {
					sc.opaque = append(sc.opaque, "awk statement too long to analyse")
					break
				}
				if depth == 0 && u.ends() {
					break
				}
				if u.kind == 'o' && (u.s == "(" || u.s == "[") {
					depth++
				}
				if u.kind == 'o' && (u.s == ")" || u.s == "]") {
					if depth--; depth < 0 {
						break
					}
				}
				if depth == 0 && u.kind == 'o' && (u.s == ">" || u.s == ">>" || u.s == "|" || u.s == "|&") {
					redirect(u.s, j+1)
					skipPipe[j] = true
					break
				}
			}
		case t.s == "system":
			if next(i+1).s != "(" {
				continue
			}
			if lit, known, _ := target(i + 2); known {
				sc.code = append(sc.code, lit)
			} else {
				sc.opaque = append(sc.opaque, "awk runs a command built at run time")
			}
		case t.s == "getline":
			j := i + 1
			if n := next(j); n.kind == 'i' && !awkKeyword(n.s) {
				j++ // getline VAR < FILE
			}
			if n := next(j); n.kind == 'o' && n.s == "<" {
				if lit, known, _ := target(j + 1); known {
					sc.reads = append(sc.reads, lit)
				} else {
					sc.opaque = append(sc.opaque, "awk reads a file named at run time")
				}
			}
		case t.kind == 'o' && (t.s == "|" || t.s == "|&"):
			if skipPipe[i] || next(i+1).s != "getline" {
				continue
			}
			// COMMAND | getline: the command is the string before.
			prev := awkTok{}
			if i > 0 {
				prev = toks[i-1]
			}
			before := awkTok{kind: 'l'}
			if i > 1 {
				before = toks[i-2]
			}
			operandBefore := before.kind == 's' || before.kind == 'n' || before.kind == 'i' && !awkKeyword(before.s) || before.kind == 'o' && (before.s == ")" || before.s == "]")
			if prev.kind == 's' && !operandBefore {
				sc.code = append(sc.code, prev.s)
			} else {
				sc.opaque = append(sc.opaque, "awk runs a command built at run time")
			}
		}
	}
	return sc
}

func awkKeyword(s string) bool {
	switch s {
	case "if", "while", "for", "do", "else", "return", "in", "print", "printf", "getline", "delete", "next", "exit", "function", "func", "BEGIN", "END":
		return true
	}
	return false
}

// awkProgram applies what an awk program does; inplace says it includes
// gawk's in-place extension.
func (c *cmd) awkProgram(p field) (inplace bool, err error) {
	sc := scanAwk(p.s)
	if sc.environ {
		c.a.res.EnvDump = true
	}
	for _, r := range sc.opaque {
		c.opaque(r)
	}
	for _, w := range sc.writes {
		c.write(field{s: w}, "awk print >")
	}
	for _, r := range sc.reads {
		c.read(field{s: r}, "awk getline <")
	}
	for _, h := range sc.hosts {
		c.host(h, "awk /inet")
	}
	for _, code := range sc.code {
		if err := c.code(field{s: code}, c.name+" command", false); err != nil {
			return false, err
		}
	}
	return sc.inplace, nil
}
