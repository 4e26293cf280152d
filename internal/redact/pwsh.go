package redact

import "strings"

// pwshRule masks values PowerShell assigns to a variable or environment
// variable named like a credential by means other than "$env:NAME = …"
// (which the assignment rule reads): the env: drive (Set-Item/New-Item/
// Set-Content/Add-Content Env:NAME [-Value] V), the braced form
// ${env:NAME} = V, [Environment]::SetEnvironmentVariable('NAME', V, …)
// and Set-Variable/New-Variable [-Name] NAME [-Value] V, and a splatted
// hashtable holding such a name (pwshsplat.go). The name is
// classified like any assignment's (classifyKey): only credential names
// mask, and references ($x, $(…)) are kept.
func pwshRule() *rule {
	return &rule{
		id:       "powershell-assignment",
		desc:     "PowerShell assignment to a credential-named variable or environment variable (Set-Item Env:API_KEY -Value X, ${env:TOKEN} = X, [Environment]::SetEnvironmentVariable('API_KEY', X), Set-Variable -Name password -Value X, a splatted @{Name='password'; Value=X})",
		keywords: []string{"env:", "setenvironmentvariable", "set-variable", "new-variable", "@{", "sv ", "nv "},
		match:    matchPwsh,
		emits:    []string{ruleAssignPassword, ruleAssignCred},
	}
}

// maxPwshStatement bounds how far a statement is read past a hit.
const maxPwshStatement = 1024

func matchPwsh(_ *Redactor, s string, lower []byte, hits []int, emit func(span)) {
	done := 0
	for _, h := range hits {
		if h < done {
			continue // inside a statement already read
		}
		end := min(len(s), h+maxPwshStatement)
		switch {
		case lower[h] == '@':
			done = pwshSplat(s, lower, h, emit)
		case strings.HasPrefix(string(lower[h:min(len(lower), h+4)]), "env:"):
			done = pwshEnv(s, lower, h, end, emit)
		case h+len("setenvironmentvariable") <= len(s) && string(lower[h:h+len("setenvironmentvariable")]) == "setenvironmentvariable":
			p := skipPwshSpace(s, h+len("setenvironmentvariable"), end)
			if p >= end || s[p] != '(' {
				continue
			}
			ts := pwshTokens(s, p+1, end, true)
			done = pwshDone(ts, h)
			if len(ts) >= 2 {
				pwshEmit(s, ts[0], ts[1], emit)
			}
		default:
			// Set-Variable / New-Variable: the word must start there.
			if h > 0 && !cliBoundary(s[h-1]) {
				continue
			}
			p := h + len("set-variable")
			if lower[h+1] == 'v' {
				p = h + len("sv ") // the aliases sv and nv
			}
			ts := pwshTokens(s, p, end, false)
			done = pwshDone(ts, h)
			var name, val *pwshTok
			var posn []pwshTok
			for i := 0; i < len(ts); i++ {
				t := ts[i]
				if t.flag {
					f := strings.ToLower(t.text(s))
					switch {
					case pwshParam(f, "-name", 2) && i+1 < len(ts):
						i++
						name = &ts[i]
					case pwshParam(f, "-value", 2) && i+1 < len(ts):
						i++
						val = &ts[i]
					case pwshParam(f, "-scope", 2), pwshParam(f, "-option", 2), pwshParam(f, "-description", 2), pwshParam(f, "-visibility", 3):
						i++
					}
					continue
				}
				posn = append(posn, t)
			}
			if name == nil && len(posn) > 0 {
				name, posn = &posn[0], posn[1:]
			}
			if val == nil && len(posn) > 0 {
				val = &posn[0]
			}
			if name != nil && val != nil {
				pwshEmitOrTie(s, lower, h, *name, *val, emit)
			}
		}
	}
}

