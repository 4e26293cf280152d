package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// PowerShell's cmdlets bound as PowerShell binds them (pscmdlets.go's
// table): named parameters by any unambiguous prefix of a name or alias,
// "-Name:value" glued, positional arguments to the positional parameters
// not named, "a,b" an array. The paths so found are judged as the cmdlet
// uses them: read, written, deleted, moved, with PowerShell's wildcards
// expanded where the parameter expands them (-Path; not -LiteralPath),
// the provider they name (psnames.go) and the location they are
// relative to. A cmdlet the table does not describe, or a call it cannot
// bind, is left to the generic treatment (fail closed).

type psParam struct {
	names []string // lower-cased: the name first, then its aliases
	role  byte
	pos   int // -1: named only; psRest: the remaining arguments
}

const psRest = 1 << 20

type psSpec struct {
	psCmdlet
	name   string
	params []psParam
}

var psSpecs = &lazy.Value[map[string]*psSpec]{New: func() map[string]*psSpec {
	common := psParseParams(psCommonParams)
	out := map[string]*psSpec{}
	for name, c := range psCmdletTable.Get() {
		sp := &psSpec{psCmdlet: c, name: name}
		if !c.text {
			sp.params = append(psParseParams(c.params), common...)
		}
		out[name] = sp
		for _, al := range strings.Fields(c.aliases) {
			out[al] = sp
		}
	}
	return out
}}

func psParseParams(s string) []psParam {
	var out []psParam
	for _, w := range strings.Fields(s) {
		names, role, _ := strings.Cut(w, ":")
		p := psParam{pos: -1, role: role[0]}
		if n, at, ok := strings.Cut(names, "@"); ok {
			names = n
			if at == "*" {
				p.pos = psRest
			} else {
				p.pos = int(at[0] - '0')
			}
		}
		for _, n := range strings.Split(names, ",") {
			p.names = append(p.names, strings.ToLower(n))
		}
		out = append(out, p)
	}
	return out
}

// psUnixNames are PowerShell aliases that name a program on other
// systems (PowerShell 7 on Linux and macOS runs the program): both
// readings count.
var psUnixNames = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"cat": true, "cp": true, "mv": true, "rm": true, "rmdir": true, "ls": true, "dir": true, "echo": true,
		"sort": true, "tee": true, "diff": true, "sleep": true, "pwd": true, "type": true, "write": true,
		"fc": true, "sc": true, "cd": true, "pushd": true, "popd": true, "select": true, "compare": true,
		"measure": true, "group": true, "move": true, "copy": true, "del": true, "erase": true, "rd": true,
		"ren": true, "chdir": true, "mkdir": true,
	}
}}

// find returns the parameter name (lower-cased, without its dash)
// stands for: an exact name or alias, or the one parameter all of whose
// names it abbreviates. ok is false when there is none or more than one.
func (sp *psSpec) find(name string) (*psParam, bool) {
	var hit *psParam
	for i := range sp.params {
		p := &sp.params[i]
		for _, n := range p.names {
			if n == name {
				return p, true
			}
			if strings.HasPrefix(n, name) {
				if hit != nil && hit != p {
					return nil, false
				}
				hit = p
			}
		}
	}
	return hit, hit != nil
}

// psBound is one value bound to a parameter.
type psBound struct {
	p *psParam
	f []field // an array's elements
	k []int   // their argument indexes
}

