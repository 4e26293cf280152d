package shell

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/tailscale/hujson"
	"go.yaml.in/yaml/v3"
)

// Container definitions as data: the host paths a compose file, a
// devcontainer.json or a Kubernetes YAML (podman kube play) binds into
// the containers it starts, the docker run options and host commands a
// devcontainer.json holds, and what in them gives a container the host in
// ways not judged path by path (privileged, another file's services).
// A container touches the host's files only through what it is given, so
// these are what is judged of the file (containers.go; the policy reads a
// file named on the command line and not written by it at decision time,
// policy/mountfiles.go). The file is decoded by a real YAML or JSON(C)
// decoder (anchors, merge keys and flow styles included) and walked as a
// tree; which keys mean what is containertables.go's.

// ContainerMount is a host path a container is given.
type ContainerMount struct {
	// Source is the host path after the definition's variables known to
	// the caller are substituted: absolute, relative to the definition's
	// base directory, or still holding "$" where not known.
	Source string
	// Target is the path inside the container, where known
	// (MountedNames).
	Target string
	// ReadOnly: the container can only read it (a read-only bind, an env
	// file, a secret's file); Device: a host device; Glob: Source is a
	// pattern, each match read with what lies below it (a Dockerfile's
	// COPY *.json).
	ReadOnly, Device, Glob bool
	Why                    string
}

// ContainerDef is what one definition gives containers of the host.
type ContainerDef struct {
	Mounts []ContainerMount
	// RunArgs are docker run options (devcontainer.json runArgs).
	RunArgs []string
	// HostCode are command lines run on the host (initializeCommand).
	HostCode []string
	// Commands are the commands run in the containers, as words (a
	// compose service's command and entrypoint): the container paths
	// they name (MountedNames).
	Commands []string
	// Builds are the image builds it asks for (builddefs.go, builds.go).
	Builds []ContainerBuild
	// EnvNames are the host's variables it takes (a devcontainer.json's
	// ${localEnv:NAME}): references to them.
	EnvNames []string
	// Opaque says why part of it cannot be judged.
	Opaque []string
}

// Bounds on one definition.
const (
	maxDefNodes = 20000
	maxDefDepth = 64
	maxDefDocs  = 64
)

// ParseContainerDef reads a container definition of format "compose",
// "devcontainer" or "kube". vars are the variables whose values the
// caller knows (HOME, PWD, localWorkspaceFolder, localEnv:HOME):
// ${NAME}, $NAME and ${NAME:-default} of those are substituted in host
// paths, and a leading ~ is HOME.
func ParseContainerDef(format, text string, vars map[string]string) ContainerDef {
	w := &defWalk{format: format, vars: vars}
	var docs []any
	switch format {
	case "devcontainer":
		b, err := hujson.Standardize([]byte(text))
		var v any
		if err == nil {
			err = json.Unmarshal(b, &v)
		}
		if err != nil {
			w.def.Opaque = append(w.def.Opaque, "a devcontainer.json that is not JSON Mandate reads")
			return w.def
		}
		docs = []any{v}
		w.def.EnvNames = localEnvNames(text)
		if root, ok := asMap(v); ok && root["dockerFile"] != nil {
			w.devcontainerBuild(root, true) // the legacy keys
		}
	case "bake":
		w.parseBake(text) // bakefile.go
		return w.def
	case "compose", "kube":
		dec := yaml.NewDecoder(strings.NewReader(text))
		for len(docs) < maxDefDocs {
			var v any
			err := dec.Decode(&v)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				w.def.Opaque = append(w.def.Opaque, "a "+format+" file that is not YAML Mandate reads")
				return w.def
			}
			docs = append(docs, v)
		}
		if len(docs) == maxDefDocs {
			w.def.Opaque = append(w.def.Opaque, "a "+format+" file of more documents than Mandate reads")
		}
	default:
		w.def.Opaque = append(w.def.Opaque, "a container definition Mandate does not read")
		return w.def
	}
	for _, d := range docs {
		w.walk(d, 0)
		if format == "kube" {
			w.kubePods(d, 0) // builddefs.go
		}
		if root, ok := asMap(d); ok && format == "devcontainer" {
			if _, set := root["workspaceMount"]; !set {
				// the workspace folder, mounted read-write by default
				w.mount(ContainerMount{Source: "${localWorkspaceFolder}", Why: "the dev container's workspace mount"})
			}
		}
	}
	return w.def
}

