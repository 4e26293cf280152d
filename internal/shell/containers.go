package shell

import (
	"errors"
	"path"
	"strings"
)

// Containers and the host's files. A container reaches the host's files
// only through what it is given: a bind mount (docker run -v SRC:DST,
// --mount type=bind,src=SRC, a compose service's volumes, a devcontainer
// mount, a Kubernetes hostPath), a device, a volume whose driver binds a
// host directory — or everything at once (--privileged, --pid=host,
// another container's mounts). Whatever command runs inside, a read-write
// bind of SRC is reported as a write of SRC and a read of everything below
// it (a .env, a credential store), a read-only one as the read, both
// marked PathRef.Mount: the policy judges the mount as a whole
// (policy/mounts.go: denied where SRC itself is protected or forbidden or
// hands over the host, asked where it only holds such files below it). A
// device is a write of the device. The container's command names host
// files through the mounts (containernames.go). What gives the host
// beyond mounts is opaque.
//
// Container definitions are judged the same way (containerdefs.go): a
// compose file, a devcontainer.json or a Kubernetes YAML the line writes
// with literal text is read and its mounts, devices, env files, docker
// run options and host commands (initializeCommand, analysed as shell
// code) judged; one it writes with text not known statically is opaque.
// One on disk that the line does not write — named (-f FILE, --config
// FILE, kube play FILE) or found by the runner's own rules (compose.yaml
// here or above within the repository, .devcontainer/devcontainer.json)
// — is read by the policy at decision time (Analysis.ContainerFiles,
// policy/mountfiles.go), as an env or compose file on disk is for the
// variables it passes: an earlier tool call may have written it, and
// docker compose run SERVICE CMD runs any command with the mounts of the
// project's own services.
// Which runtimes, options, programs and keys: containertables.go.

// containers judges the host paths c gives containers.
func (c *cmd) containers() error {
	if err := c.containerRunMounts(); err != nil {
		return err
	}
	if err := c.containerExec(); err != nil { // containerexec.go
		return err
	}
	if err := c.buildCommand(); err != nil { // builds.go
		return err
	}
	if err := c.kubectlObjects(); err != nil { // kubeobjects.go
		return err
	}
	if err := c.bakeSets(); err != nil { // bakefile.go
		return err
	}
	return c.containerDefFiles()
}

// containerRunMounts judges a runtime's mount and device options.
func (c *cmd) containerRunMounts() error {
	rt, ok := containerRuntimes.Get()[c.name]
	if !ok {
		return nil
	}
	start := c.subAfter(rt.subs)
	if start < 0 {
		return nil
	}
	strs := make([]string, len(c.args))
	for i := range c.args {
		strs[i] = c.s(i)
	}
	hits, opaque, end := scanRunOpts(&rt, strs, start)
	for _, o := range opaque {
		c.opaque(clip(o) + " gives the container the host beyond its mounts")
	}
	run := start > 0 && inFields(rt.run, c.s(start-1))
	if run {
		// the image and the container's command: paths inside it
		for i := end; i < len(c.args); i++ {
			c.notCandidate(i)
		}
	}
	var mounts []ContainerMount
	var dir field
	for _, h := range hits {
		c.skip[h.at], c.skip[h.opt] = true, true
		if h.kind == 'c' {
			dir = field{s: h.val, dyn: c.args[h.at].dyn}
			continue
		}
		m, ok, known := h.mount()
		switch {
		case !known:
			c.opaque("a mount of a type Mandate does not read: " + clip(h.val))
		case !ok && c.args[h.at].dyn:
			c.opaque("a mount not known statically: " + clip(h.val))
		case ok:
			c.containerMount(m, c.sc.cwd)
			mounts = append(mounts, m)
		}
	}
	cmdAt := end + 1
	root := false
	if rm, at, ok := c.rootfsMount(&rt, start, end); ok {
		// --rootfs: the host directory is the container's root
		c.skip[at] = true
		switch {
		case c.args[at].dyn || strings.ContainsAny(rm.Source, "$`"):
			c.opaque("a container root directory not known statically: " + clip(rm.Source))
		default:
			c.containerMount(rm, c.sc.cwd)
			mounts = append(mounts, rm)
			root = true
		}
		if at < end {
			cmdAt = end // --rootfs=DIR: no image operand
		}
	}
	if !run || len(mounts) == 0 {
		return nil
	}
	return c.containerCommand(newContainerView(mounts, c.knownCwd(), root), dir, start, end, cmdAt)
}