// bind binds c's arguments to sp's parameters; ok is false when
// PowerShell would bind something the table does not describe.
func (c *cmd) psBind(sp *psSpec) (bound []psBound, switches map[string]bool, ok bool) {
	switches = map[string]bool{}
	named := map[*psParam]bool{}
	var posArgs [][]int
	elems := func(k int) ([]int, int) {
		// an array: words joined by commas ("a,b", "a, b", "a ,b")
		ks := []int{k}
		for k+1 < len(c.args) && (strings.HasSuffix(c.s(k), ",") || strings.HasPrefix(c.s(k+1), ",")) {
			k++
			ks = append(ks, k)
		}
		return ks, k
	}
	for k := 0; k < len(c.args); k++ {
		f := c.args[k]
		s := f.s
		if f.dyn && strings.HasPrefix(s, "@") || !f.dyn && psSplat(s) {
			return nil, nil, false
		}
		if s == "--" && !f.dyn {
			for k++; k < len(c.args); k++ {
				var ks []int
				ks, k = elems(k)
				posArgs = append(posArgs, ks)
			}
			break
		}
		if len(s) > 1 && s[0] == '-' && !f.dyn && psParamStart(s[1]) {
			name, val, glued := strings.Cut(s[1:], ":")
			p, found := sp.find(strings.ToLower(name))
			if !found {
				return nil, nil, false
			}
			if p.role == 's' {
				switches[p.names[0]] = !glued || !strings.EqualFold(val, "$false")
				continue
			}
			named[p] = true
			if glued && val != "" {
				g := f
				g.s = val
				bound = append(bound, psBound{p: p, f: []field{g}, k: []int{k}})
				continue
			}
			if k+1 >= len(c.args) {
				return nil, nil, false
			}
			var ks []int
			ks, k = elems(k + 1)
			bound = append(bound, psBound{p: p, f: c.fieldsAt(ks), k: ks})
			continue
		}
		var ks []int
		ks, k = elems(k)
		posArgs = append(posArgs, ks)
	}
	// positional arguments to the positional parameters not named
	var free []*psParam
	for pos := 0; pos < 10; pos++ {
		for i := range sp.params {
			if p := &sp.params[i]; p.pos == pos && !named[p] {
				free = append(free, p)
			}
		}
	}
	var rest *psParam
	for i := range sp.params {
		if sp.params[i].pos == psRest {
			rest = &sp.params[i]
		}
	}
	for i, ks := range posArgs {
		switch {
		case i < len(free):
			bound = append(bound, psBound{p: free[i], f: c.fieldsAt(ks), k: ks})
		case rest != nil:
			bound = append(bound, psBound{p: rest, f: c.fieldsAt(ks), k: ks})
		default:
			return nil, nil, false
		}
	}
	return bound, switches, true
}

func psParamStart(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b == '?'
}

// psSplat reports whether s is a splatted variable (@params): parameters
// the line does not show.
func psSplat(s string) bool {
	return len(s) > 1 && s[0] == '@' && (psParamStart(s[1]) || s[1] >= '0' && s[1] <= '9')
}

// psElements splits a bound value into the elements of the array it
// may be ("a,b" — a comma PowerShell reads even where bash kept a word).
func psElements(fs []field) []field {
	var out []field
	for _, f := range fs {
		if !strings.Contains(f.s, ",") {
			out = append(out, f)
			continue
		}
		for _, piece := range strings.Split(f.s, ",") {
			if piece == "" {
				continue
			}
			g := f
			g.s = piece
			g.dyn = f.dyn && dynMarked(piece)
			out = append(out, g)
		}
		if w := strings.Trim(f.s, ","); strings.Contains(w, ",") {
			// the whole word too: a quoted comma is part of a name
			g := f
			g.s = w
			out = append(out, g)
		}
	}
	return out
}

