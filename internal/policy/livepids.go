package policy

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Live pids (red-team round 18 #61). A literal pid reaches Mandate's
// process whatever program it is given to: perf -p attaches to it, choom
// -p changes its OOM score, lsof -p lists its open state files. Two
// checks, for every program the signal rules do not read (signals.go):
//
//   - the programs known to take pids (pidopts.go): the value of a pid
//     option, or an operand, that is Mandate's process, group or session,
//     or is not known before the line runs, is denied (pidTarget, as for
//     kill);
//   - the structural backstop, for every other program: any word of the
//     command — an operand, an option's value, a glued -p1234, a
//     --pid=1234, a comma list 1,2, a number inside inline code — that
//     equals the pid, process group or session of a running Mandate
//     process is denied, except for the few programs that only print
//     about a process (pidListers). Where Mandate's processes cannot be
//     listed the backstop says nothing (every number would be suspect);
//     the first check still denies.
//
// The backstop looks each number up by one stat of /proc/N/exe
// (mandateNumberIn), so most lines cost nothing.

// pidCommand applies both checks to c.
func (ev *evaluation) pidCommand(c *shell.Command) {
	if spec, ok := pidPrograms.Get()[c.Name]; ok {
		if why := ev.pidSpecTarget(c, spec); why != "" {
			ev.denySignal(c, "acts on "+why+" (a process it attaches to, changes or reads the state of)")
			return
		}
	}
	if pidListers.Get()[c.Name] || ev.p.opt.Procs == nil || !ev.p.opt.LiveIDs {
		return
	}
	if why := ev.mandateNumberIn(c.Args); why != "" {
		ev.denySignal(c, "is given "+why+": a program given a live Mandate process's id may act on it")
	}
}

// maxPidProbes bounds the numbers of one command looked up one by one;
// past it, Mandate's processes are listed once and every number compared.
const maxPidProbes = 256

// mandateNumberIn says which running Mandate process a number in args
// names, or "". A number is looked up by one stat of /proc/N/exe,
// compared with the protected binaries: a kernel thread, another user's
// process or no process costs one failed stat, and most lines' numbers
// (head -n 20, sleep 5) are one of those. Mandate's engine leads its own
// process group and session, so their ids are its pid. Past maxPidProbes
// numbers, the process list (Procs) is read once and the pids, groups and
// sessions of every Mandate process compared.
func (ev *evaluation) mandateNumberIn(args []string) string {
	why, probes := "", 0
	for _, a := range args {
		eachPidPiece(a, func(n int) bool {
			if probes++; probes > maxPidProbes {
				return false
			}
			why = ev.mandatePid(n)
			return why == ""
		})
		if why != "" || probes > maxPidProbes {
			break
		}
	}
	if why != "" || probes <= maxPidProbes {
		return why
	}
	for _, pr := range ev.procList() {
		if pr.Unknown {
			return "a process id among more than " + strconv.Itoa(maxPidProbes) + " numbers, which cannot be told from Mandate's"
		}
	}
	for _, a := range args {
		if why := ev.livePidIn(a); why != "" {
			return why
		}
	}
	return ""
}

// mandatePid says which Mandate process n is, or "": /proc/N/exe is the
// same file as one of the protected binaries.
func (ev *evaluation) mandatePid(n int) string {
	if n > maxPid {
		return ""
	}
	fi, err := os.Stat("/proc/" + strconv.Itoa(n) + "/exe")
	if err != nil {
		return ""
	}
	for _, b := range ev.binaryInfos() {
		if os.SameFile(fi, b.fi) {
			return fmt.Sprintf("Mandate's process %d (%s)", n, b.path)
		}
	}
	return ""
}

// maxPid is Linux's largest pid (PID_MAX_LIMIT on 64-bit).
const maxPid = 1 << 22

type binInfo struct {
	path string
	fi   os.FileInfo
}

// binaryInfos returns the protected binaries as os.Stat sees them, once
// per evaluation.
func (ev *evaluation) binaryInfos() []binInfo {
	fx := ev.facts()
	if !fx.binInfosDone {
		fx.binInfosDone = true
		for _, b := range ev.binaries() {
			if fi, err := os.Stat(b.path); err == nil {
				fx.binInfos = append(fx.binInfos, binInfo{b.path, fi})
			}
		}
	}
	return fx.binInfos
}

// pidSpecTarget says why the pids c's program takes (spec) could be
// Mandate's, or "".
func (ev *evaluation) pidSpecTarget(c *shell.Command, spec pidSpec) string {
	opts, pos := parseOpts(c.Args, optSet{shortVal: spec.short, longVal: spec.long})
	var vals []string
	for _, o := range opts {
		if !o.hasVal {
			continue
		}
		if len(o.name) == 2 && strings.Contains(spec.short, o.name[1:]) ||
			strings.HasPrefix(o.name, "--") && containsStr(spec.long, o.name[2:]) {
			vals = append(vals, o.val)
		}
	}
	if spec.operands {
		vals = append(vals, pos...)
	}
	for _, v := range vals {
		if dynamicWord(v) {
			return fmt.Sprintf("%q, a process not known before the line runs", v)
		}
		for _, one := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '^' }) {
			if !isPidWord(one) {
				continue
			}
			if w := ev.pidTarget(one, false); w != "" {
				return strings.TrimPrefix(w, "signals ")
			}
		}
	}
	return ""
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// pidSep separates the pieces of a word that may each be a pid: blanks,
// list and assignment separators, and the punctuation of inline code.
func pidSep(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\v', '\f', '\r', '+', ',', '=', ':', ';', '(', ')', '[', ']', '{', '}', '"', '\'', '^', '@', '#', '<', '>', '|', '&':
		return true
	}
	return false
}

// eachPidPiece calls f with each number in w that could be a pid: every
// reading (pidReadings: decimal, 0x hex, 0 octal, a number's digits before
// other characters, its low 32 bits) greater than 1 of a piece between
// separators ('+' among them), or of an option with the number glued
// (-p1234, --pid1234).
func eachPidPiece(w string, f func(n int) bool) {
	for i := 0; i < len(w); {
		for i < len(w) && pidSep(w[i]) {
			i++
		}
		j := i
		for j < len(w) && !pidSep(w[j]) {
			j++
		}
		piece := w[i:j]
		i = j
		if len(piece) > 0 && piece[0] == '-' {
			piece = strings.TrimLeft(piece, "-")
			k := 0
			for k < len(piece) && (piece[k] >= 'a' && piece[k] <= 'z' || piece[k] >= 'A' && piece[k] <= 'Z') {
				k++
			}
			piece = piece[k:]
		}
		stop := false
		pidReadings(piece, func(n int) bool {
			if n > 1 && !f(n) {
				stop = true
			}
			return !stop
		})
		if stop {
			return
		}
	}
}

// livePidIn says which running Mandate process a number in w names (its
// pid, process group or session), or "".
func (ev *evaluation) livePidIn(w string) string {
	why := ""
	eachPidPiece(w, func(n int) bool {
		for _, pr := range ev.procList() {
			switch n {
			case pr.Pid:
				why = fmt.Sprintf("Mandate's process %d (%s)", n, procName(pr))
			case pr.Pgid:
				why = fmt.Sprintf("the process group %d of Mandate's process %d (%s)", n, pr.Pid, procName(pr))
			case pr.Sid:
				why = fmt.Sprintf("the session %d of Mandate's process %d (%s)", n, pr.Pid, procName(pr))
			default:
				continue
			}
			return false
		}
		return true
	})
	return why
}
