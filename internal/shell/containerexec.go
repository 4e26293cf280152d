package shell

import (
	"path"
	"slices"
)

// A command run in a container that is already running (docker exec,
// podman exec, nerdctl exec, docker container exec, compose exec SERVICE:
// the service's mounts are judged from its file, containerdefs.go, when
// the file is found) reaches the host's files through mounts given when
// the container started — by an earlier call, by the developer, by a
// devcontainer — which the line does not show. The command is analysed
// as a command (containerview.go), in the directory -w gives, and each
// path it reads, writes or deletes is taken for the host files it may be
// through a guessed mount: the same path (a devcontainer mounts the
// workspace at its own path), and the repository or the home directory
// mounted at any directory above it. The container's real mounts are not
// inspected (that needs the container runtime at decision time).

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
