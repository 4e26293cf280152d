package shell

import (
	"sort"
	"strings"
	"testing"
)

// Red-team round 13, #6-#8 (class read/moved-cwd): every option that
// chooses where a wrapped command starts — a "cwd" effect of a wrapper's
// or launcher's table entry, a package manager's cwdOpts, an environment
// runner's cwd — goes through the same rebasing (runIn), in each of its
// forms (--opt DIR, --opt=DIR, -oDIR): W OPT ~ cat .ssh/id_rsa reads the
// key.

const keyPath = "/home/dev/.ssh/id_rsa"

func TestCwdOptionsRebase(t *testing.T) {
	var cmds []string
	var eqOnly map[string]bool
	forms := func(prefix, opt, suffix string) {
		if !eqOnly[opt] {
			cmds = append(cmds, prefix+" "+opt+" /home/dev "+suffix)
		}
		if strings.HasPrefix(opt, "--") {
			cmds = append(cmds, prefix+" "+opt+"=/home/dev "+suffix)
		} else if len(opt) == 2 {
			cmds = append(cmds, prefix+" "+opt+"/home/dev "+suffix)
		}
	}
	cwdOpts := func(cs *compiledSpec) []string {
		var out []string
		for o, fx := range cs.fx {
			if fx == "cwd" {
				out = append(out, o)
			}
		}
		sort.Strings(out)
		return out
	}
	for n := range wrapperSpecs.Get() {
		if cs := specFor(n); cs != nil {
			eqOnly = cs.eqOnly
			for _, o := range cwdOpts(cs) {
				forms(n, o, "cat .ssh/id_rsa")
			}
		}
	}
	for n, l := range launchers.Get() {
		if strings.Contains(n, " ") || l.skip > 0 {
			continue
		}
		end := "cat .ssh/id_rsa"
		if n == "start-stop-daemon" {
			n, end = n+" -S", "-x /bin/cat -- .ssh/id_rsa"
		}
		cs := launcherSpecs.Get()[strings.TrimSuffix(n, " -S")]
		eqOnly = cs.eqOnly
		for _, o := range cwdOpts(cs) {
			forms(n, o, end)
		}
	}
	eqOnly = nil
	for n, pm := range pkgManagers.Get() {
		sub := "exec"
		if n == "bun" {
			sub = "x"
		}
		for _, o := range strings.Fields(pm.cwdOpts) {
			forms(n, o, sub+" cat .ssh/id_rsa")
		}
	}
	for n, rs := range envRunners.Get() {
		for _, r := range rs {
			for _, o := range strings.Fields(r.cwd) {
				end := "cat .ssh/id_rsa"
				if r.dash {
					end = "-- " + end
				}
				forms(n, o, r.sub+" "+end)
			}
		}
	}
	for n, ei := range envInheritors.Get() {
		pre, end := n, "cat .ssh/id_rsa"
		if ei.subs != "" {
			pre += " " + strings.Fields(ei.subs)[0]
		}
		if ei.commandOpt != "" {
			pre += " " + ei.commandOpt + "=cat"
			end = "app .ssh/id_rsa"
		} else if ei.operands > 0 {
			end = "img " + end
		}
		for _, o := range strings.Fields(ei.cwd) {
			forms(pre, o, end)
		}
	}
	cmds = append(cmds, "start-stop-daemon --start --chdir /home/dev --exec /bin/cat -- .ssh/id_rsa",
		"sudo -i cat /home/dev/.ssh/id_rsa", "sudo -i -u dev cat .ssh/id_rsa", "su - dev -c 'cat .ssh/id_rsa'",
		"runuser -l dev -c 'cat .ssh/id_rsa'", "machinectl shell dev@.host /bin/cat .ssh/id_rsa",
		"find /home/dev -maxdepth 1 -name .ssh -execdir cat .ssh/id_rsa ';'")
	if len(cmds) < 20 {
		t.Fatalf("only %d commands: the tables lost their cwd options", len(cmds))
	}
	for _, cmd := range cmds {
		an, err := Analyze(cmd, testOpt)
		if err != nil {
			t.Errorf("%s: %v", cmd, err)
			continue
		}
		found := false
		for _, r := range an.Reads {
			if r.Path == keyPath || r.Glob && strings.HasSuffix(r.Path, "/**/.ssh/id_rsa") && strings.HasPrefix(keyPath, strings.TrimSuffix(r.Path, "**/.ssh/id_rsa")) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: reads %q: the directory option does not move the command's relative paths", cmd, paths(an.Reads))
		}
	}
}

// TestCwdWrappersModelled: a wrapper whose options may choose the
// command's directory (wrapperSpecs cwd) has a table entry, so that its
// option values are parsed and not taken for the command.
func TestCwdWrappersModelled(t *testing.T) {
	for n, w := range wrapperSpecs.Get() {
		if w.cwd && specFor(n) == nil && n != "exec" && n != "builtin" {
			t.Errorf("wrapper %s: cwd but no progSpecTable entry", n)
		}
	}
}
