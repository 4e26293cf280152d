package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Sandbox bind mounts. The runners of containerenv.go (bwrap, apptainer,
// ch-run, nsjail, systemd-nspawn) run their command on the host's tree
// as it is bound into the sandbox: the command is analysed with host
// paths, which is right where a directory is bound under its own name
// (bwrap --ro-bind / /, apptainer's $HOME). A bind that gives a host
// directory another name (bwrap --bind /home/dev /mnt, apptainer -B
// /home/dev:/h, nsjail --chroot DIR, systemd-nspawn -D DIR) is what
// docker run -v is (containers.go), and is judged the same way:
//
//   - its source is a host path given to the sandbox (PathRef.Mount,
//     policy/mounts.go): the home directory, the root, a directory holding
//     the policy or a credential store decide as a docker -v of them;
//   - the absolute paths of the command below its destination are the
//     host files they name (containernames.go MountedNames), read and
//     possibly written; a directory option (bwrap --chdir) below it is
//     the host directory;
//   - a bind whose source or destination is not known statically makes
//     what the command names opaque.

// bindKind is how a runner's option gives a host path a name.
type bindKind uint8

const (
	bindPair   bindKind = iota + 1 // two values SRC DST (bwrap)
	bindSpec                       // SRC[:DST[:OPTS]] (nsjail, ch-run, nspawn); no DST: the same name
	bindList                       // a comma-separated list of SRC[:DST[:OPTS]] (apptainer -B)
	bindMount                      // type=bind,src=…,dst=…[,ro] (apptainer --mount)
	bindRoot                       // the value is the sandbox's root directory (nsjail --chroot, nspawn -D)
	bindRootOp                     // the image operand, when a directory, is the root (apptainer, ch-run)
)

// bindOpt is one bind option of a runner.
type bindOpt struct {
	kind bindKind
	ro   bool // read-only unless the value says rw
}

// sandboxBinds are the bind options of the runners of envInheritors;
// "" holds what the image operand is.
var sandboxBinds = &lazy.Value[map[string]map[string]bindOpt]{New: func() map[string]map[string]bindOpt {
	rw, ro := bindOpt{kind: bindPair}, bindOpt{kind: bindPair, ro: true}
	apptainer := map[string]bindOpt{
		"-B": {kind: bindList}, "--bind": {kind: bindList}, "--mount": {kind: bindMount},
		"-H": {kind: bindSpec}, "--home": {kind: bindSpec},
		"": {kind: bindRootOp, ro: true},
	}
	return map[string]map[string]bindOpt{
		"bwrap": {
			"--bind": rw, "--bind-try": rw, "--dev-bind": rw, "--dev-bind-try": rw,
			"--ro-bind": ro, "--ro-bind-try": ro,
		},
		"apptainer": apptainer, "singularity": apptainer,
		"ch-run": {
			"-b": {kind: bindSpec}, "--bind": {kind: bindSpec},
			"": {kind: bindRootOp, ro: true},
		},
		"nsjail": {
			"-B": {kind: bindSpec}, "--bindmount": {kind: bindSpec},
			"-R": {kind: bindSpec, ro: true}, "--bindmount_ro": {kind: bindSpec, ro: true},
			"-m": {kind: bindSpec}, "--mount": {kind: bindSpec},
			"-c": {kind: bindRoot, ro: true}, "--chroot": {kind: bindRoot, ro: true},
		},
		"systemd-nspawn": {
			"--bind": {kind: bindSpec}, "--bind-ro": {kind: bindSpec, ro: true},
			"-D": {kind: bindRoot}, "--directory": {kind: bindRoot},
		},
	}
}}

// sandboxBind is one bind of a sandbox runner's line.
type sandboxBind struct {
	src, dst field
	ro       bool
	at       []int // the arguments that say it
}

// bindsOf returns the binds an option of kind b gives with the values
// vals (one, or two for bindPair), said by the arguments at.
func bindsOf(b bindOpt, vals []field, at []int) []sandboxBind {
	out := bindVals(b, vals)
	for i := range out {
		out[i].at = at
	}
	return out
}

func bindVals(b bindOpt, vals []field) []sandboxBind {
	switch b.kind {
	case bindPair:
		if len(vals) == 2 {
			return []sandboxBind{{src: vals[0], dst: vals[1], ro: b.ro}}
		}
	case bindRoot, bindRootOp:
		if len(vals) == 1 {
			return []sandboxBind{{src: vals[0], dst: field{s: "/"}, ro: b.ro}}
		}
	case bindSpec, bindList:
		if len(vals) != 1 {
			return nil
		}
		specs := []string{vals[0].s}
		if b.kind == bindList {
			specs = strings.Split(vals[0].s, ",")
		}
		var out []sandboxBind
		for _, s := range specs {
			src, rest, hasDst := strings.Cut(s, ":")
			dst, opts, _ := strings.Cut(rest, ":")
			if !hasDst || dst == "" {
				dst = src
			}
			ro := b.ro
			for _, o := range strings.Split(opts, ",") {
				switch o {
				case "ro":
					ro = true
				case "rw":
					ro = false
				}
			}
			out = append(out, sandboxBind{src: field{s: src, dyn: vals[0].dyn}, dst: field{s: dst, dyn: vals[0].dyn}, ro: ro})
		}
		return out
	case bindMount:
		if len(vals) != 1 {
			return nil
		}
		var sb sandboxBind
		sb.src.dyn, sb.dst.dyn = vals[0].dyn, vals[0].dyn
		bind := false
		for _, kv := range strings.Split(vals[0].s, ",") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "type":
				bind = v == "bind"
			case "src", "source":
				sb.src.s = v
			case "dst", "destination", "target":
				sb.dst.s = v
			case "ro", "readonly":
				sb.ro = v != "false"
			}
		}
		if bind && sb.src.s != "" {
			if sb.dst.s == "" {
				sb.dst.s = sb.src.s
			}
			return []sandboxBind{sb}
		}
	}
	return nil
}

