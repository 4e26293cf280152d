package gate

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// Tool calls in flight. A governance file that changes while one of an
// agent's tool calls is running was changed by that call, whatever its
// command line looked like. Every call allowed (or asked) at its pre-tool
// event takes off, and lands at its post-tool event; a call whose
// post-tool event never comes (a person rejected it, the agent sends none
// for that tool) lands at the session's next turn boundary
// (turnBoundaries), at the session's end, or after flightTTL. A call that
// started a command in the background stays in flight after its
// post-tool event until one of the latter.
//
// Hook events carry no proof of where they come from: a script an agent
// runs can run `mandate hook <agent>` itself with a post-tool event, a turn
// boundary or a session end of its own session, landing the call it runs
// in, and change governance files after. So an event lands only calls of
// the process that sent it: every call records, at its pre-tool event, the
// pid of the hook's caller (the agent: the hook's parent process, or its
// first ancestor past the shells that only run the hook, hookshell.go), and a
// landing event from another pid lands none of them — the change that
// follows is made while the call is in flight, a tamper event. The
// refusal is on the event's record (extra.landing). A session end from a
// process other than the one that opened the session does not end it
// either (Session.AgentPid).
//
// What the pid cannot tell apart is a process the agent started directly
// that replaces itself with mandate: "exec python3 x.py" makes python3
// the agent's child, and it can exec `mandate hook` with a turn boundary
// or a session end of its own while its call runs. So a command line's
// call (an exec action) is landed by a turn boundary or a session end
// only when the process that sent it provably is not the call's: it was
// started (Config.CallerStart, the kernel's start time of the hook
// process) more than execForkWindow after the call was allowed — the
// agent starts an allowed command at once, and a hook process is started
// for each event. An exec call that was asked (the command starts when a
// person approves, at any time), or whose caller's start time is unknown,
// lands only at its own post-tool event or after flightTTL. An exec call
// whose post-tool event never came (interrupted) is landed by the next
// turn boundary late enough, the cost of the rule: a change a person
// makes in between is attributed to the call.
//
// Each session has one append-only file, inflight/<session key>, one line
// per event (a line is appended whole by one O_APPEND write, so hook
// processes of the same session never interleave within a line):
//
//	+ NAME DECISION STARTED BACKGROUND TOOL AGENT PID   a call took off
//	- NAME PID                                        the call NAME of PID landed
//	-n TOOL PID                                       the oldest unnamed call of TOOL of PID landed
//	* PID CALLER                                      a turn boundary: all but PID's background calls landed
//	! PID CALLER                                      the end of PID: all of its calls landed
//	= NAME DECISION                                   the call NAME was denied (decided.go; no flight)
//
// NAME is the call's tool use id digested (or n-DECISION when the agent
// sends none), DECISION the index of its decision record, STARTED Unix
// nanoseconds, BACKGROUND 0 or 1 followed by x for an allowed exec call
// or a for an asked one, TOOL and AGENT quoted, CALLER the start time of
// the process that sent the event (Unix ns, 0 unknown: exec calls stay),
// PID the caller's
// (lines of an earlier version have no PID: theirs matches any). Appending a
// line costs no directory change, unlike a file per call; the file is
// removed at the session's end, or when nothing was appended to it for
// flightTTL. Attribution is conservative: a change seen while any call of
// any session is in flight names every such call. The files hold no
// identifiers (the decision record's index points at what the call was).
// "Removed" is renamed: the lines are the memory of the session's
// decisions, kept for decisionMemory (decided.go).

// flightTTL bounds how long a call counts as in flight: longer than any
// agent's foreground tool timeout (Claude Code's longest is 10 minutes).
const flightTTL = 30 * time.Minute

// execForkWindow is how long after an allowed command line's call took
// off the process running it may have been started (the agent starts it
// at once; the kernel's start time is read with a second's precision).
const execForkWindow = 5 * time.Second

// maxFlightLog bounds how much of a session's file is read.
const maxFlightLog = 16 << 20

// flight is one tool call in flight.
type flight struct {
	Agent      string
	Tool       string
	Decision   int64 // index of its decision record
	Started    int64 // Unix ns
	Background bool
	Pid        int // the process that sent its pre-tool event
	// Exec is 'x' for a command line's call that was allowed, 'a' for
	// one that was asked, 0 otherwise.
	Exec byte

	session string // the session's key
	name    string
}

