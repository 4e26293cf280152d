package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Subcommands of container tools that run their command on the host
// (red-team round 11 #7): podman unshare and buildah unshare run it in
// the rootless user namespace, with the host's files and the caller's
// environment (toolbox run is a launcher: launchers.go). The command is
// analysed as
// a wrapped one (containerenv.go's envInheritor says how its options are
// read). The rest of such a program is container code (a container's
// command sees the host only through its mounts: containers.go), so this
// table is looked at first, by program and subcommand.
var hostSubcommands = &lazy.Value[map[string]map[string]envInheritor]{New: func() map[string]map[string]envInheritor {
	help := "-h --help"
	return map[string]map[string]envInheritor{
		"podman":  {"unshare": {inherits: true, flags: "--rootless-netns --rootless-cni " + help}},
		"buildah": {"unshare": {inherits: true, arity: arities(1, "-m --mount"), flags: help}},
	}
}}

// hostSub returns how c runs a command on the host, when its subcommand
// is one of hostSubcommands, and the index of its first argument after
// the subcommand. The subcommand is the first word that is no option,
// nor the value of one (--log-level debug unshare): a word of the table
// after an option without "=" is taken as the subcommand too.
func (c *cmd) hostSub() (envInheritor, int, bool) {
	subs, ok := hostSubcommands.Get()[c.name]
	if !ok {
		return envInheritor{}, 0, false
	}
	for i, f := range c.args {
		if f.dyn {
			break
		}
		if ei, ok := subs[f.s]; ok {
			c.skip[i] = true
			return ei, i + 1, true
		}
		if !strings.HasPrefix(f.s, "-") && (i == 0 || !strings.HasPrefix(c.s(i-1), "-") || strings.Contains(c.s(i-1), "=")) {
			break // another subcommand
		}
	}
	return envInheritor{}, 0, false
}
