package shell

import (
	"strings"
)

// The builds and synced paths a container definition asks for, read
// from its tree (containerdefs.go): a compose service's build (a context
// string, or context, dockerfile, dockerfile_inline, additional_contexts,
// ssh, cache_from and cache_to), its develop.watch paths (synced from the
// host into the container), a dev container's build (relative to the
// devcontainer.json, with docker build options) and the
// ${localEnv:NAME} it takes from the host's environment. A key of a
// build this table does not know, whose value looks like a host path, is
// opaque: the unknown is not harmless.

// composeBuildKeys are the keys of a compose build: 'p' a host path
// (relative to the context for dockerfile), 'k' known and holding none.
var composeBuildKeys = map[string]byte{
	"context": 'p', "dockerfile": 'p', "dockerfile_inline": 'k', "additional_contexts": 'p', "ssh": 'p',
	"cache_from": 'p', "cache_to": 'p', "args": 'k', "extra_hosts": 'k', "isolation": 'k', "labels": 'k',
	"network": 'k', "no_cache": 'k', "pull": 'k', "shm_size": 'k', "target": 'k', "secrets": 'k', "tags": 'k',
	"ulimits": 'k', "platforms": 'k', "privileged": 'k', "entitlements": 'k', "provenance": 'k', "sbom": 'k',
}

// devcontainerBuildKeys are a dev container build's keys.
var devcontainerBuildKeys = map[string]byte{
	"dockerfile": 'p', "context": 'p', "options": 'p', "args": 'k', "target": 'k', "cacheFrom": 'k',
}

// pathLike reports whether a definition's value may name a host path.
func pathLike(s string) bool {
	return strings.ContainsAny(s, "/$`") || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "~")
}

// unknownPathKeys makes opaque the keys of m that known does not list and
// whose values look like host paths.
func (w *defWalk) unknownPathKeys(m map[string]any, known map[string]byte, what string) {
	for _, k := range sortedNames(m) {
		if _, ok := known[k]; ok {
			continue
		}
		for _, s := range defStrings(m[k], 0) {
			if pathLike(s) {
				w.opaque(what + " key " + clip(k) + " Mandate does not read names " + clip(s))
				break
			}
		}
	}
}

// defStrings are the strings in x and below it.
func defStrings(x any, d int) []string {
	if d > 8 {
		return nil
	}
	switch v := x.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, defStrings(e, d+1)...)
		}
		return out
	}
	var out []string
	if m, ok := asMap(x); ok {
		for _, k := range sortedNames(m) {
			out = append(out, defStrings(m[k], d+1)...)
		}
	}
	return out
}

// keyValues reads a map or a list of KEY=VALUE strings.
func keyValues(x any) map[string]string {
	out := map[string]string{}
	if m, ok := asMap(x); ok {
		for k, v := range m {
			if s, ok := v.(string); ok {
				out[k] = s
			}
		}
		return out
	}
	for _, s := range asStrings(x) {
		k, v, _ := strings.Cut(s, "=")
		out[k] = v
	}
	return out
}

// composeBuild reads a service's build.
func (w *defWalk) composeBuild(x any) {
	b := ContainerBuild{}
	if s, ok := x.(string); ok {
		b.Context = w.subst(s)
		w.def.Builds = append(w.def.Builds, b)
		return
	}
	m, ok := asMap(x)
	if !ok {
		return
	}
	b.Context = "."
	if s, ok := m["context"].(string); ok {
		b.Context = w.subst(s)
	}
	if s, ok := m["dockerfile"].(string); ok {
		b.Dockerfile = w.subst(s)
	}
	if s, ok := m["dockerfile_inline"].(string); ok {
		b.Inline, b.HasInline = s, true
	}
	if ac := keyValues(m["additional_contexts"]); len(ac) > 0 {
		b.Contexts = map[string]string{}
		for k, v := range ac {
			b.Contexts[k] = w.subst(v)
		}
	}
	for _, v := range keyValues(m["ssh"]) {
		if v != "" {
			b.Reads = append(b.Reads, w.subst(v)) // ID=PATH: a key or agent socket
		}
	}
	for _, s := range asStrings(m["cache_from"]) {
		if r := cacheSource(s); r != "" {
			b.Reads = append(b.Reads, w.subst(r))
		}
	}
	for _, s := range asStrings(m["cache_to"]) {
		if strings.Contains(s, "=") {
			if o := buildOutput(s); o != "" {
				b.Writes = append(b.Writes, w.subst(o))
			}
		}
	}
	w.unknownPathKeys(m, composeBuildKeys, "a compose build")
	w.def.Builds = append(w.def.Builds, b)
}

