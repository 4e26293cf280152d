package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"slices"
	"strings"
)

// optSet describes the options of a program that parses them the GNU way
// (getopt_long: bundled short flags, -oVALUE and -o VALUE, --long=VALUE
// and --long VALUE, unambiguous abbreviations of long options, options
// after operands, "--" ends them).
type optSet struct {
	shortVal string   // short options that take a value
	longVal  []string // long options that take a value, without "--"
	longFlag []string // long options without a value, without "--"
	// sigFirst: a first argument "-SIGNAL" ("-9", "-KILL", "-SIGHUP") is
	// a signal, as kill, pkill, killall and skill read it.
	sigFirst bool
	// stopAtFirst: options end at the first operand (no permutation).
	stopAtFirst bool
}

// parsedOpt is one option as given: short options as "-x", long ones as
// "--name" (expanded from an abbreviation).
type parsedOpt struct {
	name, val string
	hasVal    bool
}

// parseOpts splits args into options and operands as set describes. An
// option that wants a value at the end of args gets none.
func parseOpts(args []string, set optSet) (opts []parsedOpt, pos []string) {
	i := 0
	if set.sigFirst && len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && isSignalName(args[0][1:]) {
		opts = append(opts, parsedOpt{name: "-SIGNAL", val: args[0][1:], hasVal: true})
		i = 1
	}
	for ; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return opts, append(pos, args[i+1:]...)
		case strings.HasPrefix(a, "--"):
			name, val, eq := strings.Cut(a[2:], "=")
			full, takes := set.long(name)
			o := parsedOpt{name: "--" + full}
			switch {
			case eq:
				o.val, o.hasVal = val, true
			case takes && i+1 < len(args):
				i++
				o.val, o.hasVal = args[i], true
			}
			opts = append(opts, o)
		case len(a) > 1 && a[0] == '-':
			for j := 1; j < len(a); j++ {
				c := a[j]
				o := parsedOpt{name: "-" + string(c)}
				if strings.IndexByte(set.shortVal, c) >= 0 {
					switch {
					case j+1 < len(a):
						o.val, o.hasVal = a[j+1:], true
					case i+1 < len(args):
						i++
						o.val, o.hasVal = args[i], true
					}
					opts = append(opts, o)
					break
				}
				opts = append(opts, o)
			}
		default:
			pos = append(pos, a)
			if set.stopAtFirst {
				return opts, append(pos, args[i+1:]...)
			}
		}
	}
	return opts, pos
}

// long resolves a long option name, possibly abbreviated, and says
// whether it takes a value. An unknown or ambiguous name is kept as is.
func (set optSet) long(name string) (string, bool) {
	if slices.Contains(set.longVal, name) {
		return name, true
	}
	if slices.Contains(set.longFlag, name) {
		return name, false
	}
	full, takes, n := name, false, 0
	for _, l := range set.longVal {
		if strings.HasPrefix(l, name) {
			full, takes, n = l, true, n+1
		}
	}
	for _, l := range set.longFlag {
		if strings.HasPrefix(l, name) {
			full, takes, n = l, false, n+1
		}
	}
	if n == 1 && name != "" {
		return full, takes
	}
	return name, false
}

// has reports whether one of names was given.
func hasOpt(opts []parsedOpt, names ...string) bool {
	for _, o := range opts {
		if slices.Contains(names, o.name) {
			return true
		}
	}
	return false
}

// optVals returns the values given to any of names, in order.
func optVals(opts []parsedOpt, names ...string) []string {
	var out []string
	for _, o := range opts {
		if o.hasVal && slices.Contains(names, o.name) {
			out = append(out, o.val)
		}
	}
	return out
}

// signalNames are the signal names kill and its kin accept after "-" (the
// SIG prefix and the case are optional), besides numbers.
var signalNames = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"HUP": true, "INT": true, "QUIT": true, "ILL": true, "TRAP": true, "ABRT": true, "IOT": true,
		"BUS": true, "FPE": true, "KILL": true, "USR1": true, "SEGV": true, "USR2": true, "PIPE": true,
		"ALRM": true, "TERM": true, "STKFLT": true, "CHLD": true, "CLD": true, "CONT": true, "STOP": true,
		"TSTP": true, "TTIN": true, "TTOU": true, "URG": true, "XCPU": true, "XFSZ": true, "VTALRM": true,
		"PROF": true, "WINCH": true, "IO": true, "POLL": true, "PWR": true, "SYS": true, "EMT": true,
		"INFO": true, "LOST": true, "UNUSED": true, "RTMIN": true, "RTMAX": true, "ZERO": true,
	}
}}

// isSignalName reports whether s names a signal: a number, a name such as
// KILL or SIGKILL (any case), or RTMIN+n / RTMAX-n.
func isSignalName(s string) bool {
	if s == "" {
		return false
	}
	if isDigits(s) {
		return true
	}
	u := strings.TrimPrefix(strings.ToUpper(s), "SIG")
	if i := strings.IndexAny(u, "+-"); i > 0 && isDigits(u[i+1:]) {
		u = u[:i]
	}
	return signalNames.Get()[u]
}

// signalZero reports whether a signal spec is 0, which only tests whether
// the process exists.
func signalZero(s string) bool {
	s = strings.TrimPrefix(strings.ToUpper(s), "SIG")
	return s == "ZERO" || (isDigits(s) && strings.Trim(s, "0") == "")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
