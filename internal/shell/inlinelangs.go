package shell

// More programs that evaluate code given on their command line, as data
// (inlinecode.go's table, red-team round 5): Python implementations
// beside CPython and PyPy (IPython, MicroPython, GraalPy, Jython,
// IronPython, RustPython, Pyston), Lisps, Schemes, Forths, Rubies, Lua
// dialects and Raku, all of the -c/-e shape of python3 -c and lua -e.
// Their code is opaque (ask), a literal naming a blocked path is judged.

// inlineLangs are added to inlineCoders (built on first use).
func inlineLangs() map[string]inlineCoder {
	return map[string]inlineCoder{
		"ipython":      {code: "-c"},
		"ipython3":     {code: "-c"},
		"micropython":  {code: "-c"},
		"graalpy":      {code: "-c"},
		"jython":       {code: "-c"},
		"ipy":          {code: "-c"},
		"rustpython":   {code: "-c"},
		"pyston":       {code: "-c"},
		"pyston3":      {code: "-c"},
		"janet":        {code: "-e"},
		"fennel":       {code: "-e,--eval"},
		"moonscript":   {code: "-e"},
		"yue":          {code: "-e"},
		"gforth":       {code: "-e,--evaluate"},
		"pforth":       {code: "-e"},
		"gosh":         {code: "-e,-E"},
		"chibi-scheme": {code: "-e,-p"},
		"mit-scheme":   {code: "--eval"},
		"petite":       {code: "--eval"},
		"chicken":      {code: "-e"},
		"stklos":       {code: "-e,--execute"},
		"kawa":         {code: "-e,-c"},
		"newlisp":      {code: "-e"},
		"picolisp":     {code: "-e"},
		"lumen":        {code: "-e"},
		"jruby":        {code: "-e"},
		"truffleruby":  {code: "-e"},
		"mruby":        {code: "-e"},
		"luvit":        {code: "-e"},
		"nelua":        {code: "-e"},
		"raku":         {code: "-e"},
		"rakudo":       {code: "-e"},
		"perl6":        {code: "-e"},
		"latexmk":      {code: "-e", flags: latexmkFlags, reason: "latexmk runs shell escape, the commands its options name, or Perl"},
		// languages carried by other programs (red-team round 10): TeX's
		// Lua, XQuery/XPath 3 (EXPath file:write, doc(), unparsed-text()),
		// xmllint's shell (write, save)
		"texlua":    {code: "-e"},
		"texluajit": {code: "-e"},
		"xidel":     {code: "-e,--extract,--xquery,--xpath,--css,--follow,-f,--extract-file"},
		"xmllint":   {flags: "--shell", reason: "xmllint's shell runs commands read from input that write files (write, save)"},
		"basex":     {code: "-c,-q,-Q,-i"},
	}
}

// addInlineLangs adds inlineLangs to m (a program already in m keeps
// its entry).
func addInlineLangs(m map[string]inlineCoder) {
	for n, ic := range inlineLangs() {
		if _, ok := m[n]; !ok {
			m[n] = ic
		}
	}
}