// pwshEnv handles an "env:" at h: ${env:NAME} = V, or the env: drive as
// the path of an item cmdlet. It returns the offset it read to.
func pwshEnv(s string, lower []byte, h, end int, emit func(span)) int {
	n0 := h + 4
	if n0 < end && (s[n0] == '\\' || s[n0] == '/') {
		n0++
	}
	n1 := n0
	for n1 < end && (isAlnum(s[n1]) || s[n1] == '_') {
		n1++
	}
	name := pwshTok{start: n0, end: n1}
	if h >= 2 && s[h-2:h] == "${" {
		if n1 == n0 || n1 >= end || s[n1] != '}' {
			return h
		}
		p := skipPwshSpace(s, n1+1, end)
		if p+1 >= end || s[p] != '=' || s[p+1] == '=' {
			return h
		}
		ts := pwshTokens(s, p+1, end, false)
		if len(ts) > 0 && !ts[0].flag {
			pwshEmit(s, name, ts[0], emit)
		}
		return pwshDone(ts, h)
	}
	// The env: drive: the statement must be an item cmdlet.
	st := h
	for st > 0 && h-st < 256 && strings.IndexByte(";|\n{(", s[st-1]) < 0 {
		st--
	}
	from := st
	st = skipPwshSpace(s, st, h)
	w := st
	for w < h && !isSpace(s[w]) {
		w++
	}
	cmdlet := string(lower[st:w])
	if i := strings.LastIndexByte(cmdlet, '\\'); i >= 0 {
		cmdlet = cmdlet[i+1:] // Microsoft.PowerShell.Management\Set-Item
	}
	switch cmdlet {
	case "set-item", "new-item", "set-content", "add-content", "si", "ni", "sc", "ac":
	default:
		return h
	}
	return pwshItem(s, lower, h, w, end, name, from, emit)
}

// pwshItem reads an item cmdlet's parameters from p (after its name),
// in any order (Set-Item -Value V -Path Env:NAME, New-Item -Path Env:
// -Name NAME -Value V, -Value:V): the value is -Value's or the first
// positional argument other than the env: path at h; NAME is the path's
// or -Name's. A value piped from a lone literal ('V' | Set-Item Env:NAME)
// counts too; from is where the cmdlet's pipeline element starts.
func pwshItem(s string, lower []byte, h, p, end int, name pwshTok, from int, emit func(span)) int {
	ts := pwshTokens(s, p, end, false)
	var val *pwshTok
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.start <= h && h < t.end {
			continue // the env: path, positional or -Path:Env:NAME
		}
		if !t.flag {
			if val == nil {
				val = &ts[i]
			}
			continue
		}
		f := strings.ToLower(t.text(s))
		arg := pwshTok{}
		if c := strings.IndexByte(f, ':'); c > 0 {
			arg = pwshUnquote(s, pwshTok{start: t.start + c + 1, end: t.end})
		} else if i+1 < len(ts) && !ts[i+1].flag {
			arg = ts[i+1]
		}
		valued := pwshParam(f, "-value", 2) || pwshParam(f, "-name", 2) || pwshParam(f, "-path", 2) || pwshParam(f, "-literalpath", 2) || pwshParam(f, "-pspath", 2) || f == "-lp" ||
			pwshParam(f, "-itemtype", 2) || pwshParam(f, "-type", 2) || pwshParam(f, "-encoding", 2) || pwshParam(f, "-credential", 2) || pwshParam(f, "-stream", 3) ||
			pwshParam(f, "-filter", 2) || pwshParam(f, "-include", 2) || pwshParam(f, "-exclude", 2)
		switch {
		case pwshParam(f, "-value", 2):
			val = &arg
		case pwshParam(f, "-name", 2) && name.end == name.start:
			name = arg
		}
		if valued && strings.IndexByte(f, ':') < 0 {
			i++
		}
	}
	if name.end == name.start {
		return pwshDone(ts, h)
	}
	if val != nil && val.end > val.start {
		pwshEmitOrTie(s, lower, h, name, *val, emit)
	} else if from > 0 && s[from-1] == '|' {
		// 'V' | Set-Item Env:NAME: the pipeline's first element, when it
		// is one literal.
		b := from - 1
		a := b
		for a > 0 && b-a < 256 && strings.IndexByte(";|\n{(", s[a-1]) < 0 {
			a--
		}
		if lit := pwshTokens(s, a, b, false); len(lit) == 1 && !lit[0].flag {
			pwshEmit(s, name, lit[0], emit)
		}
	}
	return pwshDone(ts, h)
}

