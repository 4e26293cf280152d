package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// Variables passed by name in options and files envpass.go does not
// read: the program copies the caller's value of NAME into a container,
// an image build or a secret, where what runs can print it — a
// reference to NAME, as $NAME is.
//
//   - an env file (docker run --env-file F) whose line holds only NAME;
//   - a build argument without a value (--build-arg NAME);
//   - a BuildKit secret from the environment (--secret id=k,env=NAME, or
//     id=NAME alone), from a file (src=F: a read of F);
//   - earthly --secret NAME, act -s NAME;
//   - a secret URI (dagger's env://NAME or env:NAME, file://F, cmd://C);
//   - a compose file the line writes: ${NAME} interpolation anywhere, and
//     environment/args entries naming a variable without a value.
//
// An env or compose file the line shows is read for its names; one the
// line writes with text not known statically is opaque. A file already
// on disk is reported (Analysis.NameFiles) for the policy to read at
// decision time with EnvFileNames and ComposeNames: the analysis is pure.

// byNameKind says how an option's value names variables.
type byNameKind uint8

const (
	bnName    byNameKind = iota + 1 // NAME without "=": the caller's NAME
	bnSecret                        // id=ID,env=NAME,src=FILE
	bnEnvFile                       // a file of NAME or NAME=VALUE lines
)

var byNameOpts = &lazy.Value[map[string]map[string]byNameKind]{New: func() map[string]map[string]byNameKind {
	container := map[string]byNameKind{"--env-file": bnEnvFile, "--build-arg": bnName, "--secret": bnSecret}
	build := map[string]byNameKind{"--build-arg": bnName, "--secret": bnSecret}
	return map[string]map[string]byNameKind{
		"docker": container, "podman": container, "nerdctl": container, "finch": container,
		"buildah": build, "depot": build, "kaniko": build, "img": build,
		"earthly": {"--secret": bnName, "-s": bnName, "--build-arg": bnName},
		"act":     {"--secret": bnName, "-s": bnName},
	}
}}

// secretURIProgs take secrets as URIs naming where the value comes from.
const secretURIProgs = "dagger"

// composeDefaults are the files compose reads without -f.
const composeDefaults = "compose.yaml compose.yml docker-compose.yml docker-compose.yaml"

// envByName reports the variables c passes by name in options and in
// env and compose files.
func (c *cmd) envByName() {
	if inFields(secretURIProgs, c.name) {
		for i := range c.args {
			c.secretURI(c.args[i])
		}
		return
	}
	if c.name == "docker-compose" || c.name == "podman-compose" || c.name == "docker" && c.hasArg("compose") ||
		c.name == "podman" && c.hasArg("compose") || c.name == "nerdctl" && c.hasArg("compose") {
		c.composeNames()
	}
	opts, ok := byNameOpts.Get()[c.name]
	if !ok {
		return
	}
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		if f.s == "--" {
			return
		}
		name, val, eq := strings.Cut(f.s, "=")
		k, ok := opts[name]
		if !ok {
			continue
		}
		v := f
		if eq {
			v.s = val
		} else if i+1 < len(c.args) {
			i++
			v = c.args[i]
		} else {
			continue
		}
		switch k {
		case bnName:
			c.passName(v)
		case bnSecret:
			c.secretSpec(v)
		case bnEnvFile:
			c.envFileNames(v)
		}
	}
}

func (c *cmd) hasArg(s string) bool {
	for i := range c.args {
		if c.s(i) == s {
			return true
		}
	}
	return false
}

// secretSpec reads a BuildKit secret: id=ID[,type=env|file][,env=NAME]
// [,src|source=FILE]. With neither env nor src, the id names a variable
// (or a file of that name).
func (c *cmd) secretSpec(f field) {
	if f.dyn {
		c.opaque("passes a secret whose source is not known statically: " + clip(f.s))
		return
	}
	id, src := "", false
	for _, kv := range strings.Split(f.s, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		switch k {
		case "id":
			id = v
		case "env":
			src = true
			c.passName(field{s: v})
		case "src", "source":
			src = true
			c.read(field{s: v}, "build secret file")
		}
	}
	if !src && validName(id) {
		c.passName(field{s: id})
	}
}

