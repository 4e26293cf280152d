package shell

import (
	"path"
	"slices"
	"strings"
)

// Image builds and the host's files. A build reads its context — the
// directory the builder is sent, and named contexts beside it — through
// what its Dockerfile COPYs, ADDs and binds into RUN, and writes what its
// outputs export (type=local,dest=DIR, a tar file, a local cache). The
// contexts themselves are reads of those directories (docker build ~/.ssh
// sends the keys to the builder); the Dockerfile's sources are reads of
// the context's paths, judged as a read-only mount of each (what the
// build does with them is not known); a Dockerfile not known — written
// by the line with text not known, fed from a pipe not known — leaves
// the whole context a read-only mount. A Dockerfile on disk is read by
// the policy at decision time (ContainerFile of format "dockerfile"). The
// same holds of a build a definition asks for: a compose service's build,
// a dev container's, a bake target (containerdefs.go, bakefile.go).
// Which programs build and which of their options name what:
// containertables.go.

// ContainerBuild is an image build a command line or a definition asks
// for, with paths as written.
type ContainerBuild struct {
	// Context is the main build context, relative to the definition's
	// base (or its own directory when DefRelative); "" or a URL: none on
	// the host; "-": standard input.
	Context string
	// Dockerfile names the Dockerfile relative to Context (or to the
	// definition's directory when DefRelative; to the working directory
	// for a command line's -f), "" for the default names; "-": standard
	// input. Inline holds its text when the definition does (HasInline).
	Dockerfile string
	Inline     string
	HasInline  bool
	// DefRelative: Context and Dockerfile are relative to the
	// definition file's own directory (devcontainer.json).
	DefRelative bool
	// Contexts are the named contexts: name → host path (relative as
	// Context), or docker-image://, target:, a URL (none on the host).
	Contexts map[string]string
	// Reads and Writes are further host paths it reads (ssh keys, secret
	// files, local cache sources) and writes (outputs, local caches).
	Reads, Writes []string
	// Opaque says why part of it cannot be judged.
	Opaque []string
}

// remoteContext reports whether a build context is not on the host.
func remoteContext(s string) bool {
	return strings.Contains(s, "://") && !strings.HasPrefix(s, "oci-layout://") || strings.HasPrefix(s, "git@") ||
		strings.HasPrefix(s, "target:") || strings.HasPrefix(s, "github.com/")
}

// BuildContextPath is the host path of a build context value
// (oci-layout://DIR is DIR), "" for none on the host.
func BuildContextPath(s string) string { return contextPath(s) }

// DefaultDockerfiles are the Dockerfiles a build looks for in ctx.
func DefaultDockerfiles(ctx string) []string {
	var out []string
	for _, n := range strings.Fields(defaultDockerfiles) {
		out = append(out, path.Join(ctx, n))
	}
	return out
}

func contextPath(s string) string {
	if p, ok := strings.CutPrefix(s, "oci-layout://"); ok {
		p, _, _ = strings.Cut(p, "@")
		return p
	}
	if s == "" || s == "-" || remoteContext(s) {
		return ""
	}
	return s
}

// buildOutput reads an output or cache export spec (type=local,dest=DIR;
// a plain DIR; "-" standard output): the host path it writes, "" none.
func buildOutput(spec string) string {
	if spec == "-" || spec == "" {
		return ""
	}
	if !strings.Contains(spec, "=") {
		return spec // docker build -o DIR: the local exporter
	}
	typ, dest := "", ""
	for _, kv := range strings.Split(spec, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		switch strings.ToLower(k) {
		case "type":
			typ = strings.ToLower(v)
		case "dest", "output", "path":
			dest = v
		}
	}
	switch typ {
	case "image", "registry", "cacheonly", "inline", "gha", "s3", "azblob":
		if dest == "" {
			return ""
		}
	}
	if dest == "-" {
		return ""
	}
	return dest // local, tar, oci, docker, and any type not known: its dest is written
}

