package hook

import (
	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/codexpatch"
)

// PatchInputs is PatchActions of each distinct patch text under keys of
// in (a tool that may read its patch from any of them applies any); a
// tool input without one, or with one that is not an envelope, is an
// error.
func PatchInputs(tool, cwd string, in map[string]any, keys ...string) ([]action.Action, error) {
	texts, err := NeedPaths(tool, in, keys...)
	if err != nil {
		return nil, err
	}
	var out []action.Action
	for _, text := range texts {
		acts, err := PatchActions(tool, cwd, text)
		if err != nil {
			return nil, err
		}
		out = append(out, acts...)
	}
	return out, nil
}

// PatchActions turns an apply_patch text (codexpatch.Parse) into one action
// per file touched: an added or updated file is a file.write (with its
// section as Patch, and Content for an added file); a deleted file is a
// file.delete; an update that moves a file is a file.write of the new path
// and a file.delete of the old one. Paths are resolved against cwd; where
// Codex reads a header otherwise than the trimmed line says (a path with
// leading spaces), the action carries both paths.
func PatchActions(tool, cwd, text string) ([]action.Action, error) {
	ops, err := codexpatch.Parse(text)
	if err != nil {
		return nil, err
	}
	var out []action.Action
	for _, op := range ops {
		switch op.Op {
		case "add":
			a := File(action.FileWrite, tool, cwd, op.Path, op.Alt)
			a.Content = op.Content
			a.Patch = op.Body
			out = append(out, a)
		case "update":
			a := File(action.FileWrite, tool, cwd, op.Path, op.Alt)
			if op.MoveTo != "" {
				a = File(action.FileWrite, tool, cwd, op.MoveTo, op.AltMoveTo)
			}
			a.Patch = op.Body
			out = append(out, a)
			if op.MoveTo != "" {
				out = append(out, File(action.FileDelete, tool, cwd, op.Path, op.Alt))
			}
		case "delete":
			out = append(out, File(action.FileDelete, tool, cwd, op.Path, op.Alt))
		}
	}
	return out, nil
}