// powerShellCmdlet judges c as the cmdlet of psCmdletTable it names.
// handled: c is judged (the generic treatment is not needed); for a name
// that is also a program elsewhere (psUnixNames) the caller judges it as
// that program too.
func (c *cmd) powerShellCmdlet() (handled bool) {
	if c.psDriveFunction() {
		return true
	}
	sp := psSpecs.Get()[c.name]
	if sp == nil {
		return false
	}
	if !psPrints(sp.name) && c.psScriptBlockArg() {
		return false
	}
	if sp.text {
		c.text = true
		return true
	}
	bound, sw, ok := c.psBind(sp)
	if !ok {
		return false
	}
	switch sp.name {
	case "set-location", "push-location", "pop-location":
		c.psLocation(sp, bound)
		c.text = true
		return true
	}
	c.w.modelled = true
	for i := range c.args {
		c.skip[i] = true // every argument is judged here
	}
	var srcs []field
	var dests, names []field
	var link struct {
		kind   string
		target []field
		name   []field
	}
	hasPath := false
	for _, b := range bound {
		fs := psElements(b.f)
		role := b.p.role
		why := sp.name + " -" + b.p.names[0]
		switch role {
		case 'r', 'R', 'w', 'W', 'd', 'D', 'm', 'M':
			hasPath = true
			for _, f := range fs {
				g, skip := c.psPath(f, role == 'r' || role == 'w' || role == 'd' || role == 'm', role)
				if skip {
					continue
				}
				srcs = append(srcs, g)
				switch role {
				case 'r', 'R':
					c.read(g, why)
				case 'w', 'W':
					c.write(g, why)
				case 'd', 'D':
					c.del(g, why)
				case 'm', 'M':
					c.read(g, why)
					c.del(g, why)
				}
			}
		case 't', 'x':
			for _, f := range fs {
				if g, skip := c.psPath(f, false, 'W'); !skip {
					dests = append(dests, g)
					c.write(g, why)
				}
			}
		case 'n':
			names = append(names, fs...)
		case 'o':
			c.opaque(why + " makes what " + sp.name + " does unknown")
		case '-':
			switch b.p.names[0] {
			case "itemtype":
				for _, f := range fs {
					link.kind = strings.ToLower(f.s)
					if f.dyn {
						link.kind = "?"
					}
				}
			case "value":
				if sp.name == "new-item" {
					link.target = fs
				}
			case "name":
				if sp.name == "new-item" {
					link.name = fs
				}
			}
		}
	}
	pipedKnown := true
	if !hasPath && sp.pipe {
		// the paths its input holds, judged as its own (pspipe.go)
		var piped []field
		var role byte
		piped, role, pipedKnown = c.psPipedItems(sp)
		why := sp.name + " input"
		for _, g := range piped {
			srcs = append(srcs, g)
			switch role {
			case 'r', 'R':
				c.read(g, why)
			case 'w', 'W':
				c.write(g, why)
			case 'd', 'D':
				c.del(g, why)
			case 'm', 'M':
				c.read(g, why)
				c.del(g, why)
			}
		}
	}
	switch sp.name {
	case "copy-item", "move-item":
		for _, d := range dests {
			for _, s := range srcs {
				g := d
				g.s = strings.TrimSuffix(d.s, "/") + "/" + path.Base(s.s)
				g.glob = g.glob || s.glob
				g.dyn = g.dyn || s.dyn
				c.write(g, sp.name+" destination")
			}
		}
		if sw["recurse"] || sp.name == "move-item" {
			for _, s := range srcs {
				c.read(tree(s, treeOpts{dotGlob: true}), sp.name+" source")
			}
		}
	case "rename-item":
		for _, n := range names {
			for _, s := range srcs {
				g, skip := c.psPath(n, false, 'W')
				if skip {
					continue
				}
				if !path.IsAbs(g.s) {
					g.s = path.Join(path.Dir(s.s), g.s)
					g.dyn = g.dyn || s.dyn
					g.glob = g.glob || s.glob
				}
				c.write(g, "rename-item -newname")
			}
		}
	case "new-item":
		c.psNewItem(srcs, link.kind, link.name, link.target)
	}
	if !hasPath && sp.pipe && !pipedKnown {
		switch sp.name {
		case "get-childitem", "get-item", "resolve-path":
		default:
			c.opaque(sp.name + " takes its paths from its input, which the line does not show")
		}
	}
	if !hasPath && sp.name == "get-childitem" {
		c.read(field{s: "."}, sp.name)
	}
	if sp.name == "select-string" && !hasPath {
		c.psPipedPaths(sp)
	}
	return true
}

// psNewItem reports what New-Item makes: the item at each path (joined
// with -Name), and, for a link, its target.
func (c *cmd) psNewItem(paths []field, kind string, name, target []field) {
	if len(paths) == 0 {
		paths = []field{{s: "."}}
	}
	for _, n := range name {
		for _, p := range paths {
			g := p
			g.s = strings.TrimSuffix(p.s, "/") + "/" + n.s
			g.dyn = g.dyn || n.dyn
			if g2, skip := c.psPath(g, false, 'W'); !skip {
				c.write(g2, "new-item -name")
			}
		}
	}
	switch {
	case kind == "?":
		c.opaque("new-item: the item type is not known statically")
	case strings.HasPrefix(kind, "h"): // HardLink
		for _, t := range target {
			if g, skip := c.psPath(t, false, 'W'); !skip {
				c.write(g, HardLinkTargetWhy)
			}
		}
	case strings.HasPrefix(kind, "s") || strings.HasPrefix(kind, "j"): // SymbolicLink, Junction
		for _, t := range target {
			if g, skip := c.psPath(t, false, 'R'); !skip {
				c.read(g, "new-item link target")
			}
		}
		c.opaque("new-item makes a link: what is later written through it is not followed")
	}
}

// psPipedPaths reads the file names the pipeline feeds c, when the line
// shows them; false when it does not.
func (c *cmd) psPipedPaths(sp *psSpec) bool {
	fd := c.sc.feed
	if fd == nil {
		return true // not in a pipeline: the cmdlet prompts
	}
	if len(fd.names) > 0 {
		for _, n := range fd.names {
			c.read(n, sp.name+" input")
		}
		return true
	}
	return false
}

