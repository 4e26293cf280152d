package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// mcpWorkdir returns the working directory an object gives the command it
// carries (cwd, workdir, working_directory), resolved against the
// session's, or the session's own. The directory is read, not written: it
// is judged as a read here and left out of the walk (skip).
func (ev *evaluation) mcpWorkdir(x map[string]any, skip map[string]bool) string {
	cwd := ev.cwd
	for _, k := range argKeys(x) {
		if !mcpWorkdirKeys.Get()[mcpKey(k)] {
			continue
		}
		d, ok := x[k].(string)
		if !ok || strings.TrimSpace(d) == "" {
			continue
		}
		skip[k] = true
		abs, err := ev.absPath(d)
		if err != nil {
			ev.deny(groupAnalysis, "path", d, fmt.Sprintf("MCP argument %q: %v", k, err))
			continue
		}
		ev.checkPath(abs, opRead)
		cwd = path.Clean(abs)
	}
	return cwd
}

// mcpInput judges text a tool that runs or feeds a process is given as
// input (a shell server's run {input}, Desktop Commander's
// interact_with_process): what the process does with it is not known
// (opaque: ask; deny at read_only). A tool known to type its input into a
// shell has the input analysed as a command line as well.
func (ev *evaluation) mcpInput(x map[string]any) (skip map[string]bool) {
	tool := ev.a.MCPTool
	shellInput := mcpShellInputTools.Get()[tool]
	if !shellInput && !mcpRunName(tool) {
		return nil
	}
	for _, k := range argKeys(x) {
		if !mcpInputKeys.Get()[mcpKey(k)] {
			continue
		}
		var s string
		switch v := x[k].(type) {
		case string:
			s = v
		case []any: // lines or keys, sent one after another
			s = strings.Join(mcpArgv(v), "\n")
		}
		if strings.TrimSpace(s) == "" {
			continue
		}
		if skip == nil {
			skip = map[string]bool{}
		}
		skip[k] = true
		subj := ev.a.Server + "/" + tool
		detail := fmt.Sprintf("MCP tool %q feeds its argument %q to a process it runs — what the process does with it cannot be known before it runs", subj, k)
		if ev.trust == action.ReadOnly {
			ev.deny(groupAnalysis, "opaque", subj, detail+" (trust level read_only)")
		} else {
			ev.builtin(groupAnalysis, Ask, "opaque", subj, detail)
		}
		if shellInput {
			ev.mcpCommand(k, s)
		}
	}
	return skip
}

// mcpHostOrPath judges a value under a key that names a path or a host
// (destination, target; from and to of a mail or a copy): user@host and
// host:port are addresses, hosts when check is set, and it reports true
// for them; a bare dotted name may be a file name or a host, so it is held
// to block_hosts only (a file name is no host an allow list names) and is
// judged as a path as well (false).
func (ev *evaluation) mcpHostOrPath(key, s string, check bool) bool {
	if strings.ContainsAny(s, "/\\ \n") || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "~") {
		return false
	}
	h, ok := destHost(s)
	if !ok {
		return false
	}
	if strings.Contains(s, "@") || (strings.Count(s, ":") == 1 && isPort(s[strings.IndexByte(s, ':')+1:])) {
		if check {
			ev.checkHost(h, "MCP argument "+key, false)
		}
		return true
	}
	if !check || !strings.Contains(h, ".") {
		return false
	}
	ch, err := canonHost(h)
	if err != nil {
		return false
	}
	ix := &ev.p.idx
	ev.buf = ix.blockHosts.lookup(ch, ev.buf[:0])
	for _, rf := range ev.buf {
		ev.user(rf, Deny, ch, fmt.Sprintf("MCP argument %s: host %q matches block_hosts %q", key, ch, ev.p.entry(rf).text))
	}
	return false
}
