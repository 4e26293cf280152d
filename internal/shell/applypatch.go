package shell

import (
	"github.com/mandate-dev/mandate/internal/codexpatch"
)

// Codex's apply_patch. Codex puts a helper named apply_patch (and its
// misspelling applypatch) on its shell's PATH (codex-rs arg0: a link to
// the codex binary), and codex --codex-run-as-apply-patch PATCH is the
// same helper; it applies the envelope given as its one argument (after
// an optional --preserve-crlf) or, with none, read from standard input,
// relative to its working directory. Codex itself intercepts
// "apply_patch <<'EOF' … EOF" and "cd DIR && apply_patch <<'EOF' … EOF"
// and applies the patch without running a process, with the same effect.
//
// So the files the envelope adds, updates, moves and deletes are writes
// and deletes of the command, relative to its cwd (after any cd), and the
// files it updates or deletes are read (to apply hunks, and for Codex's
// record of the change). A patch that is not a literal (a variable, a
// file, a pipe, the terminal, a process substitution) or that cannot be
// read is opaque: what it changes is known only when it runs.

// applyPatchArg1 is the codex option that runs the binary as the helper.
const applyPatchArg1 = "--codex-run-as-apply-patch"

// isApplyPatch reports whether c runs Codex's apply_patch helper.
func isApplyPatch(c *cmd) bool {
	switch c.name {
	case "apply_patch", "applypatch":
		return true
	case "codex":
		return len(c.args) > 0 && !c.args[0].dyn && c.s(0) == applyPatchArg1
	}
	return false
}

// applyPatch reports the effects of the helper's patch.
func (c *cmd) applyPatch() error {
	c.w.modelled = true
	args := c.args
	skip := c.skip
	if c.name == "codex" {
		args, skip = args[1:], skip[1:]
		c.skip[0] = true
	}
	if len(args) > 0 && !args[0].dyn && args[0].s == "--preserve-crlf" {
		args, skip = args[1:], skip[1:]
		c.skip[0] = true
	}
	if len(args) == 0 {
		v, ok := c.sc.fd(0)
		switch {
		case ok && v.kind == fdDoc && v.known:
			c.patchText(v.doc)
		case ok && v.kind == fdDoc:
			c.opaque("applies a patch from a here-document not known statically")
		default:
			c.opaque("applies a patch read from standard input")
		}
		return nil
	}
	for i, f := range args {
		skip[i] = true // the patch text is not a file name
		switch {
		case f.proc:
			c.opaque("applies a patch from a process substitution")
		case f.dyn:
			c.opaque("applies a patch not known statically: " + clip(f.s))
		default:
			c.patchText(f.s)
		}
	}
	return nil
}

// patchText reports the writes, deletes and reads of one envelope.
func (c *cmd) patchText(text string) {
	ops, err := codexpatch.Parse(text)
	if err != nil {
		c.opaque("applies a patch Mandate cannot read (" + err.Error() + ")")
		return
	}
	const why = "apply_patch"
	each := func(p, alt string, fn func(field, string)) {
		fn(field{s: p}, why)
		if alt != "" {
			fn(field{s: alt}, why)
		}
	}
	for _, op := range ops {
		switch op.Op {
		case "add":
			each(op.Path, op.Alt, c.write)
		case "update":
			each(op.Path, op.Alt, c.read)
			if op.MoveTo == "" {
				each(op.Path, op.Alt, c.write)
				continue
			}
			each(op.MoveTo, op.AltMoveTo, c.write)
			each(op.Path, op.Alt, c.del)
		case "delete":
			each(op.Path, op.Alt, c.read)
			each(op.Path, op.Alt, c.del)
		}
	}
}
