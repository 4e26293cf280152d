package redact

import (
	"strings"
	"testing"
)

// TestCLITablePositionals: every pos column of cliTable names a rule that
// cliPositional implements (an unknown one would mask nothing).
func TestCLITablePositionals(t *testing.T) {
	for _, e := range cliTable {
		if !knownPositional(e.pos) {
			t.Errorf("cliTable row %q: unknown positional rule %q", e.progs, e.pos)
		}
	}
}

// TestCLIRound2Keeps: the rows added for red-team round 2 mask the
// password and keep everyday arguments readable.
func TestCLIRound2Keeps(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Zq8vN3xTk2pLm7"
	for _, tc := range []struct{ cmd, keep string }{
		{"http -a bob:" + pw + " https://jenkins.example.com", "https://jenkins.example.com"},
		{"http -A bearer -a " + pw + " example.com/api", "example.com/api"},
		{"cargo login " + pw, "cargo login"},
		{"cargo publish --token " + pw, "cargo publish"},
		{"oc login https://api.cluster:6443 -u bob -p " + pw, "https://api.cluster:6443 -u bob"},
		{"az login -u app -p=" + pw + " --tenant t", "--tenant t"},
		{"zip -e -P" + pw + " out.zip secret.txt", "out.zip secret.txt"},
		{"ipmitool -H bmc -U admin -P " + pw + " power status", "power status"},
		{"ipmitool user set password 2 " + pw, "user set password 2"},
		{"snmpget -v3 -u ops -A " + pw + " -X " + pw + " switch1 sysDescr.0", "switch1 sysDescr.0"},
		{"isql proddsn sa " + pw + " -v", "isql proddsn sa"},
		{"nmcli dev wifi connect Home password " + pw, "connect Home password"},
		{"echo " + pw + " | passwd --stdin bob", "passwd --stdin bob"},
		{"echo 'bob:" + pw + "' | chgpasswd", "bob:"},
		{"openssl passwd -6 " + pw, "openssl passwd -6"},
		{"openssl passwd -6 -salt abcdefgh " + pw, "-salt abcdefgh"},
		{"cargo login --registry my-reg " + pw, "--registry my-reg"},
		{"isql -v proddsn sa " + pw, "isql -v proddsn sa"},
	} {
		out, _ := r.Text(tc.cmd)
		if strings.Contains(out, pw) {
			t.Errorf("%q: password kept: %s", tc.cmd, out)
		}
		if !strings.Contains(out, tc.keep) {
			t.Errorf("%q: %q not kept: %s", tc.cmd, tc.keep, out)
		}
	}
	// Everyday commands of the same programs stay as they are.
	for _, cmd := range []string{
		"http GET example.com/api Accept:application/json",
		"cargo build --release",
		"cargo login",
		"oc login https://api.cluster:6443 -u bob",
		"zip -r out.zip dir",
		"unzip -o in.zip -d out",
		"ipmitool -I lanplus -H bmc -U admin -E power status",
		"snmpwalk -v3 -l authPriv -u ops switch1",
		"isql proddsn",
		"isql -U sa -S dbhost -D appdb",
		"cargo login --registry my-reg",
		"mkpasswd -m sha-512",
		"grep -rn security -w README.md",
		"echo done | tee log.txt",
	} {
		if out, ids := r.Text(cmd); out != cmd {
			t.Errorf("%q over-redacted: %s (%v)", cmd, out, ids)
		}
	}
}
