package shell

import (
	"strings"
	"testing"
)

// TestKeepsState checks what a line's own shell leaves for an agent that
// keeps functions, aliases and exported variables (keptstate.go).
func TestKeepsState(t *testing.T) {
	keeps := []string{
		"f() { cd /home/dev; }",
		"function f { cd /home/dev; }",
		"f() { cd /home/dev; } && echo defined",
		"cd() { builtin cd /home/dev; }",
		"git() { cd ~; command git \"$@\"; }",
		"alias g='cd /home/dev'",
		"export CDPATH=/home/dev",
		"export HOME=/home/dev/.ssh",
		"export PATH=/home/dev/project/src:$PATH",
		"PATH=/home/dev/project/src:$PATH",
		"HOME=/tmp",
		"CDPATH=/home/dev",
		"set -a; X=1",
		"set -o allexport; X=1",
		"unset HOME",
		"unset $v",
		"read -r HOME <<< /tmp",
		"printf -v HOME %s /tmp",
		"declare -x X=1",
		"typeset -x X=1",
		"X=1; export X",
		"export X",
		"export -n PATH",
		"declare -u PATH",
		"source ./env.sh",
		". ./env.sh",
		"source .venv/bin/activate && pytest",
		"eval \"$(ssh-agent)\"",
		"eval 'export X=1'",
		"eval 'f() { :; }'",
		"trap 'cd /home/dev' DEBUG",
		"trap 'export HOME=/x' USR1",
		"if true; then export X=1; fi",
		"true || export X=1",
		"for HOME in /tmp; do :; done",
		": ${CDPATH:=/tmp}",
		"builtin export X=1",
		"command export X=1",
		"declare -n r=HOME; r=/tmp",
		"GIT_DIR=/tmp/x",
		"{ export X=1; }",
		"cd src && export X=1",
		"exit 0; export X=1",
		"mapfile -t PATH < f",
		"BASH_ALIASES[g]='cd ~'",
		"export \"$n\"",
		"declare -x \"$n\"",
		"(( HOME = 1 ))",
		"getopts o HOME",
		"select HOME in a; do break; done",
		"shopt -s lastpipe; echo x | read HOME",
		"readonly HOME=/tmp",
		// red-team round 29: what the wrapper's own steps run with (keptwrapper.go)
		"trap 'rm -f tmp' EXIT",
		"trap 'x' 0",
		"trap 'echo hi' INT TERM",
		"exec >/dev/null",
		"exec 1>&-",
		"exec >&2",
		"exec &>/dev/null",
		"command exec >/dev/null",
		"exit",
		"cd src || exit 1",
		"exec true",
		"set -e; make test",
		"set -euo pipefail",
		"set -o errexit",
		"shopt -so errexit",
		"hash -p /home/dev/project/src/mvx mv",
		"BASH_CMDS[mv]=/x",
		"BASH_CMDS=([mv]=/x)",
		"enable -n echo",
		"sleep 1 &",
		"export X=1 &",
		"( (sleep 1; echo x) & )",
		"exec 5>&1; (echo x >&5) >/dev/null 2>&1 &",
		"npm run dev 2>&1 | tee log &",
		"server >/dev/tty 2>&1 &",
		"coproc cat",
	}
	for _, line := range keeps {
		a, err := Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
		if err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		if len(a.KeepsState) == 0 {
			t.Errorf("%s: keeps nothing, want kept state", line)
		}
	}
	none := []string{
		"cd src && make",
		"cd /home/dev/project/src",
		"FOO=1 make",
		"HOME=/tmp ls",
		"(export X=1; make)",
		"bash -c 'export X=1; env'",
		"sh -c 'f() { :; }; f'",
		"x=1; echo $x",
		"export",
		"export -p",
		"alias",
		"declare -f",
		"echo $(export X=1)",
		"export X=1 >/dev/null 2>&1 &",
		"cat <(export X=1)",
		"export X=1 | cat",
		"for f in *.go; do echo $f; done",
		"( trap 'rm -f tmp' EXIT; make )",
		"trap - EXIT",
		"trap '' INT",
		"( set -e; make test )",
		"(exit 1)",
		"bash -c 'set -e; exit 1'",
		"set -x",
		"set -- -e",
		"set +e",
		"exec 2>/dev/null",
		"exec 3<file",
		"hash -r",
		"hash",
		"hash -d mv",
		"npm run dev > log 2>&1 &",
		"nohup server >/dev/null 2>&1 &",
		"sleep 10 &>/dev/null &",
		"set -a",
		"unset -f f",
		"pushd src && make && popd",
		"cd - ",
		"read -r line < file",
		"( f() { :; }; f )",
		"local HOME=/tmp",
		"export -f f",
		"ls | grep x",
		"while read -r l; do echo $l; done < f",
	}
	for _, line := range none {
		a, err := Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev", Root: "/home/dev/project"})
		if err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		if len(a.KeepsState) > 0 {
			t.Errorf("%s: keeps %s, want nothing", line, strings.Join(a.KeepsState, "; "))
		}
	}
}
