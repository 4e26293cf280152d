package shell

import (
	"encoding/json"
	"strings"
)

// ansible's ad-hoc mode: ansible PATTERN [-m MODULE] [-a ARGS]. The module
// runs on the hosts PATTERN names, and on this machine when that is
// localhost (ansible's implicit localhost, 127.0.0.1, ::1) or the
// connection is local; the module's arguments are templated here, on the
// controller, whatever the target: a lookup or query ({{ lookup('file',
// …) }}, 'pipe', 'env', …) reads files, runs commands or reads the
// environment of this machine. What a module does to the files it names
// is data (ansibleModules, ansibletables.go); a module the table does not
// know, run here, is opaque. Hosts and inventories are hostfiles.go's.

// ansibleAdhoc analyses one ad-hoc run.
func (c *cmd) ansibleAdhoc() error {
	o := c.parse(optSpec{short: "maiecuMtBPfTkKbv", long: []string{"--module-name", "--args", "--inventory", "--inventory-file",
		"--extra-vars", "--connection", "--user", "--module-path", "--tree", "--background", "--poll", "--forks", "--timeout",
		"--private-key", "--key-file", "--become-method", "--become-user", "--limit", "--vault-id", "--vault-password-file",
		"--playbook-dir", "--task-timeout", "--ssh-common-args", "--sftp-extra-args", "--scp-extra-args", "--ssh-extra-args"}})
	c.w.modelled = true
	pos := c.posFields(o)
	if len(pos) == 0 {
		return nil // --version, --list-hosts without a pattern
	}
	// The hosts it reaches: named by the pattern or an inline inventory
	// (-i 'HOST,'); inventory files are hostfiles.go's.
	c.a.candidateHosts(c, pos[0].s)
	for _, v := range o.values("-i", "--inventory", "--inventory-file") {
		if strings.Contains(v.s, ",") {
			c.a.candidateHosts(c, v.s)
		}
	}
	local := false
	for _, v := range o.values("-c", "--connection") {
		local = local || v.dyn || v.s == "local"
	}
	for _, p := range strings.FieldsFunc(pos[0].s, func(r rune) bool { return r == ':' || r == ',' || r == '&' || r == '!' }) {
		switch p {
		case "localhost", "127.0.0.1", "::1", "local":
			local = true
		}
		if strings.HasPrefix(p, "127.") || strings.ContainsAny(p, "*?[~") {
			local = true // a pattern that may match this machine
		}
	}
	if pos[0].dyn {
		local = true
	}
	for _, f := range o.values("-e", "--extra-vars") {
		if strings.HasPrefix(f.s, "@") {
			g := f
			g.s = f.s[1:]
			c.read(g, "ansible --extra-vars @FILE")
			continue
		}
		c.ansibleTemplates(f)
	}
	for _, f := range o.values("-t", "--tree") {
		c.write(f, "ansible --tree") // the results of each host, written here
	}
	mod := field{s: "command"}
	if ms := o.values("-m", "--module-name"); len(ms) > 0 {
		mod = ms[len(ms)-1]
	}
	args := field{}
	if as := o.values("-a", "--args"); len(as) > 0 {
		args = as[len(as)-1]
	}
	c.ansibleTemplates(args)
	if mod.dyn {
		c.opaque("ansible module not known statically: " + clip(mod.s))
		return nil
	}
	name := strings.TrimPrefix(strings.TrimPrefix(mod.s, "ansible.builtin."), "ansible.legacy.")
	m, known := ansibleModules.Get()[name]
	switch {
	case m.code:
		return c.code(args, "ansible -m "+name, !local)
	case !local && !m.controller:
		return nil // the module acts on the remote hosts
	case !known:
		c.opaque("ansible module " + clip(mod.s) + " run on this machine: what it does is not modelled")
		return nil
	case args.dyn:
		if m.writes != "" || m.reads != "" {
			c.opaque("ansible -m " + name + " arguments not known statically")
		}
		return nil
	}
	kv, ok := ansibleArgs(args.s)
	if !ok {
		c.opaque("ansible -m " + name + " arguments not read: " + clip(args.s))
		return nil
	}
	why := "ansible -m " + name
	for k, v := range kv {
		f := field{s: v}
		switch {
		case inList(m.reads, k):
			c.read(f, why+" "+k+"=")
		case !inList(m.writes, k):
		case name == "file" && kv["state"] == "absent":
			c.del(f, why+" state=absent")
		default:
			c.write(f, why+" "+k+"=")
		}
	}
	if name == "file" && (kv["state"] == "hard" || kv["state"] == "link") && kv["src"] != "" {
		// a new name for src: written through it later
		c.write(field{s: kv["src"]}, why+" state="+kv["state"]+" src=")
	}
	return nil
}

// ansibleTemplates judges the Jinja expressions of s, templated on this
// machine: a lookup or query reads files, runs commands or reads the
// environment, so one is opaque and its literals are judged as paths.
func (c *cmd) ansibleTemplates(f field) {
	if f.dyn && strings.Contains(f.s, "$") {
		c.opaque("ansible arguments not known statically: " + clip(f.s))
		return
	}
	if !strings.Contains(f.s, "{{") && !strings.Contains(f.s, "{%") {
		return
	}
	if strings.Contains(f.s, "lookup") || strings.Contains(f.s, "query") || strings.Contains(f.s, "q(") || strings.Contains(f.s, "{%") {
		c.opaque("an ansible template runs a lookup on this machine: " + clip(f.s))
		c.codeLiterals(f)
	}
}

// ansibleArgs reads a module's arguments as ansible does: a JSON object,
// or key=value words with shell-like quoting. ok is false for anything
// else.
func ansibleArgs(s string) (map[string]string, bool) {
	kv := map[string]string{}
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") {
		var m map[string]any
		if json.Unmarshal([]byte(t), &m) != nil {
			return nil, false
		}
		for k, v := range m {
			if str, ok := v.(string); ok {
				kv[k] = str
			} else if v != nil {
				b, _ := json.Marshal(v)
				kv[k] = string(b)
			}
		}
		return kv, true
	}
	var words []string
	var cur strings.Builder
	quote, in := byte(0), false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0 && ch == quote:
			quote = 0
		case quote == 0 && (ch == '\'' || ch == '"'):
			quote, in = ch, true
		case quote != '\'' && ch == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			in = true
		case quote == 0 && (ch == ' ' || ch == '\t' || ch == '\n'):
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(ch)
			in = true
		}
	}
	if quote != 0 {
		return nil, false
	}
	if in {
		words = append(words, cur.String())
	}
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok || k == "" {
			return nil, false // free-form arguments of a module that takes none
		}
		kv[k] = v
	}
	return kv, true
}
