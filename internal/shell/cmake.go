package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// Programs that run a portable command or extract an archive.

// cmake -E runs portable commands: some run a command line (chdir, env,
// time), the others are file commands of their own (tar, rm, copy,
// rename, create_symlink, …). Each is analysed as the program it is the
// portable form of, as data: cmakeTools maps the subcommand to that
// program and the options it implies.

// cmakeTool is what cmake -E SUB runs.
type cmakeTool struct {
	prog string   // the program it is the portable form of ("" : runs a command line)
	pre  []string // options implied before the arguments
	dir  bool     // the first argument is a directory the command runs in
}

var cmakeTools = &lazy.Value[map[string]cmakeTool]{New: func() map[string]cmakeTool {
	return map[string]cmakeTool{
		"chdir":                       {dir: true},
		"time":                        {},
		"env":                         {prog: "env"},
		"tar":                         {prog: "tar"},
		"rm":                          {prog: "rm"},
		"remove":                      {prog: "rm"},
		"remove_directory":            {prog: "rm", pre: []string{"-r"}},
		"copy":                        {prog: "cp"},
		"copy_if_different":           {prog: "cp"},
		"copy_if_newer":               {prog: "cp"},
		"copy_directory":              {prog: "cp", pre: []string{"-r"}},
		"copy_directory_if_different": {prog: "cp", pre: []string{"-r"}},
		"copy_directory_if_newer":     {prog: "cp", pre: []string{"-r"}},
		"rename":                      {prog: "mv"},
		"create_symlink":              {prog: "ln", pre: []string{"-s"}},
		"create_hardlink":             {prog: "ln"},
		"touch":                       {prog: "touch"},
		"touch_nocreate":              {prog: "touch", pre: []string{"-c"}},
		"make_directory":              {prog: "mkdir", pre: []string{"-p"}},
		"cat":                         {prog: "cat"},
		"md5sum":                      {prog: "md5sum"},
		"sha1sum":                     {prog: "sha1sum"},
		"sha224sum":                   {prog: "sha224sum"},
		"sha256sum":                   {prog: "sha256sum"},
		"sha384sum":                   {prog: "sha384sum"},
		"sha512sum":                   {prog: "sha512sum"},
		"compare_files":               {prog: "cmp"},
	}
}}

// gitFrontends are programs that are git with more commands: hub push is
// git push, hub checkout is git checkout.
var gitFrontends = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"hub": true}
}}

// gitFrontend analyses c, a program of gitFrontends, as git.
func (c *cmd) gitFrontend() error {
	c.w.modelled = true
	for i := range c.args {
		c.skip[i] = true
	}
	sc, err := c.a.enter(c.sc.withVia(c.name))
	if err != nil {
		return err
	}
	return c.a.simple(append([]field{{s: "git"}}, c.args...), sc)
}

// cmakeE analyses cmake -E SUB ARGS as the command SUB stands for.
func (c *cmd) cmakeE() error {
	if len(c.args) < 2 || c.s(0) != "-E" || c.args[0].dyn {
		return nil
	}
	if c.args[1].dyn {
		c.opaque("cmake -E command not known statically")
		return nil
	}
	t, ok := cmakeTools.Get()[c.s(1)]
	if !ok {
		return nil
	}
	c.w.modelled = true
	c.skip[0], c.skip[1] = true, true
	from := 2
	via := "cmake -E " + c.s(1)
	if t.dir {
		if from >= len(c.args) {
			return nil
		}
		c.skip[from] = true
		c.runIn([]field{c.args[from]})
		from++
	}
	if t.prog == "" {
		return c.wrap(from, via)
	}
	inner := make([]field, 0, len(c.args)-from+1+len(t.pre))
	inner = append(inner, field{s: t.prog})
	for _, p := range t.pre {
		inner = append(inner, field{s: p})
	}
	for i := from; i < len(c.args); i++ {
		c.skip[i] = true
		inner = append(inner, c.args[i])
	}
	sc, err := c.a.enter(c.sc.withVia(via))
	if err != nil {
		return err
	}
	return c.a.simple(inner, sc)
}

// Extractors beyond the modelled archivers (tar, unzip, 7z, cpio, ar,
// pax): where they put an archive's members, as data. sub lists the
// first operands (or key letters) that extract; "" extracts always. dir
// lists the options naming the directory members go to; lastDir says a
// second operand is that directory. Without one, members land in the
// working directory.
type extractor struct {
	sub     string // "x,e": the first operand must be one of these (a key holding x for jar)
	key     bool   // sub letters may appear in a key (jar xvf, jar -xf)
	anyKey  bool   // sub letters may appear in any cluster of short options (star -v -x)
	dir     string // options whose value is the extraction directory
	lastDir bool   // an operand after the archive is the extraction directory
	opaque  string // extraction runs code
}