func (g *Gate) flightsDir() string { return filepath.Join(g.cfg.StateDir, "inflight") }

// sessionKey is the name, safe as a file name, of an agent's session.
func sessionKey(agent, id string) string {
	sum := sha256.Sum256([]byte(agent + "\x00" + id))
	return hex.EncodeToString(sum[:12])
}

// callName names a call: by its tool use id, else by its decision record
// (agents that send no id: their post-tool event lands the oldest call of
// the same tool).
func callName(ev *hook.Event, decision int64) string {
	if ev.ToolUseID != "" {
		sum := sha256.Sum256([]byte(ev.ToolUseID))
		return "u-" + hex.EncodeToString(sum[:12])
	}
	return "n-" + strconv.FormatInt(decision, 10)
}

// background reports whether a tool call's input starts a command that
// outlives the call.
func background(ev *hook.Event) bool {
	if backgroundTools[ev.Tool] {
		return true
	}
	for _, k := range backgroundInputs {
		if b, ok := ev.Input[k].(bool); ok && b {
			return true
		}
	}
	return false
}

// takeOff notes the call as in flight; asked: its decision was ask.
func (g *Gate) takeOff(sessKey string, ev *hook.Event, decision int64, asked bool) error {
	bg := "0"
	if background(ev) {
		bg = "1"
	}
	for _, a := range ev.Actions {
		if a.Kind == action.Exec {
			if asked {
				bg += "a"
			} else {
				bg += "x"
			}
			break
		}
	}
	// "+ NAME DECISION NANOS BG "TOOL" "AGENT" PPID\n", appended rather
	// than formatted: it is written on every allowed call.
	b := make([]byte, 0, 128)
	b = append(append(b, "+ "...), callName(ev, decision)...)
	b = strconv.AppendInt(append(b, ' '), decision, 10)
	b = strconv.AppendInt(append(b, ' '), g.cfg.Now().UnixNano(), 10)
	b = append(append(b, ' '), bg...)
	b = strconv.AppendQuote(append(b, ' '), ev.Tool)
	b = strconv.AppendQuote(append(b, ' '), ev.Agent)
	b = strconv.AppendInt(append(b, ' '), int64(g.ppid()), 10)
	line := string(append(b, '\n'))
	if err := g.appendFlight(sessKey, line); err != nil {
		return fmt.Errorf("gate: noting the call in flight: %w", err)
	}
	return nil
}

// flying reports whether the call ev, decided by record decision, is in
// flight already: an earlier attempt of the same request (an engine that
// died after recording it) took it off while recording.
func (g *Gate) flying(sessKey string, ev *hook.Event, decision int64) bool {
	name := callName(ev, decision)
	for _, f := range g.sessionFlights(sessKey) {
		if f.name == name && f.Decision == decision && f.Pid == g.ppid() {
			return true
		}
	}
	return false
}

// landing says what a landing event of the caller does to the session's
// calls in flight: "" when it lands them (or none is in flight), else why
// the calls it would land stay in flight (they are other processes').
// Called before land or landAll, which append the landing.
func (g *Gate) landing(sessKey string, ev *hook.Event, boundary, end bool) string {
	name := callName(ev, 0)
	var others []int
	stays := 0
	caller := g.callerStart()
	for _, f := range g.sessionFlights(sessKey) {
		switch {
		case boundary || end:
			if f.Pid != g.ppid() && (end || !f.Background) {
				others = append(others, f.Pid)
			} else if (end || !f.Background) && !execLands(f, caller) {
				stays++
			}
		case f.name == name || (ev.ToolUseID == "" && strings.HasPrefix(f.name, "n-") && f.Tool == ev.Tool):
			if f.Pid == g.ppid() {
				return ""
			}
			if !f.Background {
				others = append(others, f.Pid)
			}
		}
	}
	if r := g.refusal(others); r != "" || stays == 0 {
		return r
	}
	return fmt.Sprintf("refused: %d command line call(s) in flight may still be running, and the process that sent the event may be one (started %s); they stay in flight until their own post-tool event",
		stays, startText(caller))
}