type defWalk struct {
	format string
	vars   map[string]string
	def    ContainerDef
	nodes  int
	over   bool
}

func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, x := range m {
			if s, ok := k.(string); ok {
				out[s] = x
			}
		}
		return out, true
	}
	return nil, false
}

func sortedNames(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func asStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func (w *defWalk) opaque(why string) {
	for _, o := range w.def.Opaque {
		if o == why {
			return
		}
	}
	w.def.Opaque = append(w.def.Opaque, why)
}

func (w *defWalk) mount(m ContainerMount) {
	m.Source, m.Target = w.subst(m.Source), w.subst(m.Target)
	if m.Source == "" {
		return
	}
	w.def.Mounts = append(w.def.Mounts, m)
}

// walk visits v (at depth d) and every value below it.
func (w *defWalk) walk(v any, d int) {
	if w.nodes++; w.nodes > maxDefNodes || d > maxDefDepth {
		if !w.over {
			w.over = true
			w.opaque("a container definition larger or deeper than Mandate reads")
		}
		return
	}
	if list, ok := v.([]any); ok {
		for _, e := range list {
			w.walk(e, d+1)
		}
		return
	}
	m, ok := asMap(v)
	if !ok {
		return
	}
	for _, k := range sortedNames(m) { // the same findings in the same order every time
		x := m[k]
		if hk, ok := containerDefHostKeys.Get()[k]; ok && hostValue(hk.when, x) {
			w.opaque(hk.why)
		}
		if w.key(k, x) {
			continue // read as what it is
		}
		w.walk(x, d+1)
	}
}

// hostValue reports whether x is the value when describes.
func hostValue(when string, x any) bool {
	switch when {
	case "any":
		return x != nil
	case "true":
		b, ok := x.(bool)
		return ok && b || x == "true"
	case "host":
		return x == "host"
	case "file":
		m, ok := asMap(x)
		return ok && m["file"] != nil
	case "caps":
		for _, s := range asStrings(x) {
			switch strings.ToUpper(strings.TrimPrefix(strings.ToUpper(s), "CAP_")) {
			case "ALL", "SYS_ADMIN", "DAC_READ_SEARCH":
				return true
			}
		}
	}
	return false
}

// key reads the keys that bind host paths; true when x needs no walk.
func (w *defWalk) key(k string, x any) bool {
	switch w.format + " " + k {
	case "compose volumes":
		if list, ok := x.([]any); ok {
			for _, e := range list {
				w.composeVolume(e)
			}
			return true
		}
		// the top-level volume definitions: a local volume whose driver
		// option device is a host directory
		if defs, ok := asMap(x); ok {
			for _, name := range sortedNames(defs) {
				if dm, ok := asMap(defs[name]); ok {
					if opts, ok := asMap(dm["driver_opts"]); ok {
						if dev, ok := opts["device"].(string); ok {
							w.mount(ContainerMount{Source: dev, Why: "a compose volume's device"})
						}
					}
				}
			}
		}
	case "compose devices":
		if list, ok := x.([]any); ok {
			for _, e := range list {
				src := ""
				if s, ok := e.(string); ok {
					src, _, _ = strings.Cut(s, ":")
				} else if em, ok := asMap(e); ok {
					src, _ = em["source"].(string)
				}
				w.mount(ContainerMount{Source: src, Device: true, Why: "a compose device"})
			}
			return true
		}
	case "compose command", "compose entrypoint":
		if words := asStrings(x); len(words) > 0 {
			for _, s := range words {
				w.def.Commands = append(w.def.Commands, w.subst(s))
			}
			return true
		}
	case "compose env_file":
		var paths []string
		if list, ok := x.([]any); ok {
			for _, e := range list {
				if em, ok := asMap(e); ok {
					e = em["path"]
				}
				paths = append(paths, asStrings(e)...)
			}
		} else {
			paths = asStrings(x)
		}
		for _, p := range paths {
			w.mount(ContainerMount{Source: p, ReadOnly: true, Why: "a compose env_file"})
		}
		return len(paths) > 0
	case "compose secrets", "compose configs":
		// the top-level definitions: name: {file: PATH}
		if defs, ok := asMap(x); ok {
			for _, name := range sortedNames(defs) {
				if dm, ok := asMap(defs[name]); ok {
					if f, ok := dm["file"].(string); ok {
						w.mount(ContainerMount{Source: f, ReadOnly: true, Why: "a compose " + k[:len(k)-1] + " file"})
					}
				}
			}
		}
	case "kube hostPath":
		if hm, ok := asMap(x); ok {
			if p, ok := hm["path"].(string); ok {
				w.mount(ContainerMount{Source: p, Why: "a hostPath volume"})
			}
			return true
		}
	case "devcontainer mounts":
		if list, ok := x.([]any); ok {
			for _, e := range list {
				if s, ok := e.(string); ok {
					w.mountSpec(s, "a dev container mount")
				} else if em, ok := asMap(e); ok {
					typ, _ := em["type"].(string)
					src, _ := em["source"].(string)
					dst, _ := em["target"].(string)
					if typ == "bind" {
						w.mount(ContainerMount{Source: src, Target: dst, Why: "a dev container mount"})
					}
				}
			}
			return true
		}
	case "devcontainer workspaceMount":
		if s, ok := x.(string); ok && s != "" {
			w.mountSpec(s, "the dev container's workspace mount")
			return true
		}
	case "compose build":
		w.composeBuild(x) // builddefs.go
	case "compose develop":
		w.composeDevelop(x)
		return true
	case "devcontainer build":
		if m, ok := asMap(x); ok {
			w.devcontainerBuild(m, false)
		}
	case "devcontainer runArgs":
		w.def.RunArgs = append(w.def.RunArgs, asStrings(x)...)
		return true
	case "devcontainer " + devcontainerHostCode:
		w.hostCode(x)
		return true
	}
	return false
}

// composeVolume reads one entry of a service's volumes: SRC:DST[:MODE],
// or the long syntax {type: bind, source: SRC, read_only: true}.
func (w *defWalk) composeVolume(e any) {
	if s, ok := e.(string); ok {
		if m, ok := volumeMount(s); ok {
			m.Why = "a compose volume"
			w.mount(m)
		}
		return
	}
	em, ok := asMap(e)
	if !ok {
		return
	}
	typ, _ := em["type"].(string)
	src, _ := em["source"].(string)
	if typ != "bind" && !(typ == "" && hostSource(src)) {
		return
	}
	ro, _ := em["read_only"].(bool)
	dst, _ := em["target"].(string)
	w.mount(ContainerMount{Source: src, Target: dst, ReadOnly: ro, Why: "a compose volume"})
}

// mountSpec reads a --mount value.
func (w *defWalk) mountSpec(s, why string) {
	m, ok, known := mountSpecMount(s)
	if !known {
		w.opaque("a mount of a type Mandate does not read: " + clip(s))
	}
	if ok {
		m.Why = why
		w.mount(m)
	}
}

// hostCode collects initializeCommand: a command line, an argv, or a map
// of either run in parallel.
func (w *defWalk) hostCode(x any) {
	switch v := x.(type) {
	case string:
		w.def.HostCode = append(w.def.HostCode, v)
	case []any:
		var b strings.Builder
		for i, s := range asStrings(v) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(shellQuote(s))
		}
		w.def.HostCode = append(w.def.HostCode, b.String())
	default:
		if m, ok := asMap(x); ok {
			for _, name := range sortedNames(m) {
				w.hostCode(m[name])
			}
		} else if x != nil {
			w.opaque("an initializeCommand Mandate does not read")
		}
	}
}

