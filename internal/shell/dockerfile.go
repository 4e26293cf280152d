package shell

import (
	"encoding/json"
	"strings"
)

// A Dockerfile as data: the paths of its build context (and of named
// build contexts) its instructions read — COPY and ADD sources, RUN
// --mount=type=bind sources — which the builder sends from the host and
// the build can print or bake into the image. What runs in RUN reaches
// nothing of the host beyond them. The text is read over-inclusively: a
// line is taken as an instruction wherever it could be one (a here-document
// body's line that starts with COPY is read too), continuation lines are
// joined under both escape characters (\ and the escape=` directive's), and
// a frontend other than the standard one (# syntax=) is opaque.

// DockerfileSource is a path an instruction reads from a build context.
type DockerfileSource struct {
	// Path is relative to the context's root (an absolute one too: the
	// builder roots it there); it may hold a glob or a "$" not known.
	Path string
	// From names the context when it is not the main one (COPY --from=k,
	// RUN --mount=from=k): a named build context, or a stage or image,
	// which reads nothing of the host.
	From string
}

// DockerfileDef is what a Dockerfile reads of the host.
type DockerfileDef struct {
	Sources []DockerfileSource
	// Stages are the names of its build stages (FROM x AS name).
	Stages []string
	Opaque []string
}

// maxDockerfileLines bounds the Dockerfile read.
const maxDockerfileLines = 20000

// ParseDockerfile reads a Dockerfile's text.
func ParseDockerfile(text string) DockerfileDef {
	var d DockerfileDef
	lines := strings.Split(text, "\n")
	if len(lines) > maxDockerfileLines {
		d.Opaque = append(d.Opaque, "a Dockerfile longer than Mandate reads")
		lines = lines[:maxDockerfileLines]
	}
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "#") {
			if l != "" {
				break // directives come first
			}
			continue
		}
		k, v, ok := strings.Cut(strings.TrimSpace(l[1:]), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "syntax") && !standardFrontend(strings.TrimSpace(v)) {
			d.Opaque = append(d.Opaque, "a Dockerfile read by a frontend Mandate does not know: "+clip(strings.TrimSpace(v)))
		}
	}
	seen := map[DockerfileSource]bool{}
	for _, esc := range []byte{'\\', '`'} {
		for _, ins := range dockerfileInstructions(lines, esc) {
			d.instruction(ins, seen)
		}
	}
	return d
}

// standardFrontend reports whether a # syntax= image is the standard
// Dockerfile frontend.
func standardFrontend(img string) bool {
	img = strings.TrimPrefix(strings.TrimPrefix(img, "docker.io/"), "registry-1.docker.io/")
	name, _, _ := strings.Cut(img, "@")
	name, _, _ = strings.Cut(name, ":")
	return name == "docker/dockerfile" || name == "docker/dockerfile-upstream"
}

// dockerfileInstructions joins lines continued by esc and drops comments.
func dockerfileInstructions(lines []string, esc byte) []string {
	var out []string
	var cur strings.Builder
	open := false
	for _, raw := range lines {
		l := strings.TrimRight(raw, " \t\r")
		t := strings.TrimLeft(l, " \t")
		if open && (t == "" || strings.HasPrefix(t, "#")) {
			continue // a comment or an empty line inside a continued instruction
		}
		if !open && strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasSuffix(l, string(esc)) {
			cur.WriteString(l[:len(l)-1])
			cur.WriteByte(' ')
			open = true
			continue
		}
		cur.WriteString(l)
		out = append(out, cur.String())
		cur.Reset()
		open = false
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func (d *DockerfileDef) add(s DockerfileSource, seen map[DockerfileSource]bool) {
	if s.Path == "" || seen[s] {
		return
	}
	seen[s] = true
	d.Sources = append(d.Sources, s)
}

// instruction reads one instruction.
func (d *DockerfileDef) instruction(ins string, seen map[DockerfileSource]bool) {
	words := strings.Fields(ins)
	if len(words) == 0 {
		return
	}
	op := strings.ToUpper(words[0])
	rest := strings.TrimSpace(ins[strings.Index(ins, words[0])+len(words[0]):])
	if op == "ONBUILD" && len(words) > 1 { // runs in a later build: read all the same
		d.instruction(rest, seen)
		return
	}
	switch op {
	case "FROM":
		for i := 1; i+1 < len(words); i++ {
			if strings.EqualFold(words[i], "AS") {
				d.Stages = append(d.Stages, strings.ToLower(words[i+1]))
			}
		}
	case "COPY", "ADD":
		from := ""
		i := 1
		for ; i < len(words) && strings.HasPrefix(words[i], "--"); i++ {
			if v, ok := strings.CutPrefix(words[i], "--from="); ok {
				from = v
			}
		}
		args := words[i:]
		if i < len(words) {
			// the exec form: a JSON array after the options
			j := strings.Index(rest, words[i])
			if t := strings.TrimSpace(rest[j:]); strings.HasPrefix(t, "[") {
				var arr []string
				if json.Unmarshal([]byte(t), &arr) == nil {
					args = arr
				} else {
					d.Opaque = append(d.Opaque, "a "+op+" Mandate does not read: "+clip(t))
					return
				}
			}
		}
		if len(args) < 2 {
			return
		}
		for _, src := range args[:len(args)-1] {
			if strings.HasPrefix(src, "<<") || op == "ADD" && remoteSource(src) {
				continue // a here-document's text, a download
			}
			d.add(DockerfileSource{Path: src, From: from}, seen)
		}
	case "RUN":
		for _, w := range words[1:] {
			spec, ok := strings.CutPrefix(w, "--mount=")
			if !ok {
				if strings.HasPrefix(w, "--") {
					continue
				}
				break
			}
			typ, src, from := "bind", "", ""
			for _, kv := range strings.Split(spec, ",") {
				k, v, _ := strings.Cut(kv, "=")
				switch strings.ToLower(k) {
				case "type":
					typ = strings.ToLower(v)
				case "source", "src":
					src = v
				case "from":
					from = v
				}
			}
			if typ == "bind" {
				if src == "" {
					src = "."
				}
				d.add(DockerfileSource{Path: src, From: from}, seen)
			}
		}
	}
}

// remoteSource reports whether an ADD source is fetched, not read from
// the context.
func remoteSource(s string) bool {
	for _, p := range []string{"http://", "https://", "git://", "git@", "ssh://"} {
		if strings.HasPrefix(strings.ToLower(s), p) {
			return true
		}
	}
	return false
}

// Stage reports whether name is one of d's build stages (or a stage's
// index): a COPY --from of it reads nothing of the host.
func (d *DockerfileDef) Stage(name string) bool {
	if name == "" {
		return false
	}
	if strings.Trim(name, "0123456789") == "" {
		return true
	}
	for _, s := range d.Stages {
		if s == strings.ToLower(name) {
			return true
		}
	}
	return false
}
