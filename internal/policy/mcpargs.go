package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// MCP arguments. An MCP server is a program Mandate does not see inside:
// its arguments are judged by what they name. A string is read by the key
// it stands under (the innermost object key; an array's items inherit it),
// the key spelled without case, "_" or "-":
//
//   - a destination (mcpDestKeys: url, host, hostname, server, endpoint,
//     …) is a network host however it is written: an absolute URL, a
//     scheme-relative "//host/x", a scheme-less "host/x" or "host:port",
//     with userinfo, tabs and newlines (which WHATWG parsers drop) and
//     percent-encoding (which they decode);
//   - a command (mcpCommandKeys) is a shell command line, analysed as an
//     exec's is, together with its argument list when the object has one
//     (mcpArgvKeys: a list, or a string read as shell words) or when the
//     command is itself a list of words; a program (mcpExecKeys:
//     executable, binary) is one word with the same argument list; either
//     runs in the object's working directory (mcpWorkdirKeys) when it
//     names one;
//   - input a running or process-feeding tool is given (mcpInputKeys) is
//     opaque, and a command line too for tools known to type it into a
//     shell (mcpobject.go);
//   - code (mcpCodeKeys) is opaque: what it does is not known before it
//     runs (ask; deny at read_only);
//   - anything else that starts with scheme:// is a URL, and a path-like
//     string (or any string under a path key) is a path (kinds.go).
//
// A host that cannot be read is unknown, never harmless (checkHost).

// mcpKey is an argument key in the spelling the tables use.
func mcpKey(k string) string {
	if !strings.ContainsAny(k, "_-ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return k
	}
	return mcpKeyFolder.Replace(strings.ToLower(k))
}

var mcpKeyFolder = strings.NewReplacer("_", "", "-", "")

// mcpDestKeys name a network destination; mcpDestSuffixes end such keys
// (dbHost, smtp_server, callback_url, baseURL).
var mcpDestKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"ip": true, "ips": true, "ipaddress": true, "ipaddr": true, "addr": true,
		"href": true, "link": true, "website": true,
		"address": true, "addresses": true, "serveraddress": true, "remoteaddress": true,
		"hostaddress": true, "fqdn": true, "dns": true,
	}
}}

var mcpDestSuffixes = []string{
	"host", "hosts", "hostname", "hostnames", "server", "servers",
	"url", "urls", "endpoint", "endpoints", "origin", "domain", "domains",
}

func isMCPDestKey(k string) bool {
	if mcpDestKeys.Get()[k] {
		return true
	}
	for _, s := range mcpDestSuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}

// mcpCommandKeys hold a command line a server runs in a shell (a shell,
// terminal, SSH or container MCP server).
var mcpCommandKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"command": true, "commands": true, "cmd": true, "cmds": true, "cmdline": true,
		"commandline": true, "shellcommand": true, "bashcommand": true, "runcommand": true,
		"bash": true, "sh": true, "exec": true,
	}
}}

// mcpArgvKeys hold the arguments of the command under a command key.
var mcpArgvKeys = []string{"args", "argv", "arguments"}

// mcpCodeKeys hold source code a server runs (an IDE's executeCode, a
// notebook kernel, a code interpreter, a browser's evaluate).
var mcpCodeKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"code": true, "sourcecode": true, "codesnippet": true, "snippet": true,
		"script": true, "scripts": true, "scriptcontent": true, "program": true,
		"python": true, "pythoncode": true, "javascript": true, "js": true, "jscode": true,
		"function": true, "expression": true, "cell": true, "cellcontent": true,
	}
}}

