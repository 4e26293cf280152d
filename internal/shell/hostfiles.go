package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Hosts in files the line writes. A client may take its hosts from a
// file (pssh -h FILE, ansible -i FILE, pdsh -w ^FILE, nmap -iL FILE, dig
// -f FILE) or from its input (nslookup's "server HOST"). When the same
// line writes that file with literal text (printf 'HOST\n' > f), the
// text is known: its words are candidate hosts (candhosts.go), held to
// block_hosts as an unmodelled program's words are. A file the line
// writes with text not known statically hides the hosts of a program
// that reaches hosts from it: opaque. A file the line does not write is
// on disk, the policy's business (the analysis stays pure).
//
// Two readings: the options of hostFileOpts name host files of the
// programs they list (modelled or not), and any argument of a program
// whose network use is not modelled (pssh, ansible, a client written next
// year) that names a file written in the line with literal text has that
// text scanned (a prefix such as pdsh's ^FILE or --opt=FILE included).

// hostFileOpts lists, per program, the options whose value is a file of
// hosts or of commands naming hosts.
var hostFileOpts = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	m := map[string][]string{}
	add := func(opts string, progs ...string) {
		for _, p := range progs {
			m[p] = append(m[p], strings.Fields(opts)...)
		}
	}
	add("-h --hosts", "pssh", "parallel-ssh", "pscp", "pscp.pssh", "parallel-scp", "prsync", "parallel-rsync",
		"pnuke", "parallel-nuke", "pslurp", "parallel-slurp")
	add("-i --inventory --inventory-file", "ansible", "ansible-playbook", "ansible-console", "ansible-inventory", "ansible-pull")
	add("-w -x", "pdsh", "pdcp", "rpdcp", "dshbak")
	add("--hostfile -w -x", "clush")
	add("-iL --excludefile", "nmap")
	add("-iL --includefile -c --conf", "masscan")
	add("-f --file", "fping", "fping6")
	add("-f", "dig", "kdig", "drill", "delv", "host")
	add("-l -list", "dnsx", "httpx", "nuclei", "naabu", "subfinder", "katana")
	add("-w --allowlist-file -b --blocklist-file", "zmap")
	add("-hostfile -machinefile -f --hostfile --machinefile", "mpirun", "mpiexec")
	add("-S --sshloginfile --slf", "parallel")
	return m
}}

// remoteExecutors run commands on the hosts their host file lists: a
// file the line writes with unknown text hides where they run.
const remoteExecutors = "pssh parallel-ssh pscp pscp.pssh parallel-scp prsync parallel-rsync pnuke parallel-nuke pslurp " +
	"parallel-slurp ansible ansible-playbook ansible-console ansible-pull pdsh pdcp rpdcp clush mpirun mpiexec parallel"

// hostFiles reports the candidate hosts of files the line writes that c
// reads hosts from.
func (c *cmd) hostFiles() {
	if c.text || len(c.a.written) == 0 && !c.a.writtenOverflow {
		return
	}
	opts := hostFileOpts.Get()[c.name]
	unmodelled := !c.reachModelled()
	if len(opts) == 0 && !unmodelled {
		return
	}
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		if f.dyn || f.proc || f.s == "" {
			continue
		}
		if v, ok := hostFileValue(opts, f.s); ok {
			if v == "" && i+1 < len(c.args) {
				i++
				v = c.args[i].s
				if c.args[i].dyn {
					continue
				}
			}
			c.hostFile(v, true)
			continue
		}
		if unmodelled {
			c.hostFile(f.s, false)
			if _, v, ok := strings.Cut(f.s, "="); ok && strings.HasPrefix(f.s, "-") {
				c.hostFile(v, false)
			}
		}
	}
}

// hostFileValue reports whether word s is one of opts (v == "": the
// value is the next word) or carries its value (-iLFILE, --hosts=FILE).
func hostFileValue(opts []string, s string) (v string, ok bool) {
	for _, o := range opts {
		switch {
		case s == o:
			return "", true
		case strings.HasPrefix(s, o+"="):
			return s[len(o)+1:], true
		}
	}
	for _, o := range opts {
		if !strings.HasPrefix(o, "--") && strings.HasPrefix(s, o) && !strings.HasPrefix(s, "--") {
			return s[len(o):], true
		}
	}
	return "", false
}

// hostFile scans the text of file name (a prefix ^ or @ stripped, as
// pdsh -w ^FILE and clush's @file) when the line writes it. Named by a
// host-file option (listed), a file of unknown text is opaque for a
// remote executor.
func (c *cmd) hostFile(name string, listed bool) {
	for _, s := range []string{name, strings.TrimLeft(name, "^@")} {
		if s == "" || strings.Contains(s, "://") {
			continue
		}
		w, ok := c.a.writtenAt(c.sc, field{s: s})
		if !ok {
			continue
		}
		if w.known {
			c.a.candidateHosts(c, w.text)
		} else if listed && inFields(remoteExecutors, c.name) {
			c.opaque("reads its hosts from " + clip(s) + ", written in the line with text not known statically")
		}
		return
	}
}

// sshConfigCode analyses the -F configuration of an ssh-based client
// (scp, sftp) as ssh does: its ProxyJump and HostName are hosts, its
// ProxyCommand is code.
func (c *cmd) sshConfigCode(o opts) {
	for _, f := range o.values("-F") {
		proxy, _ := c.sshConfig(f)
		for _, pc := range proxy {
			if err := c.code(field{s: "exec " + pc}, c.name+" ProxyCommand", false); err != nil && c.a.deferred == nil {
				c.a.deferred = err
			}
		}
	}
}
