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
// server's own word, and so is where in its call it takes it from, so
// every directory the arguments may name counts as a base: a string (or
// a list's string) of any object of the arguments (mcpBaseDirs), in
// each of its readings (mcpBaseAdd)
//
//   - under a key that names a directory (mcpBaseKeyWords: cwd, root,
//     base_dir, workspace, repo_path, …): the path joined to it is judged
//     as a file the call acts on, with every rule;
//   - absolute (/…, ~…, a local file URI, a Windows drive) under any
//     other key (source, path, prefix…): the path joined to it is judged
//     by the rules that name files (block_paths, credential stores,
//     self-protection), as a candidate is, so that a copy from /tmp into
//     the project is not read as a write to /tmp; and so is a relative
//     value shaped like a path under any other key ({path: ../.kube,
//     name: config}: whatever its keys are called, two path-like values
//     of one call are each joined to the other).
//
// A relative path is judged as itself and each of its relative readings
// joined to each base (mcpReadings), the strictest reading winning; a
// joined reading that cannot be resolved (a base that is a file) is no
// path and ignored. More bases than mcpMaxBases, or a directory longer
// than mcpMaxBaseLen, are asked about.

const mcpMaxBases = 16

// mcpBase is a base directory; weak: one named by a value of a key that
// does not say it is a directory.
type mcpBase struct {
	dir  string
	weak bool
}

// mcpReadings appends to out the paths an MCP server handed p may open:
// p's readings (toolPaths) and, when one of them is relative and p
// stands in the arguments (ev.mcpAt), each relative reading joined to
// each reading of each base directory in the arguments (a server may
// trim or cut either before it joins them). out[:own] are p's own
// readings, out[own:joined] those joined to a directory key's base,
// out[joined:] those joined to a weak base.
func (ev *evaluation) mcpReadings(p string, out []string) (_ []string, own, joined int) {
	out = ev.toolPaths(p, out)
	own = len(out)
	if ev.mcpAt == 0 || p == "" {
		return out, own, own
	}
	rel := false
	for _, q := range out[:own] {
		rel = rel || mcpRelative(q)
	}
	if !rel {
		return out, own, own
	}
	bases := ev.mcpBaseDirs()
	for _, weak := range [2]bool{false, true} {
		if weak {
			joined = len(out)
		}
		for _, b := range bases {
			if b.weak != weak {
				continue
			}
			for i := 0; i < own; i++ {
				if q := out[i]; mcpRelative(q) && b.dir != q {
					out = ev.toolPaths(strings.TrimSuffix(b.dir, "/")+"/"+q, out)
				}
			}
		}
	}
	return out, own, joined
}

// mcpRelative reports whether a reading of a path is relative: one a
// server joins to a base directory.
func mcpRelative(q string) bool {
	return q != "" && !path.IsAbs(q) && !strings.HasPrefix(q, "~")
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

// mcpBaseDirs returns the base directories a relative path at the node
// ev.mcpAt may be joined to, distinct: those of every object of the
// arguments, its own, those above it and those below them (an options
// object beside the path: {path, options: {cwd}}), as a server may take
// its directory from anywhere in its call. A key's own object is not
// among them: the values beside a key are the arguments it names
// ({path: "/home/dev", recursive: true}), not a directory it is in; the
// key of a map below them is ({root: DIR, files: {REL: …}}).
func (ev *evaluation) mcpBaseDirs() []mcpBase {
	t := ev.mcpT
	if t == nil || ev.mcpAt == 0 || int(ev.mcpAt) > len(t.nodes) {
		return nil
	}
	nodes := t.nodes
	own := int32(-1) // a key's own object
	if n := &nodes[ev.mcpAt-1]; n.kind == mcpMapKey {
		own = n.in
	}
	var out []mcpBase
	for o := range nodes {
		if nodes[o].kind != mcpObj || int32(o) == own {
			continue
		}
		for _, b := range ev.mcpObjBases(int32(o)) {
			if !slices.Contains(out, b) {
				out = append(out, b)
			}
		}
	}
	if len(out) > mcpMaxBases {
		ev.mcpBaseAsk(fmt.Sprintf("names %d directories a relative path may be joined to, more than Mandate judges (%d)", len(out), mcpMaxBases))
		out = out[:mcpMaxBases]
	}
	return out
}

// mcpBaseAsk asks about (denies at read_only) a call whose base
// directories Mandate cannot all judge.
func (ev *evaluation) mcpBaseAsk(what string) {
	subj := ev.a.Server + "/" + ev.a.MCPTool
	why := fmt.Sprintf("MCP tool %q %s", subj, what)
	if ev.trust == action.ReadOnly {
		ev.deny(groupAnalysis, "mcp-base-dirs", subj, why+" (trust level read_only)")
	} else {
		ev.builtin(groupAnalysis, Ask, "mcp-base-dirs", subj, why)
	}
}

// mcpObjBases returns the base directories the object node o names
// itself, computed once per evaluation.
func (ev *evaluation) mcpObjBases(o int32) []mcpBase {
	if b, ok := ev.mcpBases[o]; ok {
		return b
	}
	obj := ev.mcpT.nodes[o].obj
	var out []mcpBase
	long := ""
	for _, k := range argKeys(obj) {
		switch v := obj[k].(type) {
		case string:
			out = mcpBaseAdd(out, k, v, true, &long)
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					out = mcpBaseAdd(out, k, s, false, &long)
				}
			}
		}
	}
	if long != "" {
		ev.mcpBaseAsk(fmt.Sprintf("names a directory under %q longer than Mandate reads (%d bytes)", long, mcpMaxBaseLen))
	}
	if ev.mcpBases == nil {
		ev.mcpBases = map[int32][]mcpBase{}
	}
	ev.mcpBases[o] = out
	return out
}

