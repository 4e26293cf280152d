package shell

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Round 4 (b4net): candidate hosts of programs whose network use is not
// modelled, network clients as data, variables passed on by name,
// terminal emulators' settings and lftp's file: sites.

const prodHost = "db.production.company.com"

func hostsOf(hs []HostRef) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Host)
	}
	return out
}

func TestCandidateHosts(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool // prodHost is a candidate
	}{
		{"acme-cli -h " + prodHost, true},
		{"acme-cli -vh" + prodHost, true},
		{"acme-cli --target=admin@" + prodHost + ":5432", true},
		{"acme-cli @" + prodHost, true},
		{"acme-cli udp:" + prodHost + ":161", true},
		{"acme-cli 'host=" + prodHost + " dbname=x'", true},
		{"acme-cli //" + prodHost + "/share", true},
		{"acme-cli DB.Production.Company.COM.", true},
		{"acme-cli db%2Eproduction.company.com", true},
		{"python3 -c \"connect('" + prodHost + "')\"", true},
		{"TARGET=" + prodHost + " ./deploy.sh", true},
		{"make deploy HOST=" + prodHost, true},
		// programs whose reach is modelled or nil: text, not hosts
		{"git commit -m 'off " + prodHost + "'", false},
		{"sed -i s/" + prodHost + "/x/ src/a", false},
		{"grep -rn " + prodHost + " src", false},
		{"echo " + prodHost, false},
		{"cp notes/" + prodHost + ".txt src/", false},
		{"acme-cli " + prodHost + ".txt", false},
		{"acme-cli x" + prodHost, false},
	} {
		an, err := Analyze(tc.line, testOpt)
		if err != nil {
			t.Fatalf("%q: %v", tc.line, err)
		}
		got := slices.Contains(hostsOf(an.CandidateHosts), prodHost)
		if got != tc.want {
			t.Errorf("%q: candidate %s = %v, want %v (candidates %q)", tc.line, prodHost, got, tc.want, hostsOf(an.CandidateHosts))
		}
	}
	// a host reported as a host is not also a candidate
	an, _ := Analyze("valkey-cli -h "+prodHost, testOpt)
	if !slices.Contains(hostsOf(an.Hosts), prodHost) || len(an.CandidateHosts) != 0 {
		t.Errorf("valkey-cli -h: hosts %q, candidates %q", hostsOf(an.Hosts), hostsOf(an.CandidateHosts))
	}
}

func TestNetClients(t *testing.T) {
	for _, line := range []string{
		"valkey-cli -h " + prodHost + " FLUSHALL",
		"valkey-cli -u redis://" + prodHost + ":6379",
		"mongoexport --uri mongodb://" + prodHost + "/app -c u",
		"pg_receivewal -h " + prodHost + " -D src/w",
		"mosquitto_sub -L mqtt://" + prodHost + "/t",
		"kdig -t A x @" + prodHost + "#5353",
		"drill x @" + prodHost,
		"snmpwalk -v2c -c public udp:" + prodHost + ":161",
		"snmpwalk -v2c -c public " + prodHost + " system",
		"fping -c 3 " + prodHost,
		"ncftpget " + prodHost + " src /x",
		"iperf3 -c " + prodHost,
		"ipmitool -I lanplus -H " + prodHost + " power off",
		"ldapmodify -H ldap://" + prodHost + " -f src/x.ldif",
		"wezterm ssh dev@" + prodHost,
		"kitten ssh " + prodHost,
		"kitty +kitten ssh " + prodHost,
	} {
		an, err := Analyze(line, testOpt)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if !slices.Contains(hostsOf(an.Hosts), prodHost) {
			t.Errorf("%q: hosts %q, want %s", line, hostsOf(an.Hosts), prodHost)
		}
	}
	an, _ := Analyze("snmpwalk -v2c -c public "+prodHost+" 1.3.6.1.2.1", testOpt)
	if slices.Contains(hostsOf(an.Hosts), "1.3.6.1.2.1") {
		t.Errorf("an SNMP OID read as a host: %q", hostsOf(an.Hosts))
	}
}

func TestEnvPassedByName(t *testing.T) {
	for _, tc := range []struct {
		line string
		ref  string // a reference expected ("" none)
		dump bool
	}{
		{"docker run --rm -e PROD_API_KEY alpine env", "PROD_API_KEY", false},
		{"docker run -it -ePROD_API_KEY alpine", "PROD_API_KEY", false},
		{"docker --context x container run --env=PROD_API_KEY alpine", "PROD_API_KEY", false},
		{"docker compose -f c.yml run -e PROD_API_KEY app env", "PROD_API_KEY", false},
		{"podman run --env 'PROD*' alpine env", "", true},
		{"podman run --env-host alpine env", "", true},
		{"kubectl run x --image=alpine --env PROD_API_KEY", "PROD_API_KEY", false},
		{"systemd-run --user -E PROD_API_KEY ./x", "PROD_API_KEY", false},
		{"ssh -o 'SendEnv PROD_API_KEY' host", "PROD_API_KEY", false},
		{"systemctl --user import-environment PROD_API_KEY", "PROD_API_KEY", false},
		{"systemctl --user import-environment", "", true},
		{"dbus-update-activation-environment --all", "", true},
		{"docker run -e FOO=bar alpine env", "", false},
		{"docker run --rm alpine grep -e PROD_API_KEY x", "", false},
		{"docker run --rm --name web -p 80:80 alpine sh -e PROD_API_KEY", "", false},
	} {
		an, err := Analyze(tc.line, testOpt)
		if err != nil {
			t.Fatalf("%q: %v", tc.line, err)
		}
		if tc.ref != "" && !slices.Contains(an.EnvRefs, tc.ref) {
			t.Errorf("%q: env refs %q, want %s", tc.line, an.EnvRefs, tc.ref)
		}
		if tc.ref == "" && slices.Contains(an.EnvRefs, "PROD_API_KEY") {
			t.Errorf("%q: env refs %q, want no PROD_API_KEY", tc.line, an.EnvRefs)
		}
		if an.EnvDump != tc.dump {
			t.Errorf("%q: dump %v, want %v", tc.line, an.EnvDump, tc.dump)
		}
	}
}

