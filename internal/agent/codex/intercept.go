package codex

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Codex takes over two whole-line forms of its shell tool and applies
// the patch itself, without running a shell (codex-rs apply-patch
// invocation.rs, extract_apply_patch_from_bash):
//
//	apply_patch <<'EOF' … EOF          (or applypatch)
//	cd DIR && apply_patch <<'EOF' … EOF
//
// It reads the here-document's body and DIR as they are written, without
// the shell's expansion: an unquoted here-document is not expanded, and
// DIR (a word, or the inside of one quoted string) is joined to the cwd
// as is (no ~). The shell analysis judges the line as bash runs it (the
// apply_patch helper on PATH, for every other form); interception adds
// the files of Codex's own reading, so that both are judged.

// intercepted returns the file actions of the patch Codex applies for
// line, or nil when Codex would run the line in a shell.
func intercepted(tool, cwd, line string) []action.Action {
	if !strings.Contains(line, "apply_patch") && !strings.Contains(line, "applypatch") {
		return nil
	}
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(line), "")
	if err != nil || len(f.Stmts) != 1 {
		return nil
	}
	st := f.Stmts[0]
	if st.Negated || st.Background || st.Coprocess {
		return nil
	}
	dirs, apply := []string{""}, st
	if bin, ok := st.Cmd.(*syntax.BinaryCmd); ok {
		if bin.Op != syntax.AndStmt || len(st.Redirs) > 0 {
			return nil
		}
		cd, ok := bin.X.Cmd.(*syntax.CallExpr)
		if !ok || len(bin.X.Redirs) > 0 || len(cd.Assigns) > 0 || len(cd.Args) != 2 || cd.Args[0].Lit() != "cd" {
			return nil
		}
		if dirs = rawWords(line, cd.Args[1]); len(dirs) == 0 {
			return nil
		}
		apply = bin.Y
	}
	call, ok := apply.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Assigns) > 0 || len(call.Args) != 1 || len(apply.Redirs) != 1 {
		return nil
	}
	if name := call.Args[0].Lit(); name != "apply_patch" && name != "applypatch" {
		return nil
	}
	r := apply.Redirs[0]
	if (r.Op != syntax.Hdoc && r.Op != syntax.DashHdoc) || r.Hdoc == nil {
		return nil
	}
	// The word's extent ends after the closing delimiter's line.
	body := line[r.Hdoc.Pos().Offset():r.Hdoc.End().Offset()]
	if r.Word != nil {
		delim := strings.Trim(line[r.Word.Pos().Offset():r.Word.End().Offset()], `'"\`)
		if i := strings.LastIndexByte(body, '\n'); strings.TrimLeft(body[i+1:], "\t") == delim {
			body = body[:max(i, 0)]
		}
	}
	body = strings.TrimRight(body, "\n")
	var out []action.Action
	for _, dir := range dirs {
		base := cwd
		if path.IsAbs(dir) {
			base = dir
		} else if dir != "" && cwd != "" {
			base = strings.TrimSuffix(cwd, "/") + "/" + dir
		}
		acts, err := hook.PatchActions(tool, base, body)
		if err != nil {
			return nil // Codex refuses it too; the shell analysis judges the line
		}
		out = append(out, acts...)
	}
	return out
}

// rawWords returns the texts of a word as Codex's query may take it: a
// plain word as written, the inside of a single-quoted string, and for a
// double-quoted string its inside and each of its literal runs (the query
// captures a string's string_content, which stops at an expansion: for
// cd "src$X" Codex works in src).
func rawWords(src string, w *syntax.Word) []string {
	if len(w.Parts) != 1 {
		return nil
	}
	raw := src[w.Pos().Offset():w.End().Offset()]
	switch p := w.Parts[0].(type) {
	case *syntax.Lit:
		return []string{raw}
	case *syntax.SglQuoted:
		if !p.Dollar {
			return []string{strings.TrimSuffix(strings.TrimPrefix(raw, "'"), "'")}
		}
	case *syntax.DblQuoted:
		if p.Dollar {
			return nil
		}
		var out []string
		for _, q := range p.Parts {
			if l, ok := q.(*syntax.Lit); ok {
				out = append(out, src[l.Pos().Offset():l.End().Offset()])
			}
		}
		if len(out) > 0 && len(p.Parts) > 1 {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(raw, `"`), `"`))
		}
		return out
	}
	return nil
}
