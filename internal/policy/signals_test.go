package policy

import (
	"os"
	"strconv"
	"testing"
)

// TestSignals: no signal that could reach one of Mandate's processes
// (engine pid 4242 in its own group and session, a hook call 5000 in
// group 4990, both uid 4243), whatever program sends it and however it
// names its target.
func TestSignals(t *testing.T) {
	p := mustParse(t, "policies: []").WithOptions(mandateFixture(t))
	const (
		pid  = "signal-by-pid"
		dyn  = "signal-target-not-static"
		pat  = "signal-by-pattern"
		sel  = "signal-by-selection"
		file = "signal-by-file-user"
		svc  = "signal-by-service-manager"
		dbg  = "attach-to-process"
		ok   = "ordinary-signal"
	)
	runLines(t, p, "", []lineCase{
		{pid, "kill 4242", Deny, "no-disable"},
		{pid, "kill -9 4242", Deny, "no-disable"},
		{pid, "kill -s KILL 4242", Deny, "no-disable"},
		{pid, "kill -SIGSTOP 5000", Deny, "no-disable"},
		{pid, "kill -- -4242", Deny, "no-disable"},
		{pid, "kill -9 -4990", Deny, "no-disable"},
		{pid, "kill -9 -1", Deny, "no-disable"},
		{pid, "kill -- -1", Deny, "no-disable"},
		{pid, "kill 0", Deny, "no-disable"},
		{pid, "/bin/kill -9 4242", Deny, "no-disable"},
		{pid, "busybox kill 4242", Deny, "no-disable"},
		{pid, "command kill 1 4242", Deny, "no-disable"},
		{pid, "kill mandate-engine", Deny, "no-disable"}, // util-linux kill takes names
		{pid, "kill -9 ' 4242 '", Deny, "no-disable"},    // kill skips blanks around a number
		{pid, "kill +4242", Deny, "no-disable"},
		{dyn, "kill $(pgrep mandate)", Deny, "no-disable"},
		{dyn, "kill $PID", Deny, "no-disable"},
		{dyn, "kill -9 `cat ~/.local/state/mandate/engine.pid`", Deny, "no-disable"},
		{dyn, "pgrep -f serve | xargs kill", Deny, "no-disable"},
		{dyn, "pidof mandate-engine | xargs -n1 kill -9", Deny, "no-disable"},
		{dyn, "kill -$SIG 4242", Deny, "no-disable"},
		{pat, "pkill mandate", Deny, "no-disable"},
		{pat, "pkill -f serve", Deny, "no-disable"},
		{pat, "pkill -f 'mandate.*serve'", Deny, "no-disable"},
		{pat, "pkill -x mandate-engine", Deny, "no-disable"},
		{pat, "pkill -9 '^mand'", Deny, "no-disable"},
		{pat, "pkill -i MANDATE", Deny, "no-disable"},
		{pat, "pkill 'm[a]ndate'", Deny, "no-disable"},
		{pat, "pkill 'eng\\<ine'", Allow, ""},
		{pat, "pkill '\\<engine'", Deny, "no-disable"},
		{pat, "pkill .", Deny, "no-disable"},
		{pat, "pkill ''", Deny, "no-disable"},
		{pat, "pkill '(?i)x'", Deny, "no-disable"},
		{pat, "pkill '[[=a=]]'", Deny, "no-disable"},
		{pat, "pkill $NAME", Deny, "no-disable"},
		{pat, "pkill -v node", Deny, "no-disable"},
		{pat, "pkill --full --exact 'mandate hook claude'", Deny, "no-disable"},
		{pat, "killall mandate-engine", Deny, "no-disable"},
		{pat, "killall -9 mandate", Deny, "no-disable"},
		{pat, "killall -r 'mand.*'", Deny, "no-disable"},
		{pat, "killall -I MANDATE-ENGINE", Deny, "no-disable"},
		{pat, "killall /home/dev/bin/mandate-engine", Deny, "no-disable"},
		{pat, "killall /tmp/x/helper", Deny, "no-disable"}, // a copy of the binary
		{pat, "killall5 -9", Deny, "no-disable"},
		{pat, "skill -KILL mandate", Deny, "no-disable"},
		{pat, "skill -p 4242", Deny, "no-disable"},
		{sel, "pkill -u 4243", Deny, "no-disable"},
		{sel, "pkill -U 4243 -f .", Deny, "no-disable"},
		{sel, "pkill -s 4242", Deny, "no-disable"},
		{sel, "pkill --sess 4242", Deny, "no-disable"}, // abbreviated long option
		{sel, "pkill -g 4990", Deny, "no-disable"},
		{sel, "pkill -g 0", Deny, "no-disable"},
		{sel, "pkill -P 1", Deny, "no-disable"},
		{sel, "pkill -t pts/1", Deny, "no-disable"},
		{sel, "pkill -F /tmp/app.pid", Deny, "no-disable"},
		{sel, "killall -u 4243", Deny, "no-disable"},
		{sel, "snice +19 -u 4243", Deny, "no-disable"},
		{file, "fuser -k /home/dev/.local/state/mandate", Deny, "no-disable"},
		{file, "fuser -k /home/dev/.local/state/mandate/evidence/log", Deny, "no-disable"},
		{file, "fuser -k /dev/null", Deny, "no-disable"},
		{file, "fuser -km /home", Deny, "no-disable"},
		{file, "fuser -k -m /home/dev/project", Deny, "no-disable"},
		{file, "fuser -k /home/dev/bin/mandate-engine", Deny, "no-disable"},
		{file, "fuser -k /tmp/x/helper", Deny, "no-disable"},
		{file, "fuser -k /", Deny, "no-disable"},
		{file, "fuser -k $F", Deny, "no-disable"},
		{file, "ln -s /home/dev/.local/state/mandate /tmp/s && fuser -k /tmp/s", Deny, "no-disable"},
		{pat, "ln -s /home/dev/bin/mandate-engine /tmp/k; killall /tmp/k", Deny, "no-disable"},
		{file, "timeout -s KILL 1 mandate check --command ls", Deny, "no-disable"},
		{svc, "systemctl --user kill session-2.scope", Deny, "no-disable"},
		{svc, "systemctl --user stop 'mandate*'", Deny, "no-disable"},
		{svc, "systemctl --user stop mandate.service", Deny, "no-disable"},
		{svc, "loginctl terminate-user dev", Deny, "no-disable"},
		{svc, "systemctl reboot", Deny, "no-disable"},
		{svc, "reboot", Deny, "no-disable"},
		{svc, "shutdown -h now", Deny, "no-disable"},
		{svc, "launchctl bootout gui/501", Deny, "no-disable"},
		{dbg, "strace -p 4242", Deny, "no-disable"},
		{dbg, "gdb -p 4242", Deny, "no-disable"},
		{dbg, "gcore 5000", Deny, "no-disable"},
		{ok, "kill 1234", Allow, ""},
		{ok, "kill -0 4242", Allow, ""},
		{ok, "kill -l", Allow, ""},
		{ok, "sleep 10 & kill %1", Allow, ""},
		{ok, "sleep 10 & kill $!", Allow, ""},
		{ok, "sleep 10 & kill -9 \"$!\"", Allow, ""},
		{ok, "kill -9 -- -7777", Allow, ""},
		{ok, "pkill -f 'npm run dev'", Allow, ""},
		{ok, "pkill node", Allow, ""},
		{ok, "pkill -u 4244 node", Allow, ""},
		{ok, "killall node", Allow, ""},
		{ok, "pgrep mandate", Allow, ""},
		{ok, "fuser -k 8080/tcp", Allow, ""},
		{ok, "fuser -k -n tcp 3000", Allow, ""},
		// Listing who uses the state directory sends no signal, but naming
		// the state directory at all is a read agents may not make.
		{"state-read", "fuser /home/dev/.local/state/mandate", Deny, "protected-read"},
		{ok, "fuser src/app.go", Allow, ""},
		{ok, "fuser -k src/app.go", Allow, ""},
		{ok, "timeout 5 mandate check --command ls", Allow, ""},
		{ok, "timeout -s KILL 5 go test ./...", Allow, ""},
		{ok, "systemctl --user restart myapp.service", Allow, ""},
		{ok, "shutdown -c", Allow, ""},
		{ok, "strace -p 1234", Allow, ""},
	})
	// With no process known, names and patterns are still matched against
	// the names Mandate's processes run under: the engine starts on demand.
	opt := mandateFixture(t)
	opt.Procs = nil
	q := mustParse(t, "policies: []").WithOptions(opt)
	me := strconv.Itoa(os.Getuid())
	runLines(t, q, "", []lineCase{
		{pat, "pkill -f mandate-engine", Deny, "no-disable"},
		{pat, "killall mandate", Deny, "no-disable"},
		{sel, "pkill -u " + me, Deny, "no-disable"},
		{pid, "kill 4242", Allow, ""},
		{pid, "kill -9 -1", Deny, "no-disable"},
		{dyn, "kill $(cat pid)", Deny, "no-disable"},
	})
}

