package redact

import (
	"strconv"
	"strings"
)

// cliPositionalMore applies the generic positional rules of cliTable to
// pos (the arguments that are not options, after the row's when words):
//
//   - "nth:K": the K-th of them (isql DSN USER PASSWORD, cargo login TOKEN);
//     "nth:K:-o,--opt" does not count the word after -o or --opt (an
//     option's value: isql -U sa -S host, openssl passwd -salt s PW);
//   - "after:W1,W2,…": the argument that follows any word Wi (nmcli …
//     password PW, pdftk … user_pw PW).
//
// An unknown rule masks nothing; TestCLITablePositionals checks that every
// row names a known one.
func cliPositionalMore(lx *shlex, sp *cliSpec, args, pos []shtok, emit func(span)) {
	kind, arg, _ := strings.Cut(sp.pos, ":")
	switch kind {
	case "nth":
		n, skip, _ := strings.Cut(arg, ":")
		if skip != "" {
			pos = positionalsSkipping(lx, args, afterWhen(lx, sp.when, args), skip)
		}
		k, err := strconv.Atoi(n)
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
		n, _, _ := strings.Cut(arg, ":")
		k, err := strconv.Atoi(n)
		return err == nil && k >= 1
	case "after":
		return arg != ""
	}
	return false
}

// positionalsSkipping is positionals from index from on, without the
// values of the options listed in skip (comma-separated).
func positionalsSkipping(lx *shlex, args []shtok, from int, skip string) []shtok {
	var out []shtok
	for i := min(from, len(args)); i < len(args); i++ {
		t := lx.text(args[i])
		if t == "" {
			continue
		}
		if t[0] == '-' {
			for rest := skip; rest != ""; {
				var o string
				o, rest, _ = strings.Cut(rest, ",")
				if t == o {
					i++
					break
				}
			}
			continue
		}
		out = append(out, args[i])
	}
	return out
}
