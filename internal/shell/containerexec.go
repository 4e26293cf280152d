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

// containerExec analyses the command a container exec runs, its paths
// taken through the guessed mounts of the repository and the home
// directory (containerview.go), in the working directory -w gives.
func (c *cmd) containerExec() error {
	if !execRuntimes[c.name] {
		return nil
	}
	start := c.subAfter("exec")
	if start <= 0 {
		return nil
	}
	strs := c.words(0)
	hits, _, end := scanRunOpts(&dockerLike, strs, start)
	if end+1 >= len(strs) {
		return nil
	}
	var dir field
	for _, h := range hits {
		if h.kind == 'c' { // -w/--workdir: the command's directory, a container path
			c.skip[h.at], c.skip[h.opt] = true, true
			dir = field{s: h.val, dyn: c.args[h.at].dyn}
		}
	}
	c.notCandidate(end) // the container
	v := &containerView{guess: true}
	for _, b := range []string{c.a.opt.Root, c.a.opt.Home} {
		if path.IsAbs(b) && path.Clean(b) != "/" && !slices.Contains(v.bases, path.Clean(b)) {
			v.bases = append(v.bases, path.Clean(b))
		}
	}
	return c.runInContainer(v, dir, end+1)
}