// rootfsMount returns the root directory an option of rt.rootfs gives
// the container as a mount at /, and the index of the word holding it:
// the option's own value (--rootfs=DIR) or the image operand at end.
func (c *cmd) rootfsMount(rt *containerRuntime, start, end int) (ContainerMount, int, bool) {
	if rt.rootfs == "" {
		return ContainerMount{}, 0, false
	}
	for i := start; i < end; i++ {
		name, val, eq := strings.Cut(c.s(i), "=")
		if !inFields(rt.rootfs, name) {
			continue
		}
		at := end
		if eq && val != "true" && val != "false" && val != "" {
			at = i
		} else {
			if eq && val == "false" || end >= len(c.args) {
				return ContainerMount{}, 0, false
			}
			val = c.s(end)
		}
		m := ContainerMount{Source: val, Target: "/", Why: "a container's root directory (--rootfs)"}
		if k := strings.LastIndexByte(val, ':'); k > 0 {
			switch opt := val[k+1:]; {
			case opt == "O":
				m.Source, m.ReadOnly = val[:k], true
			case strings.HasPrefix(opt, "idmap"):
				m.Source = val[:k]
			}
		}
		return m, at, true
	}
	return ContainerMount{}, 0, false
}

// containerCommand analyses the command of a container run (the image at
// end, its options from start, the command from cmdAt) in the view v:
// --entrypoint and the words after the image. One that starts with an option runs the image's own
// entrypoint, not known: its words are read for paths (MountedNames).
func (c *cmd) containerCommand(v *containerView, dir field, start, end, cmdAt int) error {
	var entry *field
	for i := start; i < end; i++ {
		s := c.s(i)
		switch {
		case s == "--entrypoint" && i+1 < end:
			f := c.args[i+1]
			entry = &f
		case strings.HasPrefix(s, "--entrypoint="):
			f := c.args[i]
			f.s = strings.TrimPrefix(s, "--entrypoint=")
			entry = &f
		}
	}
	if entry != nil && (entry.dyn || strings.ContainsAny(entry.s, " \t")) {
		c.opaque("a container entrypoint not known statically: " + clip(entry.s))
		entry = nil
	}
	if entry == nil {
		if cmdAt >= len(c.args) {
			return nil
		}
		if strings.HasPrefix(c.s(cmdAt), "-") {
			for _, n := range MountedNames(viewMounts(v), "", c.words(cmdAt)) {
				c.read(field{s: n.Path}, MountedNameWhy)
				if !n.ReadOnly {
					c.write(field{s: n.Path, cand: true}, MountedNameWhy)
				}
			}
			return nil
		}
		return c.runInContainer(v, dir, cmdAt)
	}
	if entry.s == "" {
		return c.runInContainer(v, dir, cmdAt)
	}
	args := append([]field{*entry}, c.args[cmdAt:]...)
	for k := cmdAt; k < len(c.args); k++ {
		c.skip[k] = true
	}
	rc := &cmd{a: c.a, sc: c.sc, name: c.name, args: args, skip: make([]bool, len(args)), w: c.w}
	return rc.runInContainer(v, dir, 0)
}

// knownCwd is the working directory when it is known statically, or "".
func (c *cmd) knownCwd() string {
	if !c.sc.cwdKnown {
		return ""
	}
	return c.sc.cwd
}

// words are c's arguments from i on, as text.
func (c *cmd) words(i int) []string {
	var out []string
	for ; i >= 0 && i < len(c.args); i++ {
		out = append(out, c.s(i))
	}
	return out
}

// containerMount reports what mount m (relative sources taken from base)
// lets the container do.
func (c *cmd) containerMount(m ContainerMount, base string) {
	src := m.Source
	dyn := strings.ContainsAny(src, "$`")
	if !dyn && !path.IsAbs(src) && base != "" {
		src = path.Join(base, src)
	}
	f := field{s: src, dyn: dyn, mount: true}
	why := m.Why
	if m.Glob && !dyn {
		// each match, with what lies below it (a Dockerfile's COPY *.json)
		c.read(tree(field{s: src, glob: true}, treeOpts{dotGlob: true, globStar: true}), why)
		return
	}
	if m.Device {
		f.mount = false // a write of the device, as any other
		c.write(f, why)
		return
	}
	c.read(tree(f, treeOpts{}), why)
	if !m.ReadOnly {
		c.write(f, why+" (read-write)")
	}
}

// subAfter returns the index after the subcommand of subs c runs (a word
// of subs among its arguments, or two joined by "_" in that order, the
// earliest found), -1 when none; 0 when subs is empty.
func (c *cmd) subAfter(subs string) int {
	if subs == "" {
		return 0
	}
	best := -1
	for _, sub := range strings.Fields(subs) {
		words := strings.Split(sub, "_")
		k := 0
		for i := range c.args {
			s := c.s(i)
			if s == "--" {
				break
			}
			if s != words[k] {
				continue
			}
			if k++; k == len(words) {
				if best < 0 || i+1 < best {
					best = i + 1
				}
				break
			}
		}
	}
	return best
}