// subst substitutes the variables w knows in a host path and a leading ~.
func (w *defWalk) subst(s string) string {
	return substDefVars(s, w.vars)
}

func substDefVars(s string, vars map[string]string) string {
	if strings.Contains(s, "$") {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] != '$' || i+1 >= len(s) {
				b.WriteByte(s[i])
				continue
			}
			if s[i+1] == '{' {
				end := strings.IndexByte(s[i:], '}')
				if end < 0 {
					b.WriteString(s[i:])
					break
				}
				inner := s[i+2 : i+end]
				name := inner
				if k := strings.IndexAny(inner, ":-?+"); k > 0 && !strings.HasPrefix(inner, "localEnv:") {
					name = inner[:k]
				}
				if v, ok := vars[name]; ok && v != "" {
					b.WriteString(v)
				} else {
					b.WriteString(s[i : i+end+1])
				}
				i += end
				continue
			}
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || j > i+1 && s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if v, ok := vars[s[i+1:j]]; ok && v != "" && j > i+1 {
				b.WriteString(v)
				i = j - 1
				continue
			}
			b.WriteByte(s[i])
		}
		s = b.String()
	}
	if h := vars["HOME"]; h != "" && (s == "~" || strings.HasPrefix(s, "~/")) {
		s = h + s[1:]
	}
	return s
}

