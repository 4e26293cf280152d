package policy

import (
	"path"
	"strings"
	"sync"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Reaches. A caller that decides with more than one policy — the gate,
// which lets every repository an action reaches decide it with its own
// policy — must know which paths the action reaches before it decides.
// Reaches lists them from the evaluation itself, run in listing mode:
// every path the evaluation would judge (checkRef) is listed instead, for
// every kind of action — a file tool's paths, the paths of every command
// line an exec or an MCP argument holds (analysed with the options the
// decision uses: PowerShell for a PowerShell line), an MCP argument's
// paths and file: URLs, the command line a known MCP tool amounts to. A
// new kind, or a new place where the evaluation finds a path, is listed
// without a second list to keep in step. The paths of an action of a kind
// the evaluation has no branch for are listed as they are given.
//
// The command lines analysed for the listing are kept (evaluation.analyze):
// the decision that follows finds their analysis instead of making it
// again.

// Reach is a path an action reaches.
type Reach struct {
	// Path is absolute and lexically clean; it may hold glob characters
	// and expansions (Pattern).
	Path string
	// Below says the action reaches everything under Path too (a
	// recursive read, a delete, a glob's matches' contents).
	Below bool
	// Pattern says Path is a glob or holds a part not known statically:
	// it stands for the paths it matches.
	Pattern bool
}

// Reaches lists the paths a reaches (see above). It judges nothing; an
// action that cannot be prepared (the decision denies it) lists the paths
// it gives.
func (p *Policy) Reaches(a *action.Action) []Reach {
	var out []Reach
	add := func(pth string, below bool) {
		if pth == "" {
			return
		}
		if !path.IsAbs(pth) {
			if a.Cwd == "" || !path.IsAbs(a.Cwd) {
				return
			}
			pth = path.Join(a.Cwd, pth)
		}
		out = append(out, Reach{Path: path.Clean(pth), Below: below, Pattern: strings.ContainsAny(pth, "*?[{$`")})
	}
	ev, ok := p.prepare(a)
	if !ok || ev == nil {
		for _, pth := range a.Paths {
			add(pth, true)
		}
		return out
	}
	ev.reach = &out
	switch a.Kind {
	case action.Exec:
		ev.exec()
	case action.MCPCall:
		ev.mcpArguments()
		ev.mcpCommandLine()
		ev.mcpReachLines() // mcpfamily.go
	case action.NetFetch:
		ev.netFetch()
	}
	// every kind's own paths (file tools'; any other kind that gives some)
	for _, pth := range a.Paths {
		abs, err := ev.absPath(pth)
		if err != nil {
			continue
		}
		ev.listRef(abs, a.Kind == action.FileDelete || a.Recursive, false)
	}
	return out
}

// listRef lists one path in listing mode.
func (ev *evaluation) listRef(abs string, below, pattern bool) {
	abs = path.Clean(abs)
	*ev.reach = append(*ev.reach, Reach{Path: abs, Below: below, Pattern: pattern || strings.ContainsAny(abs, "*?[{$`")})
}

// listAnalysis lists what a command line reaches: the paths it reads,
// writes and deletes, each directory a command of it runs in and each
// program it runs by path.
func (ev *evaluation) listAnalysis(an *shell.Analysis) {
	refs := func(rs []shell.PathRef, del bool) {
		for _, r := range rs {
			ev.listRef(r.Path, del || r.Recursive, r.Glob || r.Dynamic)
		}
	}
	refs(an.Reads, false)
	refs(an.Writes, false)
	refs(an.Deletes, true)
	for _, c := range an.Commands {
		if c.Cwd != "" && path.IsAbs(c.Cwd) {
			ev.listRef(c.Cwd, false, false)
		}
		if strings.Contains(c.Prog, "/") {
			p := c.Prog
			if !path.IsAbs(p) {
				d := c.Cwd
				if d == "" {
					d = ev.cwd
				}
				if !path.IsAbs(d) {
					continue
				}
				p = path.Join(d, p)
			}
			ev.listRef(p, false, false)
		}
	}
}

// analyze is shell.Analyze, finding the analyses Reaches made: the gate
// lists an action's reach and then decides it with one policy or more,
// each finding the line's analysis made once. Only listing mode keeps
// what it analyses (a decision alone analyses as before). An analysis is
// read, never changed, by the evaluation.
func (ev *evaluation) analyze(line string, opt shell.Options) (*shell.Analysis, error) {
	// a cd's target is looked up on the file system (cddirs.go); the
	// memo compares the options without the oracle, an interface
	key := opt
	key.Dirs = nil
	opt.Dirs = dirOracle{p: ev.p}
	analyses.Lock()
	for _, e := range analyses.ents {
		if e.an != nil && e.opt == key && e.line == line {
			analyses.Unlock()
			return e.an, nil
		}
	}
	analyses.Unlock()
	an, err := shell.Analyze(line, opt)
	if err != nil || an == nil || ev.reach == nil {
		return an, err
	}
	analyses.Lock()
	analyses.ents[analyses.next] = analysisMemo{line: line, opt: key, an: an}
	analyses.next = (analyses.next + 1) % len(analyses.ents)
	analyses.Unlock()
	return an, nil
}

type analysisMemo struct {
	line string
	opt  shell.Options
	an   *shell.Analysis
}

// analyses holds the last lines Reaches analysed, with their options (a
// touched repository's policy, deciding with its own root, analyses the
// line again).
var analyses struct {
	sync.Mutex
	ents [4]analysisMemo
	next int
}