// containerDefFiles judges the container definitions c starts containers
// from.
func (c *cmd) containerDefFiles() error {
	for _, r := range containerDefRunners.Get()[c.name] {
		at := c.subAfter(r.subs)
		if at < 0 {
			continue
		}
		if err := c.containerDefRunner(&r, at); err != nil {
			return err
		}
	}
	return nil
}

func (c *cmd) containerDefRunner(r *containerDefRunner, at int) error {
	var files, dirs []field
	end := len(c.args)
	if r.optsBefore && at > 0 {
		end = at - 1
	}
	for i := 0; i < end; i++ {
		s := c.s(i)
		if s == "--" {
			break
		}
		for _, o := range strings.Fields(r.fileOpts + " " + r.dirOpts) {
			var v field
			switch {
			case s == o && i+1 < len(c.args):
				v = c.args[i+1]
				c.skip[i+1] = true // a file or directory it reads, not an operand
			case strings.HasPrefix(s, o+"="):
				v = c.args[i]
				v.s = s[len(o)+1:]
			default:
				continue
			}
			if inFields(r.fileOpts, o) {
				files = append(files, v)
			} else {
				dirs = append(dirs, v)
			}
		}
	}
	if r.operand {
		for i := at; i < len(c.args); i++ {
			if s := c.s(i); !strings.HasPrefix(s, "-") || s == "-" {
				files = append(files, c.args[i])
			}
		}
	}
	for _, name := range strings.Fields(r.fileEnv) {
		if v, ok := c.a.lookup(c.sc, name); ok && v != "" && len(files) == 0 {
			for _, p := range strings.Split(v, ":") {
				files = append(files, field{s: p})
			}
		} else if _, set := c.sc.cmdEnv[name]; set && !ok && len(files) == 0 {
			c.opaque(name + " names container definitions not known statically")
		}
	}
	cwd := c.sc.cwd
	if !c.sc.cwdKnown {
		cwd = ""
	}
	dir := cwd
	for _, d := range dirs {
		switch {
		case d.dyn:
			dir = ""
		case path.IsAbs(d.s):
			dir = path.Clean(d.s)
		case dir != "":
			dir = path.Join(dir, d.s)
		}
	}
	vars := map[string]string{}
	if cwd != "" {
		vars["PWD"], vars["localEnv:PWD"] = cwd, cwd
	}
	if h, ok := c.a.lookup(c.sc, "HOME"); ok && path.IsAbs(h) {
		vars["HOME"], vars["localEnv:HOME"] = h, h
	}
	if dir != "" && r.format == "devcontainer" {
		vars["localWorkspaceFolder"], vars["localWorkspaceFolderBasename"] = dir, path.Base(dir)
	}
	base := func(file string) string {
		if r.format == "compose" && len(dirs) == 0 {
			return path.Dir(file) // the project directory: the first file's
		}
		return dir
	}
	if len(files) == 0 {
		if dir == "" {
			c.opaque("starts containers from definitions in a directory not known statically")
			return nil
		}
		// the files it finds by its own rules, in its directory and
		// (walkUp) the ones above it within the repository
		top := c.a.opt.Root
		for d := dir; ; d = path.Dir(d) {
			for _, name := range strings.Fields(r.files) {
				files = append(files, field{s: path.Join(d, name)})
			}
			if _, below := underDir(d, top); !r.walkUp || !below || d == top || d == "/" {
				break
			}
		}
	}
	// What each file holds is taken before any is judged: a mount's
	// write is a write of the files below it for what runs later.
	defs := make([]defFile, len(files))
	for i, f := range files {
		defs[i] = c.defFileState(f)
	}
	words := c.words(at) // compose run SERVICE CMD: the command, in the container
	for _, d := range defs {
		if err := c.containerDefFile(r, d, base, vars, words); err != nil {
			return err
		}
	}
	return nil
}

// defFile is a definition file as the line leaves it before the command.
type defFile struct {
	f              field
	abs, text      string
	known, written bool
}

func (c *cmd) defFileState(f field) defFile {
	d := defFile{f: f}
	if f.dyn {
		return d
	}
	d.abs, _ = c.a.absField(c.sc, f)
	d.text, d.known, d.written = c.shownText(f)
	return d
}

