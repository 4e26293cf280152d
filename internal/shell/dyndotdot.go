package shell

import "strings"

// A ".." after a part of a path not known statically (found while fixing
// red-team round 26, #a3: $PWD not known, then $PWD/../.ssh/id_rsa). The
// unknown part may be any number of directories, or hold ".." itself, so
// a ".." after it may climb anywhere: "$(cmd)/../.ssh/id_rsa" with cmd
// printing /home/dev/project reads ~/.ssh/id_rsa. Cleaning the path
// lexically dropped the unknown part with its "..", leaving a literal
// path ("/.ssh/id_rsa") that no rule matched. What follows the last such
// ".." is in any directory instead (anyDir, cwdalts.go), as a path that
// starts with a part not known is.

// climbPastDynamic is the path raw (absolute, a field not known
// statically) names: anyDir of what follows the last ".." that comes
// after a part not known ("$…", "`…`", a run of directories "**"); raw
// itself when there is none.
func climbPastDynamic(raw string) string {
	segs := strings.Split(raw, "/")
	unknown, last := false, -1
	for i, s := range segs {
		switch {
		case s == ".." && unknown:
			last = i
		case s == "**" || dynMarked(s): // commands.go
			unknown = true
		}
	}
	if last < 0 {
		return raw
	}
	return anyDir(strings.Join(segs[last+1:], "/"))
}
