package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Container definitions on disk that a command names (docker compose -f
// FILE, devcontainer --config FILE, podman kube play FILE) and the line
// does not write (shell.Analysis.ContainerFiles; shell containers.go):
// read here at decision time, bounded, and judged as the line's own
// would be. Each host path a container is given read-write is a write of
// it and a read of everything below it, a read-only one the read, a
// device a write of the device; a symlink below a mounted directory
// resolves in the container, not on the host. What cannot be judged —
// the rest of the host given at once (privileged, --pid=host), another
// file's services, a host path holding a variable Mandate does not know,
// commands run on the host, a file that cannot be read or is too large —
// asks. A missing file starts nothing.

func (ev *evaluation) containerFiles(an *shell.Analysis) {
	for _, cf := range an.ContainerFiles {
		b, err := ev.readBounded(cf.Path, maxNameFileBytes)
		switch {
		case err == nil:
		case fsview.IsNotFound(err):
			continue
		default:
			ev.builtin(groupAnalysis, Ask, "container-file", cf.Cmd,
				fmt.Sprintf("%s starts containers from %s, which Mandate cannot read: %v", cf.Cmd, cf.Path, err))
			continue
		}
		if cf.Format == "dockerfile" {
			ev.dockerfile(string(b), cf)
			continue
		}
		def := shell.ParseContainerDef(cf.Format, string(b), cf.Vars)
		mounts, opaque := shell.RunOptMounts(def.RunArgs)
		opaque = append(def.Opaque, opaque...)
		if len(def.HostCode) > 0 {
			opaque = append(opaque, "it runs commands on the host ("+oneLine(def.HostCode[0], 60)+")")
		}
		for _, o := range opaque {
			ev.builtin(groupAnalysis, Ask, "container-file", cf.Cmd,
				fmt.Sprintf("%s starts containers from %s: %s, which Mandate does not judge", cf.Cmd, cf.Path, o))
		}
		mounts = append(def.Mounts, mounts...)
		for _, m := range mounts {
			ev.containerMount(m, cf)
		}
		for _, b := range def.Builds {
			ev.containerBuild(b, cf) // buildfiles.go
		}
		for _, n := range def.EnvNames {
			ev.blockedEnv(n, cf.Cmd+" "+cf.Format+" file "+cf.Path)
		}
		// the paths the containers' commands name through the mounts
		// (shell containernames.go)
		via := shell.MountedNameWhy + " in " + ev.displayPath(cf.Path)
		for _, n := range shell.MountedNames(mounts, cf.Base, append(def.Commands, cf.Words...)) {
			ev.checkRef(n.Path, opRead, pathFlags{via: via, cmd: cf.Cmd})
			if !n.ReadOnly {
				ev.checkRef(n.Path, opWrite, pathFlags{via: via, cmd: cf.Cmd, candidate: true, named: true})
			}
		}
	}
}

// containerMount judges one host path a container of cf is given.
func (ev *evaluation) containerMount(m shell.ContainerMount, cf shell.ContainerFile) {
	src := m.Source
	if strings.ContainsAny(src, "$`") || !path.IsAbs(src) && cf.Base == "" {
		ev.builtin(groupAnalysis, Ask, "container-file", cf.Cmd,
			fmt.Sprintf("%s starts containers from %s: %s %q is not known before it runs", cf.Cmd, cf.Path, m.Why, src))
		return
	}
	if !path.IsAbs(src) {
		src = path.Join(cf.Base, src)
	}
	via := m.Why + " in " + ev.displayPath(cf.Path)
	if m.Glob {
		// each match read with what lies below it (a Dockerfile's COPY *.json)
		ev.checkRef(src, opRead, pathFlags{glob: true, dotGlob: true, globStar: true, via: via, cmd: cf.Cmd,
			tree: &walkScope{cmd: cf.Cmd, follow: ev.followsLinks(cf.Cmd)}})
		return
	}
	if m.Device {
		ev.checkRef(src, opWrite, pathFlags{via: via})
		return
	}
	ev.mount(mountRef{src: src, rw: !m.ReadOnly, read: true, cmd: cf.Cmd, why: via}) // mounts.go
}

// dockerfile judges a Dockerfile on disk that a build reads: its sources
// are reads of its contexts (shell builds.go).
func (ev *evaluation) dockerfile(text string, cf shell.ContainerFile) {
	def := shell.ParseDockerfile(text)
	for _, o := range def.Opaque {
		ev.builtin(groupAnalysis, Ask, "container-file", cf.Cmd,
			fmt.Sprintf("%s builds an image from %s: %s, which Mandate does not judge", cf.Cmd, cf.Path, o))
	}
	for _, m := range shell.DockerfileMounts(def, cf.Base, cf.Contexts) {
		ev.containerMount(m, cf)
	}
}