// hostSource reports whether a volume's source is a host path, not a
// named volume: one with "/", or starting with "." or "~", or not known.
func hostSource(s string) bool {
	return strings.ContainsAny(s, "/$`") || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "~")
}

// splitVolume splits SRC:DST[:OPTIONS] at the colons outside ${…}.
func splitVolume(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// volumeMount reads a -v value or a compose short volume: false for an
// anonymous or a named volume.
func volumeMount(s string) (ContainerMount, bool) {
	parts := splitVolume(s)
	if len(parts) < 2 || !hostSource(parts[0]) {
		return ContainerMount{}, false
	}
	m := ContainerMount{Source: parts[0], Target: parts[1]}
	if len(parts) > 2 {
		for _, o := range strings.Split(parts[len(parts)-1], ",") {
			if o == "ro" || o == "readonly" || o == "O" {
				m.ReadOnly = true
			}
		}
	}
	return m, true
}

// mountSpecMount reads a --mount value (type=bind,source=…,readonly):
// the host path it binds (ok), and whether its type is one Mandate reads
// (known).
func mountSpecMount(s string) (m ContainerMount, ok, known bool) {
	typ, src, device := "volume", "", ""
	fields, parsed := parseMountCSV(s) // mountcsv.go
	if !parsed {
		return m, false, false
	}
	for _, kf := range fields {
		k, v, eq := kf.key, kf.val, kf.eq
		switch k {
		case "type":
			typ = strings.ToLower(v)
		case "source", "src":
			src = v
		case "target", "dst", "destination":
			m.Target = v
		case "readonly", "ro":
			m.ReadOnly = !eq || v == "true" || v == "1"
		case "volume-opt":
			if dk, dv, ok := strings.Cut(v, "="); ok && dk == "device" {
				device = dv
			}
		}
	}
	switch typ {
	case "bind", "glob":
		m.Source = src
		return m, src != "", true
	case "volume":
		if device != "" {
			m.Source, m.ReadOnly = device, false
			return m, true, true
		}
		return m, false, true
	case "tmpfs", "image", "devpts", "ramfs", "npipe", "cluster", "artifact":
		return m, false, true
	}
	return m, false, false
}

// runHit is one option of a runtime's command line that gives the
// container the host: its kind (volume, mount, device, volume driver
// option), its value, the index of the word holding the value and of the
// option word.
type runHit struct {
	kind    byte // 'v' volume, 'm' mount, 'd' device, 'o' volume option, 'c' a container path
	val     string
	at, opt int
}

// hitKind is the runHit kind of option name (long, or short as "-x"),
// 0 for an option that gives the container nothing of the host. (--mount
// has no short form in any runtime's table.)
func (rt *containerRuntime) hitKind(name string) byte {
	switch {
	case inFields(rt.volume, name):
		return 'v'
	case inFields(rt.mount, name):
		return 'm'
	case inFields(rt.device, name):
		return 'd'
	case inFields(rt.volumeOpt, name):
		return 'o'
	case inFields(rt.paths, name):
		return 'c'
	}
	return 0
}

// scanRunOpts reads rt's options in args from start to the first operand
// (the image, at end): the hits, and why the rest gives the container the
// host in ways not judged path by path.
func scanRunOpts(rt *containerRuntime, args []string, start int) (hits []runHit, opaque []string, end int) {
	for i := start; i < len(args); i++ {
		s := args[i]
		if s == "--" || !strings.HasPrefix(s, "-") || s == "-" {
			return hits, opaque, i
		}
		if strings.HasPrefix(s, "--") {
			name, val, eq := strings.Cut(s, "=")
			if inFields(rt.opaque, name) || eq && inFields(rt.opaqueVals, s) {
				opaque = append(opaque, s)
			}
			kind := rt.hitKind(name)
			switch {
			case eq:
				if kind != 0 {
					hits = append(hits, runHit{kind, val, i, i})
				}
			case inFields(rt.flags, name) || inFields(rt.opaque, name) || inFields(rt.rootfs, name):
			case i+1 < len(args):
				if inFields(rt.opaqueVals, name+"="+args[i+1]) {
					opaque = append(opaque, s+" "+args[i+1])
				}
				if kind != 0 {
					hits = append(hits, runHit{kind, args[i+1], i + 1, i})
				}
				i++
			}
			continue
		}
		for j := 1; j < len(s); j++ {
			if strings.IndexByte(rt.shortFlags, s[j]) >= 0 {
				continue
			}
			o := shortOpt(s[j])
			kind := rt.hitKind(o)
			if j+1 < len(s) {
				if kind != 0 {
					hits = append(hits, runHit{kind, strings.TrimPrefix(s[j+1:], "="), i, i})
				}
			} else if i+1 < len(args) {
				if kind != 0 {
					hits = append(hits, runHit{kind, args[i+1], i + 1, i})
				}
				i++
			}
			break
		}
	}
	return hits, opaque, len(args)
}

// mount is the host path h gives the container; known is false for a
// --mount type Mandate does not read.
func (h runHit) mount() (m ContainerMount, ok, known bool) {
	switch h.kind {
	case 'v':
		m, ok = volumeMount(h.val)
		m.Why = "a container volume"
		return m, ok, true
	case 'm':
		m, ok, known = mountSpecMount(h.val)
		m.Why = "a container mount"
		return m, ok, known
	case 'd':
		src, _, _ := strings.Cut(h.val, ":")
		return ContainerMount{Source: src, Device: true, Why: "a container device"}, src != "", true
	case 'o':
		if dev, ok := strings.CutPrefix(h.val, "device="); ok && dev != "" {
			return ContainerMount{Source: dev, Why: "a volume's device"}, true, true
		}
	}
	return m, false, true
}

// RunOptMounts reads docker run options (a devcontainer.json's runArgs):
// the host paths they give the container, and why the rest cannot be
// judged.
func RunOptMounts(args []string) ([]ContainerMount, []string) {
	rt := dockerLike
	hits, opaque, _ := scanRunOpts(&rt, args, 0)
	var out []ContainerMount
	for _, h := range hits {
		m, ok, known := h.mount()
		if !known {
			opaque = append(opaque, "a mount of a type Mandate does not read: "+clip(h.val))
		}
		if ok {
			out = append(out, m)
		}
	}
	return out, opaque
}
