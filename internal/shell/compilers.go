package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// Compilers, converters and build tools: the files their output options
// name, go's subcommands (golang.go), make's environment dump.

// compilerPrograms compile, convert and build.
func compilerPrograms() []program {
	return []program{
		{"gcc cc clang g++ c++ clang++ rustc iconv gpg gpg2 pandoc base64 ssh-keygen javac tsc esbuild protoc", effects((*cmd).converter)},
		{"go", (*cmd).golang},
		{"make gmake", effects((*cmd).makeCmd)},
	}
}

// converter reports the files a compiler or converter writes by -o and
// its like.
func (c *cmd) converter() {
	n := c.name
	if convName(n) == "gcc" {
		c.gccOutputs() // single-dash long options (optconv.go)
		return
	}
	sp, ok := converterOptions.Get()[n]
	if !ok {
		sp = optSpec{short: "o"}
	}
	o := c.parse(sp)
	for _, f := range o.values("-o", "--output", "--outfile", "--outDir", "--outFile", "-d") {
		c.write(f, n+" output")
	}
	if n == "ssh-keygen" {
		for _, f := range o.values("-f") {
			c.write(f, "ssh-keygen -f")
		}
	}
}

// converterOptions are the value options of the converters whose output
// option is not -o alone.
var converterOptions = &lazy.Value[map[string]optSpec]{New: func() map[string]optSpec {
	javac := optSpec{short: "d", long: []string{"--outDir", "--outFile"}}
	return map[string]optSpec{
		"ssh-keygen": {short: "fCNtbm"},
		"javac":      javac,
		"tsc":        javac,
	}
}}

func (c *cmd) makeCmd() {
	o := c.parse(optSpec{short: "CfIjloW", long: []string{"--directory", "--file", "--makefile", "--include-dir", "--jobs", "--load-average", "--old-file", "--what-if", "--eval"}})
	if o.any("-p", "--print-data-base", "-e", "--environment-overrides") {
		c.a.res.EnvDump = true
	}
}
