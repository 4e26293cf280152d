package redact

import "strings"

// Round 3 (finding 21): values of secret flags the table cannot name one
// by one.

// gluedShort reports w as the one-letter option name with its value glued
// (getopt: -abob:pw, -pS3cret), for a flag whose value is the next word.
// A rest of lowercase letters only is read as a cluster of switches or a
// single-dash long option (-kfile, -token), not a value.
func gluedShort(w, name string) bool {
	if len(name) != 2 || name[0] != '-' || name[1] == '-' || len(w) <= 2 || !strings.HasPrefix(w, name) || w[2] == '=' || w[2] == '-' {
		return false
	}
	for i := 2; i < len(w); i++ {
		if !isLower(w[i]) {
			return true
		}
	}
	return false
}

// cmdPrintStart is the offset of what the command line v prints when it
// is an echo or printf (after the program name and echo's options), or -1.
func cmdPrintStart(v string) int {
	i := 0
	for i < len(v) && isSpace(v[i]) {
		i++
	}
	j := i
	for j < len(v) && !isSpace(v[j]) {
		j++
	}
	switch progName(v[i:j]) {
	case "echo", "printf":
	default:
		return -1
	}
	for {
		for j < len(v) && isSpace(v[j]) {
			j++
		}
		k := j
		for k < len(v) && !isSpace(v[k]) {
			k++
		}
		if k == j || !isEchoOpt(v[j:k]) {
			break
		}
		j = k
	}
	if j >= len(v) {
		return -1
	}
	return j
}

// clusterValue is the offset in w of the value glued to the one-letter
// flag name inside a cluster of switches (getopt: curl -fsSLubob:pw,
// mysql -vpPW, ldapsearch -xwPW), or 0. The letters before the flag must
// be switches: a letter listed in valued takes the rest of the word as
// its own value (mysql -Dapp). Without a separator to pick the secret
// out (part 0), a rest of lowercase letters only is no value, as for
// gluedShort.
func clusterValue(w, name, valued string, part byte) int {
	if len(name) != 2 || name[0] != '-' || name[1] == '-' || len(w) < 4 || w[0] != '-' || w[1] == '-' {
		return 0
	}
	for i := 1; i < len(w)-1; i++ {
		c := w[i]
		switch {
		case c == name[1]:
			if i == 1 {
				return 0 // glued to the flag itself: the other forms
			}
			rest := w[i+1:]
			if part == 0 {
				lower := true
				for k := 0; k < len(rest); k++ {
					lower = lower && isLower(rest[k])
				}
				if lower {
					return 0
				}
			}
			return i + 1
		case !isUpper(c) && !isLower(c), strings.IndexByte(valued, c) >= 0:
			return 0
		}
	}
	return 0
}

// cliLongAbbrev reads args[j] as flag f when it abbreviates f's long
// name: getopt_long and its kin take any unambiguous prefix of a long
// option (wget --http-passw=PW, mysql --passw=PW).
func cliLongAbbrev(lx *shlex, f cliFlag, args []shtok, j int, emit func(span)) {
	w := lx.text(args[j])
	n := longAbbrev(w, f.name)
	switch {
	case n == 0:
	case n < len(w) && w[n] == '=' && f.eq:
		cliEmit(lx, args[j], n+1, f.part, ruleCLIFlag, emit)
	case n == len(w) && f.next && j+1 < len(args):
		if nv := lx.text(args[j+1]); len(nv) <= 1 || nv[0] != '-' {
			cliEmit(lx, args[j+1], 0, f.part, ruleCLIFlag, emit)
		}
	}
}

// longAbbrev is the length of w's option name (before any '=') when it
// is a strict abbreviation of the long option name: at least four
// letters after "--", and not ending where a word of name ends (--proxy
// is an option of its own, not --proxy-user); 0 otherwise.
func longAbbrev(w, name string) int {
	if !strings.HasPrefix(name, "--") || !strings.HasPrefix(w, "--") {
		return 0
	}
	n := len(w)
	if i := strings.IndexByte(w, '='); i >= 0 {
		n = i
	}
	if n < len("--")+4 || n >= len(name) || w[:n] != name[:n] || name[n] == '-' {
		return 0
	}
	return n
}
