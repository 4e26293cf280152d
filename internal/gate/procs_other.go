//go:build !linux

package gate

import "github.com/mandate-dev/mandate/internal/policy"

// mandateProcs lists Mandate's running processes. Outside Linux there is
// no /proc to read them from cheaply, so none is known: the policy still
// denies a signal whose target it cannot tell apart from Mandate's
// processes (see policy.Options.Procs).
func mandateProcs(bins []string) []policy.Proc { return nil }
