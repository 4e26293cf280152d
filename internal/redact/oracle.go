package redact

import "strings"

// Red-team round 9 (#13): Oracle's logon string, user/password[@connect]
// [AS role], carries the password between a slash and an at sign that no
// name gives away. Only sqlplus's first argument was read; Data Pump,
// SQL*Loader, RMAN and the other tools, the CONNECT statement and JDBC's
// jdbc:oracle:thin:user/password@… kept the password. Now:
//
//   - the Oracle tools of cliTable (its "logon:" rows say where each takes
//     a logon: the first argument that is one, KEY=LOGON as in
//     userid=…, the word after KEY as in rman target …, an option's
//     value as in loadjava -user …) mask the password whatever the shell
//     quoting (the lexer's text is parsed);
//   - oracleRule masks it in text: CONNECT/CONN [TARGET|CATALOG|AUXILIARY]
//     LOGON as a statement (at a line's start, after ; or a quote, or a
//     SQL>, RMAN> or DGMGRL> prompt), connect("LOGON") calls (cx_Oracle,
//     python-oracledb), USERID=LOGON (parameter files) and
//     jdbc:oracle:thin|oci|oci8|kprb:LOGON;
//   - (round 11, #30) a logon under a keyword, dsn="scott/PW@db" or
//     connectString: "…", when it has its @connect part (a dsn alone,
//     host/service, is none); drivers' positional logons are
//     driverlogons.go's.
//
// A logon's user is an identifier or a "quoted" name (with an optional
// [proxy] user); its password is a "quoted" string or runs to the last @
// of the word (so that an unquoted @ the shell took the quotes from is
// masked too), else to the word's end. / alone, /@alias (a wallet) and a
// password that is a reference (&1, &&pw, :pw, $PW, ${PW}, %PW%) mask
// nothing; nor do words that only look alike (src/main@v2, 2024/12@x, a
// URL's path), which are not in a logon's place. Quoted EZConnect logons
// (user/"p@ss"@//host:1521/svc) keep the quotes and the connect string.

// oracleLogon parses the logon at t[i:] (up to end): the password's
// bounds and where the logon's word ends. ok is false when there is no
// password (/, /@alias, user alone) or it is a reference.
func oracleLogon(t string, i, end int) (ps, pe, next int, ok bool) {
	if i < end && t[i] == '\'' {
		i++ // a quoted argument inside another quoting ("'sys/pw@db as sysdba'")
	}
	u := i
	if q := quotedAt(t, i, end); q != "" {
		// A "quoted" user, or quotes around the whole logon.
		if c := strings.Index(t[i+len(q):min(end, i+len(q)+maxKeyLen)], q); c >= 0 && strings.HasPrefix(t[i+len(q)+c+len(q):end], "/") {
			i += len(q) + c + len(q)
		} else {
			i += len(q)
			u = i
		}
	}
	if i == u {
		if i >= end || !isUpper(t[i]) && !isLower(t[i]) {
			return 0, 0, 0, false
		}
		for i < end && (isAlnum(t[i]) || t[i] == '_' || t[i] == '$' || t[i] == '#') {
			i++
		}
		if i < end && t[i] == '[' { // proxy user: app[scott]/pw
			c := strings.IndexByte(t[i:end], ']')
			if c < 0 {
				return 0, 0, 0, false
			}
			i += c + 1
		}
	}
	if i == u || i >= end || t[i] != '/' || i-u > maxKeyLen {
		return 0, 0, 0, false
	}
	i++
	switch q := quotedAt(t, i, end); {
	case q != "":
		ps = i + len(q)
		c := strings.Index(t[ps:end], q)
		if c < 0 {
			pe = ps
			for pe < end && t[pe] != '\n' {
				pe++
			}
			next = pe
		} else {
			pe, next = ps+c, ps+c+len(q)
		}
	default:
		ps = i
		w := i
		for w < end && !logonStop(t[w]) {
			w++
		}
		pe = w
		if at := strings.LastIndexByte(t[ps:w], '@'); at >= 0 {
			pe = ps + at
		}
		next = pe
	}
	// The connect identifier and an AS clause are the logon's too.
	for next < end && !logonStop(t[next]) {
		next++
	}
	v := t[ps:pe]
	if v == "" || v[0] == '&' || v[0] == ':' || isPlaceholder(v) || strings.ContainsAny(v, "\n") {
		return 0, 0, 0, false
	}
	return ps, pe, next, true
}

