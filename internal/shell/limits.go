package shell

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Limits applied by Analyze. A line beyond any of them is an error, never a
// partial analysis.
const (
	// MaxLineBytes is the longest command line analyzed.
	MaxLineBytes = 1 << 20
	// MaxReparse is how many levels of re-parsed strings (bash -c, eval,
	// ssh host CMD, find -exec sh -c, …) are followed.
	MaxReparse = 8
	// MaxNesting bounds nested compound commands, substitutions and
	// wrappers within one parse.
	MaxNesting = 64
	// MaxCommands bounds the simple commands in one line, all levels.
	MaxCommands = 10000
	// MaxBraceWords bounds the words one brace expansion may produce.
	MaxBraceWords = 4096
	// maxBraceParts bounds the word parts brace expansion copies in the
	// whole line (see braceExpansion): 4,096 words of 64 parts each, where
	// real lines copy a few dozen.
	maxBraceParts = 1 << 18
	// maxScopeCopies bounds the variables copied into subshells and
	// branches in the whole line (see analyzer.child).
	maxScopeCopies = 1 << 18
	// maxPathBytes bounds the cwd (PATH_MAX): cd a; cd a; … would
	// otherwise build ever longer paths, and join every relative path
	// with them.
	maxPathBytes = 4096
	// maxFields bounds the expanded words of the whole line.
	maxFields = 1 << 20
	// maxExpandBytes bounds the bytes produced by expansion of the line.
	maxExpandBytes = 8 << 20
	// maxRecursionTokens bounds the tokens that make the parser recurse
	// (opening brackets, compound-command keywords), counted over the
	// whole line regardless of quoting: the parser recurses once per
	// nesting level, and a too deep recursion aborts the process.
	maxRecursionTokens = 4000
	// maxArithTokens bounds arithmetic operator bytes when the line can
	// contain an arithmetic context (the parser recurses per operator).
	maxArithTokens = 4000
)

// expandedBytes counts n bytes of text built from the line's words
// against maxExpandBytes, for text that is not a word: a command's
// environment (every command gets the exported variables, so a large
// value exported once is copied once per command) and relative paths
// joined with the cwd (up to maxPathBytes each). Past the limit the
// analysis fails (deferred) and false is returned.
func (a *analyzer) expandedBytes(n int) bool {
	a.nbytes += n
	if a.nbytes <= maxExpandBytes {
		return true
	}
	a.fail(limitErr("more than %d bytes after expansion", maxExpandBytes))
	return false
}

// fail records err as the analysis's error where the step that found it
// cannot return it.
func (a *analyzer) fail(err error) {
	if a.deferred == nil {
		a.deferred = err
	}
}

// ErrLimit is wrapped by every error caused by a limit above.
var ErrLimit = errors.New("shell: command line exceeds analysis limits")

func limitErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrLimit}, args...)...)
}

// precheck rejects input that is not text, too long, or that could make the
// parser recurse too deeply. It over-approximates: quoting is ignored, so a
// line is only ever rejected for having too many such tokens, never let
// through because they were mistaken for quoted text. The one exception,
// a line over a limit, is recounted without its quoted here-document
// bodies where a lexer that gives up on anything unusual finds them
// (limitsdoc.go).
func precheck(src string) error {
	if len(src) > MaxLineBytes {
		return limitErr("%d bytes, limit %d", len(src), MaxLineBytes)
	}
	if !utf8.ValidString(src) {
		return errors.New("shell: command line is not valid UTF-8")
	}
	for i, r := range src {
		switch {
		case r == 0:
			return errors.New("shell: command line contains a NUL byte")
		case r == '\r':
			if i+1 >= len(src) || src[i+1] != '\n' {
				return errors.New("shell: command line contains a carriage return")
			}
		case r < 0x20 && r != '\t' && r != '\n', r == 0x7f:
			return fmt.Errorf("shell: command line contains control character %U", r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Errorf("shell: command line contains bidirectional control character %U", r)
		}
	}
	rec, arith, hasArith := nestingTokens(src)
	if rec > maxRecursionTokens || hasArith && arith > maxArithTokens {
		// quoted here-document bodies are data the parser does not
		// recurse into (limitsdoc.go)
		if spans, ok := quotedHdocBodies(src); ok && len(spans) > 0 {
			rec, arith, hasArith = nestingTokens(withoutSpans(src, spans))
		}
	}
	if rec > maxRecursionTokens {
		return limitErr("%d nesting tokens (brackets, compound keywords), limit %d", rec, maxRecursionTokens)
	}
	if hasArith && arith > maxArithTokens {
		return limitErr("%d operator characters in a line with arithmetic, limit %d", arith, maxArithTokens)
	}
	return nil
}

// nestingTokens counts, regardless of quoting, the tokens of src that
// make the parser recurse (rec) and the arithmetic operator bytes
// (arith), and whether src can contain an arithmetic context.
func nestingTokens(src string) (rec, arith int, hasArith bool) {
	wordStart := -1
	for i, r := range src {
		isWord := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if isWord {
			if wordStart < 0 {
				wordStart = i
			}
			continue
		}
		if wordStart >= 0 {
			if isKeyword(src[wordStart:i]) {
				rec++
			}
			if src[wordStart:i] == "let" {
				hasArith = true
			}
			wordStart = -1
		}
		switch r {
		case '(', '{', '[', '`':
			rec++
			if r == '[' || (r == '(' && i > 0 && src[i-1] == '(') {
				hasArith = true
			}
			if r == '{' && i > 0 && src[i-1] == '$' {
				hasArith = true // ${a:off:len}, ${a[i]}
			}
		case '+', '-', '*', '/', '%', '!', '~', '^', '&', '|', '<', '>', '=', '?', ':', ',':
			arith++
		}
	}
	if wordStart >= 0 && isKeyword(src[wordStart:]) {
		rec++
	}
	return rec, arith, hasArith
}

func isKeyword(w string) bool {
	switch w {
	case "if", "while", "until", "for", "select", "case", "function", "coproc", "time":
		return true
	}
	return false
}
