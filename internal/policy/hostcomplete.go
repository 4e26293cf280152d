package policy

import (
	"fmt"
	"net/netip"
	"os"
	"strings"
)

// Names a resolver completes. With a search list (resolv.conf's search
// or domain, LOCALDOMAIN), a name is looked up with each search domain
// appended: db.production, or db, reaches db.production.company.com
// under "search company.com" or "search production.company.com". A host
// that is a proper label prefix of a host block_hosts names literally is
// held to that rule when the machine's search list completes it to that
// host, read from /etc/resolv.conf at decision time (the last search or
// domain line, as the C library reads it). When the file cannot be read
// the search list is unknown, and every such prefix is held to the rule:
// so `psql -h db`, a compose service, is allowed on a machine whose search
// domains do not lead to production, and denied where they may. (Wildcard
// entries and addresses have no such prefixes. A LOCALDOMAIN set in the
// command line is completed by the analysis; one in the agent's own
// environment is not read.)

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
	if len(refs) == 0 {
		return
	}
	search, known := ev.searchDomains()
	for _, rf := range refs {
		t := ev.p.entry(rf).text
		if known && !completesTo(host, search, t) {
			continue
		}
		why := "the resolver's search domains may complete it"
		if known {
			why = "the search domains of " + resolvConf + " complete it"
		}
		ev.user(rf, Deny, host, fmt.Sprintf("%s: %q is a short name %s to %q (block_hosts)", via, host, why, t))
	}
}

// resolvConf is the C library's resolver configuration.
const resolvConf = "/etc/resolv.conf"

// searchDomains reads the machine's resolver search list (when a short
// name is seen: rare); known is false when it cannot be read. Without a
// search or domain line the C library searches the domain of the host's
// own name.
func (ev *evaluation) searchDomains() (search []string, known bool) {
	b, err := ev.readBounded(resolvConf, 64<<10)
	if err != nil {
		return nil, false
	}
	search, found := parseSearch(b)
	if !found {
		name, err := os.Hostname()
		if err != nil {
			return nil, false
		}
		if _, d, ok := strings.Cut(strings.TrimSuffix(strings.ToLower(name), "."), "."); ok && d != "" {
			search = []string{d}
		}
	}
	return search, true
}

// parseSearch returns the search list of a resolv.conf: the domains of
// its last search or domain line, lower case, without a trailing dot;
// found is false when it has neither line.
func parseSearch(b []byte) (search []string, found bool) {
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || (f[0] != "search" && f[0] != "domain") {
			continue
		}
		search, found = search[:0:0], true
		for _, d := range f[1:] {
			if strings.HasPrefix(d, "#") || strings.HasPrefix(d, ";") {
				break
			}
			if d = strings.TrimSuffix(strings.ToLower(d), "."); d != "" {
				search = append(search, d)
			}
		}
	}
	return search, found
}

// completesTo reports whether host with one of the search domains
// appended is target.
func completesTo(host string, search []string, target string) bool {
	target = strings.TrimSuffix(strings.ToLower(target), ".")
	for _, d := range search {
		if host+"."+d == target {
			return true
		}
	}
	return false
}
