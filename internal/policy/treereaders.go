package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// linkRule says whether a program that reads a whole tree reads through
// the symlinks it meets below the paths it is given (grep -R), or only
// copies or skips them (grep -r, cp -r, tar c, rsync -a). Through a
// followed symlink a tree read reaches whatever the link names: src/key
// -> ~/.ssh/id_rsa is read by zip -r src, not by grep -r src.
type linkRule struct {
	always bool     // follows unless an option says otherwise
	on     string   // short option letters that make it follow
	onLong []string // long options that make it follow
	off    string   // short option letters that make it not follow (with always)
	offLng []string
	// bundled: the first argument is a cluster of option letters even
	// without a leading "-" (tar czhf).
	bundled bool
}

// treeLinks lists the programs reported as recursive readers. A program
// not listed here, and every agent search tool, is taken to follow
// symlinks: what Mandate does not know is not assumed harmless.
var treeLinks = &lazy.Value[map[string]linkRule]{New: func() map[string]linkRule {
	return map[string]linkRule{
		"grep":   {on: "R", onLong: []string{"--dereference-recursive"}},
		"egrep":  {on: "R", onLong: []string{"--dereference-recursive"}},
		"fgrep":  {on: "R", onLong: []string{"--dereference-recursive"}},
		"rg":     {on: "L", onLong: []string{"--follow"}},
		"cp":     {on: "L", onLong: []string{"--dereference"}},
		"tar":    {on: "h", onLong: []string{"--dereference"}, bundled: true},
		"bsdtar": {on: "L", onLong: []string{"--dereference"}},
		"rsync":  {on: "Lk", onLong: []string{"--copy-links", "--copy-unsafe-links", "--copy-dirlinks"}},
		"zip":    {always: true, off: "y", offLng: []string{"--symlinks"}},
		"scp":    {always: true},
		"du":     {on: "L", onLong: []string{"--dereference"}},
		"ls":     {on: "L", onLong: []string{"--dereference"}},
		"find":   {on: "L", onLong: nil},
		"git":    {},
		// grep-like searchers (internal/shell searchers.go)
		"ugrep": {on: "RS", onLong: []string{"--dereference-recursive", "--dereference-files"}},
		"ug":    {on: "RS", onLong: []string{"--dereference-recursive", "--dereference-files"}},
		"pt":    {on: "f", onLong: []string{"--follow"}},
		"sift":  {onLong: []string{"--follow"}},
		"rga":   {on: "L", onLong: []string{"--follow"}},
		// container runtimes' bind mounts (shell containers.go): a
		// symlink below the mounted directory resolves in the container,
		// not on the host
		"docker": {}, "podman": {}, "nerdctl": {}, "finch": {}, "buildah": {},
		"docker-compose": {}, "podman-compose": {}, "devcontainer": {},
	}
}}

// followsLinks reports whether the recursive read by the program named
// cmd in the line being judged reads through symlinks.
func (ev *evaluation) followsLinks(cmd string) bool {
	rule, known := treeLinks.Get()[cmd]
	if !known || ev.cur == nil {
		return true
	}
	for i := range ev.cur.Commands {
		c := &ev.cur.Commands[i]
		if c.Name == cmd && rule.follows(c) {
			return true
		}
	}
	return false
}

func (r linkRule) follows(c *shell.Command) bool {
	on, off := false, false
	for i, a := range c.Args {
		if a == "--" {
			break
		}
		switch {
		case strings.HasPrefix(a, "--"):
			name, _, _ := strings.Cut(a, "=")
			for _, l := range r.onLong {
				on = on || name == l
			}
			for _, l := range r.offLng {
				off = off || name == l
			}
		case strings.HasPrefix(a, "-") || (r.bundled && i == 0):
			letters := strings.TrimPrefix(a, "-")
			on = on || r.on != "" && strings.ContainsAny(letters, r.on)
			off = off || r.off != "" && strings.ContainsAny(letters, r.off)
		}
	}
	if r.always {
		return !off
	}
	return on
}
