package shell

import (
	"os"
	"strings"
	"testing"
	"time"
)

// Class: parser-differential/shell-state (red-team round 8 #1, #2): a
// write to a variable that is one of the shell's own tables or settings
// (BASH_CMDS, BASH_ALIASES, zsh's commands/aliases/functions, PATH, …)
// changes what a later word runs, by whatever route it is written.
func TestShellStateWrites(t *testing.T) {
	rm := []string{P + "/agent-policy.yaml"}
	run(t, []tc{
		// every route to BASH_CMDS: the later cat is also rm
		{cmd: "BASH_CMDS[cat]=/bin/rm; cat agent-policy.yaml", deletes: rm, opaque: nil},
		{cmd: "BASH_CMDS+=([cat]=/bin/rm); cat agent-policy.yaml", deletes: rm},
		{cmd: "BASH_CMDS=(cat /bin/rm); cat agent-policy.yaml", deletes: rm},
		{cmd: "declare -A BASH_CMDS=([cat]=/bin/rm); cat agent-policy.yaml", deletes: rm},
		{cmd: "declare 'BASH_CMDS[cat]=/bin/rm'; cat agent-policy.yaml", deletes: rm},
		{cmd: "printf -v 'BASH_CMDS[cat]' /bin/rm; cat agent-policy.yaml", deletes: rm},
		{cmd: "read -r 'BASH_CMDS[cat]' <<< /bin/rm; cat agent-policy.yaml", deletes: rm},
		{cmd: "declare -n r=BASH_CMDS; r[cat]=/bin/rm; cat agent-policy.yaml", deletes: rm},
		{cmd: "declare -n r; r=BASH_CMDS; r[cat]=/bin/rm; cat agent-policy.yaml", deletes: rm},
		{cmd: "declare -n r='BASH_CMDS[cat]'; r=/bin/rm; cat agent-policy.yaml", deletes: rm},
		{cmd: "f() { local -n r=BASH_CMDS; r[cat]=/bin/rm; }; f; cat agent-policy.yaml", deletes: rm},
		{cmd: ": ${BASH_CMDS[cat]:=/bin/rm}; cat agent-policy.yaml", deletes: rm},
		{cmd: "eval 'BASH_CMDS[cat]=/bin/rm'; cat agent-policy.yaml", deletes: rm},
		{cmd: "(BASH_CMDS[cat]=/bin/rm); cat agent-policy.yaml", deletes: rm}, // line-wide: additive
		{cmd: "hash -p /bin/rm cat; cat agent-policy.yaml", deletes: rm},
		{cmd: "hash cat=/bin/rm; cat agent-policy.yaml", deletes: rm}, // zsh
		{cmd: "commands[cat]=/bin/rm; cat agent-policy.yaml", deletes: rm},
		{cmd: "cd /bin && BASH_CMDS[cat]=rm && cat " + P + "/agent-policy.yaml", deletes: rm}, // a hashed name is a path: ./rm
		// not known statically: opaque, and the command is a program not known
		{cmd: "BASH_CMDS[cat]=$x; cat y", opaque: []string{"BASH_CMDS", "not known statically"}, lines: []string{"cat y", "${BASH_CMDS[cat]} y"}},
		{cmd: "BASH_CMDS[$k]=/bin/rm; cat agent-policy.yaml", deletes: rm, opaque: []string{"BASH_CMDS"}},
		{cmd: "(( BASH_CMDS[cat]=1 ))", opaque: []string{"BASH_CMDS"}},
		{cmd: "mapfile -t BASH_CMDS < x", opaque: []string{"BASH_CMDS"}},
		{cmd: "hash -p \"$p\" ls; ls x", opaque: []string{"hash -p"}},
		// aliases: the text is code, and replaces the name at a later use
		{cmd: "BASH_ALIASES[ls]='rm agent-policy.yaml'\nls", deletes: rm},
		{cmd: "BASH_ALIASES[ls]=rm\nls agent-policy.yaml", deletes: rm},
		{cmd: "alias ls=rm\nls agent-policy.yaml", deletes: rm},
		{cmd: "alias ls='cd /; rm'\nls agent-policy.yaml", deletes: []string{"/agent-policy.yaml"}},
		{cmd: "alias ls='cd /; rm'\nls $x", opaque: []string{"alias text with arguments"}},
		{cmd: "printf -v 'BASH_ALIASES[ls]' 'rm %s' agent-policy.yaml\nls", deletes: rm},
		{cmd: "aliases[ls]='rm agent-policy.yaml'\nls", deletes: rm},
		{cmd: "BASH_ALIASES[ls]=\"$(cat x)\"\nls", opaque: []string{"BASH_ALIASES"}},
		{cmd: "alias -g X='| sh'", opaque: []string{"global and suffix aliases"}},
		{cmd: "galiases[X]='| sh'", opaque: []string{"galiases"}},
		// zsh's and ksh's other writers
		{cmd: "set -A commands cat /bin/rm; cat agent-policy.yaml", deletes: rm},
		{cmd: "set -A PATH src; cat x", opaque: []string{"PATH"}},
		{cmd: "print -v 'commands[cat]' /bin/rm; cat agent-policy.yaml", deletes: rm},
		{cmd: "zmodload zsh/mapfile; mapfile[x]=y", opaque: []string{"zmodload", "mapfile"}},
		{cmd: "set -e; set -o pipefail; ls", opaque: nil},
		// zsh functions and hooks
		{cmd: "functions[cat]='rm agent-policy.yaml'; cat x", deletes: rm},
		{cmd: "functions[cat]=\"$b\"", opaque: []string{"functions"}},
		{cmd: "chpwd_functions=(x); x() { rm agent-policy.yaml; }", deletes: rm},
		{cmd: "zshexit_functions+=(\"$f\")", opaque: []string{"zshexit_functions"}},
		// search paths, by every route
		{cmd: "for PATH in src; do cat x; done", opaque: []string{"PATH"}},
		{cmd: "unset PATH; cat x", opaque: []string{"unset PATH"}},
		{cmd: "read -r PATH <<< src; cat x", opaque: []string{"PATH"}},
		{cmd: "printf -v PATH %s src; cat x", opaque: []string{"PATH"}},
		{cmd: "PATH=/usr/bin: cat x", opaque: []string{"PATH"}},
		{cmd: "exec {PATH}>/dev/null; cat x", opaque: []string{"PATH"}},
		{cmd: "path=(src $path); cat x", opaque: []string{"path"}},
		{cmd: "FPATH=src ksh -c f", opaque: []string{"FPATH"}},
		{cmd: "EXECIGNORE='*/cat' cat x", opaque: []string{"EXECIGNORE"}},
		{cmd: "BASH_COMPAT=31; x", opaque: []string{"BASH_COMPAT"}},
		{cmd: "nameddirs[p]=/home/dev/project", opaque: []string{"nameddirs"}},
		// other variables by the new routes, and through namerefs
		{cmd: "printf -v LD_PRELOAD %s /tmp/x.so; export LD_PRELOAD; ls", opaque: []string{"LD_PRELOAD"}},
		{cmd: "declare -n r=LD_PRELOAD; r=/tmp/x.so; ls", opaque: []string{"LD_PRELOAD"}},
		{cmd: "declare 'LD_PRELOAD=/tmp/x.so'; ls", opaque: []string{"LD_PRELOAD"}},
		{cmd: "read -r PS4 <<< '$(rm agent-policy.yaml)'", deletes: rm},
		{cmd: "read -r PS4 < x", opaque: []string{"PS4"}},
		{cmd: "declare \"$n=/tmp/x.so\"", opaque: []string{"variable named at run time"}},
		{cmd: "declare -n r; r=$x", opaque: []string{"name reference"}},
		// everyday: no opaque part
		{cmd: "hash -p /usr/bin/git git; git status", opaque: nil},
		{cmd: "hash -r; ls", opaque: nil},
		{cmd: "alias ll='ls -la'\nll src", opaque: nil, lines: []string{"alias ll=ls -la", "ls -la", "ll src", "ls -la src"}},
		{cmd: "export PATH=$PATH:/usr/local/go/bin && go build ./...", opaque: nil},
		{cmd: "export PATH=\"$HOME/.cargo/bin:$PATH\"; cargo build", opaque: nil},
		{cmd: "PATH=/usr/local/bin:/usr/bin:/bin make", opaque: nil},
		{cmd: "path=src/x.go; cat \"$path\"", opaque: nil},
		{cmd: "for i in 1 2 3; do (( n += i )); done; echo $n", opaque: nil},
		{cmd: "declare -A m=([a]=1 [b]=2); echo \"${m[a]}\"", opaque: nil},
		{cmd: "read -r line < src/x; echo \"$line\"", opaque: nil},
		{cmd: "printf -v ts '%s' now; echo $ts", opaque: nil},
		{cmd: ": ${GOFLAGS:=-mod=mod}; go test ./...", opaque: nil},
		{cmd: "commands=(build test); for c in \"${commands[@]}\"; do make \"$c\"; done", opaque: nil},
	})
}

