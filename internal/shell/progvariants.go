package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Program name variants, as data: distributions install a program under
// names of its build or version (Debian's vim.tiny and vim.basic behind
// the vi alternative, emacs-nox, nano-tiny, ruby3.1, tclsh8.6, Go's
// go1.22.0 from golang.org/dl). A variant is the program: it is analysed
// by its base name (the Command keeps the name as run).

// dottedBases are programs with variants named BASE.BUILD (vim.tiny,
// vim.basic, vim.gtk3, vim.nox, editor.*).
var dottedBases = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"vim": true, "vi": true, "ex": true, "view": true, "rvim": true, "rview": true, "vimdiff": true,
		"gvim": true, "evim": true, "editor": true, "nvim": true,
	}
}}

// dashedVariants are the builds named BASE-BUILD.
var dashedVariants = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"emacs-nox": "emacs", "emacs-gtk": "emacs", "emacs-lucid": "emacs", "emacs-pgtk": "emacs",
		"nano-tiny": "nano", "vim-tiny": "vim", "vim-nox": "vim",
	}
}}

// alternativeNames are Debian's alternatives whose every choice is the
// same kind of program, and the wrappers that exec one: the pager
// alternative is less, more or most (a pager, analysed as less), as is
// sensible-pager; lzless and zstdless run less on the decompressed text
// (round 23 (c)). A link of another name is resolved on disk when it
// matters (policy: terminal).
var alternativeNames = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"pager": "less", "sensible-pager": "less", "lzless": "less", "zstdless": "less", "lzmore": "more",
	}
}}

// versionedBases are programs installed as BASE<VERSION> or
// BASE-<VERSION> (ruby3.1, tclsh8.6, emacs-29.1, go1.22.0, node-18).
// Interpreters with their own rule (python3.12, perl5.36, php8.2,
// lua5.4) and compilers (gcc-13, see convName) are not listed.
var versionedBases = &lazy.Value[[]string]{New: func() []string {
	return []string{"ruby", "irb", "gem", "erb", "tclsh", "wish", "node", "nodejs", "emacs", "go", "nvim", "vim"}
}}

// variantBase returns the base name of a variant name n, or n.
func variantBase(n string) string {
	if b, ok := dashedVariants.Get()[n]; ok {
		return b
	}
	if b, ok := alternativeNames.Get()[n]; ok {
		return b
	}
	if i := strings.IndexByte(n, '.'); i > 0 && i < len(n)-1 && dottedBases.Get()[n[:i]] {
		suffix := n[i+1:]
		for j := 0; j < len(suffix); j++ {
			if !isOptByte(suffix[j]) {
				return n
			}
		}
		return n[:i]
	}
	for _, b := range versionedBases.Get() {
		if rest, ok := strings.CutPrefix(n, b); ok && rest != "" {
			rest = strings.TrimPrefix(rest, "-")
			if versionSuffix(rest) && rest[0] != '.' {
				return b
			}
		}
	}
	return n
}
