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
