package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Image builds a container definition on disk asks for (a compose
// service's build, a dev container's, a bake target; shell builds.go):
// the build's contexts are reads of those directories, its outputs
// writes, and its Dockerfile — inline, or read here from disk — says what
// of the contexts it reads (each source a read-only mount of the path,
// mounts.go). A Dockerfile that cannot be read leaves the whole of each
// context a read-only mount; a missing one builds nothing.

// containerBuild judges build b of definition cf.
func (ev *evaluation) containerBuild(b shell.ContainerBuild, cf shell.ContainerFile) {
	base := cf.Base
	if b.DefRelative {
		base = path.Dir(cf.Path)
	}
	via := "an image build in " + ev.displayPath(cf.Path)
	abs := func(p string) (string, bool) {
		if strings.ContainsAny(p, "$`") || !path.IsAbs(p) && base == "" {
			ev.builtin(groupAnalysis, Ask, "container-file", cf.Cmd,
				fmt.Sprintf("%s builds an image from %s: the path %q is not known before it runs", cf.Cmd, cf.Path, p))
			return "", false
		}
		if !path.IsAbs(p) {
			p = path.Join(base, p)
		}
		return path.Clean(p), true
	}
	for _, o := range b.Opaque {
		ev.builtin(groupAnalysis, Ask, "container-file", cf.Cmd,
			fmt.Sprintf("%s builds an image from %s: %s, which Mandate does not judge", cf.Cmd, cf.Path, o))
	}
	for _, r := range b.Reads {
		if p, ok := abs(r); ok {
			ev.checkRef(p, opRead, pathFlags{via: via, cmd: cf.Cmd})
		}
	}
	for _, w := range b.Writes {
		if p, ok := abs(w); ok {
			ev.checkRef(p, opWrite, pathFlags{via: via, cmd: cf.Cmd})
		}
	}
	contexts := map[string]string{}
	var roots []string
	for k, v := range b.Contexts {
		if raw := shell.BuildContextPath(v); raw != "" {
			if p, ok := abs(raw); ok {
				contexts[k] = p
				roots = append(roots, p)
			}
		}
	}
	ctx := ""
	if raw := shell.BuildContextPath(b.Context); raw != "" {
		if p, ok := abs(raw); ok {
			ctx = p
			roots = append(roots, p)
		}
	}
	text, known := b.Inline, b.HasInline
	if !known && ctx != "" {
		var names []string
		if b.Dockerfile != "" {
			dfBase := ctx
			if b.DefRelative {
				dfBase = base
			}
			names = []string{b.Dockerfile}
			if !path.IsAbs(b.Dockerfile) {
				names[0] = path.Join(dfBase, b.Dockerfile)
			}
		} else {
			names = shell.DefaultDockerfiles(ctx)
		}
		for _, n := range names {
			if _, ok := abs(n); !ok {
				return // asked: a Dockerfile not known
			}
			buf, err := ev.readBounded(n, maxNameFileBytes)
			if fsview.IsNotFound(err) {
				continue
			}
			if err != nil {
				ev.builtin(groupAnalysis, Ask, "container-file", cf.Cmd,
					fmt.Sprintf("%s builds an image from %s, which Mandate cannot read: %v", cf.Cmd, n, err))
				for _, r := range roots {
					ev.mount(mountRef{src: r, read: true, cmd: cf.Cmd, why: "a build context whose Dockerfile is not known, in " + ev.displayPath(cf.Path)})
				}
				return
			}
			text, known = string(buf), true
			break
		}
	}
	for _, r := range roots {
		ev.checkRef(r, opRead, pathFlags{via: via, cmd: cf.Cmd}) // the context itself
	}
	if !known {
		return // no Dockerfile: nothing built
	}
	ev.dockerfile(text, shell.ContainerFile{Path: cf.Path, Format: "dockerfile", Base: ctx, Contexts: contexts, Cmd: cf.Cmd})
}
