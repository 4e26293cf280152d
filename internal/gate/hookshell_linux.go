package gate

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// pastHookShells is the agent behind the hook process whose parent is
// parent (hookshell.go): parent itself, or the first ancestor past the
// hook shells from it; top is the topmost hook shell walked past (the
// agent's own child), 0 when none was.
func pastHookShells(parent int) (agent, top int) {
	agent = parent
	for i := 0; i < maxHookShells && agent > 1; i++ {
		dir := "/proc/" + strconv.Itoa(agent)
		b, err := readRegular(dir+"/cmdline", 64<<10, false)
		if err != nil {
			break
		}
		argv := strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
		if !hookShellArgv(argv) && !mandateFront(dir, argv) {
			break
		}
		pp, ok := statParent(dir)
		if !ok || pp <= 1 {
			break // orphaned: its agent is gone
		}
		top, agent = agent, pp
	}
	return agent, top
}

// statParent reads a process's parent from DIR/stat.
func statParent(dir string) (int, bool) {
	b, err := readRegular(dir+"/stat", 4096, false)
	if err != nil {
		return 0, false
	}
	// pid (comm) state ppid ...: comm may hold spaces and parentheses.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 2 {
		return 0, false
	}
	pp, err := strconv.Atoi(f[1])
	return pp, err == nil
}

// mandateFront reports whether the process of /proc entry dir is
// Mandate's front running a hook (`mandate hook …`, its executable the
// same file as the mandate beside this one, or this one): the front runs
// mandate-engine as its child when it decides a call in its own process
// (internal/front), and then the engine's parent is the front, whose
// parent is the agent or a hook shell.
func mandateFront(dir string, argv []string) bool {
	if len(argv) < 2 || argv[1] != "hook" {
		return false
	}
	var st unix.Stat_t
	if unix.Stat(dir+"/exe", &st) != nil {
		return false
	}
	self, err := os.Executable()
	if err != nil {
		return false
	}
	for _, p := range []string{self, filepath.Join(filepath.Dir(self), "mandate")} {
		var s unix.Stat_t
		if unix.Stat(p, &s) == nil && s.Dev == st.Dev && s.Ino == st.Ino {
			return true
		}
	}
	return false
}
