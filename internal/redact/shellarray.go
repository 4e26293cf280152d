package redact

// Red-team round 4 (finding 11): shell array assignments give a
// credential-named variable its values without NAME=value:
//
//	API_KEYS=(PW1 PW2)    declare -a tokens=( 'PW' )    DB_PASSWORD[0]=PW
//
// NAME=( … ) masks every literal element when NAME names a credential
// (classifyKey), and NAME[SUB]=V masks V when NAME or a literal SUB does
// (cfg[password]=V). Elements that are references ($x, $(…)) are kept,
// and a list holding other shell syntax (a function call in code:
// password=(get())) masks nothing.

// shellArrayRule masks the elements of NAME=(…) and the value of
// NAME[SUB]=V for credential names.
func shellArrayRule() *rule {
	return &rule{
		id:       "array-assignment",
		desc:     "shell array assignment to a credential-named variable (API_KEYS=(X Y), DB_PASSWORD[0]=X, cfg[password]=X)",
		keywords: []string{"=(", "]="},
		match:    matchShellArray,
		emits:    []string{ruleAssignPassword, ruleAssignCred},
	}
}

func matchShellArray(_ *Redactor, s string, _ []byte, hits []int, emit func(span)) {
	done := 0
	lx := &shlex{src: s, out: &view{}}
	for _, h := range hits {
		if h < done {
			continue
		}
		id := ""
		switch {
		case s[h] == '=':
			// NAME=( or NAME+=(
			e := h
			if e > 0 && s[e-1] == '+' {
				e--
			}
			id = arrayNameID(s, e)
		default:
			// NAME[SUB]=
			o := h - 1
			for o > 0 && h-o < maxKeyLen && s[o] != '[' {
				o--
			}
			if o <= 0 || s[o] != '[' {
				continue
			}
			if id = arrayNameID(s, o); id == "" {
				id = keyID(trimQuotes(s[o+1 : h]))
			}
		}
		if id == "" {
			continue
		}
		lx.out.buf, lx.out.segs = lx.out.buf[:0], lx.out.segs[:0]
		lx.pos, lx.end = h+2, min(len(s), h+2+maxSubst) // past "=(" or "]="
		var words []shtok
		if s[h] == '=' {
			ok := false
			for len(words) < maxCLIArgs {
				t, more := lx.next()
				if !more {
					break
				}
				if t.op == ")" {
					ok = true
					break
				}
				if t.op == "\n" {
					continue
				}
				if t.op != "" {
					break
				}
				words = append(words, t)
			}
			if !ok {
				continue
			}
		} else if t, more := lx.next(); more && t.op == "" && (t.end >= len(s) || s[t.end] != '(') {
			words = append(words, t) // not a call in code: cfg["api_key"]=getKey()
		}
		done = lx.pos
		for _, w := range words {
			v := lx.text(w)
			if v == "" || v[0] == '[' || isPlaceholder(v) {
				continue // [key]=value pairs are read by the assignment rule
			}
			for _, p := range lx.out.source(s, w.t0, w.t1) {
				p.id, p.secret = id, v
				emit(p)
			}
		}
	}
}

// arrayNameID is the rule ID for the variable name ending at e, or "".
func arrayNameID(s string, e int) string {
	n := e
	for n > 0 && e-n < maxKeyLen && (isAlnum(s[n-1]) || s[n-1] == '_') {
		n--
	}
	if n == e || (n > 0 && (isAlnum(s[n-1]) || s[n-1] == '.' || s[n-1] == '$')) {
		return ""
	}
	return keyID(s[n:e])
}

// keyID is the assignment rule ID a credential name gives its value, or "".
func keyID(name string) string {
	if name == "" || !isIdent(name) {
		return ""
	}
	switch classifyKey(name) {
	case keyPassword:
		return ruleAssignPassword
	case keyStrong:
		return ruleAssignCred
	}
	return ""
}

func trimQuotes(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
