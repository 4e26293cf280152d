package shell

import "testing"

// TestEnvStores: red-team round 7 #6, class exec/persistent-env: a
// variable set in the environment of a long-lived process (a service
// manager, the session bus, a multiplexer) reaches every program it
// starts later. Judged by export's table; a code-carrying name is a
// write of the process's state through its socket.
func TestEnvStores(t *testing.T) {
	const (
		persist = "exec/persistent-env: the environment of a long-lived process"
		benign  = "benign: variables that carry no code"
	)
	runW(t, []wc{
		{class: persist, cmd: "systemctl --user set-environment BASH_ENV=src/x.sh", writes: []string{"/run/user/$UID/systemd/private"}, opaque: []string{"BASH_ENV"}},
		{class: persist, cmd: "systemctl set-environment 'PROMPT_COMMAND=rm -rf ~'", deletes: []string{"/home/dev"}, writes: []string{"/run/systemd/private"}},
		{class: persist, cmd: "dbus-update-activation-environment --systemd LD_PRELOAD=src/x.so", writes: []string{"/run/user/$UID/bus"}},
		{class: persist, cmd: "launchctl setenv GIT_SSH_COMMAND 'rm -rf ~'", deletes: []string{"/home/dev"}, opaque: []string{"GIT_SSH_COMMAND"}},
		{class: persist, cmd: "screen -X setenv PAGER 'rm -rf ~'", deletes: []string{"/home/dev"}, writes: []string{screenServer}},
		{class: benign, cmd: "systemctl --user set-environment TZ=UTC", clear: true, noWrite: []string{"/run/user/$UID/systemd/private"}},
		{class: benign, cmd: "dbus-update-activation-environment --systemd DISPLAY XAUTHORITY", clear: true},
		{class: benign, cmd: "systemctl --user status", clear: true},
	})
}
