package shell

import (
	"reflect"
	"strings"
	"testing"
)

// scopeFieldRoles says, for every field of scope, how flowFrom, merge and
// sameState treat it (red-team round 22: the shell's state is one thing).
// "state": flowFrom copies it, merge folds it, sameState compares it;
// "context": where the code being analysed is (its via, its parse, a
// command's prefix): not state that flows back; anything else is a
// sentence saying why. A new field fails this test until it is named.
var scopeFieldRoles = map[string]string{
	"cwd": "state", "cwdKnown": "state", "cwdAlts": "state", "homeCwd": "state", "cwdMaybe": "state",
	"pushed": "state", "stackLost": "state", "oldpwd": "state", "vars": "state", "fds": "state",
	"globs": "state", "posix": "state", "args": "state", "argsKnown": "state",
	"dialect": "state", "zopts": "state", "noArith": "state", "funcs": "state", "ro": "state", "attrs": "state",
	"last": "state (merge, flowFrom; loops compare it: sameLoopState)", "lastKnown": "state (as last)",
	"cdSeq":     "flowFrom only: the binding number of the last cd, for the line's log (varstore.go)",
	"arg0":      "not changed by code in this shell but for exec -a, which does not return",
	"arg0Known": "as arg0", "arg0Shell": "as arg0",
	"log":    "context: shared by the line's scopes",
	"cmdEnv": "context", "applet": "context", "via": "context", "remote": "context", "cont": "context",
	"argv0": "context", "reparse": "context", "nest": "context", "src": "context", "funcBody": "context",
	"feed": "context",
	"made": "state",
	"cdFail": "pending: the failure state of the last command, a cd; settled (merged) after each statement, in merge, " +
		"and by && and || (cdfail.go); flowFrom copies it",
	"locals":    "state inside a function: flowFrom copies it, merge folds it, sameState compares it; a call ends with its caller's (funcs.go callFunc)",
	"exp":       "state: export attributes (childenv.go)",
	"allExport": "state: set -a (allexport.go)",
	"envCut":    "context: env -i / -u for the command env runs (childenv.go)",
	"kept":      "context: the line's own shell's log of what it leaves for the next call, shared by its copies, nil in subshells and new processes (keptstate.go)",
}

func TestScopeFieldsHandled(t *testing.T) {
	st := reflect.TypeOf(scope{})
	for i := 0; i < st.NumField(); i++ {
		n := st.Field(i).Name
		if _, ok := scopeFieldRoles[n]; !ok {
			t.Errorf("scope.%s: say in scopeFieldRoles how flowFrom, merge and sameState treat it (and make them do so)", n)
		}
	}
	for n, r := range scopeFieldRoles {
		if _, ok := st.FieldByName(n); !ok {
			t.Errorf("scopeFieldRoles names %s, no longer a field of scope", n)
		}
		if r == "" {
			t.Errorf("scopeFieldRoles[%s] is empty", n)
		}
	}
}

// TestCodeRunnersDeclareShell: every launcher that hands code strings to
// a shell (a code mode, a :c or :sh option) says which shell runs them.
func TestCodeRunnersDeclareShell(t *testing.T) {
	for n, l := range launchers.Get() {
		if l.mode == launchArgv && !strings.Contains(l.opts+" ", ":c ") && !strings.Contains(l.opts+" ", ":sh ") && n != "entr" {
			continue
		}
		base, _, _ := strings.Cut(n, " ")
		if _, ok := codeShells[base]; !ok {
			t.Errorf("launcher %q runs shell code: say in codeShells (codeshells.go) which shell runs it", n)
		}
	}
}
