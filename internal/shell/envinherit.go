package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Variables the agent's environment exports (red-team round 19 #66). A
// plain assignment NAME=V (no export) to a variable that is already
// exported changes the environment of every program that follows: HOME=x;
// mandate log runs Mandate with HOME=x. The analysis does not know the
// agent's environment, so the names every login environment exports, and
// every name of a family a tool reads from the environment (Mandate's own
// MANDATE_*, the XDG base directories, the locale), are taken as exported:
// an assignment to one is an export (assignExported). The unknown is
// dangerous: a name that may be exported is.

// inheritedNames are exported in the environment a login gives a shell.
var inheritedNames = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{"HOME", "PATH", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM", "TMPDIR",
		"MAIL", "EDITOR", "VISUAL", "PAGER", "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
		"SSH_AUTH_SOCK", "GNUPGHOME", "KUBECONFIG", "DOCKER_HOST", "DOCKER_CONFIG"} {
		m[n] = true
	}
	return m
}}

// inheritedPrefixes name families of variables that may be exported.
var inheritedPrefixes = []string{"MANDATE_", "XDG_", "LC_"}

// inheritedExport reports whether name may already be exported in the
// agent's environment.
func inheritedExport(name string) bool {
	if inheritedNames.Get()[name] {
		return true
	}
	for _, p := range inheritedPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