// execLands reports whether a turn boundary or session end sent by a
// process started at caller (Unix ns, 0 unknown) lands f (see above).
func execLands(f flight, caller int64) bool {
	switch f.Exec {
	case 0:
		return true
	case 'x':
		return caller > 0 && caller > f.Started+int64(execForkWindow)
	}
	return false
}

// callerStart is the start time of the process that sent the event (of
// the hook shell that started it, when one did: hookshell.go), Unix ns, 0
// when unknown.
func (g *Gate) callerStart() int64 {
	if top := g.hookShell(); top > 0 {
		// The hook was started by a hook shell, itself the agent's child:
		// the shell's start time is the caller's (hookshell.go).
		if t := procStart(top); !t.IsZero() {
			return t.UnixNano()
		}
		return 0
	}
	if g.cfg.CallerStart == nil {
		return 0
	}
	t := g.cfg.CallerStart()
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func startText(ns int64) string {
	if ns == 0 {
		return "at an unknown time"
	}
	return time.Unix(0, ns).UTC().Format(time.RFC3339)
}

// land notes the end of the call ev reports on, for the caller's calls (a
// call running in the background stays in flight: see readFlights).
func (g *Gate) land(sessKey string, ev *hook.Event) {
	line := fmt.Sprintf("- %s %d\n", callName(ev, 0), g.ppid())
	if ev.ToolUseID == "" {
		line = fmt.Sprintf("-n %s %d\n", strconv.Quote(ev.Tool), g.ppid())
	}
	_ = g.appendFlight(sessKey, line) // a lost landing only attributes more
}

// landAll notes a turn boundary of the caller (its calls but those in the
// background landed), or its end (all of its calls landed; the file goes
// when nothing else is in flight).
func (g *Gate) landAll(sessKey string, keepBackground bool) {
	mark := "*"
	if !keepBackground {
		mark = "!"
	}
	_ = g.appendFlight(sessKey, fmt.Sprintf("%s %d %d\n", mark, g.ppid(), g.callerStart()))
	if !keepBackground && len(g.sessionFlights(sessKey)) == 0 {
		forgetFlights(g.flightsDir(), sessKey) // its decisions are remembered (decided.go)
	}
}

// refusal says why an event of the caller landed none of the calls of
// others.
func (g *Gate) refusal(others []int) string {
	if len(others) == 0 {
		return ""
	}
	slices.Sort(others)
	others = slices.Compact(others)
	ps := make([]string, len(others))
	for i, p := range others {
		ps[i] = strconv.Itoa(p)
	}
	return fmt.Sprintf("refused: the event comes from process %d, not from the agent process that made the calls in flight (%s); they stay in flight",
		g.ppid(), strings.Join(ps, ", "))
}

// sessionFlights lists the session's calls in flight now.
func (g *Gate) sessionFlights(sessKey string) []flight {
	return readFlights(filepath.Join(g.flightsDir(), sessKey), sessKey, g.cfg.Now())
}

// appendFlight appends one line to the session's file, creating it (and
// the directory) when needed. It is not synced: after a crash a call is
// simply no longer in flight.
func (g *Gate) appendFlight(sessKey, line string) error {
	path := filepath.Join(g.flightsDir(), sessKey)
	var err error
	for try := 0; try < 3; try++ {
		if err = appendLine(path, line); !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err = os.MkdirAll(g.flightsDir(), 0o700); err != nil {
			return err
		}
	}
	return err
}

func appendLine(path, line string) error {
	var fd int
	var err error
	for {
		fd, err = unix.Open(path, unix.O_WRONLY|unix.O_APPEND|unix.O_CREAT|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0o600)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	b := []byte(line)
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

// readFlights returns the calls of one session's file still in flight at
// now, oldest first.
func readFlights(path, sessKey string, now time.Time) []flight {
	b, err := readRegular(path, maxFlightLog, false)
	if errors.Is(err, errTooLarge) {
		// Which calls are in flight cannot be told: count one, so that a
		// change is attributed rather than accepted.
		return []flight{{Tool: "(unknown: the session's in-flight log is too large)", Decision: -1, Started: now.UnixNano(), session: sessKey}}
	}
	if err != nil {
		return nil
	}
	var live []flight
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+ "):
			if f, ok := parseTakeOff(line[2:]); ok {
				f.session = sessKey
				live = append(live, f)
			}
		case strings.HasPrefix(line, "- "):
			name, pid := landingPid(line[2:])
			for i, f := range live {
				if f.name == name && pidMatches(f.Pid, pid) {
					if !f.Background {
						live = append(live[:i], live[i+1:]...)
					}
					break
				}
			}
		case strings.HasPrefix(line, "-n "):
			quoted, pid := landingPid(line[3:])
			tool, err := strconv.Unquote(quoted)
			if err != nil {
				continue
			}
			for i, f := range live {
				if strings.HasPrefix(f.name, "n-") && f.Tool == tool && pidMatches(f.Pid, pid) {
					if !f.Background {
						live = append(live[:i], live[i+1:]...)
					}
					break
				}
			}
		case line == "*" || strings.HasPrefix(line, "* ") || strings.HasPrefix(line, "! "):
			pid, caller := boundaryFields(line[1:])
			all := line[0] == '!'
			kept := live[:0]
			for _, f := range live {
				if !pidMatches(f.Pid, pid) || (f.Background && !all) || !execLands(f, caller) {
					kept = append(kept, f)
				}
			}
			live = kept
		}
	}
	out := live[:0]
	for _, f := range live {
		if now.Sub(time.Unix(0, f.Started)) <= flightTTL {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Started < out[j].Started })
	return out
}

// landingPid splits "WHAT PID" (a landing line's operand and caller);
// an operand alone (an earlier version's line) has pid -1, any.
func landingPid(s string) (string, int) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		if n, err := strconv.Atoi(s); err == nil && s != "" {
			return "", n
		}
		return s, -1
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return s, -1
	}
	return s[:i], n
}

