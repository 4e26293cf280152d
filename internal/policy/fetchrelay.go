package policy

import (
	"fmt"

	"github.com/mandate-dev/mandate/internal/shell"
)

// fetchRelays judges the hosts a fetched URL names after its authority:
// a reader, proxy or archive service (https://r.jina.ai/https://H/,
// https://web.archive.org/web/2026/https://H/, ?url=https%3A%2F%2FH)
// requests them (shell.RelayHosts reads them). An absolute URL's host is
// a host the fetch reaches, judged as the URL's own is; another word that
// reads as a dotted host is held to block_hosts, as a candidate host is, so
// everyday fetches whose path or query holds names (index.html,
// ?q=net.http) stay allowed, and a single label in a path is a word
// (https://example.com/metadata); one that cannot be read asks.
func (ev *evaluation) fetchRelays(raw, host string) {
	ix := &ev.p.idx
	if ix.blockHosts.n == 0 && len(ix.allowHostPolicies) == 0 {
		return
	}
	hosts, cands, unreadable := shell.RelayHosts(raw)
	if len(hosts)+len(cands)+len(unreadable) == 0 {
		return
	}
	via := fmt.Sprintf("the service at %q, fetching what %q names", host, raw)
	for _, h := range hosts {
		ev.checkHost(h, via, true)
	}
	for _, h := range cands {
		ev.candidateHost(shell.HostRef{Host: h, Cmd: via})
	}
	for _, why := range unreadable {
		ev.builtin(groupAnalysis, Ask, "unreadable-host", raw, via+": "+why)
	}
}
