package shell

import (
	"net/netip"
	"strings"
)

// Candidate hosts in two shapes the dotted-name scan of candhosts.go
// does not read: a single label (dbprod), which a policy may name as a
// blocked host, and an IPv6 address written without brackets (fd00::1),
// whose colons split the scan's tokens.

// maxCandidateLabels bounds the single labels kept; beyond it the
// analysis says so (CandidateLabelsOverflow) and the policy fails closed
// when it names a single-label host.
const maxCandidateLabels = 4096

// candidateLabel reports tok, a word with no dot, as a candidate label
// when it may be a host name's single label.
func (a *analyzer) candidateLabel(tok string) {
	if len(tok) > 63 || strings.ContainsAny(tok, "$_") {
		return
	}
	l := strings.ToLower(tok)
	if a.marked(markKey{'L', l, ""}) {
		return
	}
	if len(a.res.CandidateLabels) >= maxCandidateLabels {
		a.res.CandidateLabelsOverflow = true
		return
	}
	a.mark(markKey{'L', l, ""})
	a.res.CandidateLabels = append(a.res.CandidateLabels, l)
}

// candidateV6 reports the IPv6 addresses written without brackets in s:
// runs of hexadecimal digits, colons and dots with two colons or more.
func (a *analyzer) candidateV6(c *cmd, s string) {
	if strings.Count(s, ":") < 2 {
		return
	}
	for len(s) > 0 {
		i := 0
		for i < len(s) && !v6Byte(s[i]) {
			i++
		}
		s = s[i:]
		j := 0
		for j < len(s) && v6Byte(s[j]) {
			j++
		}
		run := strings.Trim(s[:j], ".")
		s = s[j:]
		if strings.Count(run, ":") < 2 || len(run) > 45 {
			continue
		}
		if ad, err := netip.ParseAddr(run); err == nil && ad.Is6() {
			a.candidateHost(c, run)
		}
	}
}

func v6Byte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F' || b == ':' || b == '.'
}