var extractors = &lazy.Value[map[string]extractor]{New: func() map[string]extractor {
	return map[string]extractor{
		"jar":        {sub: "x", key: true, dir: "--dir"},
		"unar":       {dir: "-o,-output-directory"},
		"ditto":      {lastDir: true},
		"unrar":      {sub: "x,e", lastDir: true},
		"rar":        {sub: "x,e", lastDir: true},
		"aunpack":    {dir: "-X,--extract-to"},
		"atool":      {sub: "-x,--extract", dir: "-X,--extract-to"},
		"bsdunzip":   {dir: "-d"},
		"cabextract": {dir: "-d,--directory"},
		"lha":        {sub: "x,e", key: true},
		"lhasa":      {sub: "x,e", key: true},
		"arj":        {sub: "x,e", lastDir: true},
		"unace":      {sub: "x,e", lastDir: true},
		"xar":        {sub: "-x", dir: "-C"},
		"dtrx":       {},
		"unsquashfs": {dir: "-d,-dest"},
		// round 23 (c): star extracts with -x in any cluster of options
		// (star -x -f a.tar, star -xvf a.tar), patool extract, ark's
		// batch mode
		"star":     {sub: "x", anyKey: true, dir: "-C"},
		"patool":   {sub: "extract", dir: "--outdir"},
		"ark":      {sub: "-b,--batch", dir: "-o,--destination"},
		"dpkg-deb": {sub: "-x,--extract,-X,--vextract,-R,--raw-extract", lastDir: true},
		"unshar":   {opaque: "unshar runs the shell archive's commands"},
		"uudecode": {dir: "-o"},
	}
}}

// extract reports where c, a program of extractors, puts members.
func (c *cmd) extract() {
	ex := extractors.Get()[c.name]
	if ex.opaque != "" {
		c.opaque(ex.opaque)
		return
	}
	var ops []int
	var dirs []field
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		name, val, eq := cutEq(s)
		if inList(ex.dir, name) {
			switch {
			case eq:
				f := c.args[i]
				f.s = val
				dirs = append(dirs, f)
			case i+1 < len(c.args):
				c.skip[i+1] = true
				dirs = append(dirs, c.args[i+1])
				i++
			}
			continue
		}
		if len(s) > 1 && s[0] == '-' && !(ex.key && len(ops) == 0) && !inList(ex.sub, s) {
			continue
		}
		ops = append(ops, i)
	}
	if ex.anyKey {
		if !c.anyShortLetter(ex.sub) {
			return
		}
		ex.sub = ""
	}
	if ex.sub != "" {
		if len(ops) == 0 {
			return
		}
		first := c.s(ops[0])
		hit := inList(ex.sub, first)
		if ex.key && !hit {
			for _, l := range []byte(ex.sub) {
				if l != ',' && !containsByte(first, '=') && containsByte(first, l) {
					hit = true
				}
			}
		}
		if !hit {
			return
		}
		ops = ops[1:]
	}
	if c.name == "uudecode" {
		if len(dirs) == 0 {
			c.opaque("uudecode writes the file its input names")
		}
		for _, f := range dirs {
			c.write(f, "uudecode -o")
		}
		return
	}
	if ex.lastDir && len(ops) > 1 && len(dirs) == 0 {
		dirs = append(dirs, c.args[ops[len(ops)-1]])
	}
	if len(dirs) == 0 {
		dirs = append(dirs, c.cwdField())
	}
	for _, d := range dirs {
		c.write(d, c.name+" extract directory")
	}
}

// anyShortLetter reports whether a cluster of short options of c (-xvf)
// holds one of the letters of list ("x,e").
func (c *cmd) anyShortLetter(list string) bool {
	for i := range c.args {
		s := c.s(i)
		if s == "--" {
			return false
		}
		if len(s) < 2 || s[0] != '-' || s[1] == '-' {
			continue
		}
		for _, l := range []byte(list) {
			if l != ',' && containsByte(s[1:], l) {
				return true
			}
		}
	}
	return false
}

func cutEq(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func containsByte(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return true
		}
	}
	return false
}

// isExtractor reports whether n is a program of extractors.
func isExtractor(n string) bool {
	_, ok := extractors.Get()[n]
	return ok
}