func TestTermSettings(t *testing.T) {
	for _, tc := range []struct {
		line   string
		cmd    string // a command the setting runs ("" none)
		opaque bool
	}{
		{"kitty -o shell='rm x'", "rm", false},
		{"kitty -oshell=rm", "rm", false},
		{"foot --override=main.shell=rm", "rm", false},
		{`alacritty -o 'terminal.shell={program="rm",args=["x"]}'`, "rm", false},
		{`alacritty -o 'shell.program="rm"'`, "rm", false},
		{`ghostty --command=rm`, "rm", false},
		{`wezterm --config 'default_prog={"rm","x"}' start`, "rm", false},
		{`wezterm --config 'default_prog={ [1]="rm" }'`, "", true},
		{`wezterm --config 'color_scheme=require("x")'`, "", true},
		{`wezterm --config 'font_size=12.5'`, "", false},
		{`kitty -o 'map=ctrl+x launch rm x'`, "", true},
		{`alacritty -o 'hints.enabled=[{regex="x", command={program="rm"}}]'`, "", true},
		{`alacritty -o 'hints.enabled=[{regex="x", command="rm"}]'`, "", true},
		{"kitty -c src/k.conf", "", true},
		{"kitty --config NONE", "", false},
	} {
		an, err := Analyze(tc.line, testOpt)
		if err != nil {
			t.Fatalf("%q: %v", tc.line, err)
		}
		var names []string
		for _, c := range an.Commands {
			names = append(names, c.Name)
		}
		if tc.cmd != "" && !slices.Contains(names, tc.cmd) {
			t.Errorf("%q: commands %q, want %s", tc.line, names, tc.cmd)
		}
		if (len(an.Opaque) > 0) != tc.opaque {
			t.Errorf("%q: opaque %v, want %v", tc.line, an.Opaque, tc.opaque)
		}
	}
}

func TestLftpFileSite(t *testing.T) {
	for _, tc := range []struct {
		line, read, write, del string
	}{
		{"lftp -c 'open file:///; cat etc/passwd'", "/etc/passwd", "", ""},
		{"lftp -c 'cat file:x'", "/home/dev/project/x", "", ""},
		{"lftp -c 'open file://localhost/home; cd dev; get .netrc -o src/n'", "/home/dev/.netrc", "/home/dev/project/src/n", ""},
		{"lftp -c 'open file:/tmp; rm y'", "", "", "/tmp/y"},
		{"lftp -c 'open file:/tmp; put src/a'", "/home/dev/project/src/a", "/tmp/a", ""},
	} {
		an, err := Analyze(tc.line, testOpt)
		if err != nil {
			t.Fatalf("%q: %v", tc.line, err)
		}
		has := func(refs []PathRef, p string) bool {
			return p == "" || slices.ContainsFunc(refs, func(r PathRef) bool { return r.Path == p })
		}
		if !has(an.Reads, tc.read) || !has(an.Writes, tc.write) || !has(an.Deletes, tc.del) {
			t.Errorf("%q: reads %v writes %v deletes %v; want read %q write %q delete %q", tc.line, an.Reads, an.Writes, an.Deletes, tc.read, tc.write, tc.del)
		}
	}
	an, _ := Analyze("lftp -c 'open sftp://example.com; cat x'", testOpt)
	for _, r := range an.Reads {
		if r.Path == "/home/dev/project/x" {
			t.Errorf("a remote file read as local: %v", an.Reads)
		}
	}
}

func FuzzTermValueParsers(f *testing.F) {
	for _, s := range []string{`{"rm","x"}`, `{ a = "b", 1, true }`, `os.execute("x")`, `"a\"b"`, `{program="rm", args=["a","b"]}`, `[`, `'`, `{x=[`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		strs, lit := luaLiteralStrings(s)
		if lit {
			n := 0
			for _, x := range strs {
				n += len(x)
			}
			if n > len(s) {
				t.Fatalf("strings of %d bytes from %d", n, len(s))
			}
		}
		_, _, _ = tomlCommand("shell", s)
		_, _, _ = tomlCommand("args", s)
		if v, ok := tomlValue(s, "program"); ok && len(v) > len(s) {
			t.Fatalf("value longer than its text")
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("took %v", d)
		}
	})
}

func FuzzCandidateHosts(f *testing.F) {
	for _, s := range []string{"-hdb.example.com", "a@b.c:1", "[::1]:22", "udp:x.y:161", "%41.b.c", "ｄｂ。example.com", "-" + strings.Repeat("a", 100) + ".b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		a := &analyzer{res: &Analysis{}}
		c := &cmd{a: a, name: "x"}
		a.candidateHosts(c, s)
		if len(a.res.CandidateHosts) > len(s) {
			t.Fatalf("%d candidates from %d bytes", len(a.res.CandidateHosts), len(s))
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("took %v", d)
		}
	})
}
