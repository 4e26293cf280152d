package shell

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
	sp := optSpec{short: "o"}
	if n == "ssh-keygen" {
		sp.short = "fCNtbm"
	}
	if n == "javac" || n == "tsc" {
		sp.short = "d"
		sp.long = []string{"--outDir", "--outFile"}
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

func (c *cmd) makeCmd() {
	o := c.parse(optSpec{short: "CfIjloW", long: []string{"--directory", "--file", "--makefile", "--include-dir", "--jobs", "--load-average", "--old-file", "--what-if", "--eval"}})
	if o.any("-p", "--print-data-base", "-e", "--environment-overrides") {
		c.a.res.EnvDump = true
	}
}
