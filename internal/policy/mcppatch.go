package policy

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/codexpatch"
	"github.com/mandate-dev/mandate/internal/unidiff"
)

// Patches in MCP arguments. An MCP tool given a patch (an apply_patch
// envelope, a diff of any dialect patch(1) or git apply accept: unified,
// context, git, svn's Index:, indented or RFC 934-quoted) under any key
// changes the files the patch names, whatever the tool or the key is
// called: each path an envelope adds, updates, moves or deletes, and each
// path a diff's header pairs name (---/+++, ***/---, diff --git, rename
// and copy lines) is judged as the write or delete it is, relative to the
// working directory, at git's strip level. Every other reading
// (unidiff's Alt: the other strip levels down to the base name, a name's
// first word, a header standing alone, a diff command line's operands)
// counts as a candidate write: a write when it names a protected or
// blocked file, so that text shaped like any diff naming one is denied;
// so does a name's Windows reading (a\.env, C:\…: mcpwinpath.go).
// An envelope Mandate cannot read is a patch whose effect is unknown: ask.

// mcpPatches judges the patches among the strings of the arguments:
// every string value, and every object key.
func (ev *evaluation) mcpPatches(t *mcpTree) {
	for i := range t.nodes {
		if n := &t.nodes[i]; n.kind == mcpStr || n.kind == mcpMapKey {
			ev.mcpAt = int32(i + 1) // a patch's relative names beside a base directory (mcpbase.go)
			ev.mcpPatch(n.key, n.s)
		}
	}
	ev.mcpAt = 0
}

func (ev *evaluation) mcpPatch(key, s string) {
	via := "MCP tool " + ev.a.Server + "/" + ev.a.MCPTool + " argument " + key
	if strings.Contains(s, "*** Begin Patch") || strings.Contains(s, "*** Update File:") ||
		strings.Contains(s, "*** Add File:") || strings.Contains(s, "*** Delete File:") {
		ops, err := codexpatch.Parse(s)
		if err != nil {
			ev.builtin(groupAnalysis, Ask, "mcp-patch", ev.a.MCPTool, via+" holds a patch Mandate cannot read: the files it changes are unknown")
			return
		}
		for _, op := range ops {
			for _, p := range []string{op.Path, op.Alt} {
				switch {
				case p == "":
				case op.Op == "delete" || op.MoveTo != "":
					ev.mcpPatchPath(p, opDelete)
					ev.mcpPatchPath(p, opWrite)
				default:
					ev.mcpPatchPath(p, opWrite)
				}
			}
			for _, p := range []string{op.MoveTo, op.AltMoveTo} {
				if p != "" {
					ev.mcpPatchPath(p, opWrite)
				}
			}
		}
	}
	files, truncated := unidiff.Files(s)
	if truncated {
		ev.builtin(groupAnalysis, Ask, "mcp-patch", ev.a.MCPTool, via+" holds a diff of too many files to judge")
	}
	if strings.IndexByte(s, '\\') >= 0 {
		// Windows spellings (--- a\.env, C:\…\agent-policy.yaml): the
		// files as a server that reads "\" as a separator names them, each
		// a possible file (mcpwinpath.go).
		win, _ := unidiff.Files(strings.ReplaceAll(s, `\`, "/"))
		for _, f := range win {
			f.Alt = true
			if winDrive(f.Path) {
				paths, _ := winReadings(f.Path)
				if len(paths) == 0 {
					continue
				}
				f.Path = paths[0]
			}
			files = append(files, f)
		}
	}
	for _, f := range files {
		fl := pathFlags{candidate: f.Alt, named: f.Alt} // another reading: only if it names a protected or blocked file
		switch f.Op {
		case unidiff.Delete:
			ev.mcpPatchRef(f.Path, opDelete, fl)
			ev.mcpPatchRef(f.Path, opWrite, fl)
		case unidiff.Read:
			ev.mcpPatchRef(f.Path, opRead, fl)
		default:
			ev.mcpPatchRef(f.Path, opWrite, fl)
		}
	}
}

func (ev *evaluation) mcpPatchPath(p string, op opKind) { ev.mcpPatchRef(p, op, pathFlags{}) }

func (ev *evaluation) mcpPatchRef(p string, op opKind, fl pathFlags) {
	if ev.cwd == "" && !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "~/") {
		p = "/" + p // no working directory: name patterns still apply
	}
	ops := [1]opKind{op}
	ev.mcpPath(p, ops[:], fl) // every reading: mcpbase.go, toolpaths.go
}
