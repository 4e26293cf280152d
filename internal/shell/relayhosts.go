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
// (held to block_hosts only, so a docs page's ?q=some.words is no host;
// single labels are words, not hosts, unless in an embedded URL).

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
// percent-encoding in it.
func mayRelay(tail string) bool { return strings.ContainsAny(tail, ".:%") }

// relayHosts reports the hosts a relay service given URL s reaches (see
// above): hosts of the absolute URLs in its tail, candidate hosts of the
// dotted words.
func (a *analyzer) relayHosts(c *cmd, s string) {
	tail := relayTail(s)
	if tail == "" || !mayRelay(tail) {
		return
	}
	for n := 0; ; n++ {
		for _, h := range urlHosts(tail) {
			a.host(c.sc, h, c.name, "URL a relay service fetches")
		}
		// dotted words only: a single label in a path (metadata in
		// https://example.com/metadata/x.json) is a word, not a host
		sub := &analyzer{res: &Analysis{}}
		sub.candidateHosts(&cmd{a: sub, name: c.name}, tail)
		for _, h := range sub.res.CandidateHosts {
			if a.mark(markKey{'H', h.Host, ""}) {
				h.Why = "a name in a URL's path or query, which a relay service may fetch"
				a.res.CandidateHosts = append(a.res.CandidateHosts, h)
			}
		}
		if n == maxRelayDecodes || !strings.Contains(tail, "%") {
			return
		}
		d := percentDecode(tail) // urls.go: a malformed escape stays as written
		if d == tail {
			return
		}
		tail = d
	}
}

// RelayHosts returns what a request to rawURL reaches through a relay
// service (see above), for callers outside a command line (an agent's
// fetch tool): hosts of the absolute URLs in its tail, candidate hosts of
// its other dotted words, and unreadable: why a destination cannot be
// read as a host.
func RelayHosts(rawURL string) (hosts, candidates, unreadable []string) {
	tail := relayTail(rawURL)
	if tail == "" || !mayRelay(tail) {
		return nil, nil, nil
	}
	a := &analyzer{res: &Analysis{}}
	a.relayHosts(&cmd{a: a, name: "relay"}, rawURL)
	for _, h := range a.res.Hosts {
		hosts = append(hosts, h.Host)
	}
	for _, h := range a.res.CandidateHosts {
		candidates = append(candidates, h.Host)
	}
	for _, o := range a.res.Opaque {
		unreadable = append(unreadable, o.Reason)
	}
	return hosts, candidates, unreadable
}
