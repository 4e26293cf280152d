package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// The go command, modelled completely: what each subcommand writes (its
// -o, profile and -modfile options in knowledge.go's "go SUB" entries;
// go.mod, go.sum, vendor/, go.work and the go env file here), what it
// runs (go generate runs the //go:generate lines: opaque; go run of a
// module@version fetches and runs it: opaque, and the program is analysed
// like a package runner's), and that package patterns (./...) are reads,
// never writes.

// goReadOnly are the go subcommands that write nothing outside go's
// caches.
var goReadOnly = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"vet": true, "list": true, "doc": true, "version": true, "help": true, "bug": true,
		"tool": true, "telemetry": true, "test": true, "build": true, "run": true, "install": true, "get": true,
		"mod": true, "work": true, "env": true, "clean": true, "fmt": true, "fix": true, "generate": true}
}}

// golang analyses go SUB ….
func (c *cmd) golang() error {
	goModuleHosts(c)
	i := 0
	sc := c.sc
	// go -C DIR must come first
	if len(c.args) > 1 && (c.s(0) == "-C" || c.s(0) == "--C") {
		sub := &cmd{a: c.a, sc: c.a.child(sc), name: "cd", args: c.args[1:2], skip: []bool{false}}
		sub.cd()
		sc = sub.sc
		c.skip[0], c.skip[1] = true, true
		i = 2
	} else if len(c.args) > 0 && (strings.HasPrefix(c.s(0), "-C=") || strings.HasPrefix(c.s(0), "--C=")) {
		d := c.args[0]
		_, d.s, _ = strings.Cut(d.s, "=")
		sub := &cmd{a: c.a, sc: c.a.child(sc), name: "cd", args: []field{d}, skip: []bool{false}}
		sub.cd()
		sc = sub.sc
		c.skip[0] = true
		i = 1
	}
	if i >= len(c.args) || c.args[i].dyn {
		return nil
	}
	sub := c.s(i)
	if !goReadOnly.Get()[sub] {
		return nil // not a go subcommand: candidate writes
	}
	c.skip[i] = true
	rest := &cmd{a: c.a, sc: sc, name: "go", args: c.args[i+1:], skip: c.skip[i+1:]}
	rest.w.key = "go " + sub
	word := ""
	if len(rest.args) > 0 && !rest.args[0].dyn {
		word = rest.s(0)
	}
	why := "go " + sub
	switch sub {
	case "generate":
		c.opaque("go generate runs the commands of //go:generate lines")
	case "run":
		if err := rest.goRun(); err != nil {
			return err
		}
	case "install":
		if !goArgsHave(rest, "-n") {
			rest.write(rest.goBin(), why)
		}
	case "mod":
		rest.skip[0] = len(rest.args) > 0
		why += " " + word
		switch word {
		case "tidy":
			rest.goProject("go.mod go.sum", why)
		case "vendor":
			rest.goProject("vendor go.mod go.sum", why)
		case "init":
			rest.write(joinField(rest.cwdField(), "go.mod"), why)
		case "edit":
			if !goArgsHave(rest, "-json", "-print") {
				if f := goLastFile(rest); f != nil {
					rest.write(*f, why)
				} else {
					rest.goProject("go.mod", why)
				}
			}
		}
	case "work":
		rest.skip[0] = len(rest.args) > 0
		why += " " + word
		switch word {
		case "init", "use", "edit", "sync", "vendor":
			if !goArgsHave(rest, "-json", "-print") {
				rest.goProject("go.work go.work.sum", why)
			}
			if word == "sync" {
				rest.goProject("go.mod go.sum", why)
			}
			if word == "vendor" {
				rest.goProject("vendor", why)
			}
		}
	case "env":
		if goArgsHave(rest, "-w", "-u") {
			f, ok := c.a.lookup(c.sc, "GOENV")
			if ok && f != "" && f != "off" {
				rest.write(field{s: f}, why+" -w")
			} else {
				rest.write(rest.homeField(".config/go/env"), why+" -w")
			}
		}
	case "clean":
		// (GOCACHE, GOMODCACHE, …: tooldirs.go)
		if goArgsHave(rest, "-cache", "-testcache", "-fuzzcache") && !c.envGiven("GOCACHE", "XDG_CACHE_HOME") {
			rest.del(rest.homeField(".cache/go-build"), why)
		}
		if goArgsHave(rest, "-modcache") && !c.envGiven("GOMODCACHE", "GOPATH") {
			rest.del(rest.homeField("go/pkg/mod"), why)
		}
		if goArgsHave(rest, "-i") {
			rest.del(rest.goBin(), why+" -i")
		}
	case "fmt", "fix":
		// rewrites the Go files of the packages named (the cwd's)
		rest.goPackageWrites(why)
	case "test":
		if goArgsHave(rest, "-c") && !goArgsHave(rest, "-o") {
			rest.write(field{s: "*.test", glob: true}, why+" -c")
		}
	}
	rest.parse(optSpec{noCluster: true}) // Go's flags are words: -cover is no -c -o
	if err := rest.applySpec(); err != nil {
		return err
	}
	c.w.modelled = rest.w.modelled
	for j, v := range rest.w.noCand {
		if v {
			c.notCandidate(i + 1 + j)
		}
	}
	return nil
}

// goArgsHave reports whether one of the go flags (-x, --x, -x=v) is given.
func goArgsHave(c *cmd, flags ...string) bool {
	for _, f := range c.args {
		s := f.s
		if s == "--" || s == "-args" {
			return false
		}
		k, _, _ := strings.Cut(strings.TrimPrefix(s, "-"), "=")
		for _, fl := range flags {
			if "-"+k == fl {
				return true
			}
		}
	}
	return false
}

