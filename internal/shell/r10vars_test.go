package shell

import (
	"slices"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// TestRound10Vars: the classes of red-team round 10 #5–#10 closed by
// design: D-Bus method calls judged by the method (dbus.go), make's
// command-line variables and MAKEFLAGS read as makefile text
// (makefile.go), option variables as their program's command line
// (optvars.go, toolenv.go), pytest's directories (tooldirs.go), set -k
// (keyword.go), carriage returns as bash reads them (crlf.go).
func TestRound10Vars(t *testing.T) {
	const (
		bus    = "exec/persistent-env"
		mk     = "exec/makefile"
		optv   = "exec/tool-env-options"
		pyt    = "delete/indirect"
		kw     = "parser-differential/shell-options"
		cr     = "bad-input/unparsable"
		benign = "benign/everyday"
		sock   = "/run/user/$UID/systemd/private"
	)
	runW(t, []wc{
		// #5 D-Bus
		{class: bus, cmd: "busctl --user call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager SetEnvironment as 1 LD_PRELOAD=src/x.so",
			writes: []string{sock}, opaque: []string{"LD_PRELOAD"}, lines: []string{"systemctl --user set-environment LD_PRELOAD=src/x.so"}},
		{class: bus, cmd: "busctl --user call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager UnsetAndSetEnvironment asas 1 A 1 BASH_ENV=src/x",
			writes: []string{sock}, lines: []string{"systemctl --user set-environment BASH_ENV=src/x"}},
		{class: bus, cmd: "gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.UpdateActivationEnvironment \"{'BASH_ENV': '/tmp/x'}\"",
			lines: []string{"dbus-update-activation-environment BASH_ENV=/tmp/x"}, writes: []string{"/run/user/$UID/bus"}},
		{class: bus, cmd: "dbus-send --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.UpdateActivationEnvironment dict:string:string:BASH_ENV,src/x,TZ,UTC",
			lines: []string{"dbus-update-activation-environment BASH_ENV=src/x TZ=UTC"}},
		{class: bus, cmd: "dbus-send --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.UpdateActivationEnvironment dict:string:string:BASH_ENV,src/x",
			opaque: []string{"signal"}},
		{class: bus, cmd: "qdbus org.freedesktop.systemd1 /org/freedesktop/systemd1 SetEnvironment LD_PRELOAD=src/x.so",
			lines: []string{"systemctl --user set-environment LD_PRELOAD=src/x.so"}},
		{class: bus, cmd: "busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StopUnit ss mandate.service replace",
			lines: []string{"systemctl stop mandate.service"}},
		{class: bus, cmd: "gdbus call -e -d org.freedesktop.systemd1 -o /org/freedesktop/systemd1/unit/mandate_2dengine_2eservice -m org.freedesktop.systemd1.Unit.Kill main 15",
			lines: []string{"systemctl --user kill mandate-engine.service"}},
		{class: bus, cmd: "busctl --user call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager LinkUnitFiles asbb 1 /home/dev/project/src/x.service false true",
			writes: []string{"/home/dev/.config/systemd/user"}, opaque: []string{"later call runs"}},
		{class: bus, cmd: "busctl --user call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StartTransientUnit 'ssa(sv)a(sa(sv))' x.service fail 0 0",
			opaque: []string{"StartTransientUnit"}},
		{class: bus, cmd: "gdbus call --session --dest org.gnome.Shell --object-path /org/gnome/Shell --method org.gnome.Shell.Eval 'x'",
			opaque: []string{"org.gnome.Shell.Eval"}},
		{class: bus, cmd: "busctl --user call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager SetEnvironment as 2 A=1",
			opaque: []string{"arguments not known statically"}},
		{class: bus, cmd: "busctl --user call $S /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager SetEnvironment as 1 A=1",
			opaque: []string{"not known statically"}},
		{class: bus, cmd: "busctl --user monitor", opaque: []string{"watches"}},
		{class: bus, cmd: "systemctl --user enable foo.service", writes: []string{"/home/dev/.config/systemd/user"}},
		{class: benign, cmd: "busctl --user call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager ListUnits", clear: true, noCand: true},
		{class: benign, cmd: "busctl list", clear: true, noCand: true},
		{class: benign, cmd: "dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.ListNames", clear: true, noCand: true},
		{class: benign, cmd: "systemctl --user start foo.service", clear: true},

		// #6 make
		{class: mk, cmd: "make 'X!=rm agent-policy.yaml' -n", deletes: []string{pol}},
		{class: mk, cmd: "make 'X:=$(shell rm agent-policy.yaml)'", deletes: []string{pol}},
		{class: mk, cmd: "make 'X=$(file >agent-policy.yaml,x)' all", writes: []string{pol}},
		{class: mk, cmd: "make SHELL=/tmp/sh", opaque: []string{"another shell"}},
		{class: mk, cmd: "make \"X=$Y\"", opaque: []string{"not known statically"}},
		{class: mk, cmd: "MAKEFLAGS='$(shell rm agent-policy.yaml)' make", deletes: []string{pol}},
		{class: mk, cmd: "MAKEFLAGS='X!=rm\\ agent-policy.yaml' make", deletes: []string{pol}},
		{class: mk, cmd: "export MAKEFLAGS='X!=rm\\ agent-policy.yaml'", deletes: []string{pol}},
		{class: benign, cmd: "make CC=gcc CFLAGS=-O2 all", clear: true},
		{class: benign, cmd: "MAKEFLAGS=-j4 make test", clear: true},

		// #7 option variables
		{class: optv, cmd: "GOFLAGS=-o=agent-policy.yaml go build ./src", writes: []string{pol}},
		{class: optv, cmd: "GOFLAGS='-mod=mod -o=agent-policy.yaml' go build ./src", writes: []string{pol}},
		{class: optv, cmd: "GOFLAGS=-o=agent-policy.yaml make build", writes: []string{pol}},
		{class: optv, cmd: "export GOFLAGS=-o=agent-policy.yaml", writes: []string{pol}},
		{class: optv, cmd: "GOFLAGS=-toolexec=src/x go build ./src", opaque: []string{"program file"}},
		{class: optv, cmd: "GOFLAGS=$F go build ./src", opaque: []string{"GOFLAGS"}},
		{class: optv, cmd: "PYTEST_ADDOPTS='--junitxml=agent-policy.yaml' pytest", writes: []string{pol}},
		{class: optv, cmd: "PYTEST_ADDOPTS='--junitxml=agent-policy.yaml' python3 -m pytest tests", writes: []string{pol}},
		{class: optv, cmd: "TF_CLI_ARGS_plan='-out=agent-policy.yaml' terraform plan", cands: []string{pol}},
		{class: optv, cmd: "MAVEN_OPTS='-XX:OnError=rm agent-policy.yaml' mvn test", cands: []string{pol}},
		{class: optv, cmd: "RUSTFLAGS='-o agent-policy.yaml' cargo build", writes: []string{pol}},
		{class: optv, cmd: "CFLAGS='-o agent-policy.yaml' make", writes: []string{pol}},
		{class: optv, cmd: "npm_config_logs_dir=.github npm test", writes: []string{P + "/.github"}},
		{class: optv, cmd: "PIP_REPORT=agent-policy.yaml pip download x", cands: []string{pol}},
		{class: optv, cmd: "npm_config_script_shell=/tmp/x.sh npm test", opaque: []string{"npm_config_script_shell"}, noWrite: []string{"/tmp/x.sh"}},
		{class: benign, cmd: "GOFLAGS=-count=1 go test ./...", clear: true, noCand: true},
		{class: benign, cmd: "export GOFLAGS=-mod=mod", clear: true, noCand: true},
		{class: benign, cmd: "PYTEST_ADDOPTS=-x pytest -q tests", clear: true},
		// the repository directory tooldirs.go models is not judged again as an option
		{class: benign, cmd: "MAVEN_OPTS='-Xmx2g -Dmaven.repo.local=/tmp/m2' mvn test", noWrite: []string{"/tmp/m2"}},
		{class: benign, cmd: "MAVEN_ARGS=-Dmaven.repo.local=/tmp/m2 mvn test", noWrite: []string{"/tmp/m2"}},

		// #8 pytest
		{class: pyt, cmd: "pytest --basetemp=.git", deletes: []string{P + "/.git"}},
		{class: pyt, cmd: "pytest --basetemp .github", deletes: []string{P + "/.github"}},
		{class: pyt, cmd: "PYTEST_ADDOPTS='--basetemp=.github' pytest", deletes: []string{P + "/.github"}},
		{class: pyt, cmd: "python3 -m pytest --basetemp=src/..", deletes: []string{P}},
		{class: pyt, cmd: "pytest --cache-clear -o cache_dir=.github", deletes: []string{P + "/.github"}},
		{class: pyt, cmd: "pytest --debug=agent-policy.yaml", writes: []string{pol}},
		{class: benign, cmd: "pytest --basetemp=tests/tmp -q", deletes: []string{P + "/tests/tmp"}, noWrite: []string{P}},

		// #9 set -k
		{class: kw, cmd: "set -k; bash -c : BASH_ENV=/dev/stdin <<< 'rm agent-policy.yaml'", opaque: []string{"BASH_ENV"}},
		{class: kw, cmd: "set -o keyword; ls LD_PRELOAD=src/x.so", opaque: []string{"LD_PRELOAD"}},
		{class: kw, cmd: "set -ek; GOFLAGS=-mod=mod go build ./src GOFLAGS=-o=agent-policy.yaml", writes: []string{pol}},
		{class: kw, cmd: "shopt -s -o keyword; ls LD_PRELOAD=src/x.so", opaque: []string{"LD_PRELOAD"}},
		{class: kw, cmd: "bash -k -c 'ls LD_PRELOAD=src/x.so'", opaque: []string{"LD_PRELOAD"}},
		{class: kw, cmd: "eval 'set -k'; ls LD_PRELOAD=src/x.so", opaque: []string{"LD_PRELOAD"}},
		{class: kw, cmd: "set $OPTS; ls LD_PRELOAD=src/x.so", opaque: []string{"LD_PRELOAD"}},
		{class: kw, cmd: "set -k; dd if=/dev/zero of=agent-policy.yaml", writes: []string{pol}},
		{class: benign, cmd: "set -k; set +k; ls LD_PRELOAD=src/x.so", clear: true},
		{class: benign, cmd: "ls LD_PRELOAD=src/x.so", clear: true},

		// #10 carriage returns
		{class: cr, cmd: "echo a\\\r\nrm agent-policy.yaml", deletes: []string{pol}},
		{class: cr, cmd: "cat <<EOF\r\nhi\r\nEOF\r\nrm agent-policy.yaml\r\n", deletes: []string{pol + "\r"}},
		{class: cr, cmd: "cat <<x\r\n$(echo a\\\r\nrm agent-policy.yaml)\r\nx\r\n", deletes: []string{pol}},
		{class: cr, cmd: "bash <<'EOF'\r\necho a\\\r\nrm agent-policy.yaml\r\nEOF\r\n", deletes: []string{pol + "\r"}},
		{class: benign, cmd: "git status\r\nls -la\r\n", lines: []string{"git status\r", "ls -la\r"}},
	})
}

// TestRound10CRParse: where bash and the parser disagreed on a CR, the
// analysis follows bash (verified with bash 5.2).
func TestRound10CRParse(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		err  string   // Analyze fails (bash too: a syntax error)
		cmds []string // the commands bash runs
	}{
		// bash: the here-document's delimiter is "EOF\r", so "EOF" does
		// not end it; the quote opened later never closes
		{cmd: "cat <<EOF\r\nEOF\necho '\nEOF\r\nrm agent-policy.yaml\n'\n", err: "does not parse"},
		{cmd: "if true; then\r\necho hi\nfi", err: "does not parse"},
		{cmd: "(( x = 1 ))\r\nrm x", err: "does not parse"},
		{cmd: "{ echo a; }\r\nrm x", err: "does not parse"},
		{cmd: "echo a;\r\nrm x", cmds: []string{"echo a", "\r", "rm x"}},
		{cmd: "echo a\\\r\nrm x", cmds: []string{"echo a\r", "rm x"}},
		{cmd: "echo 'a\r\nb'", cmds: []string{"echo a\r\nb"}},
	} {
		an, err := Analyze(c.cmd, testOpt)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.cmd, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.cmd, err)
			continue
		}
		var lines []string
		for _, cm := range an.Commands {
			lines = append(lines, cm.Line)
		}
		if !slices.Equal(lines, c.cmds) {
			t.Errorf("%q: commands %q, want %q", c.cmd, lines, c.cmds)
		}
	}
}

