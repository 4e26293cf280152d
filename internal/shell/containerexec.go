package shell

import (
	"path"
	"slices"
)

// A command run in a container that is already running (docker exec,
// podman exec, nerdctl exec, docker container exec, compose exec SERVICE:
// the service's mounts are judged from its file, containerdefs.go, when
// the file is found) reaches the host's
// files through mounts given when the container started — by an earlier
// call, by the developer, by a devcontainer — which the line does not
// show. A bind mount keeps the path below its mount point, so a path of
// the command, /app/agent-policy.yaml, is the host file SRC/rel for each
// way of cutting it into a mount point and a rest (rel = agent-policy.yaml
// or app/agent-policy.yaml). The sources that matter most are the ones a
// developer mounts: the repository (a devcontainer's workspace) and the
// home directory, and the host path itself (a mount at the same path). Each such guess is judged as a name through a mount
// (MountedNameWhy): a read, and a possible write only against the rules
// that name files, so that a container's own files stay usable while the
// policy, the hook configurations, blocked files and credential stores
// named through a likely mount are not. The container's real mounts are
// not inspected (that needs the container runtime at decision time).

// execRuntimes are the programs whose exec subcommand runs a command in a
// running container (their options are docker run's: dockerLike).
var execRuntimes = map[string]bool{"docker": true, "podman": true, "nerdctl": true, "finch": true,
	"docker-compose": true, "podman-compose": true}

// containerExec judges the command a container exec runs by the host
// files its paths may be, through the repository or the home directory.
func (c *cmd) containerExec() {
	if !execRuntimes[c.name] {
		return
	}
	start := c.subAfter("exec")
	if start <= 0 {
		return
	}
	strs := c.words(0)
	_, _, end := scanRunOpts(&dockerLike, strs, start)
	if end+1 >= len(strs) {
		return
	}
	for i := end; i < len(c.args); i++ {
		c.notCandidate(i) // the container and its command's paths: the container's
	}
	var bases []string
	for _, b := range []string{c.a.opt.Root, c.a.opt.Home} {
		if path.IsAbs(b) && path.Clean(b) != "/" {
			bases = append(bases, path.Clean(b))
		}
	}
	for _, n := range guessedMountNames(bases, strs[end+1:]) {
		c.read(field{s: n}, MountedNameWhy)
		c.write(field{s: n, cand: true}, MountedNameWhy)
	}
}

// guessedMountNames are the host files the paths in words may be when a
// mount of one of bases is at any directory above them.
func guessedMountNames(bases, words []string) []string {
	var out []string
	for _, p := range containerPaths(words) {
		if p != "/" && !slices.Contains(out, p) {
			out = append(out, p) // a mount at the same path (devcontainers do that)
		}
		for i := 1; i < len(p); i++ {
			if p[i] != '/' {
				continue
			}
			rel := p[i+1:]
			if rel == "" {
				continue
			}
			for _, b := range bases {
				if n := path.Join(b, rel); !slices.Contains(out, n) {
					out = append(out, n)
				}
			}
		}
	}
	return out
}
