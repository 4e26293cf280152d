package redact

import "strings"

// Red-team round 26 (#c3): credentials keyed by host. Composer's
// auth.json ({"github-oauth": {"github.com": TOKEN}}, bearer, gitlab-oauth,
// http-basic), Docker's auths and the like name the credential one level
// up: the key right above the secret is a host. A map under a
// host-keyed parent (hostKeyedParent) whose keys are hosts (hostLike)
// holds a credential at every host: a scalar is one, an object is a login
// object (its password, token, auth fields). In a tree this is a context
// (treectx.go, ctxHostMap); in text (JSON and YAML in a file or an
// argument) hostMapSpans reads the map after the parent's name.
//
// Bundler keys its credentials by host too: bundle config set HOST
// USER:TOKEN (cliTable's "bundler" positional) and the variable
// BUNDLE_<HOST> (the host's dots spelled __), also in .bundle/config.

// hostKeyedLast, as a key's last word, name a parent whose map keyed by
// host holds credentials; cliConfigPrefixes (clishape.go) name Composer's
// and Poetry's whole.
var hostKeyedLast = map[string]bool{
	"oauth": true, "bearer": true, "token": true, "tokens": true, "auths": true, "credentials": true,
	"creds": true, "secrets": true, "passwords": true, "apikeys": true, "basic": true,
}

// hostKeyedParent reports a key whose map keyed by host holds
// credentials.
func hostKeyedParent(name string) bool {
	ln := strings.ToLower(name)
	for _, c := range cliConfigPrefixes {
		if ln+"." == c.prefix {
			return true
		}
	}
	w := splitWords(name)
	return len(w) > 0 && hostKeyedLast[w[len(w)-1]]
}

// hostLike reports a key that names a host: an optional http(s) scheme,
// a dotted name of letters, digits and '-' (or localhost), an optional
// port and path.
func hostLike(k string) bool {
	k = strings.ToLower(k)
	for _, p := range []string{"https://", "http://"} {
		k = strings.TrimPrefix(k, p)
	}
	if i := strings.IndexByte(k, '/'); i >= 0 {
		k = k[:i]
	}
	if i := strings.LastIndexByte(k, ':'); i > 0 && allDigits(k[i+1:]) && i+1 < len(k) {
		k = k[:i]
	}
	if k == "localhost" {
		return true
	}
	dots, last := 0, -1
	for i := 0; i < len(k); i++ {
		switch c := k[i]; {
		case c == '.':
			if i == last+1 {
				return false
			}
			dots++
			last = i
		case isLower(c) || isDigit(c) || c == '-':
		default:
			return false
		}
	}
	return dots > 0 && last < len(k)-1 && !allDigits(k[last+1:])
}

// bundlerSettingHeads start Bundler settings spelled with "__" that are
// no host: mirror.URL, build.GEM, local.GEM, gem.*.
var bundlerSettingHeads = map[string]bool{"mirror": true, "build": true, "local": true, "gem": true, "git": true}

// bundlerHostVar reports BUNDLE_<HOST>: Bundler's credentials for a
// gem source, the host's dots spelled "__" (BUNDLE_GEMS__CONTRIBSYS__COM).
func bundlerHostVar(name string) bool {
	rest, ok := strings.CutPrefix(strings.ToLower(name), "bundle_")
	if !ok || !strings.Contains(rest, "__") {
		return false
	}
	host := strings.ReplaceAll(strings.ReplaceAll(rest, "___", "-"), "__", ".")
	head, _, _ := strings.Cut(host, ".")
	return !bundlerSettingHeads[head] && hostLike(host)
}

// maxHostMap bounds the bytes one host-keyed map is read over.
const maxHostMap = 64 << 10

// hostMapSpans masks the values of the host-keyed map after the parent
// name s[ks:ke] (JSON or YAML flow: {"HOST": "…", …}; YAML block: the
// more indented "HOST: …" lines below). It reads the map's own entries
// and stops at a nested map (whose own keys the rules read) or the
// map's end, and returns where it stopped: a later parent before that
// is inside a map already read (matchAssignments skips it), so each
// byte is read once.
func hostMapSpans(s string, ks, ke int, emit func(span)) int {
	p := ke
	if p < len(s) && (s[p] == '"' || s[p] == '\'') {
		p++
	}
	p = skipBlanks(s, p, 8)
	if p >= len(s) || s[p] != ':' && s[p] != '=' {
		return ke
	}
	p = skipBlanks(s, p+1, 8)
	limit := min(len(s), p+maxHostMap)
	flow := p < len(s) && s[p] == '{'
	q := skipBlanks(s, p, 64)
	block := q >= len(s) || s[q] == '\n' || s[q] == '\r' || s[q] == '#'
	if !flow && !block || !hostKeyedParent(s[ks:ke]) {
		return ke // the name's own classification last: most names stop earlier
	}
	if flow {
		return hostMapFlow(s, p+1, limit, emit)
	}
	// The line's end once per parent: the map read returns past it, so
	// no later parent on the line reads it again.
	return hostMapBlock(s, ks, lineEnd(s, q, limit), limit, emit)
}