// goLastFile returns a go.mod file named as an operand (go mod edit
// FILE).
func goLastFile(c *cmd) *field {
	for i := len(c.args) - 1; i >= 1; i-- {
		if !strings.HasPrefix(c.s(i), "-") {
			f := c.args[i]
			return &f
		}
	}
	return nil
}

// goBin is where go install puts programs: GOBIN, GOPATH/bin or ~/go/bin.
func (c *cmd) goBin() field {
	if v, ok := c.a.lookup(c.sc, "GOBIN"); ok && path.IsAbs(v) {
		return field{s: v}
	}
	if v, ok := c.a.lookup(c.sc, "GOPATH"); ok && path.IsAbs(v) {
		return field{s: path.Join(strings.Split(v, ":")[0], "bin")}
	}
	return c.homeField("go/bin")
}

// goProject reports writes of the module's files: in the cwd, and as
// candidates in the directories above up to the repository root (go uses
// the nearest go.mod).
func (c *cmd) goProject(files, why string) {
	c.projectWrites(nil, files, true, why)
}

// goPackageWrites reports the directories go fmt/fix rewrite: those of
// the package patterns given (./... is every package below), or the cwd.
func (c *cmd) goPackageWrites(why string) {
	n := 0
	for _, f := range c.args {
		if strings.HasPrefix(f.s, "-") {
			continue
		}
		n++
		g := f
		g.s = strings.TrimSuffix(strings.TrimSuffix(g.s, "/..."), "...")
		if g.s == "" {
			g.s = "."
		}
		if !strings.HasPrefix(g.s, ".") && !path.IsAbs(g.s) {
			continue // an import path: a package outside the tree
		}
		c.write(g, why)
	}
	if n == 0 {
		c.write(c.cwdField(), why)
	}
}

// goRun: go run of module@version fetches and runs a program nobody
// reviewed: opaque, and the program is analysed under its name (go run
// example.com/x/cmd/mandate@latest uninstall is mandate uninstall).
func (c *cmd) goRun() error {
	o := c.parse(optSpec{})
	k, ok := c.pos(o, 0)
	if !ok {
		return nil
	}
	pkg := c.args[k]
	if pkg.dyn {
		c.opaque("go run of a package named at run time")
		return nil
	}
	if !strings.Contains(pkg.s, "@") {
		return nil // the module's own packages
	}
	c.opaque("go run fetches and runs module " + clip(pkg.s))
	mod, _, _ := strings.Cut(pkg.s, "@")
	prog := field{s: path.Base(mod)}
	if strings.HasPrefix(prog.s, "v") && strings.Trim(prog.s[1:], "0123456789") == "" && path.Dir(mod) != "." {
		prog.s = path.Base(path.Dir(mod)) // example.com/x/v2
	}
	inner := append([]field{prog}, c.args[k+1:]...)
	for j := k; j < len(c.args); j++ {
		c.skip[j] = true
	}
	sc, err := c.a.enter(c.sc.withVia("go run"))
	if err != nil {
		return err
	}
	return c.a.simple(inner, sc)
}

// goLinkProgs are the linker's (and gccgo's) flags whose value is a
// program it runs: go build -ldflags='-linkmode=external -extld=./x.sh'.
const goLinkProgs = "-extld --extld -extar --extar"

// goCCProgs are C compiler flags (in -extldflags, -gccgoflags) that make
// it run other programs or load code: -B DIR, -fuse-ld=, --ld-path=,
// -wrapper, plugins, spec files.
const goCCProgs = "-B -fuse-ld --ld-path -wrapper -fplugin -specs -Wl,-plugin -Wl,--plugin -Xlinker -no-integrated-as"

// goLinkFlags judges a flags value of go build (-ldflags, -gccgoflags),
// optionally per package (pattern=flags): a program it names is code
// run, C compiler flags that pick programs are opaque.
func (c *cmd) goLinkFlags(f field, why string) error {
	if f.dyn {
		if strings.Contains(f.s, "ext") || strings.Contains(f.s, "-B") || strings.Contains(f.s, "$") {
			c.opaque(why + " not known statically: it may name the linker it runs")
		}
		return nil
	}
	s := f.s
	if i := strings.IndexByte(s, '='); i > 0 && !strings.HasPrefix(s, "-") {
		s = s[i+1:] // pkg pattern=flags
	}
	words := strings.Fields(strings.NewReplacer(`"`, " ", "'", " ").Replace(s))
	for i, w := range words {
		name, val, eq := strings.Cut(w, "=")
		switch {
		case inFields(goLinkProgs, name):
			if !eq && i+1 < len(words) {
				val = words[i+1]
			}
			if val != "" {
				if err := c.code(field{s: val}, why+" "+name, false); err != nil {
					return err
				}
			}
		case name == "-extldflags" || name == "--extldflags" || strings.HasPrefix(w, "-B"):
			c.goCCFlags(w, why)
		default:
			for _, p := range strings.Fields(goCCProgs) {
				if strings.HasPrefix(w, p) {
					c.opaque(why + " " + clip(w) + ": the C compiler runs a program it names")
				}
			}
		}
	}
	return nil
}

// goCCFlags judges C compiler flags carried in another flag.
func (c *cmd) goCCFlags(w, why string) {
	for _, p := range strings.Fields(goCCProgs) {
		if strings.Contains(w, p) {
			c.opaque(why + " " + clip(w) + ": the C compiler runs a program it names")
			return
		}
	}
}