// Class: exec/program-path (red-team round 8 #3): a program the line makes
// a link or a copy of another program runs that program, whatever its
// name; a name the line makes a program file of may be found in PATH.
func TestMadePrograms(t *testing.T) {
	rm := []string{P + "/agent-policy.yaml"}
	run(t, []tc{
		{cmd: "ln -s /bin/rm src/cat; src/cat agent-policy.yaml", deletes: rm, opaque: nil},
		{cmd: "ln -s /bin/rm src/cat && cd src && ./cat ../agent-policy.yaml", deletes: rm},
		{cmd: "ln -s ../../../bin/rm src/echo; src/echo agent-policy.yaml", deletes: rm},
		{cmd: "ln /bin/rm src/cat; src/cat agent-policy.yaml", deletes: rm},
		{cmd: "cp -s /bin/rm src/cat; src/cat agent-policy.yaml", deletes: rm},
		{cmd: "cp /bin/rm src/cat; src/cat agent-policy.yaml", deletes: rm, opaque: nil},
		{cmd: "install -m 755 /bin/rm src/cat; src/cat agent-policy.yaml", deletes: rm},
		{cmd: "rsync /bin/rm src/cat && src/cat agent-policy.yaml", deletes: rm},
		{cmd: "cp /bin/rm src/ && src/rm agent-policy.yaml", deletes: rm},
		{cmd: "cp -r /bin src/b && src/b/cat agent-policy.yaml", lines: []string{"cp -r /bin src/b", "cat agent-policy.yaml", "cat agent-policy.yaml"}},
		{cmd: "ln -s /bin/rm src/cat; mv src/cat src/less; src/less agent-policy.yaml", deletes: []string{P + "/src/cat", "/bin/rm", P + "/agent-policy.yaml"}}, // (mv deletes the link's name: links.go reports it through the link too)
		{cmd: "ln -s /bin/rm src/a; cp src/a src/cat; src/cat agent-policy.yaml", deletes: rm},
		{cmd: "ln -s /usr/bin/env src/ls; env src/ls rm agent-policy.yaml", deletes: rm},
		{cmd: "ln -s \"$p\" src/cat; src/cat agent-policy.yaml", opaque: []string{"a link the line makes to a program not known"}},
		// found by name: a program file the line makes, in any directory PATH may search
		{cmd: "ln -s /bin/rm src/cat; PATH=" + P + "/src:/usr/bin cat agent-policy.yaml", deletes: rm},
		{cmd: "ln -s /bin/rm ~/.local/bin/cat; cat agent-policy.yaml", deletes: rm},
		{cmd: "cp /bin/rm src/cat; PATH=$PWD/src:$PATH cat agent-policy.yaml", deletes: rm},
		{cmd: "echo 'rm agent-policy.yaml' > src/ls; chmod +x src/ls; PATH=$PWD/src:$PATH ls", deletes: rm},
		{cmd: "ln -s /bin/rm src/echo; echo agent-policy.yaml", deletes: nil}, // echo is a builtin: found first
		{cmd: "ln -s /bin/rm src/cat; path=($PWD/src $path); cat agent-policy.yaml", deletes: rm},
		{cmd: "ln -s /bin/rm src/cat; cat agent-policy.yaml", deletes: nil}, // src is not searched: the inherited PATH looks outside the project
		{cmd: "ln -s \"$(command -v python3)\" .venv/bin/python; python x.py", opaque: nil},
		// a copy of a file that is not a system program still asks, as before
		{cmd: "cp /tmp/a.sh src/a.sh && sh src/a.sh", opaque: []string{"content not known statically"}},
		// everyday
		{cmd: "cp /bin/ls src/myls && src/myls src", opaque: nil},
		{cmd: "ln -s /usr/bin/python3 src/python && src/python --version", opaque: nil},
		{cmd: "go build -o bin/tool ./cmd/tool && bin/tool --help", opaque: nil},
		{cmd: "echo hi > test; test -f test && cat test", opaque: nil},
	})
}

