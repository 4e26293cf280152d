//go:build !linux

package gate

import (
	"time"

	"github.com/mandate-dev/mandate/internal/policy"
)

// mandateProcs lists Mandate's running processes. Outside Linux there is
// no /proc to read them from cheaply, so they are unknown, which the
// policy takes as "any process may be Mandate's": a signal to any pid or
// process group is denied (policy.UnknownProcs). mandate doctor says so.
func mandateProcs(bins []string) []policy.Proc { return policy.UnknownProcs() }

// procStart is a process's start time; outside Linux it is unknown.
func procStart(pid int) time.Time { return time.Time{} }