// bindArity is how many values a bind option takes.
func bindArity(b bindOpt) int {
	if b.kind == bindPair {
		return 2
	}
	return 1
}

// sandboxMounts judges the binds of a runner's line and returns those
// that give a host path another name, as container mounts; the command
// that follows names host files through them (mapBindDirs,
// mountedNames). A bind not known statically is opaque.
func (c *cmd) sandboxMounts(binds []sandboxBind) []ContainerMount {
	var out []ContainerMount
	base := c.knownCwd()
	for _, b := range binds {
		if b.src.dyn || b.dst.dyn || strings.ContainsAny(b.src.s+b.dst.s, "$`") {
			c.opaque(c.name + " binds a path not known statically: the command may name any host file")
			continue
		}
		src := b.src.s
		if strings.Contains(src, "://") {
			continue // an image URI (docker://, library://), not a host path
		}
		if !path.IsAbs(src) {
			if base == "" {
				c.opaque(c.name + " binds a relative path from a directory not known statically")
				continue
			}
			src = path.Join(base, src)
		}
		if !path.IsAbs(b.dst.s) {
			c.opaque(c.name + " binds a host path at a relative name: " + clip(b.dst.s))
			continue
		}
		if path.Clean(src) == path.Clean(b.dst.s) {
			continue // the same name: the command's paths are the host's
		}
		m := ContainerMount{Source: path.Clean(src), Target: path.Clean(b.dst.s), ReadOnly: b.ro,
			Why: c.name + " bind mount (the command sees it at " + clip(b.dst.s) + ")"}
		for _, k := range b.at {
			c.skip[k] = true // judged here, not as a plain argument
		}
		c.a.sandboxBind = true
		c.containerMount(m, base)
		c.a.sandboxBind = false
		out = append(out, m)
	}
	return out
}

// mapBindDirs maps directories (a runner's --chdir) below a bind's
// destination to the host directories they are. A root directory's
// bind (Target /) is not followed: the runners that take one bind the
// home and the cwd under their own names by default (apptainer), and
// the directory is judged as a whole (its mount) either way.
func mapBindDirs(mounts []ContainerMount, dirs []field) []field {
	if len(mounts) == 0 {
		return dirs
	}
	out := make([]field, len(dirs))
	for i, d := range dirs {
		out[i] = d
		if d.dyn || !path.IsAbs(d.s) {
			continue
		}
		p := path.Clean(d.s)
		best := -1
		for k, m := range mounts {
			if _, ok := underDir(p, m.Target); ok && m.Target != "/" && (best < 0 || len(m.Target) > len(mounts[best].Target)) {
				best = k
			}
		}
		if best >= 0 {
			r, _ := underDir(p, mounts[best].Target)
			out[i].s = path.Join(mounts[best].Source, r)
		}
	}
	return out
}
