package redact

import (
	"strconv"
	"strings"
)

// cliPositionalMore applies the generic positional rules of cliTable to
// pos (the arguments that are not options, after the row's when words):
//
//   - "nth:K": the K-th of them (isql DSN USER PASSWORD, cargo login TOKEN);
//   - "after:W1,W2,…": the argument that follows any word Wi (nmcli …
//     password PW, pdftk … user_pw PW).
//
// An unknown rule masks nothing; TestCLITablePositionals checks that every
// row names a known one.
func cliPositionalMore(lx *shlex, rule string, pos []shtok, emit func(span)) {
	kind, arg, _ := strings.Cut(rule, ":")
	switch kind {
	case "nth":
		k, err := strconv.Atoi(arg)
		if err == nil && k >= 1 && k <= len(pos) {
			cliEmit(lx, pos[k-1], 0, 0, ruleCLIFlag, emit)
		}
	case "after":
		for i := 0; i+1 < len(pos); i++ {
			w := lx.text(pos[i])
			for rest := arg; rest != ""; {
				var name string
				name, rest, _ = strings.Cut(rest, ",")
				if w == name {
					cliEmit(lx, pos[i+1], 0, 0, ruleCLIFlag, emit)
					i++
					break
				}
			}
		}
	}
}

// knownPositional reports whether cliTable's pos column value names a rule
// cliPositional implements.
func knownPositional(rule string) bool {
	switch rule {
	case "", "first", "kv", "userinfo", "sqlplus", "config", "poetry", "rabbitmq", "htpasswd", "net":
		return true
	}
	kind, arg, _ := strings.Cut(rule, ":")
	switch kind {
	case "nth":
		k, err := strconv.Atoi(arg)
		return err == nil && k >= 1
	case "after":
		return arg != ""
	}
	return false
}
