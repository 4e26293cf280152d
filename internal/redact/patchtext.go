package redact

import "strings"

// Patches (red-team round 23 (b), #3 and #7): a Codex apply_patch
// envelope or a unified diff whose added lines put a value in place with
// its name left in the file's unchanged lines (- "CHANGEME" / + "…"), or
// add to a file whose path names it a secret (secretfiles.go). Added
// lines that are one secret-like token alone are masked; every added
// line of a secret file is masked as that file's content.

// patchSpans finds the spans of the patch text s (none when s is not
// one).
func patchSpans(s string, emit func(span)) {
	if !strings.Contains(s, "\n+") || !strings.Contains(s, "*** Begin Patch") && !strings.Contains(s, "\n@@") {
		return
	}
	secret := false
	var find func(string, func(span)) // the secret file's content masker
	for a := 0; a < len(s); {
		e := a
		for e < len(s) && s[e] != '\n' {
			e++
		}
		line := s[a:e]
		switch {
		case strings.HasPrefix(line, "*** "):
			secret = false
			for _, h := range []string{"*** Add File: ", "*** Update File: ", "*** Move to: "} {
				if p, ok := strings.CutPrefix(line, h); ok {
					p = strings.TrimSpace(p)
					secret, find = secretFilePath(p), secretFileFinder(p)
				}
			}
		case strings.HasPrefix(line, "+++ "):
			p := strings.TrimSpace(line[4:])
			if i := strings.IndexByte(p, '\t'); i >= 0 {
				p = p[:i]
			}
			secret, find = secretFilePath(p), secretFileFinder(p)
		case strings.HasPrefix(line, "--- "), strings.HasPrefix(line, "diff "):
		case strings.HasPrefix(line, "+"):
			if secret {
				find(line[1:], func(sp span) {
					sp.start, sp.end = sp.start+a+1, sp.end+a+1
					emit(sp)
				})
			} else if i, j, ok := loneToken(s, a+1, e); ok {
				tokenSpans(s, i, j, emit)
			}
		}
		a = e + 1
	}
}
