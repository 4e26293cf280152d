package policy

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// Relative MCP paths beside a base directory. A server joins a relative
// path to the directory its call names beside it or above it
// ({cwd: "/home/dev", path: ".ssh/id_rsa"}, {base_dir, file},
// {root, files: {REL: …}}, {workspace, edits: [{path: REL}]}), not to the
// agent's working directory. Which key names that directory is the
// server's own word, so every directory the arguments may name counts as
// a base: a string (or a list's string) of the path's own object or of
// an object above it
//
//   - under a key that names a directory (mcpBaseKeyWords: cwd, root,
//     base_dir, workspace, repo_path, …): the path joined to it is judged
//     as a file the call acts on, with every rule;
//   - absolute (/…, ~…, a local file URI, a Windows drive) under any
//     other key (source, path, prefix…): the path joined to it is judged
//     by the rules that name files (block_paths, credential stores,
//     self-protection), as a candidate is, so that a copy from /tmp into
//     the project is not read as a write to /tmp.
//
// A relative path is judged as itself and joined to each base
// (mcpReadings), the strictest reading winning; a joined reading that
// cannot be resolved (a base that is a file) is no path and ignored.
// More bases than mcpMaxBases are asked about.

const mcpMaxBases = 16

// mcpBase is a base directory; weak: one named by an absolute value of
// a key that does not say it is a directory.
type mcpBase struct {
	dir  string
	weak bool
}

// mcpReadings appends to out the paths an MCP server handed p may open:
// p's readings (toolPaths) and, when p is relative and stands in the
// arguments (ev.mcpAt), those of p joined to each base directory around
// it. out[:own] are p's own readings, out[own:joined] those joined to a
// directory key's base, out[joined:] those joined to a weak base.
func (ev *evaluation) mcpReadings(p string, out []string) (_ []string, own, joined int) {
	out = ev.toolPaths(p, out)
	own = len(out)
	if ev.mcpAt == 0 || p == "" || path.IsAbs(p) || strings.HasPrefix(p, "~") {
		return out, own, own
	}
	bases := ev.mcpBaseDirs()
	for _, weak := range [2]bool{false, true} {
		if weak {
			joined = len(out)
		}
		for _, b := range bases {
			if b.weak == weak && b.dir != p {
				out = ev.toolPaths(strings.TrimSuffix(b.dir, "/")+"/"+p, out)
			}
		}
	}
	return out, own, joined
}

// mcpPath judges a path an MCP argument names, in each of its readings,
// as a file the call acts on with ops.
func (ev *evaluation) mcpPath(p string, ops []opKind, fl pathFlags) {
	var buf [2]string
	readings, own, joined := ev.mcpReadings(p, buf[:0])
	for i, q := range readings {
		abs, err := ev.absPath(q)
		if err != nil {
			continue
		}
		f := fl
		if i >= own {
			f.match = true // a base that is a file: no path
		}
		if i >= joined {
			f.candidate, f.named = true, true // the rules that name files
		}
		for _, op := range ops {
			ev.checkRef(abs, op, f)
		}
	}
}

// mcpBaseDirs returns the base directories around the node ev.mcpAt: its
// object's and those of the objects above it, distinct. A key's own
// object is not among them: the values beside a key are the arguments
// it names ({path: "/home/dev", recursive: true}), not a directory it is
// in; the key of a map below them is ({root: DIR, files: {REL: …}}).
func (ev *evaluation) mcpBaseDirs() []mcpBase {
	t := ev.mcpT
	if t == nil || ev.mcpAt == 0 || int(ev.mcpAt) > len(t.nodes) {
		return nil
	}
	nodes := t.nodes
	n := &nodes[ev.mcpAt-1]
	o := int32(-1)
	switch {
	case n.kind == mcpMapKey:
		if k := nodes[n.in].up; k >= 0 {
			o = nodes[k].in
		}
	case n.up >= 0:
		o = nodes[n.up].in
	}
	var out []mcpBase
	for hops := 0; o >= 0 && hops <= mcpMaxDepth; hops++ {
		for _, b := range ev.mcpObjBases(o) {
			if !slices.Contains(out, b) {
				out = append(out, b)
			}
		}
		k := nodes[o].up
		if k < 0 {
			break
		}
		o = nodes[k].in
	}
	if len(out) > mcpMaxBases {
		subj := ev.a.Server + "/" + ev.a.MCPTool
		why := fmt.Sprintf("MCP tool %q names %d directories a relative path may be joined to, more than Mandate judges (%d)", subj, len(out), mcpMaxBases)
		if ev.trust == action.ReadOnly {
			ev.deny(groupAnalysis, "mcp-base-dirs", subj, why+" (trust level read_only)")
		} else {
			ev.builtin(groupAnalysis, Ask, "mcp-base-dirs", subj, why)
		}
		out = out[:mcpMaxBases]
	}
	return out
}

// mcpObjBases returns the base directories the object node o names
// itself, computed once per evaluation.
func (ev *evaluation) mcpObjBases(o int32) []mcpBase {
	if b, ok := ev.mcpBases[o]; ok {
		return b
	}
	obj := ev.mcpT.nodes[o].obj
	var out []mcpBase
	for _, k := range argKeys(obj) {
		switch v := obj[k].(type) {
		case string:
			out = mcpBaseAdd(out, k, v)
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					out = mcpBaseAdd(out, k, s)
				}
			}
		}
	}
	if ev.mcpBases == nil {
		ev.mcpBases = map[int32][]mcpBase{}
	}
	ev.mcpBases[o] = out
	return out
}

// mcpBaseAdd appends the base directories the value v under the key k
// names.
func mcpBaseAdd(out []mcpBase, k, v string) []mcpBase {
	if v == "" || len(v) > 4096 || strings.ContainsAny(v, "\n\r\x00") {
		return out
	}
	dirKey := mcpBaseKey(k)
	add := func(p string) {
		if b := (mcpBase{p, !dirKey}); p != "" && !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	if u, ok := parseURI(v); ok {
		if u.class == uriLocal {
			for _, p := range u.paths {
				if uriAbs(p) {
					add(p)
				}
			}
		}
		return out
	}
	if winDrive(v) || strings.HasPrefix(v, `\\`) {
		ps, _ := winReadings(v) // mcpwinpath.go
		for _, p := range ps {
			add(p)
		}
		return out
	}
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "~") || dirKey && !strings.ContainsAny(v, " \t") {
		add(v)
	}
	return out
}

// mcpBaseKey reports whether a key may name a directory a server joins
// relative paths to: a working-directory key, or one with a word of
// mcpBaseKeyWords. A key that is itself a name ({files: {"src/x": …}})
// is none.
func mcpBaseKey(k string) bool {
	if mcpPathShaped(k) || strings.ContainsAny(k, ": ") {
		return false
	}
	if mcpWorkdirKeys.Get()[mcpKey(k)] {
		return true
	}
	for _, w := range mcpWords(k) {
		if mcpBaseKeyWords.Get()[w] {
			return true
		}
	}
	return false
}
