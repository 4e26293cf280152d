package redact

import "strings"

// Connection strings of ODBC, ADO.NET and the JDBC SQL Server driver
// quote a value in braces: Pwd={p;w}, password={a}}b} (a doubled '}'
// stands for one, ';' and '=' are literal inside). bracedValue reads
// such a value after NAME= so that the assignment rule masks it whole.

// bracedValue returns the span of the braced value at s[p] == '{' (the
// braces excluded), if it is a value: in a connection string (a ';'
// before the name or after the value) anything but a format field
// ({password}, {0}, {cfg.pw!r}: code that fills the string in);
// elsewhere (JSX password={pw}) only a random-looking one.
func bracedValue(s string, ks, p int) (vs, ve int, ok bool) {
	n := len(s)
	if p+1 < n && s[p+1] == '{' && templateBraces(s[p:min(n, p+maxValueLen)]) {
		return 0, 0, false // {{ .Values.password }}
	}
	limit := min(n, p+1+maxValueLen)
	vs, ve = p+1, -1
	for i := vs; i < limit; i++ {
		c := s[i]
		if c == '\n' || c == '\r' {
			break
		}
		if c == '}' {
			if i+1 < n && s[i+1] == '}' {
				i++ // "}}" is a literal '}'
				continue
			}
			ve = i
			break
		}
	}
	closed := ve >= 0
	if !closed {
		// Unterminated: to the end of the line or the string.
		ve = vs
		for ve < limit && s[ve] != '\n' && s[ve] != '\r' && s[ve] != '"' && s[ve] != '\'' {
			ve++
		}
	}
	if ve <= vs {
		return 0, 0, false
	}
	inner := s[vs:ve]
	if formatField(inner) || isSpace(inner[0]) || isSpace(inner[len(inner)-1]) || strings.Contains(inner, ", ") {
		// A format field, or code: an initializer { 0, 1 }, a block.
		return 0, 0, false
	}
	b := skipBlanksBack(s, ks, 4)
	connStr := b > 0 && s[b-1] == ';'
	if closed {
		a := skipBlanks(s, ve+1, 4)
		connStr = connStr || a < n && s[a] == ';'
	}
	if !connStr && !highEntropy(inner) {
		return 0, 0, false
	}
	return vs, ve, true
}

// templateBraces reports a {{ … }} template expression.
func templateBraces(v string) bool {
	end := strings.Index(v, "}}")
	if end < 0 {
		return false
	}
	inner := strings.TrimSpace(v[2:end])
	return inner == "" || inner[0] == '.' || inner[0] == '$' || isDotted(inner) || strings.ContainsAny(inner, " |(")
}

// formatField reports the inside of a format or template field standing
// for the value: empty, a position ({0}), or a name of words (letters and
// '_', dotted: {password}, {self.db_pass}), with an optional conversion
// or format spec ({pw!r}, {pw:>10}).
func formatField(v string) bool {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, "!:"); i > 0 {
		v = v[:i]
	}
	if v == "" || allDigits(v) && len(v) <= 2 {
		return true
	}
	for _, seg := range strings.Split(v, ".") {
		if seg == "" {
			return false
		}
		for i := 0; i < len(seg); i++ {
			if c := seg[i]; !isUpper(c) && !isLower(c) && c != '_' {
				return false
			}
		}
	}
	return true
}

// assignSpan is the span of a name's value v = s[vs:ve] by the name's
// class, as parseAssignment reports it.
func assignSpan(v string, vs, ve int, cls keyClass) (span, bool) {
	switch cls {
	case keyPassword:
		return span{start: vs, end: ve, id: ruleAssignPassword}, true
	case keyStrong:
		return span{start: vs, end: ve, id: ruleAssignCred}, true
	case keyAuthz:
		return span{start: vs, end: ve, id: ruleAuthzHeader}, true
	}
	if weakValueSecret(v) {
		return span{start: vs, end: ve, id: ruleAssignEntropy}, true
	}
	return span{}, false
}
