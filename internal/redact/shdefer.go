package redact

import "strings"

// Red-team round 15 (#25): text the shell runs later, with the bindings
// made after it is set,
//
//	trap 'mysql -p"$X" db' EXIT; X=PW
//
// A trap's action is shell text like eval's, but it runs when the signal
// (or EXIT, ERR, DEBUG, RETURN) comes: at the latest when the script ends.
// The actions are queued and lexed after the whole input, in the current
// shell, with the variables and positional parameters bound by then.
// Lexing them at the end is the over-approximation for every trap (a
// DEBUG trap runs before each command, and sees less): the value a
// variable has last is the one a later run sees, and every binding the
// line makes is in the view already.

// maxDeferred bounds the trap actions remembered.
const maxDeferred = 16

// trap queues trap ACTION SIGNAL…'s action (args are trap's words).
func (b *shBuilder) trap(args []shtok) {
	lx := b.lx
	if len(args) > 0 && lx.text(args[0]) == "--" {
		args = args[1:]
	}
	if len(args) < 2 {
		return // trap, trap -l, trap -p, trap SIGNAL (a reset)
	}
	if len(b.deferred) >= maxDeferred || b.depth >= shCallDepth {
		lx.giveUp() // round 16: an action not judged (failclosed.go)
		return
	}
	if w := lx.text(args[0]); w == "" || w == "-" || strings.HasPrefix(w, "-") && !args[0].quoted {
		return
	}
	body, dq := wordsSpan(lx.src, args[:1])
	if body.end > body.start {
		b.deferred = append(b.deferred, shCall{body: body, dq: dq, keep: true})
	}
}

// runDeferred lexes the queued trap actions at the end of the input.
func (b *shBuilder) runDeferred() {
	if len(b.deferred) == 0 {
		return
	}
	b.calls, b.deferred = b.deferred, nil
	b.runCalls()
}
