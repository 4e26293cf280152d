package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/gate"
)

// Mandate's own changes. A command that writes a governed file itself
// (install, uninstall, policy init) accepts it in the integrity pins when
// a person at a terminal runs it: the change is theirs, made through
// Mandate, and recorded. It accepts what it wrote, by digest
// (gate.AcceptOptions.Expect), and holds the pins lock from before its
// write to the end of the acceptance, so that no other process can hold
// the acceptance back while it replaces the file (red-team round 24 (c),
// #3); a file that holds anything else is refused, and the next hook
// call sees the change as anyone's. Run without a terminal (a script, or
// something an agent left behind), the pins are left alone likewise (a
// hook configuration's change locks until mandate tamper ack). Nothing
// is created where no state directory exists.

// ownChange is the acceptance of a change a command of Mandate's is about
// to make, prepared before the write; nil when there is none to make.
type ownChange struct {
	env *Env
	// note, when set, says why the pins will be left alone (printed
	// once something was written); nothing below is set then.
	note   string
	by     string
	dir    string
	tty    string
	log    *evidence.Log
	unlock func()
}

// afterOwnWrite runs between a command's write and its acceptance (a
// test's concurrent writer).
var afterOwnWrite = func(paths []string) {}

// beginOwnChange prepares the acceptance of paths, which the command
// named by is about to write: a person at a terminal runs it, the log is
// open and the pins lock is held. nil when nothing is pinned; with a note
// when the pins are to be left alone. Call done after the write,
// whatever happened.
func beginOwnChange(ctx context.Context, env *Env, by string, paths []string) *ownChange {
	dir, err := StateDir(env)
	if err != nil {
		return nil
	}
	if st, err := os.Stat(filepath.Join(dir, "pins")); err != nil || !st.IsDir() {
		return nil // nothing pinned yet: the first session pins the files as they are
	}
	pinned, err := gate.Pinned(dir, paths)
	if err != nil {
		return &ownChange{env: env, note: fmt.Sprintf("the integrity pins could not be read (%v): the next agent call may lock until `mandate tamper ack`", err)}
	}
	if !pinned {
		return nil
	}
	tty, ttyName, err := terminal(env)
	if err != nil || len(agentSignals(env)) > 0 {
		return &ownChange{env: env, note: fmt.Sprintf("not run by a person at a terminal (%v): the integrity pins were not moved; the next agent call sees this change as anyone's (a hook configuration's locks until a person runs `mandate tamper ack`)", errOr(err, "an agent's signals"))}
	}
	tty.Close()
	log, err := openAckLog(env, dir)
	if err != nil {
		return &ownChange{env: env, note: fmt.Sprintf("the change could not be recorded (%v): the integrity pins were not moved", err)}
	}
	unlock, err := gate.LockPins(dir)
	if err != nil {
		log.Close()
		return &ownChange{env: env, note: fmt.Sprintf("the integrity pins could not be locked (%v): they were not moved", err)}
	}
	return &ownChange{env: env, by: by, dir: dir, tty: ttyName, log: log, unlock: unlock}
}

// done accepts the files the command wrote, each by the digest of what it
// wrote (gate.WrittenDigest); nil written (the write failed, or changed
// nothing) accepts nothing. It releases the pins lock and the log.
func (oc *ownChange) done(ctx context.Context, written map[string]string) {
	if oc == nil {
		return
	}
	if oc.note != "" {
		if written != nil {
			fmt.Fprintf(oc.env.Stderr, "note: %s\n", oc.note)
		}
		return
	}
	defer oc.log.Close()
	defer oc.unlock()
	if written == nil {
		return
	}
	paths := make([]string, 0, len(written))
	for p := range written {
		paths = append(paths, p)
	}
	afterOwnWrite(paths)
	env := oc.env
	rep, err := gate.Accept(ctx, gate.AcceptOptions{StateDir: oc.dir, Paths: paths, Expect: written, By: oc.by, Held: true,
		Who: ackIdentity(ctx, env, oc.tty), Log: oc.log, Now: env.Now, Home: env.Getenv("HOME")})
	switch {
	case errors.Is(err, gate.ErrNothingPending):
	case err != nil:
		fmt.Fprintf(env.Stderr, "note: the integrity pins were not moved (%v): the next agent call may lock until `mandate tamper ack`\n", err)
	default:
		fmt.Fprintf(env.Stderr, "integrity pins moved to the new content (governance.accept record %d)\n", rep.Record)
	}
	if rep != nil {
		for _, l := range rep.Locked {
			fmt.Fprintf(env.Stderr, "note: %s is tamper-locked: its pins were left as they are (mandate tamper ack)\n", l)
		}
	}
}