// mcpObject judges the command an object carries as a whole (command plus
// argument list, in the working directory the object names) and reports
// whether it did, so that the walk does not judge its words one by one as
// well. A program under an exec key (executable, binary) is one word; an
// argument list given as one string is read as shell words (mcpobject.go).
func (ev *evaluation) mcpObject(x map[string]any) (skip map[string]bool) {
	var cmdKeys []string
	for k := range x {
		if fk := mcpKey(k); mcpCommandKeys.Get()[fk] || mcpExecKeys.Get()[fk] {
			cmdKeys = append(cmdKeys, k)
		}
	}
	skip = ev.mcpInput(x)
	if len(cmdKeys) == 0 {
		return ev.mcpArgvObject(x, skip) // mcpnamed.go
	}
	slices.Sort(cmdKeys) // findings in a fixed order, whatever the map's
	if skip == nil {
		skip = map[string]bool{}
	}
	cwd := ev.mcpWorkdir(x, skip)
	for _, k := range cmdKeys {
		var line string
		switch c := x[k].(type) {
		case string:
			line = c
			if mcpExecKeys.Get()[mcpKey(k)] && c != "" {
				line = quoteArgv([]string{c})
			}
		case []any:
			line = quoteArgv(mcpArgv(c))
		default:
			continue
		}
		for _, ak := range argKeys(x) {
			if !isArgvKey(ak) {
				continue
			}
			switch a := x[ak].(type) {
			case []any:
				skip[ak] = true
				if ws := mcpArgv(a); len(ws) > 0 {
					line += " " + quoteArgv(ws)
				}
			case string:
				skip[ak] = true
				line += " " + a
			}
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		ev.mcpCommandIn(k, line, cwd)
		skip[k] = true
	}
	return skip
}

func argKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func isArgvKey(k string) bool {
	k = mcpKey(k)
	for _, a := range mcpArgvKeys {
		if k == a {
			return true
		}
	}
	return false
}

// mcpArgv is the words of an argument list: strings as they are, numbers
// and booleans as JSON writes them.
func mcpArgv(list []any) []string {
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

// mcpCommand analyses a command line an MCP server runs, as an exec's.
func (ev *evaluation) mcpCommand(key, line string) {
	ev.mcpCommandIn(key, line, ev.cwd)
}

// mcpCommandIn analyses a command line run in the directory cwd.
func (ev *evaluation) mcpCommandIn(key, line, cwd string) {
	if strings.TrimSpace(line) == "" {
		return
	}
	an, err := ev.analyze(line, shell.Options{Cwd: cwd, Home: ev.home, Root: ev.root})
	if err != nil {
		ev.deny(groupAnalysis, "unparsable-command", line, fmt.Sprintf("MCP argument %q is a command line that cannot be analysed: %v", key, err))
		return
	}
	ev.analyses = append(ev.analyses, an)
	ev.analysis(an)
}

// mcpCode judges code an MCP server runs: opaque.
func (ev *evaluation) mcpCode(key, code string) {
	if strings.TrimSpace(code) == "" {
		return
	}
	subj := ev.a.Server + "/" + ev.a.MCPTool
	detail := fmt.Sprintf("MCP tool %q runs the code in its argument %q — its effect cannot be known before it runs", subj, key)
	if ev.trust == action.ReadOnly {
		ev.deny(groupAnalysis, "opaque", subj, detail+" (trust level read_only)")
	} else {
		ev.builtin(groupAnalysis, Ask, "opaque", subj, detail)
	}
}

// mcpDest judges a destination argument by the host it names; false
// means it names none (a local path, a file: URL).
func (ev *evaluation) mcpDest(key, s string) bool {
	h, ok := destHost(s)
	if ok {
		ev.checkHost(h, "MCP argument "+key, false)
	}
	return ok
}

// destHost returns the host a destination string names, as WHATWG URL
// parsers and clients read it: ASCII tab and newline removed, leading and
// trailing spaces and controls trimmed, the authority after scheme:// or
// //, or the whole string up to the first / ? # or \ when it has neither,
// without userinfo or port. Percent-encoding is left for canonHost, which
// decodes it as those parsers do. false means the string names no host
// (a local path, a file: URL, a storage scheme).
func destHost(s string) (string, bool) {
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	rest := s
	if auth, ok := specialSchemeAuthority(s); ok {
		rest = auth // WHATWG: https:/host, https:\\host, https:///host, https:host
	} else if i := strings.Index(s, "://"); i > 0 && validScheme(s[:i]) {
		if nonHostScheme.Get()[strings.ToLower(s[:i])] {
			return "", false
		}
		rest = s[i+3:]
	} else if after, ok := strings.CutPrefix(s, "//"); ok {
		rest = after
	} else if after, ok := strings.CutPrefix(s, `\\`); ok {
		rest = after
	} else if strings.HasPrefix(s, "/") || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "~") {
		return "", false
	} else if i := strings.IndexByte(s, ':'); i > 0 && validScheme(s[:i]) && !strings.ContainsAny(s[:i], ".") && !isPort(s[i+1:]) {
		// mailto:x@host, data:…, javascript:…: no authority.
		if strings.EqualFold(s[:i], "mailto") {
			rest = s[i+1:]
		} else {
			return "", false
		}
	}
	if end := strings.IndexAny(rest, `/?#\`); end >= 0 {
		rest = rest[:end]
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = rest[at+1:]
	}
	switch {
	case strings.HasPrefix(rest, "["):
		if end := strings.IndexByte(rest, ']'); end > 0 {
			rest = rest[:end+1]
		}
	case strings.Count(rest, ":") == 1:
		rest = rest[:strings.IndexByte(rest, ':')]
	}
	if rest == "" {
		return "", false
	}
	return rest, true
}

// nonHostScheme names URL schemes that reach no host of the URL's own:
// local files and storage reached through a provider's endpoint.
var nonHostScheme = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"file": true, "s3": true, "gs": true, "gcs": true, "az": true, "unix": true, "npipe": true,
	}
}}

func validScheme(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// isPort reports whether s starts with a port number (host:5432/x).
func isPort(s string) bool {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n > 0 && (n == len(s) || strings.ContainsRune("/?#", rune(s[n])))
}
