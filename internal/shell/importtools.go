package shell

import (
	"path"
	"strings"
)

// Programs whose language imports files, the environment and URLs
// (red-team round 13, #15 and #16): gomplate (file.Read, file.Write,
// datasources, plugins, the command after --), Dhall (./x as Text,
// env:NAME, URL imports), Pkl (read("env:…"), read("file:…"), import,
// amends), AsciiDoc (include::, image::, stylesheets, asciidoc's sys::
// and eval::). Their code is judged like the other DSL tools' (dslcode.go):
// what it names literally is the read, write, variable or host it is; a
// name it computes makes it opaque. The option tables are
// importtooltables.go, the scanners importlangs.go and importscan.go.
//
// Red-team round 15 (#4-#9): every option value is judged by the role
// its table gives it, whatever its spelling; a file of code is a read
// as well as code; a relative import is judged against every base the
// program may resolve it against (the cwd, the document's directory,
// -B, -w); a template's datasource calls are resolved through the
// aliases the line defines.

// roleOf is the role of option k as given (an abbreviation names the
// long option it abbreviates), or "" for an option without a value.
func (t *importTool) roleOf(o opts, k string) string {
	if r, ok := t.role[k]; ok {
		return r
	}
	for _, l := range t.long {
		if o.names(k, l) {
			return t.role[l]
		}
	}
	return ""
}

// under is x with dir added to the bases relative names resolve against.
func (x *dslContext) under(dir string) *dslContext {
	if dir == "" || dir == "." || contains(x.dirs, dir) {
		return x
	}
	y := *x
	y.dirs = append(x.dirs[:len(x.dirs):len(x.dirs)], dir)
	return &y
}

// docDir is the directory of a document operand, when it is known.
func docDir(f field) string {
	if f.dyn || f.proc || f.s == "-" || !strings.Contains(f.s, "/") {
		return ""
	}
	return path.Dir(f.s)
}

// importToolRun judges one program of importTools.
func (c *cmd) importToolRun() error {
	importToolsCompiled.Get()
	t := importTools[c.name]
	x := &dslContext{lang: t.lang, scan: t.scan}
	o := c.parse(optSpec{short: t.short, long: t.long})
	c.w.modelled = true
	var bases []string
	for _, v := range o.vals {
		if t.roleOf(o, v.key) != "base" {
			continue
		}
		if v.f.dyn {
			c.opaque(c.name + " " + v.key + ": relative imports resolve against a directory not known statically")
			continue
		}
		bases = append(bases, v.f.s)
		x = x.under(v.f.s)
	}
	switch t {
	case &gomplateTool:
		g := c.gomplateContext(o)
		x.scan = g.scan
	case &asciidocTool:
		c.asciidocContext(x, o)
	}
	hasCode := false
	for _, v := range o.vals {
		why := c.name + " " + v.key
		switch t.roleOf(o, v.key) {
		case "code":
			hasCode = true
			if t == &pklTool {
				continue // judged below, within the modules
			}
			if err := c.dslText(x, v.f); err != nil {
				return err
			}
		case "doc", "wdoc":
			hasCode = true
			if err := c.importDoc(x, v.f, why, bases); err != nil {
				return err
			}
			if t.roleOf(o, v.key) == "wdoc" {
				c.write(v.f, why)
			}
		case "tmpl":
			g := v.f
			if _, p, ok := strings.Cut(g.s, "="); ok && !g.dyn {
				g.s = p
			}
			g.rec = true // a directory of templates, or one file
			c.read(g, why)
			if err := c.dslDoc(x.under(docDir(g)), g); err != nil {
				return err
			}
		case "idir":
			hasCode = true
			g := v.f
			g.rec = true
			c.read(g, why)
			c.dslTree(x, g)
		case "r", "rdir":
			g := v.f
			g.rec = t.roleOf(o, v.key) == "rdir"
			c.read(g, why)
		case "w":
			if v.f.s != "-" {
				c.write(v.f, why)
			}
		case "omap":
			c.opaque(c.name + " --output-map writes files named by a template")
		case "cfg":
			c.read(v.f, why)
			if _, w := c.a.writtenAt(c.sc, v.f); w || v.f.dyn {
				c.opaque(c.name + " reads its datasources and templates from a configuration the line writes")
			}
		case "plug":
			p := v.f.s
			if _, q, ok := strings.Cut(p, "="); ok {
				p = q
			}
			if i := strings.LastIndexByte(p, ':'); i > 0 && strings.Trim(p[i+1:], "0123456789smh.") == "" {
				p = p[:i] // NAME=PATH:TIMEOUT
			}
			if err := c.code(field{s: shellQuote(p), dyn: v.f.dyn}, "gomplate --plugin", false); err != nil {
				return err
			}
		case "load":
			if _, w := c.a.writtenAt(c.sc, v.f); w || v.f.dyn {
				c.opaque(c.name + " " + v.key + " loads Ruby code the line writes")
			}
		case "opq":
			c.opaque(c.name + " " + v.key + " passes options to another program")
		}
	}
	switch t {
	case &gomplateTool:
		if !contains(o.has, "--config") {
			if _, w := c.a.writtenAt(c.sc, field{s: ".gomplate.yaml"}); w {
				c.opaque("gomplate reads .gomplate.yaml, which the line writes")
			}
		}
		if contains(o.has, "--") {
			if !hasCode { // the template comes from standard input
				if err := c.dslInput(x, 0); err != nil {
					return err
				}
			}
			for i := range c.args {
				if c.s(i) == "--" && !c.skip[i] {
					c.skip[i] = true
					return c.wrap(i+1, "gomplate --") // run once the templates are rendered
				}
			}
			return nil
		}
	}
	for n, k := range o.pos {
		f := c.args[k]
		if n == 0 && (t == &dhallTool || t == &pklTool && pklSubs[c.s(k)]) {
			if t == &dhallTool {
				hasCode = hasCode || len(o.pos) > 1 && dhallSubOps[c.s(k)] != ""
				if err := c.dhallSub(x, o, c.s(k)); err != nil {
					return err
				}
			}
			continue // a subcommand
		}
		if t == &dhallTool {
			continue // the subcommand's operands (dhallSub)
		}
		hasCode = true
		if t == &pklTool && !f.dyn && strings.Contains(f.s, ":") && !strings.HasPrefix(f.s, "file:") {
			x.scanURI(c, f.s)
			continue
		}
		if t == &pklTool && !f.dyn && strings.HasPrefix(f.s, "file:") {
			f.s = pklFilePath(f.s)
		}
		if err := c.importDoc(x, f, c.name+" document", bases); err != nil {
			return err
		}
	}
	if t == &pklTool {
		// -x is evaluated within the module operands: its relative
		// names resolve against their directories (round 15, #6)
		for _, k := range o.pos {
			x = x.under(docDir(c.args[k]))
		}
		for _, v := range o.vals {
			if t.roleOf(o, v.key) == "code" {
				if err := c.dslText(x, v.f); err != nil {
					return err
				}
			}
		}
	}
	hasCode = hasCode || o.is("--input-dir")
	if !hasCode && (t.stdin || c.name == "pkl" && len(o.pos) > 0 && c.s(o.pos[0]) == "repl") {
		return c.dslInput(x, 0)
	}
	return nil
}

