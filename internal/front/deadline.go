//go:build unix

package front

import (
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// A hook call has one deadline, hookwire.FrontDeadline from the moment
// the front starts, below the timeout the agents are given for the hook
// (hookwire.HookTimeout), past which most of them run the tool call
// (red-team round 26 (b), #1). A watchdog goroutine sleeps until it and
// then, unless the call was answered, answers deny itself in the calling
// agent's format (hookwire.DeadlineAnswer), whatever is still running:
// reading the payload, the engine's connection, the in-process fallback
// (killed). It does no other work and waits on nothing else, so that no
// stalled engine, stalled stdin or busy child can hold it; the process
// exits once it answered.
//
// Exactly one answer is written: the call's path and the watchdog claim
// it (claim) before writing anything, and whoever loses never writes.
// The deny is recorded by a detached `mandate-engine hook` run on the
// same payload (recordDeny), told the deadline passed
// (hookwire.DeadlinePassedEnv), under the request id
// hookwire.DeadlineID: the engine may have recorded a decision under the
// call's own id that nobody received, and a retry of the same record is
// refused as a duplicate, so the deny is neither lost nor recorded twice.
//
// The engine gets the deadline too (hookwire.DeadlineEnv): its own
// budget ends hookwire.AnswerMargin before it, so a call merely slow is
// answered and recorded by the engine itself, and the watchdog only
// fires when the engine could not even do that.
type watchdog struct {
	agent string
	// claimed: an answer is being written
	claimed atomic.Bool
	// child is the in-process fallback's pid (0: none)
	child atomic.Int64
	// record has the deny recorded; set once the payload is read
	record atomic.Pointer[func()]
}

// startWatchdog arms the deadline of the hook call args, started at
// start.
func startWatchdog(args []string, start time.Time) *watchdog {
	w := &watchdog{agent: "claude"}
	if len(args) > 1 {
		w.agent = args[1]
	}
	go func() {
		time.Sleep(time.Until(start.Add(hookwire.FrontDeadline)))
		w.fire()
	}()
	return w
}

// deadlineEnv is the environment entry that gives the engine the deadline.
func deadlineEnv(start time.Time) string {
	return hookwire.DeadlineEnv + "=" + strconv.FormatInt(start.Add(hookwire.FrontDeadline).UnixMilli(), 10)
}

// claim reports whether the caller may answer: only the first does.
func (w *watchdog) claim() bool { return w.claimed.CompareAndSwap(false, true) }

// lost is the call's path once the watchdog answered: it waits for the
// process to exit.
func (w *watchdog) lost() int {
	for {
		time.Sleep(time.Hour)
	}
}

// answer writes the call's answer and returns its exit code, unless the
// watchdog answered first.
func (w *watchdog) answer(stdout, stderr []byte, code int) int {
	if !w.claim() {
		return w.lost()
	}
	if len(stdout) > 0 {
		os.Stdout.Write(stdout)
	}
	if len(stderr) > 0 {
		os.Stderr.Write(stderr)
	}
	return code
}

// refuse is the front's own refusal (front.go refuse), claimed.
func (w *watchdog) refuse(args []string, why string) int {
	if !w.claim() {
		return w.lost()
	}
	return refuse(args, why)
}

// fire answers deny at the deadline.
func (w *watchdog) fire() {
	if !w.claim() {
		return // answered in time
	}
	if pid := w.child.Load(); pid > 0 {
		syscall.Kill(int(pid), syscall.SIGKILL)
	}
	out, errOut := hookwire.DeadlineAnswer(w.agent)
	os.Stdout.WriteString(out)
	os.Stderr.WriteString(errOut)
	if rec := w.record.Load(); rec != nil {
		(*rec)()
	}
	os.Exit(2)
}

// armRecord makes the watchdog's deny recorded: by a detached
// mandate-engine hook with the same arguments and payload, env with
// hookwire.DeadlinePassedEnv and the request id hookwire.DeadlineID(id).
// Without an id the call is not idempotent and nothing is recorded by
// the front (the engine records what it decided, if it did).
func (w *watchdog) armRecord(engine string, argv, env []string, id string, payload []byte) {
	if id == "" {
		return
	}
	env = append(env[:len(env):len(env)], hookwire.RequestIDEnv+"="+hookwire.DeadlineID(id), hookwire.DeadlinePassedEnv+"=1")
	rec := func() { recordDeny(engine, argv, env, payload) }
	w.record.Store(&rec)
}

// recordDeny starts mandate-engine on payload in its own session, not
// waited for, its output discarded. The payload goes through a pipe
// when it fits in one, else through an unlinked file.
func recordDeny(engine string, argv, env []string, payload []byte) {
	null, err := syscall.Open("/dev/null", syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	defer syscall.Close(null)
	in := payloadFile(payload)
	if in < 0 {
		return
	}
	defer syscall.Close(in)
	_, _ = syscall.ForkExec(engine, argv, &syscall.ProcAttr{
		Env:   env,
		Files: []uintptr{uintptr(in), uintptr(null), uintptr(null)},
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
}

// payloadFile is a descriptor to read payload from: a pipe holding it,
// or an unlinked file in the temporary directory; -1 when neither can be
// made.
func payloadFile(payload []byte) int {
	var p [2]int
	if pipe(p[:]) == nil {
		if fits(p[1], len(payload)) && writeAll(p[1], payload) == nil {
			syscall.Close(p[1])
			return p[0]
		}
		syscall.Close(p[0])
		syscall.Close(p[1])
	}
	var b [8]byte
	randomBytes(b[:])
	name := os.TempDir() + "/.mandate-deny-" + strconv.FormatUint(uint64(b[0])|uint64(b[1])<<8|uint64(b[2])<<16|uint64(b[3])<<24|uint64(b[4])<<32, 36)
	fd, err := syscall.Open(name, syscall.O_RDWR|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return -1
	}
	syscall.Unlink(name)
	if writeAll(fd, payload) != nil {
		syscall.Close(fd)
		return -1
	}
	if _, err := syscall.Seek(fd, 0, 0); err != nil {
		syscall.Close(fd)
		return -1
	}
	return fd
}
