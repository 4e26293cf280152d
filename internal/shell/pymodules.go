package shell

// python -m MODULE runs the module like a command named MODULE
// (interpreters.go). The standard library's modules that act on files are
// modelled here; those that only read (json.tool without an output file,
// tokenize, dis, base64, …) are read-only in knowledge.go.

// pyReadOnly are modules that write nothing (their arguments are reads).
const pyReadOnly = "tokenize dis ast base64 uuid platform sysconfig site this calendar pyflakes " +
	"unittest doctest pickletools filecmp quopri uu mimetypes sndhdr imghdr inspect pprint symtable tabnanny " +
	"pstats locale encodings.rot_13 zipimport"

// pyModule analyses the standard library modules run with python -m
// that write files, serve them or run code.
func (c *cmd) pyModule() {
	n := c.name
	o := c.parse(optSpec{short: "odpbcse", long: []string{"--directory", "--bind", "--output", "--outfile", "--prompt", "--upgrade-deps"}})
	pos := c.posFields(o)
	c.w.modelled = true
	switch n {
	case "http.server", "SimpleHTTPServer", "CGIHTTPServer":
		c.opaque("python -m " + n + " serves files over the network")
		dir := c.cwdField()
		if d := o.values("-d", "--directory"); len(d) > 0 {
			dir = d[len(d)-1]
		}
		dir.rec = true
		c.read(dir, "served by "+n)
	case "timeit", "pdb", "code", "idlelib", "trace":
		c.opaque("python -m " + n + " runs python code")
	case "venv", "virtualenv":
		for _, f := range pos {
			c.write(f, "python -m "+n)
		}
	case "py_compile":
		for _, f := range pos {
			if f.s != "-" {
				c.write(joinField(dirField(f), "__pycache__"), "python -m py_compile")
			}
		}
	case "compileall":
		if len(pos) == 0 {
			c.write(c.cwdField(), "python -m compileall")
		}
		for _, f := range pos {
			c.write(f, "python -m compileall")
		}
	case "zipfile", "tarfile":
		switch {
		case o.anyOf("-c", "--create") && len(c.args) > 1:
			for _, v := range o.values("-c") {
				c.write(v, "python -m "+n+" -c")
			}
		case o.anyOf("-e", "--extract"):
			// -e ARCHIVE [DIR]: without DIR, members land in the working
			// directory (round 23 (c): the archive is read, and its
			// members judged, by the policy's extraction rules)
			archive := o.values("-e")
			if len(archive) == 0 && len(pos) > 0 {
				archive, pos = pos[:1], pos[1:] // --extract ARCHIVE
			}
			for _, a := range archive {
				c.read(a, "python -m "+n+" archive")
			}
			if len(pos) > 0 {
				c.write(pos[len(pos)-1], "python -m "+n+" extract directory")
			} else {
				c.write(c.cwdField(), "python -m "+n+" extract directory")
			}
		}
	case "gzip":
		if !o.anyOf("-d", "--decompress") {
			for _, f := range pos {
				g := f
				g.s += ".gz"
				c.write(g, "python -m gzip")
			}
		}
	case "pydoc":
		if o.anyOf("-w") {
			c.write(field{s: "*.html", glob: true}, "python -m pydoc -w")
		}
		if o.anyOf("-p", "-b") {
			c.opaque("python -m pydoc serves documentation over the network")
		}
	case "cProfile", "profile":
		for _, f := range o.values("-o") {
			c.write(f, "python -m "+n+" -o")
		}
	case "ensurepip":
		c.write(c.homeField(".local/lib"), "python -m ensurepip")
	case "webbrowser":
		for _, f := range pos {
			for _, h := range urlHosts(f.s) {
				c.host(h, "python -m webbrowser")
			}
		}
	}
}

// isPyModule reports whether n is a module pyModule models.
func isPyModule(n string) bool {
	switch n {
	case "http.server", "SimpleHTTPServer", "CGIHTTPServer", "timeit", "pdb", "code", "idlelib", "trace", "venv", "virtualenv",
		"py_compile", "compileall", "zipfile", "tarfile", "gzip", "pydoc", "cProfile", "profile", "ensurepip", "webbrowser":
		return true
	}
	return false
}
