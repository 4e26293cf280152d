package cli

import (
	"context"
	"sync"

	"github.com/mandate-dev/mandate/internal/gate"
)

// engineSentry is the resident engine's watch of the pinned governance
// files (gate.Sentry): while the engine runs, a change of a hook
// configuration or a Mandate binary is checked as a hook call would
// check it (locked and restored at once when it routes the agents'
// calls around Mandate) without waiting for a hook call that may never
// come (red-team round 28, #301). It starts once the engine serves and
// stops with it; it runs the checks with the engine's cache and its own
// environment (the engine's HOME is the state directory's user's).
type engineSentry struct {
	mu sync.Mutex
	s  *gate.Sentry
}

func (es *engineSentry) start(env *Env, dir string, cache *gate.Cache, logf func(string, ...any)) {
	s, err := gate.StartSentry(gate.SentryOptions{
		StateDir: dir,
		Home:     homeOf(env),
		Logf:     logf,
		Open: func(ctx context.Context, cwd string) (*gate.Gate, func(), error) {
			g, err := gate.Open(ctx, gate.Options{StateDir: dir, Cwd: cwd, Getenv: env.Getenv, Now: env.Now, Cache: cache})
			if err != nil {
				return nil, nil, err
			}
			return g, func() { g.Close() }, nil
		},
	})
	if err != nil {
		logf("the pins are checked by hook calls only: no watch (%v)", err)
		return
	}
	es.mu.Lock()
	es.s = s
	es.mu.Unlock()
}

func (es *engineSentry) stop() {
	es.mu.Lock()
	s := es.s
	es.s = nil
	es.mu.Unlock()
	if s != nil {
		s.Close()
	}
}
