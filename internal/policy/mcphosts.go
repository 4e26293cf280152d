package policy

import (
	"fmt"

	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/shell"
)

// mcpProseKeys hold prose beyond mcpConnKey's text keys: a host they
// mention is a subject, not a destination (a URL in them is still judged
// where the walk reads URLs).
var mcpProseKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"note": true, "notes": true, "comment": true, "comments": true, "title": true, "subject": true,
		"summary": true, "reason": true, "prompt": true, "question": true, "answer": true,
		"commitmessage": true, "msg": true, "caption": true,
	}
}}

// mcpCandidates holds the words of an MCP argument that read as hosts to
// block_hosts, as the words of a program whose network use is not
// modelled are (an MCP server is such a program): a host in a libpq
// query string (postgresql:///d?host=H), a JDBC URL or host list, a
// jump host, an ssh option (ProxyJump=H), a resolve override
// (name:443:H), or a bare host under a key that names none. (Structured
// text in a string, such as JSON, is decoded by the walk and its values
// judged under their own keys: mcpdecode.go.) The shell analyser's scan reads them (shell.ScanCandidateHosts),
// so that MCP and command lines read hosts alike. Prose keys (a message,
// a body, SQL text) are data, not destinations, and are not scanned.
func (ev *evaluation) mcpCandidates(key, k, s string) {
	ix := &ev.p.idx
	if ix.blockHosts.n == 0 {
		return
	}
	if _, text := mcpConnKey(k); text || mcpProseKeys.Get()[k] {
		return
	}
	hosts, labels, overflow := shell.ScanCandidateHosts(s)
	via := fmt.Sprintf("MCP tool %q argument %q", ev.a.Server+"/"+ev.a.MCPTool, key)
	for _, h := range hosts {
		ev.candidateHost(shell.HostRef{Host: h, Cmd: via})
	}
	if ix.blockHosts.label == 0 {
		return
	}
	for _, l := range labels {
		for _, rf := range ix.blockHosts.exact[l] {
			ev.user(rf, Deny, l, fmt.Sprintf("%s names %q, which matches block_hosts %q", via, l, ev.p.entry(rf).text))
		}
	}
	if overflow {
		ev.builtin(groupAnalysis, Ask, "candidate-labels", "", via+": too many words to hold to the single-label hosts block_hosts names")
	}
}
