package redact

import "strings"

// Red-team round 11 (#29): a value handed to a child shell through its
// environment,
//
//	X=PW sh -c 'mysql -p"$X"'         export X=PW; bash -c '…"$X"…'
//	env X=PW bash -c 'sshpass -p "$X" ssh h'
//	docker run -e X=PW img sh -c '…"$X"…'
//
// reaches the script's password position as surely as a positional
// argument, but only sh -c's positionals were bound into its script, and
// only when it had some. Now sh -c SCRIPT is followed wherever the
// command runs it (after env, sudo, a wrapper's options, a container
// runner's arguments), with or without positionals: the NAME=VALUE words
// before the shell (env's, -e's) are bound first, and the script is
// lexed again, after the pipeline, with every variable the view knows
// (exported or not: which were exported is not tracked, and the whole
// errs towards masking).

// shShells are the shells whose -c SCRIPT NAME ARGS… runs SCRIPT with
// the positional parameters ARGS.
var shShells = map[string]bool{"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "mksh": true, "ash": true, "busybox": true}

// childShell follows the first shell of words run with -c SCRIPT.
func (b *shBuilder) childShell(words []shtok) {
	lx := b.lx
	for i, w := range words {
		if i >= maxCLIArgs {
			// Round 16: a shell past the bound is not followed; its
			// script is not judged (failclosed.go).
			for _, x := range words[i:] {
				if shShells[progName(lx.text(x))] {
					lx.giveUp()
					break
				}
			}
			return
		}
		if !shShells[progName(lx.text(w))] {
			continue
		}
		script, args, ok := b.shellScript(words[i+1:])
		if !ok {
			continue
		}
		if b.depth >= shCallDepth {
			lx.giveUp() // round 16 (#21): a script past the depth bound
			return
		}
		// The child's environment: NAME=VALUE words before it.
		for _, a := range words[:i] {
			if isAssignWord(lx.src[a.start:a.end]) {
				b.assign(a, false)
			} else if a.expanded {
				// Red-team round 15 (#26): env $(echo X=PW) sh -c …: the
				// NAME=VALUE words an expansion prints, as export's.
				b.bindText(lx.out, a.t0, a.t1, true)
			}
		}
		call := shCall{body: span{start: script.start + 1, end: script.end - 1}, zero: true, dq: lx.src[script.start] == '"'}
		if len(args) > 0 {
			// $0 is NAME (round 13 #31: sh -c 'mysql -p"$0"' PW); the
			// parameters are the rest.
			call.args = b.wordVars(args)
			call.zeroArg = true
		}
		b.calls = append(b.calls, call)
		return
	}
}

// shellScript finds -c SCRIPT among a shell's options (args): the
// script, written as one quoted string, and the words after it. In
// double quotes (bash -c "mysql -p\"\$X\""), the script is lexed again
// from the input with the outer quoting's escapes undone (shlex.dq).
func (b *shBuilder) shellScript(args []shtok) (shtok, []shtok, bool) {
	lx := b.lx
	for i, a := range args {
		w := lx.text(a)
		if len(w) < 2 || w[0] != '-' || w[1] == '-' {
			return shtok{}, nil, false
		}
		if !strings.HasSuffix(w, "c") {
			continue
		}
		if i+1 >= len(args) {
			return shtok{}, nil, false
		}
		script := args[i+1]
		raw := lx.src[script.start:script.end]
		if len(raw) < 2 || !script.quoted || raw[0] != raw[len(raw)-1] || raw[0] != '\'' && raw[0] != '"' {
			return shtok{}, nil, false
		}
		return script, args[i+2:], true
	}
	return shtok{}, nil, false
}