// secretURI reads a secret provider URI in an argument (--token
// env://NAME, --token=env:NAME, file://F, cmd://CODE).
func (c *cmd) secretURI(f field) {
	s := f.s
	if strings.HasPrefix(s, "-") {
		_, v, ok := strings.Cut(s, "=")
		if !ok {
			return
		}
		s = v
	}
	switch {
	case strings.HasPrefix(s, "env://"):
		c.passName(field{s: strings.TrimPrefix(s, "env://"), dyn: f.dyn})
	case strings.HasPrefix(s, "env:"):
		c.passName(field{s: strings.TrimPrefix(s, "env:"), dyn: f.dyn})
	case strings.HasPrefix(s, "file://"):
		c.read(field{s: strings.TrimPrefix(s, "file://"), dyn: f.dyn}, "secret file")
	case strings.HasPrefix(s, "cmd://"):
		if err := c.code(field{s: strings.TrimPrefix(s, "cmd://"), dyn: f.dyn}, c.name+" secret command", false); err != nil {
			c.a.defer1(err)
		}
	}
}

// shownText returns the text of file argument f when the line shows it:
// inline (a here-document on standard input, a process substitution),
// fed through a pipe, or written by the line. written reports a file the
// line writes (or standard input it feeds) whose text is not known.
func (c *cmd) shownText(f field) (text string, known, written bool) {
	if t, ok := c.inlineText(f); ok {
		return t, true, true
	}
	if c.stdinPath(f) == 0 {
		t, ok := c.fedText()
		return t, ok, true
	}
	if f.proc {
		return "", false, true
	}
	if w, ok := c.a.writtenAt(c.sc, f); ok {
		return w.text, w.known, true
	}
	return "", false, false
}

// envFileNames reads an env file's lines: NAME alone passes the caller's
// value.
func (c *cmd) envFileNames(f field) {
	text, known, written := c.shownText(f)
	if !written {
		c.nameFile(f, "env")
		return
	}
	if !known {
		c.opaque("passes the variables named in " + clip(f.s) + ", whose text is not known statically")
		return
	}
	for _, n := range EnvFileNames(text) {
		c.passName(field{s: n})
	}
}

// nameFile reports a file on disk whose names the policy reads.
func (c *cmd) nameFile(f field, kind string) {
	if f.dyn || f.proc {
		c.opaque("passes the variables named in a file not known statically: " + clip(f.s))
		return
	}
	abs, ok := c.a.absField(c.sc, f)
	if !ok {
		c.opaque("passes the variables named in a file not known statically: " + clip(f.s))
		return
	}
	for _, nf := range c.a.res.NameFiles {
		if nf.Path == abs && nf.Kind == kind {
			return
		}
	}
	if len(c.a.res.NameFiles) >= maxNameFiles {
		c.opaque("names more variable files than Mandate reads")
		return
	}
	c.a.res.NameFiles = append(c.a.res.NameFiles, NameFile{Path: abs, Kind: kind, Cmd: c.name})
}

// maxNameFiles bounds the files a line has the policy read.
const maxNameFiles = 16