// mcpMaxBaseLen is the longest value read as a base directory; a longer
// one under a key that names a directory is asked about.
const mcpMaxBaseLen = 4096

// mcpBaseAdd appends the base directories the value v under the key k
// names, in each of its readings: as written, cut at a NUL, trimmed (a
// server that trims or is written in C: toolpaths.go). single: v is
// the key's own value, not one of a list's. A value under a directory
// key too long to read sets *long to the key.
func mcpBaseAdd(out []mcpBase, k, v string, single bool, long *string) []mcpBase {
	dirKey := mcpBaseKey(k)
	if v == "" {
		return out
	}
	if len(v) > mcpMaxBaseLen {
		if dirKey {
			*long = k
		}
		return out
	}
	var rs [3]string
	readings := append(rs[:0], v)
	if i := strings.IndexByte(v, 0); i >= 0 {
		v = v[:i]
		readings = append(readings, v)
	}
	if q := strings.TrimFunc(v, anySpace); q != v {
		readings = append(readings, q)
	}
	// A relative value is a name only under a key that holds no text
	// or prose ({path, content: ".env"} writes the text .env).
	if single && !dirKey {
		_, text := mcpConnKey(mcpKey(k))
		w := mcpWords(k)
		single = !text && !(len(w) > 0 && mcpProseTails.Get()[w[len(w)-1]])
	}
	for _, r := range readings {
		if r != "" && strings.IndexByte(r, 0) < 0 && (dirKey || !strings.ContainsAny(r, "\n\r")) {
			out = mcpBaseReading(out, r, dirKey, single)
		}
	}
	return out
}

// mcpBaseReading appends the base directories one reading r of a value
// names: under a directory key, any; under another key, an absolute
// one, or (the key's own value) a relative one shaped like a path
// ({path: ../.kube, name: config}: a server that joins the two), weak.
func mcpBaseReading(out []mcpBase, r string, dirKey, single bool) []mcpBase {
	add := func(p string) {
		if b := (mcpBase{p, !dirKey}); p != "" && !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	if u, ok := parseURI(r); ok {
		if u.class == uriLocal {
			for _, p := range u.paths {
				if uriAbs(p) {
					add(p)
				}
			}
		}
		return out
	}
	if winDrive(r) || strings.HasPrefix(r, `\\`) {
		ps, _ := winReadings(r) // mcpwinpath.go
		for _, p := range ps {
			add(p)
		}
		return out
	}
	switch {
	case strings.HasPrefix(r, "/") || strings.HasPrefix(r, "~"):
		add(r)
	case dirKey:
		if !strings.ContainsAny(r, " \t") {
			add(r)
		}
	case single && mcpPathShaped(r) && !strings.Contains(r, "://"):
		add(r)
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
