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
	case "logon":
		cliLogon(lx, arg, args, emit) // oracle.go
	case "items":
		cliHTTPItems(lx, pos, emit)
	case "redis":
		cliRedis(lx, args, emit)
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
	case "", "first", "kv", "userinfo", "config", "poetry", "rabbitmq", "htpasswd", "net", "bundler":
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
	case "items", "redis":
		return true
	case "logon":
		return arg != ""
	case "assigns":
		return true
	case "script":
		lang, _, _ := strings.Cut(arg, ":")
		_, ok := cliLangs.Get()[lang]
		return ok
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

// cliHTTPItems: HTTPie/xh request items NAME==VALUE (query), NAME:=VALUE
// (JSON), NAME=VALUE (data), NAME:VALUE (header) whose NAME names a
// credential (api_key==…, X-API-Key:…, password=…).
func cliHTTPItems(lx *shlex, pos []shtok, emit func(span)) {
	for _, p := range pos {
		t := lx.text(p)
		i := strings.IndexAny(t, "=:")
		if i <= 0 || strings.Contains(t[:i], "/") {
			continue // a URL (https://…) or no name
		}
		v := i + 1
		if v < len(t) && (t[v] == '=' || (t[i] == ':' && t[v] == '=')) {
			v++
		}
		if c := classifyKey(t[:i]); c == keyStrong || c == keyPassword {
			cliEmitRange(lx, p, v, len(t), emit)
		}
	}
}

// cliRedis: a redis-cli command given as arguments: AUTH [user] PW,
// AUTH2 user PW, CONFIG SET requirepass|masterauth PW, ACL SETUSER … >PW,
// MIGRATE … AUTH PW / AUTH2 user PW, HELLO … AUTH user PW.
func cliRedis(lx *shlex, args []shtok, emit func(span)) {
	setuser := false
	pos := positionalsSkipping(lx, args, 0, "-h,-p,-s,-a,-u,-n,-r,-i,-d,-D,-e,--user,--pass,--cacert,--cacertdir,--cert,--key,--tls-ciphers,--sni,--pattern,--count,--quoted-pattern,--rdb,--functions-rdb,--eval,--memkeys-samples")
	for i := 0; i < len(pos); i++ {
		switch strings.ToLower(lx.text(pos[i])) {
		case "auth":
			// AUTH PW, AUTH user PW (at the end, or before the next word).
			k := i + 1
			if i+2 < len(pos) {
				k = i + 2
			}
			if k < len(pos) {
				cliEmit(lx, pos[k], 0, 0, ruleCLIFlag, emit)
			}
		case "auth2":
			if i+2 < len(pos) {
				cliEmit(lx, pos[i+2], 0, 0, ruleCLIFlag, emit)
			}
		case "requirepass", "masterauth", "masteruser":
			if i+1 < len(pos) {
				cliEmit(lx, pos[i+1], 0, 0, ruleCLIFlag, emit)
			}
		case "setuser":
			setuser = true
		default:
			if t := lx.text(pos[i]); setuser && len(t) > 1 && t[0] == '>' {
				cliEmitRange(lx, pos[i], 1, len(t), emit)
			}
		}
	}
}
