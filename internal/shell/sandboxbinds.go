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

// sandboxBindEnv are the environment variables that are a runner's bind
// options: apptainer reads every option from APPTAINER_<OPTION> (and the
// legacy SINGULARITY_<OPTION>), and the bind path lists from
// APPTAINER_BINDPATH (apptainer user guide, "Environment and metadata",
// "Bind paths and mounts"). A value the line gives them is judged as the
// option's; one not known statically makes the binds opaque.
var sandboxBindEnv = &lazy.Value[map[string][]bindEnvVar]{New: func() map[string][]bindEnvVar {
	var apptainer []bindEnvVar
	for _, pre := range []string{"APPTAINER_", "SINGULARITY_"} {
		apptainer = append(apptainer,
			bindEnvVar{pre + "BIND", bindOpt{kind: bindList}}, bindEnvVar{pre + "BINDPATH", bindOpt{kind: bindList}},
			bindEnvVar{pre + "MOUNT", bindOpt{kind: bindMount}}, bindEnvVar{pre + "HOME", bindOpt{kind: bindSpec}})
	}
	return map[string][]bindEnvVar{"apptainer": apptainer, "singularity": apptainer}
}}

// bindEnvVar is one variable of sandboxBindEnv.
type bindEnvVar struct {
	name string
	opt  bindOpt
}

// envBinds returns the binds the line's environment gives c's runner.
func (c *cmd) envBinds() []sandboxBind {
	var out []sandboxBind
	for _, e := range sandboxBindEnv.Get()[c.name] {
		if v, ok := c.a.envOrVar(c.sc, e.name); ok {
			out = append(out, bindsOf(e.opt, []field{{s: v.val, dyn: !v.known}}, nil)...)
		}
	}
	return out
}

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
		fields, parsed := parseMountCSV(vals[0].s) // mountcsv.go
		if !parsed {
			// not a record apptainer reads as Mandate does: not known
			return []sandboxBind{{src: field{s: vals[0].s, dyn: true}, dst: field{s: "/", dyn: true}}}
		}
		for _, kf := range fields {
			k, v := kf.key, kf.val
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
// that follows names host files through them (containerview.go). A bind not known statically is opaque.
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

// sandboxDests are the options that create or change a path inside the
// sandbox before the command runs, by the position of the path among
// their values: bwrap --file FD DEST and --bind-data FD DEST write DEST
// (creating it as a mount point), --symlink SRC DEST, --chmod MODE PATH,
// --dir DEST. Below a read-write bind the path is the host's file.
var sandboxDests = map[string]map[string]int{
	"bwrap": {"--file": 2, "--bind-data": 2, "--ro-bind-data": 2, "--symlink": 2, "--chmod": 2, "--dir": 1},
}

// sandboxDestWrites judges the paths dests (said by options of
// sandboxDests) as the host files the binds make them: a path below no
// bind is the sandbox's own.
func (c *cmd) sandboxDestWrites(binds []sandboxBind, dests []field) {
	base := c.knownCwd()
	for _, d := range dests {
		if d.dyn || strings.ContainsAny(d.s, "$`") {
			c.opaque(c.name + " creates a path not known statically inside the sandbox: " + clip(d.s))
			continue
		}
		p := path.Clean("/" + d.s)
		best, host, ro := "", "", false
		for _, b := range binds {
			src, dst := b.src.s, b.dst.s
			if b.src.dyn || b.dst.dyn || !path.IsAbs(dst) || strings.Contains(src, "://") {
				continue // opaque already (sandboxMounts), or an image
			}
			if !path.IsAbs(src) {
				if base == "" {
					continue
				}
				src = path.Join(base, src)
			}
			dst = path.Clean(dst)
			if r, ok := underDir(p, dst); ok && len(dst) >= len(best) {
				best, host, ro = dst, path.Join(src, r), b.ro
			}
		}
		if best != "" && !ro {
			c.write(field{s: host}, c.name+" creates or changes it inside the sandbox, through a bind")
		}
	}
}
