package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// What a PowerShell pipeline hands a file cmdlet. A cmdlet given no path
// argument takes its paths from its input (pscmdlets.go's pipe): file
// objects (Get-Item, Get-ChildItem, Resolve-Path, ls, dir) bind by their
// PSPath property to -LiteralPath, strings (Write-Output, echo, a quoted
// expression) to -Path, where wildcards are expanded. Either way the
// cmdlet does to those paths what it does to its own arguments:
// Get-Item agent-policy.yaml | Remove-Item deletes the policy, and
// Get-ChildItem | Set-Content -Value x writes every file it lists. Input
// the line does not show leaves the cmdlet opaque (psbind.go), and an
// upstream command Mandate does not model has its words judged as
// candidate writes, so a protected path named there is still denied.

// psPassThrough are cmdlets that pass on (some of) the objects they are
// given unchanged: what they print is, at most, what they read.
var psPassThrough = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"select-object": true, "sort-object": true, "where-object": true, "get-unique": true,
		"gu": true, "tee-object": true, "out-default": true,
	}
}}

// psPathObjects are file cmdlets that print one object per file they
// read, carrying its path (Select-String's MatchInfo.Path, Get-FileHash's
// Path, Get-ItemProperty's and Get-Acl's PSPath), which a later cmdlet
// binds as its own path.
var psPathObjects = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"select-string": true, "get-filehash": true, "get-itemproperty": true, "get-acl": true,
	}
}}

func psSpecName(n string) string {
	if sp := psSpecs.Get()[n]; sp != nil {
		return sp.name
	}
	return ""
}

// psObjectPaths is the feed of a psPathObjects cmdlet: the paths bound to
// its read parameters, named or positional, its other parameters' values
// left out. nil when a parameter is not known (the feed is then unknown).
func psObjectPaths(n string, args []string) *feed {
	sp := psSpecs.Get()[n]
	named := map[*psParam]bool{}
	var out feed
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) < 2 || a[0] != '-' || !psParamStart(a[1]) {
			pos = append(pos, a)
			continue
		}
		name, val, glued := strings.Cut(a[1:], ":")
		p, ok := sp.find(strings.ToLower(name))
		if !ok {
			return nil
		}
		named[p] = true
		if p.role == 's' {
			continue
		}
		if !glued {
			if i+1 >= len(args) {
				return nil
			}
			i++
			val = args[i]
		}
		if p.role == 'r' || p.role == 'R' {
			out.names = append(out.names, psObjectName(val, p.role))
		}
	}
	var free []*psParam
	for at := 0; at < 10; at++ {
		for i := range sp.params {
			if p := &sp.params[i]; p.pos == at && !named[p] {
				free = append(free, p)
			}
		}
	}
	for i, a := range pos {
		if i >= len(free) {
			return nil
		}
		if free[i].role == 'r' || free[i].role == 'R' {
			out.names = append(out.names, psObjectName(a, free[i].role))
		}
	}
	if len(out.names) == 0 {
		return nil
	}
	return &out
}

// psHasPathArg reports whether a psPathObjects cmdlet is given a path
// (a -Path or -LiteralPath, or a second positional word for
// Select-String, a first for the others) rather than reading its input.
func psHasPathArg(n string, args []string) bool {
	npos := 0
	for _, a := range args {
		if len(a) > 1 && a[0] == '-' {
			low := strings.ToLower(a[1:])
			if len(low) >= 2 && (strings.HasPrefix("path", low) || strings.HasPrefix("literalpath", low) || strings.HasPrefix("pspath", low)) {
				return true
			}
			continue
		}
		npos++
	}
	if psSpecName(n) == "select-string" {
		return npos > 1
	}
	return npos > 0
}

// psOwnWildcards reports whether a command expands the wildcards of its
// arguments itself and prints what they matched into a pipeline.
func psOwnWildcards(name string) bool {
	return psListingOutput(name, nil) != nil || psPathObjects.Get()[psSpecName(psName(name))]
}

