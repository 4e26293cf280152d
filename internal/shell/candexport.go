package shell

// ScanCandidateHosts returns the candidate hosts of text s as the words
// of a program whose network use is not modelled are read (candhosts.go):
// every token that reads as a dotted name or an address (a URL's
// authority, a libpq ?host=, a JDBC URL, a JSON string, host:port lists,
// ProxyJump=HOST), canonical, and the single labels (bounded: overflow
// says more were seen than kept). For callers that judge free-form
// arguments outside a command line (MCP tools' arguments).
func ScanCandidateHosts(s string) (hosts, labels []string, overflow bool) {
	a := &analyzer{res: &Analysis{}}
	c := &cmd{a: a, name: "scan"}
	a.candidateHosts(c, s)
	for _, h := range a.res.CandidateHosts {
		hosts = append(hosts, h.Host)
	}
	return hosts, a.res.CandidateLabels, a.res.CandidateLabelsOverflow
}
