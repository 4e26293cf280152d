package shell

import "strings"

// Programs whose language imports files, the environment and URLs
// (red-team round 13, #15 and #16): gomplate (file.Read, file.Write,
// datasources, plugins, the command after --), Dhall (./x as Text,
// env:NAME, URL imports), Pkl (read("env:…"), read("file:…"), import,
// amends), AsciiDoc (include::, asciidoc's sys:: and eval::). Their code
// is judged like the other DSL tools' (dslcode.go): what it names
// literally is the read, write, variable or host it is; a name it
// computes makes it opaque. Options are tables here, the scanners are
// importlangs.go.

// importTool is how one program of the family is read: its options with
// a value, and which of them are its code, its document, its outputs.
type importTool struct {
	lang   string
	scan   func(string) *dslScan
	short  string   // getopt letters with a value
	long   []string // long options with a value
	code   []string // options whose value is code (gomplate -i, pkl -x)
	docs   []string // options whose value is a code file
	writes []string // options whose value is a file or directory written
	reads  []string // options whose value is a file read (not code)
	stdin  bool     // with no code option or document, code comes from standard input
}

var (
	gomplateTool = importTool{lang: "gomplate template", scan: scanGomplate, short: "fiodctH",
		long: []string{"--file", "--in", "--out", "--datasource", "--context", "--template", "--datasource-header",
			"--input-dir", "--output-dir", "--output-map", "--config", "--left-delim", "--right-delim", "--exclude",
			"--exclude-processing", "--include", "--chmod", "--plugin", "--missing-key"},
		code: []string{"-i", "--in"}, docs: []string{"-f", "--file"},
		writes: []string{"-o", "--out", "--output-dir"}, reads: []string{"--config"}, stdin: true}
	dhallTool = importTool{lang: "Dhall", scan: scanDhall,
		long: []string{"--file", "--output", "--inplace", "--annotate", "--censor", "--root-directory"},
		docs: []string{"--file", "--inplace"}, writes: []string{"--output", "--inplace"}, stdin: true}
	pklTool = importTool{lang: "Pkl", scan: scanPkl, short: "xomfwpe",
		long: []string{"--expression", "--output-path", "--multiple-file-output-path", "--format", "--working-dir",
			"--root-dir", "--cache-dir", "--module-path", "--allowed-modules", "--allowed-resources", "--env-var",
			"--property", "--project-dir", "--settings", "--timeout", "--ca-certificates", "--http-proxy",
			"--http-no-proxy", "--junit-reports", "--color", "--indent", "--test-port", "--http-rewrite"},
		code: []string{"-x", "--expression"}, writes: []string{"-o", "--output-path", "-m", "--multiple-file-output-path",
			"--junit-reports"}}
	asciidocTool = importTool{lang: "AsciiDoc", scan: scanAsciidoc, short: "abBdDEIorRSTfc",
		long: []string{"--attribute", "--backend", "--base-dir", "--doctype", "--destination-dir", "--template-engine",
			"--load-path", "--out-file", "--require", "--source-dir", "--safe-mode", "--template-dir",
			"--failure-level", "--log-level", "--conf-file", "--filter", "--theme"},
		writes: []string{"-o", "--out-file", "-D", "--destination-dir"}, reads: []string{"-f", "--conf-file", "-c"}}
)

var importTools = map[string]*importTool{
	"gomplate": &gomplateTool,
	"dhall":    &dhallTool, "dhall-to-json": &dhallTool, "dhall-to-yaml": &dhallTool, "dhall-to-yaml-ng": &dhallTool,
	"dhall-to-bash": &dhallTool, "dhall-to-nix": &dhallTool, "dhall-to-text": &dhallTool, "dhall-to-toml": &dhallTool,
	"dhall-to-csv": &dhallTool, "dhall-docs": &dhallTool, "dhall-lsp-server": &dhallTool,
	"pkl": &pklTool, "jpkl": &pklTool,
	"asciidoctor": &asciidocTool, "asciidoctor-pdf": &asciidocTool, "asciidoctor-epub3": &asciidocTool,
	"asciidoctor-revealjs": &asciidocTool, "asciidoctorj": &asciidocTool, "asciidoctor-web-pdf": &asciidocTool,
	"asciidoc": &asciidocTool, "asciidoc3": &asciidocTool, "a2x": &asciidocTool,
}