// cacheSource reads a --cache-from spec: the host path a local cache is
// read from.
func cacheSource(spec string) string {
	if !strings.Contains(spec, "type=local") {
		return ""
	}
	for _, kv := range strings.Split(spec, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && (k == "src" || k == "source") {
			return v
		}
	}
	return ""
}

// ReadBuildOptions reads docker build options and operands (a command
// line's, a devcontainer.json's build.options): the build they ask for
// and its candidate contexts (an option this table does not know is
// taken as a flag, so a value it takes is one more candidate).
func ReadBuildOptions(args []string) (b ContainerBuild, contexts []string) {
	val := func(i int, name string) (string, int, bool) {
		s := args[i]
		if v, ok := strings.CutPrefix(s, name+"="); ok {
			return v, i, true
		}
		if s == name && i+1 < len(args) {
			return args[i+1], i + 1, true
		}
		if len(name) == 2 && strings.HasPrefix(s, name) && len(s) > 2 {
			return s[2:], i, true // -fFILE
		}
		return "", i, false
	}
	for i := 0; i < len(args); i++ {
		s := args[i]
		if s == "--" {
			contexts = append(contexts, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(s, "-") || s == "-" {
			contexts = append(contexts, s)
			continue
		}
		name, _, _ := strings.Cut(s, "=")
		if len(name) > 2 && !strings.HasPrefix(name, "--") {
			name = name[:2]
		}
		v, next, ok := val(i, name)
		if !ok {
			continue
		}
		switch buildOptions.Get()[name] {
		case 'f':
			b.Dockerfile = v
		case 'c':
			k, p, _ := strings.Cut(v, "=")
			if b.Contexts == nil {
				b.Contexts = map[string]string{}
			}
			b.Contexts[k] = p
		case 'o':
			if w := buildOutput(v); w != "" {
				b.Writes = append(b.Writes, w)
			}
		case 'r':
			if r := cacheSource(v); r != "" {
				b.Reads = append(b.Reads, r)
			}
		case 'i':
			b.Reads = append(b.Reads, v)
		case 0:
			continue // a flag, or an option not known: its value is an operand
		}
		i = next
	}
	return b, contexts
}

// buildCommand judges an image build on the command line.
func (c *cmd) buildCommand() error {
	subs, ok := buildRunners[c.name]
	if !ok {
		return nil
	}
	at := c.subAfter(subs)
	if at <= 0 {
		return nil
	}
	for i := 0; i < at-1; i++ {
		if inFields(notBuildSubs, c.s(i)) {
			return nil // docker run IMAGE build, docker compose build
		}
	}
	words := c.words(at)
	b, ctxs := ReadBuildOptions(words)
	if len(ctxs) == 0 {
		return nil // no context: docker fails
	}
	for i := at; i < len(c.args); i++ {
		if slices.Contains(ctxs, c.s(i)) {
			c.skip[i] = true // judged here, as the context
		}
	}
	cwd := c.knownCwd()
	for _, ctx := range ctxs {
		bb := b
		bb.Context = ctx
		if err := c.judgeBuild(bb, cwd, cwd, true); err != nil {
			return err
		}
	}
	return nil
}

// dynPath reports whether a path holds text not known statically.
func dynPath(s string) bool { return strings.ContainsAny(s, "$`") }

// absUnder is p taken from base: "" when not known.
func absUnder(p, base string) string {
	switch {
	case p == "" || dynPath(p):
		return ""
	case path.IsAbs(p):
		return path.Clean(p)
	case base == "":
		return ""
	}
	return path.Join(base, p)
}

// judgeBuild judges build b: relative paths from base (defDir for a
// DefRelative one); line: a command line's, whose -f is taken from the
// working directory and whose standard input the line may show.
func (c *cmd) judgeBuild(b ContainerBuild, base, defDir string, line bool) error {
	for _, o := range b.Opaque {
		c.opaque(o)
	}
	if b.DefRelative {
		base = defDir
	}
	for _, r := range b.Reads {
		c.buildPath(r, base, "an image build's input", false)
	}
	for _, w := range b.Writes {
		c.buildPath(w, base, "an image build's output", true)
	}
	contexts, raws := map[string]string{}, []string{}
	for _, k := range sortedKeys(b.Contexts) {
		if p := contextPath(b.Contexts[k]); p != "" {
			raws = append(raws, p)
			contexts[k] = absUnder(p, base)
		}
	}
	ctxRaw := contextPath(b.Context)
	ctx := absUnder(ctxRaw, base)
	if ctxRaw != "" {
		raws = append(raws, ctxRaw)
	}
	// the Dockerfile: shown in the line or the definition, on disk (read
	// by the policy), or not known
	var text string
	known, unknown := false, false
	switch {
	case b.HasInline:
		text, known = b.Inline, true
	case b.Dockerfile == "-" || b.Context == "-" && b.Dockerfile == "":
		if line {
			text, known = c.fedText()
		}
		unknown = !known
	default:
		var names []string
		dfBase := ctx
		if b.DefRelative || line {
			dfBase = base
		}
		if b.Dockerfile != "" {
			names = []string{absUnder(b.Dockerfile, dfBase)}
		} else if ctx != "" {
			for _, n := range strings.Fields(defaultDockerfiles) {
				names = append(names, path.Join(ctx, n))
			}
		}
		for _, n := range names {
			if n == "" {
				unknown = true
				continue
			}
			t, k, written := c.shownText(field{s: n})
			switch {
			case written && k:
				text, known = t, true
			case written:
				unknown = true
			default:
				c.addContainerFile(ContainerFile{Path: n, Format: "dockerfile", Base: ctx, Contexts: contexts, Cmd: c.name})
			}
		}
	}
	for _, p := range raws {
		switch a := absUnder(p, base); {
		case !unknown:
			// the context itself: docker build ~/.ssh sends the keys
			c.buildPath(p, base, "a build context", false)
		case a == "":
			c.opaque("builds an image from a context not known statically: " + clip(p))
		default:
			// what the build reads of it is not known: all of it
			c.containerMount(ContainerMount{Source: a, ReadOnly: true, Why: "a build context whose Dockerfile is not known"}, "")
		}
	}
	if !known {
		return nil
	}
	def := ParseDockerfile(text)
	for _, o := range def.Opaque {
		c.opaque(o)
	}
	for _, m := range DockerfileMounts(def, ctx, contexts) {
		c.containerMount(m, "")
	}
	return nil
}

// buildPath reports a host path a build reads or writes.
func (c *cmd) buildPath(p, base, why string, write bool) {
	f := field{s: p, dyn: dynPath(p)}
	if a := absUnder(p, base); a != "" {
		f.s = a
	}
	if write {
		c.write(f, why)
	} else {
		c.read(f, why)
	}
}

// DockerfileMounts are the host paths def's sources read: each a
// read-only mount of the path in its context (ctx, or the named context
// of contexts; a --from naming neither is an image or a stage; "" is no
// context on the host). A source holding "$" stays as written.
func DockerfileMounts(def DockerfileDef, ctx string, contexts map[string]string) []ContainerMount {
	var out []ContainerMount
	for _, s := range def.Sources {
		root := ctx
		if s.From != "" {
			p, ok := contexts[s.From]
			if !ok || def.Stage(s.From) {
				continue
			}
			root = p
		}
		if root == "" {
			continue // no context on the host, or one not known (judged as such)
		}
		src := s.Path
		if !dynPath(src) {
			src = path.Join(root, path.Clean("/"+src))
		}
		out = append(out, ContainerMount{Source: src, ReadOnly: true, Glob: hasGlobMeta(s.Path), Why: "a Dockerfile's source"})
	}
	return out
}

// hasGlobMeta reports whether a Dockerfile source is a pattern.
func hasGlobMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