// EnvFileNames returns the names an env file's text passes by name: its
// lines holding only NAME (NAME=VALUE lines and comments pass their own
// values). More than maxConfigLines lines are read as naming "*": every
// variable.
func EnvFileNames(text string) []string {
	var out []string
	for i, line := range strings.Split(text, "\n") {
		if i >= maxConfigLines {
			return append(out, "*")
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.Contains(line, "=") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// composeNames reads the compose files the line shows.
func (c *cmd) composeNames() {
	var files []field
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		switch {
		case (s == "-f" || s == "--file") && i+1 < len(c.args):
			i++
			files = append(files, c.args[i])
		case strings.HasPrefix(s, "--file="):
			f := c.args[i]
			f.s = strings.TrimPrefix(s, "--file=")
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		for _, n := range strings.Fields(composeDefaults) {
			files = append(files, field{s: n})
		}
	}
	for _, f := range files {
		text, known, written := c.shownText(f)
		switch {
		case !written:
			if !f.dyn && (len(files) > 0 || f.s != "") {
				c.nameFile(f, "compose")
			}
		case !known:
			c.opaque("compose file " + clip(path.Base(f.s)) + " is written with text not known statically: the variables it names are unknown")
		default:
			c.composeText(text)
		}
	}
}

// composeText reports the variables a compose file takes from the
// caller.
func (c *cmd) composeText(text string) {
	for _, n := range ComposeNames(text) {
		if n == "*" {
			c.opaque("compose file too long to analyse")
			continue
		}
		c.passName(field{s: n})
	}
}

// ComposeNames returns the variables a compose file's text takes from
// the caller: ${NAME} / $NAME interpolated anywhere (not $$), entries of
// an environment or args list or map naming a variable without a value,
// and a secret's environment: NAME. A text too long to read names "*".
func ComposeNames(text string) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		if i+1 < len(text) && text[i+1] == '$' {
			i++
			continue
		}
		j := i + 1
		if j < len(text) && text[j] == '{' {
			j++
		}
		k := j
		for k < len(text) && (text[k] == '_' || text[k] >= 'a' && text[k] <= 'z' || text[k] >= 'A' && text[k] <= 'Z' || k > j && text[k] >= '0' && text[k] <= '9') {
			k++
		}
		if k > j {
			out = append(out, text[j:k])
		}
	}
	lines := strings.Split(text, "\n")
	if len(lines) > maxConfigLines*16 {
		return append(out, "*")
	}
	under := -1 // indentation of the environment/args key whose entries follow
	for _, raw := range lines {
		line := strings.TrimRight(raw, " \t\r")
		body := strings.TrimLeft(line, " \t")
		if body == "" || strings.HasPrefix(body, "#") {
			continue
		}
		ind := len(line) - len(body)
		if under >= 0 && ind <= under && !(ind == under && strings.HasPrefix(body, "- ")) {
			under = -1
		}
		if under >= 0 {
			entry := strings.TrimSpace(strings.TrimPrefix(body, "- "))
			entry = strings.Trim(entry, `"'`)
			if strings.HasPrefix(body, "- ") {
				if !strings.Contains(entry, "=") {
					out = append(out, entry)
				}
			} else if k, v, ok := strings.Cut(entry, ":"); ok && strings.TrimSpace(v) == "" || ok && strings.TrimSpace(v) == "null" || ok && strings.TrimSpace(v) == "~" {
				out = append(out, strings.Trim(strings.TrimSpace(k), `"'`))
			}
			continue
		}
		key, val, ok := strings.Cut(strings.TrimPrefix(body, "- "), ":")
		if !ok {
			continue
		}
		key = strings.Trim(strings.TrimSpace(key), `"'`)
		val = strings.TrimSpace(val)
		if key != "environment" && key != "args" {
			continue
		}
		switch {
		case val == "":
			under = ind
		case strings.HasPrefix(val, "["):
			for _, e := range strings.Split(strings.Trim(val, "[]"), ",") {
				e = strings.Trim(strings.TrimSpace(e), `"'`)
				if e != "" && !strings.Contains(e, "=") {
					out = append(out, e)
				}
			}
		case strings.HasPrefix(val, "{"):
			for _, e := range strings.Split(strings.Trim(val, "{}"), ",") {
				k, v, _ := strings.Cut(e, ":")
				if v = strings.TrimSpace(v); v == "" || v == "null" || v == "~" {
					out = append(out, strings.Trim(strings.TrimSpace(k), `"'`))
				}
			}
		case key == "environment":
			out = append(out, strings.Trim(val, `"'`)) // secrets: x: environment: NAME
		}
	}
	return out
}
