package shell

import "strings"

// The lexical side of SQL as the database shells' analysis reads it
// (dbshells.go): words and literals outside quotes, the clause a literal
// stands in, call arguments, statements split at ";".

// clauseLiterals are the literals of stmt in a clause of clauses: the
// last clause keyword seen at the literal's parenthesis depth.
func clauseLiterals(stmt string, clauses map[string]bool) []field {
	var out []field
	clause := []string{""}
	for i := 0; i < len(stmt); {
		ch := stmt[i]
		switch {
		case ch == '\'' || ch == '"':
			lits := sqlLiterals(stmt[i:])
			if len(lits) == 0 {
				return out
			}
			if clauses[clause[len(clause)-1]] {
				out = append(out, lits[0])
			}
			j := i + 1
			for j < len(stmt) {
				if stmt[j] == ch {
					if j+1 < len(stmt) && stmt[j+1] == ch {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j + 1
		case ch == '`':
			j := strings.IndexByte(stmt[i+1:], ch)
			if j < 0 {
				return out
			}
			i += j + 2
		case ch == '(':
			// A table function's arguments in a file clause
			// (FROM f('x.csv')) are judged as the clause's.
			inner := ""
			if k := strings.TrimRight(stmt[:i], " \t\n"); k != "" && isIdentByte(k[len(k)-1]) && clauses[clause[len(clause)-1]] {
				inner = clause[len(clause)-1]
			}
			clause = append(clause, inner)
			i++
		case ch == ')':
			if len(clause) > 1 {
				clause = clause[:len(clause)-1]
			}
			i++
		case isIdentByte(ch):
			j := i
			for j < len(stmt) && isIdentByte(stmt[j]) {
				j++
			}
			if w := strings.ToLower(stmt[i:j]); sqlClauseWords[w] {
				clause[len(clause)-1] = w
			}
			i = j
		default:
			i++
		}
	}
	return out
}

// sqlClauseWords start a clause of a statement: a literal's clause is
// the last of them before it at its depth.
var sqlClauseWords = wordSet("select from join where on using group order having limit offset set values into " +
	"returning window qualify describe summarize pivot unpivot table union intersect except with as by insert update " +
	"delete create show case when then else end and or not in like is between")

// riskyUse reports whether the risky word at k is used in its risky
// form: VACUUM only with INTO, COPY unless to STDOUT or from STDIN,
// LANGUAGE unless sql or plpgsql (trusted languages).
func riskyUse(words []sqlWord, k int) bool {
	next := func(i int) string {
		if i < len(words) {
			return strings.ToLower(words[i].s)
		}
		return ""
	}
	switch strings.ToLower(words[k].s) {
	case "vacuum":
		for i := k + 1; i < len(words) && i < k+3; i++ {
			if next(i) == "into" {
				return true
			}
		}
		return false
	case "copy":
		for i := k + 1; i < len(words); i++ {
			if w := next(i); w == "to" || w == "from" {
				n := next(i + 1)
				return n != "stdout" && n != "stdin"
			}
		}
	case "language":
		n := next(k + 1)
		return n != "sql" && n != "plpgsql"
	}
	return true
}

type sqlWord struct {
	s   string
	end int
}

// sqlWords are the identifiers of text outside its literals.
func sqlWords(text string) []sqlWord {
	var out []sqlWord
	for i := 0; i < len(text); {
		ch := text[i]
		switch {
		case ch == '\'' || ch == '"' || ch == '`':
			j := strings.IndexByte(text[i+1:], ch)
			if j < 0 {
				return out
			}
			i += j + 2
		case isIdentByte(ch):
			j := i
			for j < len(text) && isIdentByte(text[j]) {
				j++
			}
			out = append(out, sqlWord{s: text[i:j], end: j})
			i = j
		default:
			i++
		}
	}
	return out
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// sqlLiterals are the '…' and "…" strings of text (” is a quote).
func sqlLiterals(text string) []field {
	var out []field
	for i := 0; i < len(text); i++ {
		q := text[i]
		if q != '\'' && q != '"' {
			continue
		}
		var b strings.Builder
		j := i + 1
		for ; j < len(text); j++ {
			if text[j] == q {
				if j+1 < len(text) && text[j+1] == q {
					b.WriteByte(q)
					j++
					continue
				}
				break
			}
			b.WriteByte(text[j])
		}
		if j >= len(text) {
			break
		}
		out = append(out, field{s: b.String()})
		i = j
	}
	return out
}

// sqlCallArgs returns the arguments of the call whose name ends just
// before rest ("('x', col)"): a literal argument as its text, any other
// as not known statically (dyn).
func sqlCallArgs(rest string) []field {
	rest = strings.TrimLeft(rest, " \t")
	if !strings.HasPrefix(rest, "(") {
		return nil
	}
	end := unquotedByte(rest, ')')
	if end < 0 {
		return nil
	}
	var args []field
	for _, a := range splitUnquoted(rest[1:end], ',') {
		a = strings.TrimSpace(a)
		lits := sqlLiterals(a)
		if len(lits) != 1 || len(a) < 2 || a[0] != a[len(a)-1] || a[0] != '\'' && a[0] != '"' {
			args = append(args, field{s: a, dyn: true})
			continue
		}
		args = append(args, lits[0])
	}
	return args
}

// splitUnquoted splits s at b outside quotes.
func splitUnquoted(s string, b byte) []string {
	var out []string
	for {
		i := unquotedByte(s, b)
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}
