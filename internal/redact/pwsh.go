package redact

import "strings"

// pwshRule masks values PowerShell assigns to a variable or environment
// variable named like a credential by means other than "$env:NAME = …"
// (which the assignment rule reads): the env: drive (Set-Item/New-Item/
// Set-Content/Add-Content Env:NAME [-Value] V), the braced form
// ${env:NAME} = V, [Environment]::SetEnvironmentVariable('NAME', V, …)
// and Set-Variable/New-Variable [-Name] NAME [-Value] V. The name is
// classified like any assignment's (classifyKey): only credential names
// mask, and references ($x, $(…)) are kept.
func pwshRule() *rule {
	return &rule{
		id:       "powershell-assignment",
		desc:     "PowerShell assignment to a credential-named variable or environment variable (Set-Item Env:API_KEY -Value X, ${env:TOKEN} = X, [Environment]::SetEnvironmentVariable('API_KEY', X), Set-Variable -Name password -Value X)",
		keywords: []string{"env:", "setenvironmentvariable", "set-variable", "new-variable"},
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
				pwshEmit(s, *name, *val, emit)
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
	if n1 == n0 {
		return h
	}
	name := pwshTok{start: n0, end: n1}
	if h >= 2 && s[h-2:h] == "${" {
		if n1 >= end || s[n1] != '}' {
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
	st = skipPwshSpace(s, st, h)
	w := st
	for w < h && !isSpace(s[w]) {
		w++
	}
	switch string(lower[st:w]) {
	case "set-item", "new-item", "set-content", "add-content", "si", "ni", "sc", "ac":
	default:
		return h
	}
	p := n1
	if p < end && (s[p] == '\'' || s[p] == '"') {
		p++
	}
	ts := pwshTokens(s, p, end, false)
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.flag {
			f := strings.ToLower(t.text(s))
			if pwshParam(f, "-value", 2) && i+1 < len(ts) {
				pwshEmit(s, name, ts[i+1], emit)
				break
			}
			if pwshParam(f, "-itemtype", 2) || pwshParam(f, "-type", 2) || pwshParam(f, "-encoding", 2) || pwshParam(f, "-credential", 2) || pwshParam(f, "-stream", 3) {
				i++
			}
			continue
		}
		pwshEmit(s, name, t, emit)
		break
	}
	return pwshDone(ts, h)
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

// pwshDone is the end of the last token of ts, or h.
func pwshDone(ts []pwshTok, h int) int {
	if len(ts) == 0 {
		return h
	}
	return ts[len(ts)-1].end
}