// TestBusArgs: the argument syntaxes of the bus clients.
func TestBusArgs(t *testing.T) {
	args, ok := busctlArgs("sasa{ss}v", strings.Fields("x 2 A=1 B=2 1 K V s Z"))
	if !ok || !slices.Equal(args[0], []string{"x"}) || !slices.Equal(args[1], []string{"A=1", "B=2"}) ||
		!slices.Equal(args[2], []string{"K", "V"}) || !slices.Equal(args[3], []string{"Z"}) {
		t.Errorf("busctlArgs = %q %v", args, ok)
	}
	for _, bad := range [][2]string{{"as", "3 A"}, {"a", "1 x"}, {"(", "x"}, {"s", ""}, {"s", "a b"}, {"v", "a{ x"}} {
		if _, ok := busctlArgs(bad[0], strings.Fields(bad[1])); ok {
			t.Errorf("busctlArgs(%q, %q) ok", bad[0], bad[1])
		}
	}
	if v, ok := gvariantStrings("{'BASH_ENV': \"/tmp/x\", 'A': '\\'q'}"); !ok || !slices.Equal(v, []string{"BASH_ENV", "/tmp/x", "A", "'q"}) {
		t.Errorf("gvariantStrings = %q %v", v, ok)
	}
	if v, ok := gvariantStrings("foo.service"); !ok || !slices.Equal(v, []string{"foo.service"}) {
		t.Errorf("gvariantStrings(bare) = %q %v", v, ok)
	}
	if _, ok := gvariantStrings("['a'"); ok {
		t.Error("gvariantStrings of an unclosed array is ok")
	}
	if v, ok := dbusSendStrings("dict:string:string:K,V,K2,V2"); !ok || !slices.Equal(v, []string{"K", "V", "K2", "V2"}) {
		t.Errorf("dbusSendStrings = %q %v", v, ok)
	}
	if u, ok := unitFromPath("/org/freedesktop/systemd1/unit/mandate_2dengine_2eservice"); !ok || u != "mandate-engine.service" {
		t.Errorf("unitFromPath = %q %v", u, ok)
	}
}

