package gate

import (
	"context"
	"time"
)

// SentryOptions configure the resident engine's sentry (sentry_linux.go):
// inotify watches over the directories of every pinned file, which run
// the pin check (sweep.go) when one of them changes, without waiting for
// a hook call.
type SentryOptions struct {
	StateDir string
	// Open returns a gate for the check of the scope whose root is cwd
	// (the home directory for the global scope), and what to call when
	// the check is done.
	Open func(ctx context.Context, cwd string) (*Gate, func(), error)
	// Home is the user's home directory (the global scope's cwd).
	Home string
	Logf func(format string, a ...any)
	// Quiet is how long the watched directories must be still before a
	// burst of events is checked; MaxDelay bounds the wait for a burst
	// that does not stop; MinGap is the least time between two checks.
	// Zero: the defaults.
	Quiet, MaxDelay, MinGap time.Duration
}

// Defaults of SentryOptions.
const (
	sentryQuiet    = 50 * time.Millisecond
	sentryMaxDelay = time.Second
	sentryMinGap   = 200 * time.Millisecond
	// sentryTimeout bounds one check's records; sentryCloseWait, how
	// long Close waits for a check in progress.
	sentryTimeout   = 30 * time.Second
	sentryCloseWait = 5 * time.Second
	// maxSentryDirs bounds the directories watched: past it, the rest
	// are checked by hook calls only (logged once).
	maxSentryDirs = 2048
)

func (o *SentryOptions) defaults() {
	if o.Quiet <= 0 {
		o.Quiet = sentryQuiet
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = sentryMaxDelay
	}
	if o.MinGap <= 0 {
		o.MinGap = sentryMinGap
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

// check runs the sweep of each pending scope, each with its own gate;
// an error is logged and the next scope is checked.
func (o *SentryOptions) check(pending map[string]scope, snaps map[string]entrySnap) {
	for _, sc := range pending {
		cwd := sc.root
		if sc.global {
			cwd = o.Home
		}
		ctx, cancel := context.WithTimeout(context.Background(), sentryTimeout)
		g, done, err := o.Open(ctx, cwd)
		if err != nil {
			o.Logf("sentry: checking the pins of %s: %v", sc, err)
			cancel()
			continue
		}
		if err := g.sweep(ctx, sc, snaps); err != nil {
			o.Logf("sentry: checking the pins of %s: %v", sc, err)
		}
		done()
		cancel()
	}
}
