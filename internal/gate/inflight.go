package gate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/hook"
)

// Tool calls in flight. A governance file that changes while one of an
// agent's tool calls is running was changed by that call, whatever its
// command line looked like. Every call allowed (or asked) at its pre-tool
// event is written down as in flight in inflight/<session>/<call> and
// lands at its post-tool event; a call whose post-tool event never comes
// (a person rejected it, the agent sends none for that tool) lands at
// the session's next turn boundary (turnBoundaries), at the session's
// end, or after flightTTL. A call that started a command in the background
// stays in flight after its post-tool event until one of the latter.
//
// Attribution is conservative: a change seen while any call of any
// session is in flight names every such call. The files hold no
// identifiers (the decision record's index points at what the call was).

// flightTTL bounds how long a call counts as in flight: longer than any
// agent's foreground tool timeout (Claude Code's longest is 10 minutes).
const flightTTL = 30 * time.Minute

// flight is one tool call in flight.
type flight struct {
	Agent      string `json:"agent"`
	Tool       string `json:"tool"`
	Decision   int64  `json:"decision"` // index of its decision record
	Started    int64  `json:"started"`  // Unix ns
	Background bool   `json:"background,omitempty"`

	session string // the session's key (its directory)
	name    string // the file's name
}

func (g *Gate) flightsDir() string { return filepath.Join(g.cfg.StateDir, "inflight") }

// sessionKey is the name, safe as a file name, of an agent's session.
func sessionKey(agent, id string) string {
	sum := sha256.Sum256([]byte(agent + "\x00" + id))
	return hex.EncodeToString(sum[:12])
}

// callName names a call's file: by its tool use id, else by its decision
// record (agents that send no id: their post-tool event lands the oldest
// call of the same tool).
func callName(ev *hook.Event, decision int64) string {
	if ev.ToolUseID != "" {
		sum := sha256.Sum256([]byte(ev.ToolUseID))
		return "u-" + hex.EncodeToString(sum[:12])
	}
	return fmt.Sprintf("n-%020d", decision)
}

// background reports whether a tool call's input starts a command that
// outlives the call.
func background(ev *hook.Event) bool {
	for _, k := range backgroundInputs {
		if b, ok := ev.Input[k].(bool); ok && b {
			return true
		}
	}
	return false
}

// takeOff writes the call down as in flight.
func (g *Gate) takeOff(sessKey string, ev *hook.Event, decision int64) error {
	f := flight{Agent: ev.Agent, Tool: ev.Tool, Decision: decision, Started: g.cfg.Now().UnixNano(), Background: background(ev)}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	dir := filepath.Join(g.flightsDir(), sessKey)
	path := filepath.Join(dir, callName(ev, decision))
	// A session directory found empty is removed by inFlight: recreate it
	// and try again when it disappeared under us.
	for try := 0; try < 3; try++ {
		if err = writeSmall(path, b); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err = os.MkdirAll(dir, 0o700); err != nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("gate: noting the call in flight: %w", err)
	}
	return nil
}

// writeSmall writes b to a new file at path, replacing one that is there
// (removed first: truncating a file in place costs ext4 a flush of its
// data, a new file does not). It never writes through a symlink, and is
// not synced: after a crash a call is simply no longer in flight.
func writeSmall(path string, b []byte) error {
	var fd int
	var err error
	for try := 0; ; try++ {
		fd, err = unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0o600)
		if err == unix.EINTR {
			continue
		}
		if err == unix.EEXIST && try < 3 {
			unix.Unlink(path)
			continue
		}
		break
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		b = b[n:]
	}
	return nil
}

// land ends the call ev reports on, unless it runs in the background.
func (g *Gate) land(sessKey string, ev *hook.Event) {
	dir := filepath.Join(g.flightsDir(), sessKey)
	if ev.ToolUseID != "" {
		path := filepath.Join(dir, callName(ev, 0))
		if f, err := readFlight(path); err == nil && f.Background {
			return
		}
		os.Remove(path)
		return
	}
	// No id: the oldest call of the same tool.
	fs := readFlights(dir, sessKey)
	for _, f := range fs {
		if strings.HasPrefix(f.name, "n-") && f.Tool == ev.Tool {
			if !f.Background {
				os.Remove(filepath.Join(dir, f.name))
			}
			return
		}
	}
}

// landAll ends every call of a session (at a turn boundary, keeping those
// running in the background; at the session's end, all).
func (g *Gate) landAll(sessKey string, keepBackground bool) {
	dir := filepath.Join(g.flightsDir(), sessKey)
	if !keepBackground {
		os.RemoveAll(dir)
		return
	}
	for _, f := range readFlights(dir, sessKey) {
		if !f.Background {
			os.Remove(filepath.Join(dir, f.name))
		}
	}
}

func readFlight(path string) (flight, error) {
	var f flight
	b, err := readRegular(path, 4096, false)
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return f, err
	}
	return f, nil
}

// readFlights lists a session's calls in flight, oldest first.
func readFlights(dir, sessKey string) []flight {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	names, _ := d.Readdirnames(4096)
	d.Close()
	var out []flight
	for _, n := range names {
		f, err := readFlight(filepath.Join(dir, n))
		if err != nil {
			continue
		}
		f.session, f.name = sessKey, n
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Started != out[j].Started {
			return out[i].Started < out[j].Started
		}
		return out[i].name < out[j].name
	})
	return out
}

// inFlight lists every call in flight in the state directory, removing
// those older than flightTTL.
func inFlight(stateDir string, now time.Time) []flight {
	root := filepath.Join(stateDir, "inflight")
	d, err := os.Open(root)
	if err != nil {
		return nil
	}
	sessions, _ := d.Readdirnames(65536)
	d.Close()
	var out []flight
	for _, s := range sessions {
		dir := filepath.Join(root, s)
		fs := readFlights(dir, s)
		if len(fs) == 0 {
			os.Remove(dir) // empty: removes nothing if a call was just added
			continue
		}
		for _, f := range fs {
			if now.Sub(time.Unix(0, f.Started)) > flightTTL {
				os.Remove(filepath.Join(dir, f.name))
				continue
			}
			out = append(out, f)
		}
	}
	return out
}

// flightSummary names the calls in flight for a message.
func flightSummary(fs []flight) string {
	var parts []string
	for i, f := range fs {
		if i == 3 {
			parts = append(parts, "and "+strconv.Itoa(len(fs)-3)+" more")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s (record %d)", f.Agent, f.Tool, f.Decision))
	}
	return strings.Join(parts, ", ")
}
