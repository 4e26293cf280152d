package gate

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/hook"
	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// The memory of decisions (red-team round 28 #306). Every call decided
// with a call id — allowed, asked or denied, or refused by a failure — is
// findable afterwards by its session and call id, so that a post-tool
// event can tell whether its call was decided at all (undecided.go). The
// memory is the session's in-flight file (inflight.go): an allowed or
// asked call's take-off line names it, and a denied one gets a line of its
// own,
//
//	= NAME DECISION    the call NAME was decided and did not take off
//
// which the landing bookkeeping ignores (readFlights knows no "= " line).
//
// The in-flight file goes away at the session's end and after flightTTL
// of idleness; a decision must be remembered longer than that (a post-tool
// event can come after either: a call that ran past flightTTL, an agent
// resuming a session). So the file is not removed but renamed to
// inflight/KEY.ended (its lines kept), and that is removed after
// decisionMemory. Whether a call was decided is then one of:
//
//   - decided: a line of the live or the ended file names it;
//   - unknown: not named, but the session's memory was dropped once
//     (an ended file exists: the file was recreated after it, and a
//     rename over an earlier ended file loses that one's lines), or
//     cannot be read (too large, unreadable): never taken for undecided;
//   - undecided: no file of the session names it and none was dropped:
//     nothing was decided under that id (or the ended file is older than
//     decisionMemory, longer than any call runs).
//
// The memory holds no identifiers: names are digests (callName).

// decisionMemory is how long an ended session's decisions are kept.
const decisionMemory = 7 * 24 * time.Hour

// endedSuffix names an ended session's file; session keys are hex.
const endedSuffix = ".ended"

// memory says what the decision memory holds for a call.
type memory int

const (
	undecided memory = iota
	decided
	unknownMemory
)

// noteDecided remembers a call decided without taking off (a deny, a
// failure's refusal). A call without a call id cannot be found again and
// is not noted. Best effort: a lost note makes the call's outcome, should
// one come, look undecided.
func (g *Gate) noteDecided(sessKey string, ev *hook.Event, decision int64) {
	if ev.ToolUseID == "" {
		return
	}
	b := make([]byte, 0, 64)
	b = append(append(b, "= "...), callName(ev, decision)...)
	// No pid: which process sent it does not matter here, and reading
	// the hook's parent costs a denied call what it need not (cli's
	// forwarded hooks read it only when needed).
	b = strconv.AppendInt(append(b, ' '), decision, 10)
	_ = g.appendFlight(sessKey, string(append(b, '\n')))
}

// remembered reports what the memory holds for the call ev names.
func (g *Gate) remembered(sessKey string, ev *hook.Event) memory {
	name := callName(ev, 0)
	live := filepath.Join(g.flightsDir(), sessKey)
	found, _, err := namesCall(live, name)
	switch {
	case found:
		return decided
	case err != nil:
		return unknownMemory
	}
	found, exists, err := namesCall(live+endedSuffix, name)
	switch {
	case found:
		return decided
	case err != nil || exists:
		return unknownMemory
	}
	return undecided
}

// namesCall reports whether the file at path has a take-off or decided
// line for name, and whether it exists; err when it cannot be read.
func namesCall(path, name string) (found, exists bool, err error) {
	b, err := readRegular(path, maxFlightLog, false)
	if errors.Is(err, fs.ErrNotExist) {
		return false, false, nil
	}
	if err != nil {
		return false, true, err
	}
	for _, mark := range []string{"+ ", "= "} {
		needle := mark + name + " "
		if bytes.HasPrefix(b, []byte(needle)) || bytes.Contains(b, []byte("\n"+needle)) {
			return true, true, nil
		}
	}
	return false, true, nil
}

// forgetFlights ends a session's in-flight file: renamed to its ended
// name (inflight.go's removals), where its decisions are remembered for
// decisionMemory; ended files older than that are removed.
func forgetFlights(dir, sessKey string) {
	path := filepath.Join(dir, sessKey)
	// A file that cannot be renamed stays: with nothing in flight in it,
	// it is only a memory (removing it would forget its decisions).
	_ = os.Rename(path, path+endedSuffix)
	pruneEnded(dir, time.Now())
}

// pruneEnded removes the ended files of dir older than decisionMemory.
func pruneEnded(dir string, now time.Time) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(65536)
	d.Close()
	for _, n := range names {
		if !strings.HasSuffix(n, endedSuffix) {
			continue
		}
		p := filepath.Join(dir, n)
		var st unix.Stat_t
		if unix.Lstat(p, &st) == nil && now.Sub(time.Unix(0, st.Mtim.Nano())) > decisionMemory {
			os.Remove(p)
		}
	}
}
