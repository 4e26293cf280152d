package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// mcpURI judges a URI argument by the local paths it may name (uri.go)
// and reports whether that is all there is to judge: a local scheme's
// URI names files and no host of its own. A remote or unknown scheme's is
// judged here only for the paths it may name, and then as a destination.
func (ev *evaluation) mcpURI(key string, u uriRef, ops []opKind) (done bool) {
	via := "MCP argument " + key
	if u.class == uriLocal {
		if u.host != "" {
			ev.checkHost(u.host, via+" (the host of a file URL: a share on it)", false)
		}
		for _, p := range u.paths {
			if uriAbs(p) {
				ev.mcpURIPath(p, ops)
				continue
			}
			// file:src/x: WHATWG reads /src/x, Python src/x.
			if ev.mcpURINamed(key, p, ops) {
				ev.mcpURINamed(key, "/"+p, ops)
			}
		}
		if len(u.paths) == 0 {
			ev.deny(groupAnalysis, "bad-url", ev.a.MCPTool, via+" is a URL of a local file without a usable path")
		}
		return true
	}
	for _, p := range u.paths {
		if !uriAbs(p) {
			if u.class == uriUnknown {
				ev.mcpURINamed(key, p, ops)
			}
			continue
		}
		abs, err := ev.absPath(p)
		if err != nil {
			continue
		}
		abs = path.Clean(abs)
		_, inRoot := underFold(abs, ev.root)
		_, inHome := underFold(abs, ev.home)
		switch {
		case inRoot || inHome:
			ev.mcpURIPath(p, ops)
			if u.class == uriUnknown {
				subj := ev.a.Server + "/" + ev.a.MCPTool
				detail := fmt.Sprintf("%s is a URI of the scheme %q, which Mandate does not know, naming %s: the server may open that file", via, u.scheme, ev.displayPath(abs))
				if ev.trust == action.ReadOnly {
					ev.deny(groupAnalysis, "uri-scheme", subj, detail+" (trust level read_only)")
				} else {
					ev.builtin(groupAnalysis, Ask, "uri-scheme", subj, detail)
				}
			}
		case u.class == uriUnknown:
			ev.mcpURINamed(key, p, ops)
		}
	}
	return false
}

// uriAbs reports whether a path reading is absolute or in the home.
func uriAbs(p string) bool {
	return strings.HasPrefix(p, "/") || p == "~" || strings.HasPrefix(p, "~/")
}

// mcpURIPath judges a path a URI names as the files the call acts on.
func (ev *evaluation) mcpURIPath(p string, ops []opKind) {
	ev.mcpPath(p, ops, pathFlags{}) // every reading: mcpbase.go, toolpaths.go
}

// mcpURINamed judges a path a URI may name by the rules that name files
// (mcpNamed); false when it is no path-shaped name.
func (ev *evaluation) mcpURINamed(key, p string, ops []opKind) bool {
	if !mcpPathShaped(p) {
		return false
	}
	ev.mcpNamed(key, p, ops, true)
	return true
}
