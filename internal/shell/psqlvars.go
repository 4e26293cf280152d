package shell

import "strings"

// psql's variables: \set NAME VALUE (and -v/--set/--variable NAME=VALUE
// on the command line) defines NAME; :NAME, :'NAME' and :"NAME" in a
// meta-command's arguments and in SQL are replaced by its value. A
// variable whose value the analysis does not know (\gset from a query,
// \prompt, \getenv, a value not known statically) makes the argument
// that uses it not known statically: \o :f after
// "select 'agent-policy.yaml' as f \gset" writes a file no literal names.

// psqlVar is one psql variable's value.
type psqlVar struct {
	val   string
	known bool
}

// setVar records a variable of the session.
func (s *dbSession) setVar(name, val string, known bool) {
	if s.vars == nil {
		s.vars = map[string]psqlVar{}
	}
	if len(s.vars) < 256 {
		s.vars[name] = psqlVar{val: val, known: known}
	}
}

// interpolate replaces psql variable references in text outside
// '…' literals. It reports false when a reference is to a variable whose
// value is not known (every variable, after \gset, may be one); sqlText
// leaves unknown references as they are (SQL's :: casts, :x parameters).
func (s *dbSession) interpolate(text string, sqlText bool) (string, bool) {
	if s.d.name != "psql" || !strings.Contains(text, ":") {
		return text, true
	}
	var b strings.Builder
	known := true
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if ch == '\'' && sqlText {
			j := strings.IndexByte(text[i+1:], '\'')
			if j < 0 {
				b.WriteString(text[i:])
				break
			}
			b.WriteString(text[i : i+j+2])
			i += j + 1
			continue
		}
		if ch != ':' || i+1 >= len(text) || text[i+1] == ':' || i > 0 && text[i-1] == ':' {
			b.WriteByte(ch)
			continue
		}
		q := byte(0)
		start := i + 1
		if text[start] == '\'' || text[start] == '"' {
			q = text[start]
			start++
		}
		end := start
		for end < len(text) && isIdentByte(text[end]) {
			end++
		}
		if end == start || q != 0 && (end >= len(text) || text[end] != q) {
			b.WriteByte(ch)
			continue
		}
		name := text[start:end]
		v, ok := s.vars[name]
		switch {
		case ok && v.known && q == '\'':
			b.WriteString("'" + strings.ReplaceAll(v.val, "'", "''") + "'")
		case ok && v.known && q == '"':
			b.WriteString(`"` + strings.ReplaceAll(v.val, `"`, `""`) + `"`)
		case ok && v.known:
			b.WriteString(v.val)
		case !ok && !s.gset:
			b.WriteString(text[i:end]) // psql leaves an undefined name as written
			if q != 0 {
				b.WriteByte(q)
			}
		default:
			known = false
			b.WriteString(text[i:end])
			if q != 0 {
				b.WriteByte(q)
			}
		}
		i = end
		if q == 0 {
			i--
		}
	}
	return b.String(), known
}

// psqlVarCommand records what \set, \unset, \gset, \prompt and \getenv
// do to the session's variables.
func (s *dbSession) psqlVarCommand(name, rest string, known bool) {
	args := metaArgs(rest)
	switch name {
	case `\set`:
		if len(args) > 0 {
			s.setVar(args[0], strings.Join(args[1:], ""), known)
		}
	case `\unset`:
		if len(args) > 0 {
			delete(s.vars, args[0])
		}
	case `\gset`, `\crosstabview`:
		s.gset = true // variables named after the query's columns
	case `\prompt`, `\getenv`:
		if len(args) > 0 {
			s.setVar(args[len(args)-1], "", false)
			if name == `\getenv` && len(args) > 1 {
				s.setVar(args[0], "", false)
			}
		}
	}
}