// quotedAt returns the double quote at t[i:end], " or \" (inside a JSON
// or a double-quoted string); "" when there is none.
func quotedAt(t string, i, end int) string {
	switch {
	case i < end && t[i] == '"':
		return `"`
	case i+1 < end && t[i] == '\\' && t[i+1] == '"':
		return `\"`
	}
	return ""
}

// logonStop ends an unquoted logon word.
func logonStop(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '`', ';', ',', '(', ')', '<', '>', '|', '\\':
		return true
	}
	return false
}

// cliLogon applies a cliTable "logon:SPEC" rule to a program's arguments.
// SPEC lists, comma-separated, where the program takes a logon: 1 (the
// first argument that is a logon, before any @script; 1@ only with an
// @connect part, for programs whose name is a common word), KEY= (an argument
// KEY=LOGON, KEY matched in any case), KEY (the argument after the word
// KEY) and -OPT (the option's value, next word or after =).
func cliLogon(lx *shlex, spec string, args []shtok, emit func(span)) {
	first := true
	for j := 0; j < len(args); j++ {
		w := lx.text(args[j])
		if strings.HasPrefix(w, "@") {
			first = false // sqlplus logon @script: what follows is the script's
		}
		for rest := spec; rest != ""; {
			var k string
			k, rest, _ = strings.Cut(rest, ",")
			switch {
			case k == "1" || k == "1@":
				if first && w != "" && w[0] != '-' && (k == "1" || strings.Contains(w, "@")) {
					if oracleEmit(lx, args[j], 0, emit) {
						first = false
					}
				}
			case strings.HasSuffix(k, "="):
				if len(w) > len(k) && strings.EqualFold(w[:len(k)], k) {
					oracleEmit(lx, args[j], len(k), emit)
				}
			case k[0] == '-':
				if w == k && j+1 < len(args) {
					oracleEmit(lx, args[j+1], 0, emit)
				} else if len(w) > len(k) && w[:len(k)] == k && w[len(k)] == '=' {
					oracleEmit(lx, args[j], len(k)+1, emit)
				}
			default:
				if strings.EqualFold(w, k) && j+1 < len(args) {
					oracleEmit(lx, args[j+1], 0, emit)
				}
			}
		}
	}
}

// oracleEmit masks the password of the logon in word w from byte off on.
func oracleEmit(lx *shlex, w shtok, off int, emit func(span)) bool {
	t := lx.text(w)
	ps, pe, _, ok := oracleLogon(t, off, len(t))
	if !ok {
		return false
	}
	cliEmitRange(lx, w, ps, pe, emit)
	return true
}

// oracleRule masks the password of a logon in text (see above).
func oracleRule() *rule {
	return &rule{
		id:       ruleOracleLogon,
		desc:     "password of an Oracle logon user/password[@db] in a CONNECT statement, connect(\"…\") call, USERID= parameter or jdbc:oracle: URL (the Oracle tools' command lines are cli-password-flag)",
		keywords: []string{"conn", "userid", "jdbc:oracle:", "dsn"},
		match:    matchOracle,
	}
}

const ruleOracleLogon = "oracle-logon"