// importDoc judges a file of code: the read of it (under each base the
// program resolves it against), and its code, resolved against its own
// directory.
func (c *cmd) importDoc(x *dslContext, f field, why string, bases []string) error {
	if f.s == "-" || f.proc || c.stdinPath(f) >= 0 {
		return c.dslDoc(x, f)
	}
	c.read(f, why)
	if !f.dyn && !path.IsAbs(f.s) {
		for _, b := range bases {
			c.read(field{s: path.Join(b, f.s)}, why)
		}
	}
	return c.dslDoc(x.under(docDir(f)), f)
}

// dslTree judges a directory whose files are all code: those the line
// wrote below it are scanned (or opaque when their text is not known).
func (c *cmd) dslTree(x *dslContext, f field) {
	if f.dyn {
		c.opaque(c.name + " reads " + x.lang + " code from a directory not known statically")
		return
	}
	if _, w := c.a.writtenAt(c.sc, f); w {
		c.opaque(c.name + " reads " + x.lang + " code from " + clip(f.s) + ", which the line writes")
		return
	}
	abs, ok := c.a.absField(c.sc, f)
	if !ok {
		return
	}
	if c.a.writtenOverflow {
		c.opaque(c.name + " reads " + x.lang + " code from a directory the line may write into")
	}
	for _, w := range c.a.written {
		if strings.HasPrefix(w.path, strings.TrimSuffix(abs, "/")+"/") {
			if !w.known {
				c.opaque(c.name + " reads " + x.lang + " code from " + clip(w.path) + ", which the line writes with content not known statically")
				continue
			}
			_ = c.applyDSL(x.under(path.Dir(w.path)), x.scan(w.text))
		}
	}
}

// dhallSub judges the operands of a dhall subcommand that takes files or
// code (dhallSubOps).
func (c *cmd) dhallSub(x *dslContext, o opts, sub string) error {
	role := dhallSubOps[sub]
	for _, e := range o.pos[1:] {
		f := c.args[e]
		switch role {
		case "code":
			if err := c.dslText(x, f); err != nil {
				return err
			}
		case "doc", "wdoc":
			if err := c.importDoc(x, f, "dhall "+sub, nil); err != nil {
				return err
			}
			if role == "wdoc" && !o.is("--check") {
				c.write(f, "dhall "+sub)
			}
		case "rdir":
			g := f
			g.rec = true
			c.read(g, "dhall "+sub)
		}
	}
	return nil
}

// scanURI judges a Pkl module operand given as a URI.
func (x *dslContext) scanURI(c *cmd, u string) {
	s := &dslScan{}
	pklResource(s, u)
	_ = c.applyDSL(x, s)
}