func TestCompileERE(t *testing.T) {
	for _, tc := range []struct {
		pat, s string
		want   bool
	}{
		{`m[a]ndate`, "mandate", true},
		{`[\d]`, `\`, true},  // a backslash is literal in a bracket expression
		{`[\d]`, "5", false}, // not Go's digit class
		{`\d`, "d", true},    // an escaped letter is the letter
		{`[]x]`, "]", true},  // a leading ] is literal
		{`[^]x]`, "a", true}, //
		{`[[:alpha:]]+`, "ab", true},
		{`\<eng`, "mandate-engine", true},
		{`a.b`, "a\nb", true}, // . matches a newline in POSIX
	} {
		re, err := compileERE(tc.pat, false, false)
		if err != nil {
			t.Errorf("compileERE(%q): %v", tc.pat, err)
			continue
		}
		if got := re.MatchString(tc.s); got != tc.want {
			t.Errorf("%q on %q = %v, want %v", tc.pat, tc.s, got, tc.want)
		}
	}
	for _, bad := range []string{`(?i)x`, `\1`, `[[=a=]]`, `[abc`, `x\`} {
		if _, err := compileERE(bad, false, false); err == nil {
			t.Errorf("compileERE(%q) compiled", bad)
		}
	}
}

// TestSignalsProcsUnknown: where Mandate's processes cannot be listed
// (Options.Procs answers UnknownProcs, as outside Linux), a signal to any
// pid or process group may reach them and is denied; a job of this shell
// and signal 0 stay allowed.
func TestSignalsProcsUnknown(t *testing.T) {
	opt := mandateFixture(t)
	opt.Procs = UnknownProcs
	p := mustParse(t, "policies: []").WithOptions(opt)
	runLines(t, p, "", []lineCase{
		{"signal-by-pid", "kill 31337", Deny, "no-disable"},
		{"signal-by-pid", "kill -9 -31337", Deny, "no-disable"},
		{"signal-by-pid", "kill -STOP 12", Deny, "no-disable"},
		{"signal-by-pattern", "pkill mandate", Deny, "no-disable"},
		{"ordinary-signal", "kill %1", Allow, ""},
		{"ordinary-signal", "kill -0 31337", Allow, ""},
		{"ordinary-signal", "echo kill 31337", Allow, ""},
	})
}
