package policy

import (
	"fmt"

	"github.com/mandate-dev/mandate/internal/hostname"
	"github.com/mandate-dev/mandate/internal/shell"
)

// candidateHost judges a candidate host (shell.Analysis.CandidateHosts): a word
// of a program whose network use the analysis does not model that reads
// as a host. It may be a file name, a message, a host the program
// contacts: held to block_hosts only — a word literally naming a blocked
// host denies — never to allow_hosts or to read_only's ban on network
// access, and a word that cannot be read as a host is no host.
func (ev *evaluation) candidateHost(h shell.HostRef) {
	ix := &ev.p.idx
	if ix.blockHosts.n == 0 {
		return
	}
	c, err := canonHost(h.Host)
	if err != nil {
		return
	}
	hosts := []string{c}
	if v4, ok := hostname.Embedded4(c); ok {
		hosts = append(hosts, v4)
	}
	ev.completed(c, h.Cmd) // hostcomplete.go
	for _, x := range hosts {
		ev.buf = ix.blockHosts.lookup(x, ev.buf[:0])
		for _, rf := range ev.buf {
			ev.user(rf, Deny, x, fmt.Sprintf("%s, whose network use Mandate does not model, is given %q, which matches block_hosts %q", h.Cmd, x, ev.p.entry(rf).text))
		}
	}
}

// candidateLabels holds the single-label words of programs whose network
// use is not modelled to the single-label hosts block_hosts names: a word
// equal to one denies. When the analysis kept fewer words than it saw, a
// policy naming a single label cannot tell: ask.
func (ev *evaluation) candidateLabels(an *shell.Analysis) {
	ix := &ev.p.idx
	if ix.blockHosts.label == 0 {
		return
	}
	for _, l := range an.CandidateLabels {
		for _, rf := range ix.blockHosts.exact[l] {
			ev.user(rf, Deny, l, fmt.Sprintf("a program whose network use Mandate does not model is given %q, which matches block_hosts %q", l, ev.p.entry(rf).text))
		}
	}
	if an.CandidateLabelsOverflow {
		ev.builtin(groupAnalysis, Ask, "candidate-labels", "", "too many words to hold to the single-label hosts block_hosts names")
	}
}
