// Package codexpatch parses the apply_patch envelope: the patch format of
// Codex's apply_patch tool and of the apply_patch helper Codex puts on its
// shell's PATH, also used by Copilot CLI (GPT models) and Hermes.
//
// # Contract
//
// Parse accepts every text Codex's own parser accepts (codex-rs
// apply-patch parser.rs, lenient mode: markers with surrounding
// whitespace, and a patch wrapped in a <<EOF … EOF here-document that the
// model passed as a plain argument) and returns, for each file operation,
// every path Codex may touch for it. Where Codex's reading of a header
// differs from the trimmed one (Codex keeps the spaces after "*** Add
// File: ", and reads "*** Move to: " on the raw line), both are returned
// (Alt, AltMoveTo), so a caller that judges both judges at least what
// Codex does. Parse is more lenient than Codex elsewhere (a header
// without the space after its colon, a move anywhere in an update, a
// header inside an update's lines): it may report an operation Codex
// would refuse, never miss one Codex performs. A text it cannot read is
// an error wrapping ErrPatch; callers treat it as a patch whose effect is
// unknown, never as a harmless one. Parse is pure and linear in the text.
package codexpatch

import (
	"errors"
	"fmt"
	"strings"
)

// ErrPatch is a text that is not an apply_patch envelope.
var ErrPatch = errors.New("malformed apply_patch text")

// Op is one file operation of an envelope.
type Op struct {
	// Op is "add", "update" or "delete".
	Op   string
	Path string
	// MoveTo is the new path of an update that renames the file.
	MoveTo string
	// Alt and AltMoveTo are Codex's exact readings of Path and MoveTo
	// when they differ from the trimmed ones (" x" for "*** Add File:  x").
	Alt, AltMoveTo string
	// Body is the operation's section of the patch, header included.
	Body string
	// Content is the new file's content for "add".
	Content string
}

// The envelope's markers.
const (
	beginMarker  = "*** Begin Patch"
	endMarker    = "*** End Patch"
	addMarker    = "*** Add File:"
	updateMarker = "*** Update File:"
	deleteMarker = "*** Delete File:"
	moveMarker   = "*** Move to:"
)

// Parse parses an apply_patch envelope:
//
//	*** Begin Patch
//	*** Add File: path       (+lines: the new file)
//	*** Update File: path    (optionally *** Move to: path, then @@ hunks)
//	*** Delete File: path
//	*** End Patch
//
// Headers may be indented. A text without the envelope, with an
// operation missing its path, with no operation, or with anything but
// blank lines after "*** End Patch" is an error.
func Parse(text string) ([]Op, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first]) == "" {
		first++
	}
	if first < len(lines) && strings.TrimSpace(lines[first]) != beginMarker {
		if inner, ok := unwrapHeredoc(lines[first:]); ok {
			return parseLines(inner)
		}
	}
	return parseLines(lines[first:])
}

// unwrapHeredoc returns the lines between a first line <<EOF, <<'EOF' or
// <<"EOF" and a last non-blank line ending in EOF: Codex's lenient mode,
// for a model that passed a here-document as a plain argument.
func unwrapHeredoc(lines []string) ([]string, bool) {
	switch strings.TrimSpace(lines[0]) {
	case "<<EOF", "<<'EOF'", `<<"EOF"`:
	default:
		return nil, false
	}
	last := len(lines) - 1
	for last > 0 && strings.TrimSpace(lines[last]) == "" {
		last--
	}
	if last < 3 || !strings.HasSuffix(strings.TrimSpace(lines[last]), "EOF") {
		return nil, false
	}
	return lines[1:last], true
}

func parseLines(lines []string) ([]Op, error) {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != beginMarker {
		return nil, fmt.Errorf("%w: it does not start with %q", ErrPatch, beginMarker)
	}
	var ops []Op
	var cur *Op
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
	for i := 1; i < len(lines); i++ {
		line := lines[i]
		t := strings.TrimSpace(line)
		if ended {
			if t != "" {
				return nil, fmt.Errorf("%w: line %d follows %q", ErrPatch, i+1, endMarker)
			}
			continue
		}
		if t == endMarker {
			flush()
			ended = true
			continue
		}
		if op, p, alt, ok := header(t); ok {
			flush()
			cur = &Op{Op: op, Path: p, Alt: alt}
		} else if p, ok := strings.CutPrefix(t, moveMarker); ok {
			if cur == nil || cur.Op != "update" || cur.MoveTo != "" {
				return nil, fmt.Errorf("%w: %q outside an update", ErrPatch, moveMarker)
			}
			cur.MoveTo = strings.TrimSpace(p)
			if cur.MoveTo == "" {
				return nil, fmt.Errorf("%w: %q without a path", ErrPatch, moveMarker)
			}
			// Codex reads the move on the raw line and keeps its spaces.
			if raw, ok := strings.CutPrefix(line, moveMarker+" "); ok && raw != cur.MoveTo {
				cur.AltMoveTo = raw
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
		return nil, fmt.Errorf("%w: no %q", ErrPatch, endMarker)
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("%w: no file operation", ErrPatch)
	}
	return ops, nil
}

// header reads an operation header of the trimmed line t: the operation,
// the trimmed path, and Codex's reading of the path when it differs (the
// rest of the line after the marker and one space).
func header(t string) (op, p, alt string, ok bool) {
	for _, h := range [...]struct{ marker, op string }{{addMarker, "add"}, {updateMarker, "update"}, {deleteMarker, "delete"}} {
		rest, found := strings.CutPrefix(t, h.marker)
		if !found {
			continue
		}
		p = strings.TrimSpace(rest)
		if raw, sp := strings.CutPrefix(rest, " "); sp && raw != p {
			alt = raw
		}
		return h.op, p, alt, true
	}
	return "", "", "", false
}
