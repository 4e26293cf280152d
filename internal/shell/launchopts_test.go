package shell

import (
	"strings"
	"testing"
)

// Red-team round 8, #7: a launcher's or wrapper's own output option
// (perf stat -o, heaptrack -o, hyperfine --export-json, strace --output)
// is a write. Class: write/option-value. The tables list every option
// that takes a value with what its value is, and under the floor rule
// what they do not list — an option's value, the tail of a cluster — is
// a candidate write, as an unmodelled program's arguments are.

const classLaunchOut = "write/option-value: a launcher's or wrapper's own output option"

// TestLauncherOptions checks the tables: every launcher and every
// wrapper run by runWrapped keeps the floor, so an option the table
// misses is still judged as a possible write.
func TestLauncherOptions(t *testing.T) {
	for n := range launchers.Get() {
		cs := launcherSpecs.Get()[n]
		if cs == nil || !cs.complete || !cs.floor {
			t.Errorf("launcher %s: options not compiled under floor", n)
		}
	}
	for n := range wrapperSpecs.Get() {
		if cs := specFor(n); cs != nil && cs.complete && !cs.floor {
			t.Errorf("wrapper %s: complete without floor: an option its entry misses would be neither modelled nor a candidate", n)
		}
	}
	// Every launcher and wrapper: an option no table lists, with a
	// protected file as its value, is at least a candidate write.
	var names []string
	for n := range launchers.Get() {
		if !strings.Contains(n, " ") && launchers.Get()[n].skip == 0 {
			names = append(names, n)
		}
	}
	for n, w := range wrapperSpecs.Get() {
		if w.at == 0 && len(w.none) == 0 && n != "time" { // time: bash's keyword
			names = append(names, n)
		}
	}
	for _, n := range names {
		cmd := n + " --zz-out=agent-policy.yaml true"
		an, err := Analyze(cmd, testOpt)
		if err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		if !hasPath(an.Writes, pol) {
			t.Errorf("%s: writes %q: the value of an option no table lists is not even a candidate write", cmd, paths(an.Writes))
		}
	}
}

func hasPath(refs []PathRef, p string) bool {
	for _, r := range refs {
		if r.Path == p {
			return true
		}
	}
	return false
}

func TestLauncherOutputs(t *testing.T) {
	runW(t, []wc{
		{class: classLaunchOut, cmd: "perf stat -o agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "perf stat --output=agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "perf record -o agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "perf trace -o agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "perf mem -t load record -o agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "perf stat --pre 'rm agent-policy.yaml' true", deletes: []string{pol}},
		{class: classLaunchOut, cmd: "perf stat -Xagent-policy.yaml true", cands: []string{pol}},
		{class: classLaunchOut, cmd: "perf inject -i perf.data -o agent-policy.yaml", cands: []string{pol}},
		{class: classLaunchOut, cmd: "perf ftrace rm agent-policy.yaml", deletes: []string{pol}},
		{class: classLaunchOut, cmd: "heaptrack -o agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "hyperfine --export-json agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "hyperfine --export-markdown=agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "hyperfine --output=agent-policy.yaml true", cands: []string{pol}},
		{class: classLaunchOut, cmd: "uftrace record -d agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "uftrace -d agent-policy.yaml ./a.out", writes: []string{pol}},
		{class: classLaunchOut, cmd: "dtach -n agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "ssh-agent -a agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "watchexec --log-file agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "sem --joblog agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "screen -L -Logfile agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "strace --output=agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "strace -A -o agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "strace -o '|rm agent-policy.yaml' true", deletes: []string{pol}},
		{class: classLaunchOut, cmd: "ltrace -S -o agent-policy.yaml true", writes: []string{pol}},
		{class: classLaunchOut, cmd: "/usr/bin/time --output agent-policy.yaml true", writes: []string{pol}},
		// flags taken for options with a value hid the command
		{class: classLaunchOut, cmd: "tini -g rm agent-policy.yaml", deletes: []string{pol}},
		{class: classLaunchOut, cmd: "sshpass -e rm agent-policy.yaml", deletes: []string{pol}},
		{class: classLaunchOut, cmd: "watchexec -p rm agent-policy.yaml", deletes: []string{pol}},
		{class: classLaunchOut, cmd: "nodemon -V rm agent-policy.yaml", deletes: []string{pol}},
		{class: classLaunchOut, cmd: "hyperfine -S python3 'import os'", opaque: []string{"not a POSIX shell"}},
		{class: classLaunchOut, cmd: "hyperfine --shell=bash 'sleep 0.1'", clear: true},
		// everyday forms: the output where it is asked for, nothing else
		{class: classLaunchOut, cmd: "perf record -g -o src/perf.data ./a.out", writes: []string{P + "/src/perf.data"}, noCand: true},
		{class: classLaunchOut, cmd: "perf stat -e cycles -- make", noCand: true},
		{class: classLaunchOut, cmd: "strace -f -o src/trace.txt ls", writes: []string{P + "/src/trace.txt"}, noCand: true},
		{class: classLaunchOut, cmd: "timeout -s KILL 5 ls", noCand: true},
	})
}
