package policy

import (
	"fmt"
	"net/netip"
	"strings"
)

// Names a resolver completes. With a search list (resolv.conf's search
// or domain, LOCALDOMAIN), a name is looked up with each search domain
// appended: db.production, or db, reaches db.production.company.com
// under "search company.com" or "search production.company.com". The
// search list is the machine's, not the command's, so a host that is a
// proper label prefix of a host block_hosts names literally is held to
// that rule: it may be completed to it. (Wildcard entries and addresses
// have no such prefixes.)

// addShort indexes the proper label prefixes of host, an exact entry.
func (h *hostIndex) addShort(host string, rf ref) {
	if _, err := netip.ParseAddr(host); err == nil || strings.ContainsAny(host, ":[") {
		return
	}
	if !strings.Contains(host, ".") {
		h.label++
		return
	}
	if h.short == nil {
		h.short = map[string][]ref{}
	}
	for i := 0; i < len(host); i++ {
		if host[i] == '.' && i > 0 {
			h.short[host[:i]] = append(h.short[host[:i]], rf)
		}
	}
}

// completed denies host when a search domain may complete it to a host
// block_hosts names.
func (ev *evaluation) completed(host, via string) {
	ix := &ev.p.idx
	refs := ix.blockHosts.short[host]
	for _, rf := range refs {
		t := ev.p.entry(rf).text
		ev.user(rf, Deny, host, fmt.Sprintf("%s: %q is a short name the resolver's search domains may complete to %q (block_hosts)", via, host, t))
	}
}