// boundaryFields parses " PID CALLER" of a turn boundary or an end
// (pid -1: any, an earlier version's line; caller 0: unknown).
func boundaryFields(s string) (pid int, caller int64) {
	f := strings.Fields(s)
	pid = -1
	if len(f) > 0 {
		if n, err := strconv.Atoi(f[0]); err == nil {
			pid = n
		}
	}
	if len(f) > 1 {
		caller, _ = strconv.ParseInt(f[1], 10, 64)
	}
	return pid, caller
}

// pidMatches reports whether a landing by pid lands a call taken off by
// callPid (-1 on either side: a line of an earlier version).
func pidMatches(callPid, pid int) bool {
	return callPid == -1 || pid == -1 || callPid == pid
}

// parseTakeOff parses "NAME DECISION STARTED BACKGROUND TOOL AGENT PID".
func parseTakeOff(s string) (flight, bool) {
	var f flight
	fields := strings.SplitN(s, " ", 5)
	if len(fields) != 5 {
		return f, false
	}
	var err1, err2 error
	f.name = fields[0]
	f.Decision, err1 = strconv.ParseInt(fields[1], 10, 64)
	f.Started, err2 = strconv.ParseInt(fields[2], 10, 64)
	f.Background = strings.HasPrefix(fields[3], "1")
	if len(fields[3]) == 2 {
		f.Exec = fields[3][1]
	}
	tool, err3 := strconv.QuotedPrefix(fields[4])
	if err1 != nil || err2 != nil || err3 != nil {
		return f, false
	}
	f.Tool, _ = strconv.Unquote(tool)
	f.Pid = -1
	rest := strings.TrimSpace(fields[4][len(tool):])
	if agent, err := strconv.QuotedPrefix(rest); err == nil {
		f.Agent, _ = strconv.Unquote(agent)
		if pid, err := strconv.Atoi(strings.TrimSpace(rest[len(agent):])); err == nil {
			f.Pid = pid
		}
	}
	return f, true
}

// inFlight lists every call in flight in the state directory at now, and
// removes the files of sessions that have had nothing in flight for
// flightTTL.
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
		if strings.HasSuffix(s, endedSuffix) {
			continue // an ended session's decisions (decided.go)
		}
		path := filepath.Join(root, s)
		fs := readFlights(path, s, now)
		if len(fs) == 0 {
			var st unix.Stat_t
			if unix.Lstat(path, &st) == nil && time.Since(time.Unix(0, st.Mtim.Nano())) > flightTTL {
				forgetFlights(root, s) // idle for longer than any call runs
			}
			continue
		}
		out = append(out, fs...)
	}
	return out
}