// importToolRun judges one program of importTools.
func (c *cmd) importToolRun() error {
	t := importTools[c.name]
	x := &dslContext{lang: t.lang, scan: t.scan}
	o := c.parse(optSpec{short: t.short, long: t.long})
	c.w.modelled = true
	if t == &asciidocTool {
		// asciidoctor's CLI runs unsafe by default: include:: reads any
		// file; -S safe (or server, secure, --safe) jails it in the base
		// directory. Python asciidoc's sys:: and eval:: run unless --safe.
		// (The documents on disk are the project's, judged like a script
		// bash runs: x.unsafe stays false.)
		unsafe := !o.anyOf("--safe")
		for _, v := range o.vals {
			if v.key == "-S" || v.key == "--safe-mode" {
				unsafe = v.f.dyn || strings.EqualFold(v.f.s, "unsafe") || strings.Trim(v.f.s, "0") == ""
			}
		}
		if !unsafe {
			x.scan = func(s string) *dslScan { return jailed(scanAsciidoc(s)) }
		}
	}
	hasCode := false
	for _, v := range o.vals {
		switch {
		case contains(t.code, v.key):
			hasCode = true
			if err := c.dslText(x, v.f); err != nil {
				return err
			}
		case contains(t.docs, v.key):
			hasCode = true
			if err := c.dslDoc(x, v.f); err != nil {
				return err
			}
		}
		if contains(t.writes, v.key) && v.f.s != "-" {
			c.write(v.f, c.name+" "+v.key)
		}
		if contains(t.reads, v.key) {
			c.read(v.f, c.name+" "+v.key)
		}
	}
	switch t {
	case &gomplateTool:
		if err := c.gomplateOpts(x, o); err != nil {
			return err
		}
		if contains(o.has, "--") && !hasCode && !contains(o.has, "--input-dir") {
			return c.dslInput(x, 0) // the operands are the command after --
		} else if contains(o.has, "--") {
			return nil
		}
	case &asciidocTool:
		for _, v := range o.vals {
			if v.key == "-a" || v.key == "--attribute" {
				if v.f.dyn {
					c.opaque(c.name + " attribute not known statically (allow-uri-read, safe-mode…)")
				}
			}
			if v.key == "-r" || v.key == "--require" || v.key == "-T" || v.key == "--template-dir" {
				if _, w := c.a.writtenAt(c.sc, v.f); w || v.f.dyn {
					c.opaque(c.name + " " + v.key + " loads Ruby code the line writes")
				}
			}
		}
	}
	for _, k := range o.pos {
		f := c.args[k]
		if t == &dhallTool || t == &pklTool && k == o.pos[0] && pklSubs[c.s(k)] {
			if t == &dhallTool && c.s(k) == "diff" {
				for _, e := range o.pos[1:] {
					if err := c.dslText(x, c.args[e]); err != nil {
						return err
					}
				}
				return nil
			}
			continue // a subcommand
		}
		hasCode = true
		if t == &pklTool && !f.dyn && strings.Contains(f.s, ":") && !strings.HasPrefix(f.s, "file:") {
			x.scanURI(c, f.s)
			continue
		}
		if err := c.dslDoc(x, f); err != nil {
			return err
		}
	}
	hasCode = hasCode || contains(o.has, "--input-dir")
	if !hasCode && (t.stdin || c.name == "pkl" && len(o.pos) > 0 && c.s(o.pos[0]) == "repl") {
		return c.dslInput(x, 0)
	}
	return nil
}

// pklSubs are pkl's subcommands.
var pklSubs = map[string]bool{"eval": true, "test": true, "repl": true, "server": true, "project": true, "package": true,
	"resolve": true, "download-package": true, "analyze": true, "imports": true, "shell-completion": true, "format": true}

// scanURI judges a Pkl module operand given as a URI.
func (x *dslContext) scanURI(c *cmd, u string) {
	s := &dslScan{}
	pklResource(s, u)
	_ = c.applyDSL(x, s)
}

// gomplateOpts judges gomplate's datasources (-d, -c NAME=URL), plugins
// (--plugin NAME=PATH, a program it runs) and the command after --,
// which it runs once the templates are rendered.
func (c *cmd) gomplateOpts(x *dslContext, o opts) error {
	for _, v := range o.vals {
		switch v.key {
		case "-d", "--datasource", "-c", "--context":
			if v.f.dyn {
				c.opaque("gomplate datasource not known statically")
				continue
			}
			_, u, ok := strings.Cut(v.f.s, "=")
			if !ok {
				u = v.f.s // a file name, its base the datasource's name
			}
			s := &dslScan{}
			gomplateSource(s, u)
			if err := c.applyDSL(x, s); err != nil {
				return err
			}
		case "--plugin":
			_, p, _ := strings.Cut(v.f.s, "=")
			if i := strings.LastIndexByte(p, ':'); i > 0 && strings.Trim(p[i+1:], "0123456789smh.") == "" {
				p = p[:i] // NAME=PATH:TIMEOUT
			}
			if err := c.code(field{s: shellQuote(p), dyn: v.f.dyn}, "gomplate --plugin", false); err != nil {
				return err
			}
		}
	}
	if !contains(o.has, "--") {
		return nil
	}
	for i := range c.args {
		if c.s(i) == "--" && !c.skip[i] {
			c.skip[i] = true
			return c.wrap(i+1, "gomplate --")
		}
	}
	return nil
}