// pwshUnquote drops the quotes around t's text.
func pwshUnquote(s string, t pwshTok) pwshTok {
	if t.end-t.start >= 2 && (s[t.start] == '\'' || s[t.start] == '"') && s[t.end-1] == s[t.start] {
		t.start++
		t.end--
	}
	return t
}

// pwshParam reports f as an abbreviation (at least min letters after the
// dash) of the PowerShell parameter full.
func pwshParam(f, full string, min int) bool {
	if j := strings.IndexByte(f, ':'); j > 0 {
		f = f[:j]
	}
	return len(f) > min && strings.HasPrefix(full, f)
}

// pwshTok is one token of a PowerShell statement: the bytes of its value
// (inside the quotes of a string), and whether it is a -Parameter.
type pwshTok struct {
	start, end int
	flag       bool
}

func (t pwshTok) text(s string) string { return s[t.start:t.end] }

func skipPwshSpace(s string, p, end int) int {
	for p < end && (s[p] == ' ' || s[p] == '\t') {
		p++
	}
	return p
}

// pwshTokens splits the statement from p into tokens, up to its end (';',
// '|', a newline, an unmatched ')' or '}'); args: a method's argument list,
// whose tokens are separated by commas.
func pwshTokens(s string, p, end int, args bool) []pwshTok {
	var out []pwshTok
	for len(out) < 16 {
		p = skipPwshSpace(s, p, end)
		if args && p < end && s[p] == ',' {
			p = skipPwshSpace(s, p+1, end)
		}
		if p >= end || strings.IndexByte(";|\n\r)}", s[p]) >= 0 {
			break
		}
		switch q := s[p]; q {
		case '\'', '"':
			e := p + 1
			for e < end && s[e] != q {
				if s[e] == '`' && q == '"' {
					e++
				}
				e++
			}
			if e >= end {
				return out
			}
			out = append(out, pwshTok{start: p + 1, end: e})
			p = e + 1
		default:
			e := p
			for e < end && !isSpace(s[e]) && strings.IndexByte(";|)},", s[e]) < 0 {
				e++
			}
			out = append(out, pwshTok{start: p, end: e, flag: s[p] == '-' && e > p+1 && isLower(lowerASCII(s[p+1]))})
			p = e
		}
	}
	return out
}

// pwshEmit masks value v when name n is a credential name and v a literal.
func pwshEmit(s string, n, v pwshTok, emit func(span)) {
	id := ruleAssignCred
	switch classifyKey(s[n.start:n.end]) {
	case keyPassword:
		id = ruleAssignPassword
	case keyStrong:
	default:
		return
	}
	val := s[v.start:v.end]
	if val == "" || val[0] == '$' || val[0] == '(' || val[0] == '@' || val[0] == '[' || isPlaceholder(val) {
		return
	}
	emit(span{start: v.start, end: v.end, id: id})
}

// pwshEmitOrTie is pwshEmit, and for a value that is a variable ($v)
// masks the literal last assigned to it before h.
func pwshEmitOrTie(s string, lower []byte, h int, n, v pwshTok, emit func(span)) {
	if t := s[v.start:v.end]; len(t) > 1 && t[0] == '$' && isIdent(t[1:]) && !strings.Contains(t[1:], "$") {
		switch classifyKey(s[n.start:n.end]) {
		case keyPassword, keyStrong:
			pwshVarLiteral(s, lower, t[1:], h, n, emit)
		}
		return
	}
	pwshEmit(s, n, v, emit)
}

// pwshDone is the end of the last token of ts, or h.
func pwshDone(ts []pwshTok, h int) int {
	if len(ts) == 0 {
		return h
	}
	return ts[len(ts)-1].end
}
