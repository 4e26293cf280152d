package shell

import "strings"

// Relays. A reader, proxy, archive, translation or redirect service
// fetches the URL or host its own URL names in its path, query or
// fragment and returns what it got: https://r.jina.ai/https://H/x,
// https://web.archive.org/web/2026/https://H/, https://proxy.example/?url=
// https%3A%2F%2FH%2F, https://r.jina.ai/H/x. A request to such a URL
// reaches H too. The part of a URL after its authority is read as sent
// and percent-decoded (again, up to maxRelayDecodes times, for a URL
// encoded twice): the authority of every absolute URL in it is a host
// the request reaches (Analysis.Hosts, judged as the URL's own host is),
// and every other word in it that reads as a host is a candidate host
// (held to block_hosts only, so a docs page's ?q=some.words is no host).

// maxRelayDecodes bounds the percent-decodings of a URL's tail.
const maxRelayDecodes = 4

// relayTail returns what follows the authority of the first absolute URL
// of a network scheme (slashSchemes) in s ("" when s holds none, or
// nothing follows the authority). The
// authority starts after the first run of slashes and backslashes after
// "scheme:" and ends at '/', '?', '#' or '\' (the WHATWG reading).
func relayTail(s string) string {
	for off := 0; ; {
		i := strings.IndexByte(s[off:], ':')
		if i < 0 {
			return ""
		}
		i += off
		off = i + 1
		if i+1 >= len(s) || s[i+1] != '/' && s[i+1] != '\\' {
			continue
		}
		j := i
		for j > 0 && isSchemeChar(s[j-1]) {
			j--
		}
		if !slashSchemes.Get()[strings.ToLower(s[j:i])] {
			continue // file:///x, a scheme of no host
		}
		rest := strings.TrimLeft(s[i+1:], `/\`)
		k := strings.IndexAny(rest, `/?#\`)
		if k < 0 {
			return ""
		}
		return rest[k:]
	}
}

// mayRelay reports a tail that can name a host: a dot, a colon or a
// percent-encoding in it (a bare single label is read only when the
// caller asks for labels).
func mayRelay(tail string) bool { return strings.ContainsAny(tail, ".:%") }

// relayHosts reports the hosts a relay service given URL s reaches (see
// above): hosts of the absolute URLs in its tail, candidate hosts of the
// other words. labels reads a tail without a dot or colon too.
func (a *analyzer) relayHosts(c *cmd, s string, labels bool) {
	tail := relayTail(s)
	if tail == "" || !labels && !mayRelay(tail) {
		return
	}
	for n := 0; ; n++ {
		for _, h := range urlHosts(tail) {
			a.host(c.sc, h, c.name, "URL a relay service fetches")
		}
		a.candidateHosts(c, tail)
		if n == maxRelayDecodes || !strings.Contains(tail, "%") {
			return
		}
		d := percentDecodeLenient(tail)
		if d == tail {
			return
		}
		tail = d
	}
}

// percentDecodeLenient decodes every valid %XX of s and keeps the rest
// as written (a URL parser's reading: a lone % is a character).
func percentDecodeLenient(s string) string {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhexDigit(s[i+1])<<4 | unhexDigit(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unhexDigit(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// RelayHosts returns what a request to rawURL reaches through a relay
// service (see above), for callers outside a command line (an agent's
// fetch tool): hosts of the absolute URLs in its tail, candidate hosts
// and single labels of its other words (overflow: more labels than
// kept), and unreadable: destinations that cannot be read as hosts.
// labels reads tails that hold no dot or colon too.
func RelayHosts(rawURL string, labels bool) (hosts, candidates, words []string, overflow bool, unreadable []string) {
	tail := relayTail(rawURL)
	if tail == "" || !labels && !mayRelay(tail) {
		return nil, nil, nil, false, nil
	}
	a := &analyzer{res: &Analysis{}}
	c := &cmd{a: a, name: "relay"}
	a.relayHosts(c, rawURL, labels)
	for _, h := range a.res.Hosts {
		hosts = append(hosts, h.Host)
	}
	for _, h := range a.res.CandidateHosts {
		candidates = append(candidates, h.Host)
	}
	for _, o := range a.res.Opaque {
		unreadable = append(unreadable, o.Reason)
	}
	return hosts, candidates, a.res.CandidateLabels, a.res.CandidateLabelsOverflow, unreadable
}