// hostMapFlow reads {KEY: VALUE, …} entries from p (past '{').
func hostMapFlow(s string, p, limit int, emit func(span)) int {
	for p < limit {
		for p < limit && (isSpace(s[p]) || s[p] == ',') {
			p++
		}
		if p >= limit || s[p] != '"' && s[p] != '\'' && !isKeyByte(s[p]) {
			return p // '}', a nested map or list, anything else: stop
		}
		ka, kb, q := flowKey(s, p, limit)
		if q >= limit || s[q] != ':' {
			return q
		}
		v := skipBlanks(s, q+1, 64)
		va, vb, next, ok := flowScalar(s, v, limit)
		if !ok {
			return v // a nested value: its keys are the rules'
		}
		if hostLike(s[ka:kb]) {
			emitField(s, va, vb, ruleAssignCred, emit)
		}
		p = next
	}
	return p
}

// flowKey reads a quoted or bare key at p: its text and the position of
// what follows it (blanks skipped).
func flowKey(s string, p, limit int) (a, b, q int) {
	if s[p] == '"' || s[p] == '\'' {
		e := strings.IndexByte(s[p+1:limit], s[p])
		if e < 0 {
			return p, p, limit
		}
		return p + 1, p + 1 + e, skipBlanks(s, p+e+2, 8)
	}
	e := p
	for e < limit && (isKeyByte(s[e]) || s[e] == '/' || s[e] == ':' && e+1 < limit && isDigit(s[e+1])) {
		e++
	}
	return p, e, skipBlanks(s, e, 8)
}

// flowScalar reads a quoted or bare scalar at p; ok false at a nested
// map or list.
func flowScalar(s string, p, limit int) (a, b, next int, ok bool) {
	if p >= limit {
		return p, p, p, false
	}
	switch c := s[p]; c {
	case '{', '[':
		return p, p, p, false
	case '"', '\'':
		for e := p + 1; e < limit; e++ {
			if s[e] == '\\' {
				e++
				continue
			}
			if s[e] == c {
				return p + 1, e, e + 1, true
			}
		}
		return p + 1, limit, limit, true
	}
	e := p
	for e < limit && s[e] != ',' && s[e] != '}' && s[e] != '\n' && s[e] != '\r' {
		e++
	}
	return p, e, e, true
}

// hostMapBlock reads the YAML lines below a parent at ks whose line ends
// at e: each more indented "HOST: VALUE".
func hostMapBlock(s string, ks, e, limit int, emit func(span)) int {
	ls := ks
	for ls > 0 && s[ls-1] != '\n' {
		ls--
	}
	indent := ks - ls
	p := e + 1
	for p < limit {
		le := lineEnd(s, p, limit)
		i := skipBlanks(s, p, 256)
		switch {
		case i == le || s[i] == '#':
		case i-p <= indent:
			return p // the map's end
		default:
			ka, kb, q := flowKey(s, i, le)
			if q >= le || s[q] != ':' {
				return p
			}
			v := skipBlanks(s, q+1, 64)
			if v == le {
				return p // a nested map
			}
			if hostLike(s[ka:kb]) {
				_, vb, _, _ := flowScalar(s, v, le)
				if s[v] == '"' || s[v] == '\'' {
					emitField(s, v, vb+1, ruleAssignCred, emit)
				} else {
					emitField(s, v, vb, ruleAssignCred, emit)
				}
			}
		}
		p = le + 1
	}
	return p
}

// cliBundler masks Bundler's credential for a gem source: bundle config
// [set|unset|get] HOST USER:TOKEN (the part after ':', or the whole
// value without one) where HOST is a host or a source URL.
func cliBundler(lx *shlex, pos []shtok, emit func(span)) {
	i := 0
	if i < len(pos) && lx.text(pos[i]) == "config" {
		i++
	}
	if i < len(pos) && (lx.text(pos[i]) == "set" || lx.text(pos[i]) == "get" || lx.text(pos[i]) == "unset") {
		i++
	}
	if i+1 >= len(pos) || !hostLike(lx.text(pos[i])) {
		return
	}
	part := byte(0)
	if strings.IndexByte(lx.text(pos[i+1]), ':') > 0 {
		part = ':'
	}
	cliEmit(lx, pos[i+1], 0, part, ruleCLIFlag, emit)
}
