package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// Output options of programs and subcommands the other tables do not
// cover (kubectl kustomize -o, helm template --output-dir, plantuml -o,
// go tool pprof -output, …), as data: "names:effect" words as in
// progSpecTable ("w" a file written, "d" a directory written into, "D" a
// directory written into, relative to each input file's directory when
// not absolute).
var outputOptions = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"kubectl kustomize": "-o,--output:w",
		"oc kustomize":      "-o,--output:w",
		"kustomize build":   "-o,--output:w",
		"helm template":     "--output-dir:d",
		"helm package":      "-d,--destination:d",
		"helm pull":         "-d,--destination:d --untardir:d",
		"plantuml":          "-o,-output:D",
		"go tool pprof":     "-output,--output:w",
		"pprof":             "-output,--output:w",
		"go tool cover":     "-o:w",
		"go tool covdata":   "-o:d",
		"go tool compile":   "-o:w",
		"go tool link":      "-o:w",
		"go tool asm":       "-o:w",
	}
}}

// outputPrograms are the first words of outputOptions' keys.
var outputPrograms = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for k := range outputOptions.Get() {
		p, _, _ := strings.Cut(k, " ")
		m[p] = true
	}
	return m
}}

// outputKey returns the outputOptions key of c ("prog" or "prog SUB",
// "go tool NAME") and the index of its first argument after that key.
func (c *cmd) outputKey() (string, int) {
	if _, ok := outputOptions.Get()[c.name]; ok {
		return c.name, 0
	}
	if !outputPrograms.Get()[c.name] {
		return "", 0 // no key starts with this program: nothing to build
	}
	first := -1
	for i, f := range c.args {
		if f.dyn {
			return "", 0
		}
		if !strings.HasPrefix(f.s, "-") {
			first = i
			break
		}
	}
	if first < 0 {
		return "", 0
	}
	k := c.name + " " + c.s(first)
	if _, ok := outputOptions.Get()[k]; ok {
		return k, first + 1
	}
	if k == "go tool" && first+1 < len(c.args) {
		k += " " + c.s(first+1)
		if _, ok := outputOptions.Get()[k]; ok {
			return k, first + 2
		}
	}
	return "", 0
}

// outputWrites reports the writes of c's output options.
func (c *cmd) outputWrites() {
	c.downloadWrites() // downloads.go
	key, from := c.outputKey()
	if key == "" {
		return
	}
	fx := map[string]string{}
	for _, w := range strings.Fields(outputOptions.Get()[key]) {
		names, e, _ := strings.Cut(w, ":")
		for _, n := range strings.Split(names, ",") {
			fx[n] = e
		}
	}
	type out struct {
		f  field
		fx string
	}
	var outs []out
	var ops []field
	for i := from; i < len(c.args); i++ {
		s := c.s(i)
		if s == "--" {
			ops = append(ops, c.args[i+1:]...)
			break
		}
		if !strings.HasPrefix(s, "-") || s == "-" {
			ops = append(ops, c.args[i])
			continue
		}
		name, val, eq := strings.Cut(s, "=")
		e, ok := fx[name]
		if !ok {
			continue
		}
		f := c.args[i]
		switch {
		case eq:
			f.s = val
		case i+1 < len(c.args):
			i++
			c.notCandidate(i)
			f = c.args[i]
		default:
			continue
		}
		outs = append(outs, out{f, e})
	}
	why := key + " output"
	for _, o := range outs {
		switch o.fx {
		case "w":
			if o.f.s != "-" && !discardTarget(o.f.s) {
				c.write(o.f, why)
			}
		case "d":
			c.write(o.f, why)
		case "D":
			if path.IsAbs(o.f.s) || o.f.dyn || len(ops) == 0 {
				c.write(o.f, why)
				continue
			}
			for _, in := range ops {
				c.write(joinField(dirField(in), o.f.s), why)
			}
		}
	}
}
