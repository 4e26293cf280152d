package redact

import "strings"

// Red-team round 4 (finding 11): shell builtins that assign a variable
// without writing NAME=value, so that the assignment rule never sees the
// value next to the name:
//
//	printf -v DB_PASSWORD %s PW      (the output of printf)
//	read -r DB_PASSWORD <<< PW       (a line of standard input)
//	mapfile -t API_TOKENS < f        (lines of standard input)
//
// cliTable's rows for them name the rule "assigns:OPTS[:printf]": OPTS
// are the one-letter options that take a value (read -p PROMPT), and
// the arguments left are the variables' names; -a NAME (read's array)
// names one too. When a name is a credential's (classifyKey), the value
// is masked: for printf -v, the data it prints; for the readers, all that
// reaches their standard input (here-strings, here-documents, a piped
// echo, a file written just before), since which part of a line lands in
// which name depends on IFS. The declaration builtins (export, declare,
// typeset, local, readonly, let) write NAME=value and are read by the
// assignment rule whatever their options.

// cliAssigns applies an "assigns" rule to command k, whose arguments
// are args.
func cliAssigns(lx *shlex, cmds []cliCmd, k int, rule string, args []shtok, emit func(span)) {
	_, spec, _ := strings.Cut(rule, ":")
	valued, mode, _ := strings.Cut(spec, ":")
	secret := false
	var rest []shtok // arguments after the options
	for j := 0; j < len(args); j++ {
		w := lx.text(args[j])
		if w == "--" {
			rest = args[j+1:]
			break
		}
		if len(w) < 2 || w[0] != '-' {
			rest = args[j:]
			break
		}
		// A cluster of options; a letter in valued takes the rest of the
		// word, or the next word, as its value.
		for i := 1; i < len(w); i++ {
			if strings.IndexByte(valued, w[i]) < 0 {
				continue
			}
			v := w[i+1:]
			if v == "" && j+1 < len(args) {
				j++
				v = lx.text(args[j])
			}
			if (w[i] == 'a' || w[i] == 'A' || w[i] == 'v') && secretVarName(v) {
				secret = true // read -a NAME (zsh: -A), printf -v NAME
			}
			break
		}
	}
	if mode == "printf" {
		// printf -v NAME FORMAT ARGS…: what it prints is NAME's value.
		if !secret {
			return
		}
		for _, w := range rest {
			if !isPrintfFormatOnly(lx.text(w)) {
				cliStdinWord(lx, w, 0, emit)
			}
		}
		return
	}
	for _, w := range rest {
		secret = secret || secretVarName(lx.text(w))
	}
	if !secret {
		return
	}
	cliStdin(lx, cmds, k, 0, emit)
	// read NAME < <(echo PW): a process substitution on standard input
	// (the lexer ends the command at its parenthesis).
	if c := &cmds[k]; len(c.words) > 0 {
		p := c.words[len(c.words)-1].end
		p = skipBlanks(lx.src, p, 4)
		if p < len(lx.src) && lx.src[p] == '<' {
			if sp, ok := substPrinted(lx.src, skipBlanks(lx.src, p+1, 4)); ok {
				sp.id = ruleCLIStdin
				emit(sp)
			}
		}
	}
}

// secretVarName reports a variable name that names a credential
// (zsh's read NAME?PROMPT is the name NAME).
func secretVarName(w string) bool {
	if i := strings.IndexByte(w, '?'); i > 0 {
		w = w[:i]
	}
	if i := strings.IndexByte(w, '['); i > 0 && strings.HasSuffix(w, "]") {
		// NAME[SUB]: an element of NAME, or the SUB entry (cfg[password]).
		return secretVarName(w[:i]) || secretVarName(trimQuotes(w[i+1:len(w)-1]))
	}
	if w == "" || !isIdent(w) {
		return false
	}
	switch classifyKey(w) {
	case keyPassword, keyStrong:
		return true
	}
	return false
}

// wholeCommand reports a positional rule that reads all of its command's
// arguments as its own (clibuiltins.go, cliscript.go).
func wholeCommand(pos string) bool {
	return strings.HasPrefix(pos, "assigns:") || strings.HasPrefix(pos, "script:")
}