func psObjectName(s string, role byte) field {
	return field{s: s, glob: role == 'r' && strings.ContainsAny(s, "*?[")}
}

// psPipeOutput is what a PowerShell command with static arguments prints
// into a pipeline beyond what psListingOutput knows: the objects a
// pass-through cmdlet was given, or the strings Write-Output writes. nil
// when not known.
func psPipeOutput(name string, args []string, in *feed) *feed {
	n := psName(name)
	switch {
	case psPassThrough.Get()[n]:
		if in != nil && (len(in.names) > 0 || len(in.words) > 0) {
			return in
		}
	case psPathObjects.Get()[psSpecName(n)]:
		if f := psObjectPaths(n, args); f != nil {
			return f
		}
		if in != nil && len(in.names) > 0 && !psHasPathArg(n, args) {
			return in // the files its input named
		}
	case n == "write-output":
		var ws []string
		for _, a := range args {
			if !strings.HasPrefix(a, "-") {
				ws = append(ws, a)
			}
		}
		return textFeed(strings.Join(ws, " "))
	}
	return nil
}

// psExprFeed is the output of a PowerShell statement that is an
// expression rather than a command: one that starts with a quoted string
// ('a.txt', "a","b") prints its value. nil for anything else.
func (a *analyzer) psExprFeed(x *syntax.CallExpr, sc *scope) *feed {
	if !a.opt.PowerShell || len(x.Args) == 0 || len(x.Args[0].Parts) == 0 {
		return nil
	}
	switch x.Args[0].Parts[0].(type) {
	case *syntax.SglQuoted, *syntax.DblQuoted:
	default:
		return nil
	}
	fs, err := a.fields(x.Args, sc, true)
	if err != nil {
		return nil
	}
	var ws []string
	for _, f := range fs {
		if f.dyn {
			return nil
		}
		ws = append(ws, f.s)
	}
	return textFeed(strings.Join(ws, " "))
}

// psPipedItems returns the paths the pipeline feeds c (a cmdlet given no
// path argument) and the role of the parameter they bind to: file
// objects to -LiteralPath, strings to -Path. known is false when c is in
// a pipeline whose content the line does not show; nothing is returned
// when c is in none (it prompts).
func (c *cmd) psPipedItems(sp *psSpec) (items []field, role byte, known bool) {
	fd := c.sc.feed
	if fd == nil {
		return nil, 0, true
	}
	param := "path"
	if len(fd.names) > 0 {
		param = "literalpath"
	}
	for i := range sp.params {
		if p := &sp.params[i]; p.names[0] == param {
			role = p.role
		}
	}
	if role == 0 {
		return nil, 0, false
	}
	if len(fd.names) > 0 {
		return fd.names, role, true
	}
	if len(fd.words) == 0 {
		return nil, 0, false
	}
	var ws []field
	for _, w := range fd.words {
		ws = append(ws, field{s: w})
	}
	for _, f := range psElements(ws) {
		if g, skip := c.psPath(f, true, role); !skip {
			items = append(items, g)
		}
	}
	return items, role, !fd.partial
}

// psPipedUnknown judges what the pipeline feeds a cmdlet the table does
// not model (Unblock-File, Remove-ItemProperty, a module's cmdlet): it
// may read, write or delete the items it is given, so each is a read and
// a candidate write, as an unmodelled program's arguments are.
func (c *cmd) psPipedUnknown() {
	fd := c.sc.feed
	if fd == nil {
		return
	}
	items := fd.names
	if len(items) == 0 {
		for _, w := range fd.words {
			items = append(items, field{s: w})
		}
	}
	for _, f := range items {
		c.read(f, c.name+" input")
		g := f
		g.cand = true
		c.a.path(c.sc, kWrite, g, c.name, "input of a cmdlet whose writes are not modelled")
	}
}
