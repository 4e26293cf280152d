package hook

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// ErrPatch is a patch that is not in the apply_patch envelope format.
var ErrPatch = errors.New("hook: malformed apply_patch text")

// PatchOp is one file operation of an apply_patch envelope.
type PatchOp struct {
	// Op is "add", "update" or "delete".
	Op   string
	Path string
	// MoveTo is the new path of an update that renames the file.
	MoveTo string
	// Body is the operation's section of the patch, header included.
	Body string
	// Content is the new file's content for "add".
	Content string
}

// ParsePatch parses the apply_patch envelope used by Codex, Copilot CLI
// (GPT models) and Hermes:
//
//	*** Begin Patch
//	*** Add File: path       (+lines: the new file)
//	*** Update File: path    (optionally *** Move to: path, then @@ hunks)
//	*** Delete File: path
//	*** End Patch
//
// Headers may be indented. A text without the envelope, with an operation
// missing its path, or with no operation at all is an error.
func ParsePatch(text string) ([]PatchOp, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i == len(lines) || strings.TrimSpace(lines[i]) != "*** Begin Patch" {
		return nil, fmt.Errorf("%w: it does not start with \"*** Begin Patch\"", ErrPatch)
	}
	i++
	var ops []PatchOp
	var cur *PatchOp
	var body, content strings.Builder
	flush := func() {
		if cur != nil {
			cur.Body = body.String()
			if cur.Op == "add" {
				cur.Content = content.String()
			}
			ops = append(ops, *cur)
			cur = nil
		}
		body.Reset()
		content.Reset()
	}
	ended := false
	for ; i < len(lines); i++ {
		line := lines[i]
		t := strings.TrimSpace(line)
		header := func(prefix string) (string, bool) {
			p, ok := strings.CutPrefix(t, prefix)
			return strings.TrimSpace(p), ok
		}
		if t == "*** End Patch" {
			flush()
			ended = true
			break
		}
		if p, ok := header("*** Add File:"); ok {
			flush()
			cur = &PatchOp{Op: "add", Path: p}
		} else if p, ok := header("*** Update File:"); ok {
			flush()
			cur = &PatchOp{Op: "update", Path: p}
		} else if p, ok := header("*** Delete File:"); ok {
			flush()
			cur = &PatchOp{Op: "delete", Path: p}
		} else if p, ok := header("*** Move to:"); ok {
			if cur == nil || cur.Op != "update" || cur.MoveTo != "" {
				return nil, fmt.Errorf("%w: \"*** Move to\" outside an update", ErrPatch)
			}
			cur.MoveTo = p
			if p == "" {
				return nil, fmt.Errorf("%w: \"*** Move to\" without a path", ErrPatch)
			}
		} else if cur == nil {
			if t == "" {
				continue
			}
			return nil, fmt.Errorf("%w: line %d is outside any file operation", ErrPatch, i+1)
		} else if cur.Op == "add" {
			if c, ok := strings.CutPrefix(line, "+"); ok {
				content.WriteString(c)
				content.WriteByte('\n')
			}
		}
		if cur != nil {
			if cur.Path == "" {
				return nil, fmt.Errorf("%w: %s operation without a path", ErrPatch, cur.Op)
			}
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	if !ended {
		return nil, fmt.Errorf("%w: no \"*** End Patch\"", ErrPatch)
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("%w: no file operation", ErrPatch)
	}
	return ops, nil
}

// PatchActions turns an apply_patch text into one action per file touched:
// an added or updated file is a file.write (with its section as Patch, and
// Content for an added file); a deleted file is a file.delete; an update
// that moves a file is a file.write of the new path and a file.delete of
// the old one. Paths are resolved against cwd.
func PatchActions(tool, cwd, text string) ([]action.Action, error) {
	ops, err := ParsePatch(text)
	if err != nil {
		return nil, err
	}
	var out []action.Action
	for _, op := range ops {
		switch op.Op {
		case "add":
			a := File(action.FileWrite, tool, cwd, op.Path)
			a.Content = op.Content
			a.Patch = op.Body
			out = append(out, a)
		case "update":
			target := op.Path
			if op.MoveTo != "" {
				target = op.MoveTo
			}
			a := File(action.FileWrite, tool, cwd, target)
			a.Patch = op.Body
			out = append(out, a)
			if op.MoveTo != "" {
				out = append(out, File(action.FileDelete, tool, cwd, op.Path))
			}
		case "delete":
			out = append(out, File(action.FileDelete, tool, cwd, op.Path))
		}
	}
	return out, nil
}