// underDir reports whether p is dir or below it, and the remainder.
func underDir(p, dir string) (string, bool) {
	switch {
	case dir == "":
		return "", false
	case p == dir:
		return "", true
	case dir == "/":
		return p[1:], true
	case strings.HasPrefix(p, dir+"/"):
		return p[len(dir)+1:], true
	}
	return "", false
}

// containerDefFile judges one definition file.
func (c *cmd) containerDefFile(r *containerDefRunner, d defFile, base func(string) string, vars map[string]string, words []string) error {
	f, abs, text, known, written := d.f, d.abs, d.text, d.known, d.written
	if f.dyn {
		c.opaque("starts containers from a file not known statically: " + clip(f.s))
		return nil
	}
	if r.prints {
		if written && known {
			b := abs
			if b == "" {
				b = c.sc.cwd + "/-"
			}
			c.printedDefReads(r.format, text, base(b), vars)
		} else if written {
			c.opaque("prints definitions from " + clip(f.s) + ", which the line writes with text not known statically")
		}
		return nil
	}
	switch {
	case !written && abs == "":
		c.opaque("starts containers from a file not known statically: " + clip(f.s))
	case !written:
		c.containerFileOnDisk(r.format, abs, base(abs), vars, words)
	case !known:
		c.opaque("starts containers from " + clip(f.s) + ", which the line writes with text not known statically")
	default:
		b := abs
		if b == "" {
			b = c.sc.cwd + "/-"
		}
		return c.judgeContainerDef(r.format, text, base(b), path.Dir(b), vars, f.s, words)
	}
	return nil
}

// maxContainerFiles bounds the definitions a line has the policy read.
const maxContainerFiles = 64

// containerFileOnDisk has the policy read a definition at decision time
// (one that does not exist starts nothing).
func (c *cmd) containerFileOnDisk(format, abs, base string, vars map[string]string, words []string) {
	c.addContainerFile(ContainerFile{Path: abs, Format: format, Base: base, Vars: vars, Cmd: c.name, Words: words})
}

func (c *cmd) addContainerFile(cf ContainerFile) {
	for _, o := range c.a.res.ContainerFiles {
		if o.Path == cf.Path && o.Format == cf.Format && o.Base == cf.Base {
			return
		}
	}
	if len(c.a.res.ContainerFiles) >= maxContainerFiles {
		c.opaque("names more container definitions than Mandate reads")
		return
	}
	c.a.res.ContainerFiles = append(c.a.res.ContainerFiles, cf)
}

// printedDefReads judges a definition a subcommand prints resolved
// (compose config): the files it reads into it are reads.
func (c *cmd) printedDefReads(format, text, base string, vars map[string]string) {
	def := ParseContainerDef(format, text, vars)
	for _, m := range def.Mounts {
		if !m.ReadOnly || !strings.Contains(m.Why, "env_file") && !strings.Contains(m.Why, " file") {
			continue
		}
		f := field{s: m.Source}
		if !path.IsAbs(m.Source) && base != "" {
			f.s = path.Join(base, m.Source)
		}
		c.read(f, m.Why+", printed by "+c.name)
	}
}

// judgeContainerDef judges a definition's text the line shows.
func (c *cmd) judgeContainerDef(format, text, base, defDir string, vars map[string]string, name string, words []string) error {
	def := ParseContainerDef(format, text, vars)
	for _, o := range def.Opaque {
		c.opaque(o + " (" + clip(name) + ")")
	}
	for _, n := range def.EnvNames {
		c.passName(field{s: n})
	}
	for _, b := range def.Builds {
		if err := c.judgeBuild(b, base, defDir, false); err != nil { // builds.go
			return err
		}
	}
	for _, m := range def.Mounts {
		c.containerMount(m, base)
	}
	mounts, opaque := RunOptMounts(def.RunArgs)
	for _, o := range opaque {
		c.opaque(clip(o) + " gives the container the host beyond its mounts (" + clip(name) + ")")
	}
	for _, m := range mounts {
		c.containerMount(m, base)
	}
	c.mountedNames(append(def.Mounts, mounts...), base, append(def.Commands, words...)) // containernames.go
	if len(def.HostCode) == 0 {
		return nil
	}
	sc := c.a.child(c.sc)
	if base != "" {
		sc.cwd, sc.cwdKnown = base, true
	}
	for _, code := range def.HostCode {
		if err := c.a.reparse(code, sc, c.name+" "+devcontainerHostCode, false); errors.Is(err, ErrLimit) {
			return err
		} else if err != nil {
			c.opaque(devcontainerHostCode + " is not shell code the analysis reads: " + clip(code))
		}
	}
	return nil
}
