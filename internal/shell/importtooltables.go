package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// The import-language programs' command lines, as data (importtools.go
// reads them, importlangs.go scans their code). Each program has one
// option table: every option that takes a value, its short and long
// spellings, and the role of the value. The one option reader built from
// it takes "--opt V", "--opt=V", "-oV" and "-o V" alike, so a value is
// judged the same whatever its spelling (red-team round 15, #5).
//
// Roles:
//
//	code  the value is code (gomplate -i, pkl -x)
//	doc   a file of code: read, and scanned when the line writes it
//	wdoc  a file of code rewritten in place (dhall --inplace)
//	tmpl  ALIAS=PATH, PATH a template file or a directory of them
//	idir  a directory whose files are all code (gomplate --input-dir)
//	r     a file read    rdir  a directory read with all it holds
//	w     a file or directory written
//	omap  output names computed by a template (gomplate --output-map)
//	ds    a datasource NAME=URL (gomplate -d, -c)
//	plug  NAME=PATH[:TIMEOUT], a program run (gomplate --plugin)
//	cfg   a configuration file that may name sources and templates
//	base  the directory relative imports resolve against (asciidoctor -B,
//	      pkl -w)
//	attr  an AsciiDoc attribute NAME[=VALUE] (-a)
//	load  Ruby code loaded (asciidoctor -r, -T, -I)
//	safe  asciidoctor's safe mode
//	ldel, rdel  gomplate's action delimiters
//	opq   a value that passes options to another program (a2x): opaque
//	-     a value that is not a file
type importTool struct {
	lang  string
	scan  func(string) *dslScan
	opts  string // the option table: "-f,--file:doc -i,--in:code ..."
	stdin bool   // with no code option or document, code comes from standard input
	// compiled from opts
	short string
	long  []string
	role  map[string]string
}

var (
	gomplateTool = importTool{lang: "gomplate template", scan: scanGomplate, stdin: true,
		opts: "-f,--file:doc -i,--in:code -o,--out:w -d,--datasource:ds -c,--context:ds -t,--template:tmpl " +
			"-H,--datasource-header:- --input-dir:idir --output-dir:w --output-map:omap --config:cfg " +
			"--left-delim:ldel --right-delim:rdel --exclude:- --exclude-processing:- --include:- --chmod:- " +
			"--plugin:plug --missing-key:-"}
	dhallTool = importTool{lang: "Dhall", scan: scanDhall, stdin: true,
		opts: "--file:doc --output:w --inplace:wdoc --root-directory:rdir --input:idir --log:w --key:- --value:- " +
			"--declare:- --schemas:code --name:- --package-name:- --output-link:- --base-import-url:- --suffixes:-"}
	pklTool = importTool{lang: "Pkl", scan: scanPkl,
		opts: "-x,--expression:code -o,--output-path:w -m,--multiple-file-output-path:w -f,--format:- " +
			"-w,--working-dir:base --root-dir:- --cache-dir:w --module-path:r --allowed-modules:- --allowed-resources:- " +
			"-e,--env-var:- -p,--property:- --project-dir:rdir --settings:doc -t,--timeout:- --ca-certificates:r " +
			"--http-proxy:- --http-no-proxy:- --junit-reports:w --color:- --indent:- --test-port:- --http-rewrite:-"}
	asciidocTool = importTool{lang: "AsciiDoc", scan: scanAsciidoc,
		opts: "-a,--attribute:attr -b,--backend:- -B,--base-dir:base -d,--doctype:- -D,--destination-dir:w " +
			"-E,--template-engine:- -I,--load-path:load -o,--out-file:w -r,--require:load -R,--source-dir:- " +
			"-S,--safe-mode:safe -T,--template-dir:load --failure-level:- --log-level:- -f,--conf-file:doc " +
			"--filter:- --theme:- --format:- --icons-dir:rdir --stylesheet:r --xsl-file:doc " +
			"--asciidoc-opts:opq --dblatex-opts:opq --fop-opts:opq --xsltproc-opts:opq --backend-opts:opq " +
			"-m,--resource-manifest:r --resource:rdir"}
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

// importToolsCompiled compiles every table once.
var importToolsCompiled = &lazy.Value[bool]{New: func() bool {
	for _, t := range []*importTool{&gomplateTool, &dhallTool, &pklTool, &asciidocTool} {
		t.role = map[string]string{}
		for _, e := range strings.Fields(t.opts) {
			names, role, _ := strings.Cut(e, ":")
			for _, n := range strings.Split(names, ",") {
				t.role[n] = role
				if len(n) == 2 {
					t.short += n[1:]
				} else {
					t.long = append(t.long, n)
				}
			}
		}
	}
	return true
}}

// dhallSubOps are what dhall's subcommands do with their operands: code
// given on the line, code files read, or code files rewritten in place.
var dhallSubOps = map[string]string{"diff": "code", "format": "wdoc", "lint": "wdoc", "freeze": "wdoc",
	"package": "doc", "tags": "rdir"}

// pklSubs are pkl's subcommands.
var pklSubs = map[string]bool{"eval": true, "test": true, "repl": true, "server": true, "project": true, "package": true,
	"resolve": true, "download-package": true, "analyze": true, "imports": true, "shell-completion": true, "format": true}

// asciidocFileAttrs are the AsciiDoc attributes whose value names a file
// the converter reads into its output ("r": stylesheet, with data-uri the
// images, a PDF theme) or a directory it reads such files from ("d").
// The value of "imagesdir" is the base of image targets, of "stylesdir"
// the base of the stylesheet.
var asciidocFileAttrs = map[string]string{"stylesheet": "r", "copycss": "r", "pdf-theme": "r",
	"front-cover-image": "r", "back-cover-image": "r", "title-logo-image": "r", "epub-cover-image": "r",
	"stylesdir": "d", "docinfodir": "d", "pdf-themesdir": "d", "pdf-fontsdir": "d", "iconsdir": "d",
	"epub3-stylesdir": "d", "imagesdir": "d", "pdf-stylesdir": "d", "pdf-style": "r", "pdf-fontsdir-path": "d"}