func matchOracle(_ *Redactor, s string, lower []byte, hits []int, emit func(span)) {
	for _, h := range hits {
		if h > 0 && (isAlnum(s[h-1]) || s[h-1] == '_') {
			continue
		}
		var p int
		stmt := false
		if q, ok := logonKeyValue(s, lower, h); ok {
			// dsn="scott/PW@db", connectString: "scott/PW@db": a logon
			// under a keyword is one only with its @connect part
			// (dsn="host/service" is a connect string alone).
			if ps, pe, _, ok := oracleLogon(s, q, min(len(s), q+maxValueLen)); ok && pe < len(s) && s[pe] == '@' {
				emit(span{start: ps, end: pe, id: ruleOracleLogon})
			}
			continue
		}
		switch {
		case lower[h] == 'd': // dsn without a value
			continue
		case lower[h] == 'j': // jdbc:oracle:DRIVER:
			p = h + len("jdbc:oracle:")
			d := p
			for p < len(s) && isLower(lower[p]) || p < len(s) && isDigit(s[p]) {
				p++
			}
			switch string(lower[d:p]) {
			case "thin", "oci", "oci8", "kprb":
			default:
				continue
			}
			if p >= len(s) || s[p] != ':' {
				continue
			}
			p++
		case lower[h] == 'u': // USERID = LOGON
			p = skipBlanks(s, h+len("userid"), 4)
			if p >= len(s) || s[p] != '=' {
				continue
			}
			p = skipBlanks(s, p+1, 4)
			if p < len(s) && (s[p] == '"' || s[p] == '\'') && p+1 < len(s) && s[p+1] != '/' && !isUpper(s[p+1]) && !isLower(s[p+1]) {
				continue
			}
			if p < len(s) && s[p] == '\'' {
				p++
			}
		default: // CONN[ECT] [TARGET|CATALOG|AUXILIARY] LOGON, connect("LOGON")
			p = h + len("conn")
			if strings.HasPrefix(string(lower[p:min(len(s), p+3)]), "ect") {
				p += 3
			}
			if p < len(s) && s[p] == '(' {
				p = skipBlanks(s, p+1, 4)
				if p >= len(s) || s[p] != '"' && s[p] != '\'' {
					continue
				}
				p++
				break
			}
			if p >= len(s) || s[p] != ' ' && s[p] != '\t' || !stmtStart(s, h) {
				continue
			}
			p = skipBlanks(s, p, 8)
			for _, w := range []string{"target", "catalog", "auxiliary"} {
				if e := p + len(w); e < len(s) && string(lower[p:e]) == w && (s[e] == ' ' || s[e] == '\t') {
					p = skipBlanks(s, e, 8)
					break
				}
			}
			stmt = true
		}
		ps, pe, next, ok := oracleLogon(s, p, min(len(s), p+maxValueLen))
		if !ok {
			continue
		}
		if stmt && !logonEnds(s, pe, next) {
			continue // prose: "connect client/server architectures"
		}
		emit(span{start: ps, end: pe, id: ruleOracleLogon})
	}
}

// logonKeys are the keywords whose value may be a whole logon.
var logonKeys = []string{"dsn", "connectstring", "connect_string", "connectionstring", "connection_string"}

// logonKeyValue is where the value of a logonKeys keyword at h starts
// (after = or :, blanks and a quote), false when h starts none.
func logonKeyValue(s string, lower []byte, h int) (int, bool) {
	for _, k := range logonKeys {
		e := h + len(k)
		if e > len(s) || string(lower[h:e]) != k || e < len(s) && (isAlnum(s[e]) || s[e] == '_') {
			continue
		}
		if e < len(s) && (s[e] == '"' || s[e] == '\'') {
			e++ // "dsn": "…"
		}
		p := skipBlanks(s, e, 4)
		if p >= len(s) || s[p] != '=' && s[p] != ':' {
			return 0, false
		}
		p = skipBlanks(s, p+1, 4)
		if p < len(s) && s[p] == '\'' {
			p++ // oracleLogon reads a "quoted" logon itself
		}
		return p, true
	}
	return 0, false
}

// stmtStart reports a statement starting at h: only blanks and a SQL*Plus,
// RMAN or DGMGRL prompt since the line's start, a ';' or a quote.
func stmtStart(s string, h int) bool {
	i := h
	for i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
		i--
	}
	if i == 0 {
		return true
	}
	switch s[i-1] {
	case '\n', ';', '"', '\'', '`':
		return true
	case '>':
		j := i - 1
		for j > 0 && isUpper(s[j-1]) {
			j--
		}
		switch s[j : i-1] {
		case "SQL", "RMAN", "DGMGRL":
			return true
		}
	}
	return false
}

// logonEnds reports a CONNECT statement's logon that is one: it has a
// connect identifier or an AS clause, or ends the statement.
func logonEnds(s string, pe, next int) bool {
	if pe < len(s) && s[pe] == '@' {
		return true
	}
	q := next
	if q < len(s) && s[q] == '"' && pe < q {
		q++ // the closing quote of a "quoted" password
	}
	q = skipBlanks(s, q, 8)
	if q+3 <= len(s) && strings.EqualFold(s[q:q+3], "as ") {
		return true
	}
	return q >= len(s) || strings.IndexByte("\n\r;\"'`", s[q]) >= 0
}
