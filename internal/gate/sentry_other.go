//go:build !linux

package gate

// Sentry is Linux's watch of the pinned files (sentry_linux.go);
// elsewhere the pins are checked by hook calls only.
type Sentry struct{}

// StartSentry starts nothing here.
func StartSentry(o SentryOptions) (*Sentry, error) { return &Sentry{}, nil }

// Close does nothing.
func (s *Sentry) Close() {}

// Sweeps is 0 here.
func (s *Sentry) Sweeps() int { return 0 }