// psScriptBlockArg reports whether an argument of c is (part of) a
// script block, which the cmdlet runs: c is then opaque.
func (c *cmd) psScriptBlockArg() bool {
	for _, f := range c.args {
		if strings.ContainsAny(f.s, "{}") && !f.dyn {
			c.opaque("a script block argument runs code")
			return true
		}
	}
	return false
}

// psCmdletOnly judges c as a cmdlet and reports whether that is all there
// is to judge. A name that is also a program elsewhere (psUnixNames) is
// judged as that program too, with its own treatment of its arguments;
// the location cmdlets are PowerShell's whatever they are called.
func (c *cmd) psCmdletOnly() bool {
	sp := psSpecs.Get()[c.name]
	if !psUnixNames.Get()[c.name] || sp != nil && sp.name != "" && strings.HasSuffix(sp.name, "-location") {
		handled := c.powerShellCmdlet()
		if !handled && (sp != nil || strings.Contains(c.name, "-") && !strings.Contains(c.name, "/")) {
			c.psWildcardArgs()
			c.psPipedUnknown() // pspipe.go
		}
		return handled
	}
	skip := append([]bool(nil), c.skip...)
	modelled, text := c.w.modelled, c.text
	c.powerShellCmdlet()
	copy(c.skip, skip)
	c.w.modelled, c.text = modelled, text
	return false
}

// psListingOutput is what a PowerShell listing cmdlet (Get-ChildItem,
// Get-Item, Resolve-Path) prints into a pipeline: file objects, whose
// files a later cmdlet (Select-String, Get-Content, Remove-Item) reads
// or changes — the names given, the entries of directories among them,
// everything below with -Recurse. nil for any other command.
func psListingOutput(name string, args []string) *feed {
	n := psName(name)
	sp := psSpecs.Get()[n]
	if sp == nil || !sp.names || psUnixNames.Get()[n] && n != "ls" && n != "dir" {
		return nil
	}
	var out feed
	recurse := false
	var roots []field
	filter := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) > 1 && a[0] == '-' {
			p, v, glued := strings.Cut(strings.ToLower(a[1:]), ":")
			recurse = recurse || p == "s" || strings.HasPrefix("recurse", p)
			if len(p) >= 2 && (strings.HasPrefix("filter", p) || strings.HasPrefix("include", p)) {
				if !glued && i+1 < len(args) {
					i++
					v = args[i]
				}
				filter = v
			}
			continue
		}
		if len(roots) == 1 && n == "get-childitem" || n == "gci" && len(roots) == 1 {
			filter = a // Get-ChildItem's second positional is -Filter
			continue
		}
		roots = append(roots, field{s: a, glob: strings.ContainsAny(a, "*?[")})
	}
	if len(roots) == 0 {
		roots = []field{{s: "."}}
	}
	for _, r := range roots {
		if recurse && filter != "" && !strings.ContainsAny(filter, "/,") {
			out.names = append(out.names, filtered(r, filter, treeOpts{dotGlob: true}))
			continue
		}
		if recurse {
			out.names = append(out.names, tree(r, treeOpts{dotGlob: true}))
			continue
		}
		out.names = append(out.names, r)
		if sp.name == "get-childitem" { // Get-Item and Resolve-Path print the item itself
			out.names = append(out.names, field{s: strings.TrimSuffix(r.s, "/") + "/*", glob: true, tree: &treeOpts{dotGlob: true}})
		}
	}
	return &out
}

// psWildcardArgs marks the arguments of a cmdlet the table does not model
// (or a call it cannot bind) that hold PowerShell wildcards as globs:
// whichever parameter takes them may expand them, quoted or not.
func (c *cmd) psWildcardArgs() {
	for i := range c.args {
		f := &c.args[i]
		if f.dyn || f.glob || !strings.ContainsAny(f.s, "*?[") || strings.Contains(f.s, "://") {
			continue
		}
		f.glob = true
		t := treeOpts{dotGlob: true}
		if f.tree != nil {
			t = *f.tree
			t.dotGlob = true
		}
		f.tree = &t
	}
}

// psPrints reports whether the cmdlet only prints or converts its
// arguments: a script block given to it is text, never run (Write-Output
// '{"a": 1}').
func psPrints(name string) bool {
	return strings.HasPrefix(name, "write-") || strings.HasPrefix(name, "out-") || strings.HasPrefix(name, "convert")
}