// FuzzBusArgs: the bus clients' argument readers end, and bound what
// they return, on any input.
func FuzzBusArgs(f *testing.F) {
	for _, s := range [][2]string{{"as", "2 A=1 B=2"}, {"a{ss}", "1 K V"}, {"ssa(sv)a(sa(sv))", "x fail 0 0"}, {"v", "as 1 x"},
		{"aaaaaaaas", "1 1 1 1 1 1 1 1 x"}, {"(", ""}, {"{ss", "a b"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, sig, words string) {
		ws := strings.Fields(words)
		if args, ok := busctlArgs(sig, ws); ok {
			n := 0
			for _, a := range args {
				n += len(a)
			}
			if n > len(ws) {
				t.Fatalf("%d strings from %d words", n, len(ws))
			}
		}
		if v, ok := gvariantStrings(words); ok && len(v) > len(words)+1 {
			t.Fatalf("%d strings from %d bytes", len(v), len(words))
		}
		if v, ok := dbusSendStrings(words); ok && len(v) > len(words)+1 {
			t.Fatalf("%d strings from %d bytes", len(v), len(words))
		}
		unitFromPath(words)
	})
}

// FuzzCRLF: text with carriage returns parses as the parser reads the
// stand-in, and no stand-in is left in the tree.
func FuzzCRLF(f *testing.F) {
	for _, s := range []string{"echo a\\\r\nrm x", "cat <<EOF\r\nx\r\nEOF\r\n", "echo 'a\r\nb'", "x=$'\\r'\r\n", "(( 1\r\n+2 ))"} {
		f.Add(s)
	}
	p := syntax.NewParser(syntax.Variant(syntax.LangBash))
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 || strings.ContainsRune(s, crMark) {
			return
		}
		src, _ := crProtect(s)
		if strings.IndexByte(src, '\r') >= 0 {
			t.Fatalf("a CR left in %q", src)
		}
		file, err := p.Parse(strings.NewReader(src), "")
		if err != nil {
			return
		}
		crRestore(file)
		syntax.Walk(file, func(n syntax.Node) bool {
			if l, ok := n.(*syntax.Lit); ok && strings.Contains(l.Value, crMarkStr) {
				t.Fatalf("stand-in left in %q", l.Value)
			}
			return true
		})
		_, _ = Analyze(s, testOpt)
	})
}
