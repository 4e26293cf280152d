package policy

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// slayCmd: slay [-SIGNAL] [-clean] [-n] [-q] USER… kills every process
// of the users it names, as pkill -u USER does: denied when one of them
// could own a Mandate process (or is not known before the line runs).
func (ev *evaluation) slayCmd(c *shell.Command) {
	for _, a := range c.Args {
		if strings.HasPrefix(a, "-") && !dynamicWord(a) {
			continue // a signal or a flag
		}
		if dynamicWord(a) {
			ev.denySignal(c, fmt.Sprintf("kills the processes of user %q, not known before the line runs", a))
			return
		}
		for _, pc := range ev.procCands() {
			if uidCould(a, pc.uid) {
				ev.denySignal(c, fmt.Sprintf("kills every process of user %q, Mandate's %s among them", a, pc.what()))
				return
			}
		}
	}
}