// composeDevelop reads a service's develop.watch: each path is synced
// from the host into the container (or rebuilds it).
func (w *defWalk) composeDevelop(x any) {
	m, ok := asMap(x)
	if !ok {
		return
	}
	list, _ := m["watch"].([]any)
	for _, e := range list {
		em, ok := asMap(e)
		if !ok {
			continue
		}
		p, _ := em["path"].(string)
		dst, _ := em["target"].(string)
		w.mount(ContainerMount{Source: p, Target: dst, ReadOnly: true, Why: "a compose develop.watch path"})
	}
}

// devcontainerBuild reads a dev container's build (or the legacy
// top-level dockerFile and context).
func (w *defWalk) devcontainerBuild(m map[string]any, legacy bool) {
	b := ContainerBuild{Context: ".", DefRelative: true}
	df, ctx := "dockerfile", "context"
	if legacy {
		df = "dockerFile"
	}
	if s, ok := m[df].(string); ok {
		b.Dockerfile = w.subst(s)
	}
	if s, ok := m[ctx].(string); ok {
		b.Context = w.subst(s)
	}
	if opts := asStrings(m["options"]); len(opts) > 0 {
		o, _ := ReadBuildOptions(opts)
		b.Contexts, b.Reads, b.Writes = o.Contexts, o.Reads, o.Writes
		for i, p := range b.Reads {
			b.Reads[i] = w.subst(p)
		}
		for i, p := range b.Writes {
			b.Writes[i] = w.subst(p)
		}
		for k, v := range b.Contexts {
			b.Contexts[k] = w.subst(v)
		}
	}
	if !legacy {
		w.unknownPathKeys(m, devcontainerBuildKeys, "a dev container build")
	}
	w.def.Builds = append(w.def.Builds, b)
}

// localEnvNames are the host variables a devcontainer.json's
// ${localEnv:NAME} and ${localEnv:NAME:default} substitute.
func localEnvNames(text string) []string {
	var out []string
	for {
		i := strings.Index(text, "${localEnv:")
		if i < 0 {
			return out
		}
		text = text[i+len("${localEnv:"):]
		j := 0
		for j < len(text) && text[j] != '}' && text[j] != ':' {
			j++
		}
		if name := strings.TrimSpace(text[:j]); name != "" {
			out = append(out, name)
		}
	}
}

// kubePods reads the pod specs below v (a map with containers): each
// container's volumeMounts of a hostPath volume are mounts at their
// mountPath, and its command and args are commands run in it, whose
// paths name host files through them (MountedNames).
func (w *defWalk) kubePods(v any, d int) {
	if d > maxDefDepth {
		return
	}
	if list, ok := v.([]any); ok {
		for _, e := range list {
			w.kubePods(e, d+1)
		}
		return
	}
	m, ok := asMap(v)
	if !ok {
		return
	}
	if _, ok := m["containers"].([]any); ok {
		hostPaths := map[string]string{}
		vols, _ := m["volumes"].([]any)
		for _, e := range vols {
			if vm, ok := asMap(e); ok {
				name, _ := vm["name"].(string)
				if hp, ok := asMap(vm["hostPath"]); ok {
					if p, ok := hp["path"].(string); ok {
						hostPaths[name] = p
					}
				}
			}
		}
		for _, key := range []string{"initContainers", "containers", "ephemeralContainers"} {
			list, _ := m[key].([]any)
			for _, e := range list {
				cm, ok := asMap(e)
				if !ok {
					continue
				}
				mounts, _ := cm["volumeMounts"].([]any)
				for _, me := range mounts {
					mm, ok := asMap(me)
					if !ok {
						continue
					}
					name, _ := mm["name"].(string)
					dst, _ := mm["mountPath"].(string)
					ro, _ := mm["readOnly"].(bool)
					if src, ok := hostPaths[name]; ok {
						w.mount(ContainerMount{Source: src, Target: dst, ReadOnly: ro, Why: "a hostPath volume"})
					}
				}
				for _, k := range []string{"command", "args"} {
					w.def.Commands = append(w.def.Commands, asStrings(cm[k])...)
				}
			}
		}
	}
	for _, k := range sortedNames(m) {
		w.kubePods(m[k], d+1)
	}
}