// TestShellVarsTable: every shell-state variable states its judgement, and
// a variable whose effect is modelled elsewhere names a file that exists.
func TestShellVarsTable(t *testing.T) {
	for name, sv := range shellVars.Get() {
		if strings.TrimSpace(sv.why) == "" {
			t.Errorf("%s: no reason given", name)
		}
		if sv.kind == svModelled {
			f, _, _ := strings.Cut(sv.why, ":")
			if _, err := os.Stat(f); err != nil {
				t.Errorf("%s: modelled in %q, which does not exist", name, f)
			}
		}
	}
	for _, name := range []string{"BASH_CMDS", "BASH_ALIASES", "PATH", "commands", "aliases", "functions"} {
		if _, ok := shellVars.Get()[name]; !ok {
			t.Errorf("%s is not in shellVars", name)
		}
	}
}

func FuzzVarWord(f *testing.F) {
	for _, s := range []string{"BASH_CMDS[cat]=/bin/rm", "a[x]+=y", "a]=", "[=", "x", "a[b", "a[]]=]", "$n[k]=v", "r=BASH_CMDS[cat]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, key, hasKey, val, hasVal := varWord(s)
		if !strings.HasPrefix(s, name) {
			t.Fatalf("name %q is not a prefix of %q", name, s)
		}
		if !hasKey && key != "" || !hasVal && val != "" {
			t.Fatalf("key %q / value %q without the flag", key, val)
		}
		if len(name)+len(key)+len(val) > len(s) {
			t.Fatalf("parts longer than the word: %q %q %q", name, key, val)
		}
	})
}

// FuzzAnalyzeShellState is FuzzAnalyze seeded with writes to the shell's
// tables and programs made in the line: no panic, bounded time.
func FuzzAnalyzeShellState(f *testing.F) {
	for _, s := range []string{
		"BASH_CMDS[cat]=/bin/rm; cat x", "BASH_ALIASES[ls]='ls ls'\nls ls", "alias a=b b=a\na", "declare -n r=r; r=1",
		"declare -n a=b b=a; a[x]=y", "BASH_CMDS[$k]=x; y; z", "ln -s a b; ln -s b a; ./a", "cp /bin/rm x; cp x y; ./y",
		"hash a=b; hash b=a; a", "(( BASH_CMDS[x]++ ))", "functions[f]='f'; f", "for PATH in a b; do c; done",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		_, _ = Analyze(s, testOpt)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("took %v", d)
		}
	})
}
