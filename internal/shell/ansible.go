package shell

import (
	"encoding/json"
	"path"
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

// ansibleOpts are the options of ansible and ansible-playbook that take a
// value.
var ansibleOpts = optSpec{short: "maiecuMtBPfTkKbvl", long: []string{"--module-name", "--args", "--inventory", "--inventory-file",
	"--extra-vars", "--connection", "--user", "--module-path", "--tree", "--background", "--poll", "--forks", "--timeout",
	"--private-key", "--key-file", "--become-method", "--become-user", "--limit", "--vault-id", "--vault-password-file",
	"--playbook-dir", "--task-timeout", "--ssh-common-args", "--sftp-extra-args", "--scp-extra-args", "--ssh-extra-args",
	"--tags", "--skip-tags", "--start-at-task", "--become-password-file", "--connection-password-file"}}

// ansibleAdhoc analyses one ad-hoc run.
func (c *cmd) ansibleAdhoc() error {
	o := c.parse(ansibleOpts)
	c.w.modelled = true
	pos := c.posFields(o)
	if len(pos) == 0 {
		return nil // --version, --list-hosts without a pattern
	}
	// The hosts it reaches: named by the pattern or an inline inventory
	// (-i 'HOST,'); inventory files are hostfiles.go's.
	c.a.candidateHosts(c, pos[0].s)
	local := c.ansibleLocal(o, pos[0])
	c.ansibleRun(o, local, true)
	mod := field{s: "command"}
	if ms := o.values("-m", "--module-name"); len(ms) > 0 {
		mod = ms[len(ms)-1]
	}
	args := field{}
	if as := o.values("-a", "--args"); len(as) > 0 {
		args = as[len(as)-1]
	}
	if mod.dyn {
		c.opaque("ansible module not known statically: " + clip(mod.s))
		return nil
	}
	name := strings.TrimPrefix(strings.TrimPrefix(mod.s, "ansible.builtin."), "ansible.legacy.")
	m, known := ansibleModules.Get()[name]
	c.ansibleTemplates(args, m.expr)
	switch {
	case m.code:
		return c.ansibleCode(name, args, !local)
	case !local && !m.controller:
		return nil // the module acts on the remote hosts
	case !known:
		c.opaque("ansible module " + clip(mod.s) + " run on this machine: what it does is not modelled")
		return nil
	case args.dyn:
		if m.writes != "" || m.reads != "" || m.hosts != "" || m.clones != "" || m.dumpsEnv {
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
	if m.dumpsEnv && ansibleFactsEnv(kv["filter"]) {
		c.a.res.EnvDump = true // ansible_env: the environment of the module, run here
	}
	for k, v := range kv {
		f := field{s: v}
		if inList(m.hosts, k) {
			for _, h := range urlHosts(v) {
				c.host(h, why+" "+k+"=")
			}
			if !strings.Contains(v, "://") && k == "host" {
				c.host(v, why+" "+k+"=")
			}
		}
		switch {
		case inList(m.clones, k):
			c.write(f, why+" "+k+"=")
			c.write(joinField(f, ".git"), why+" "+k+"= (a repository cloned inside)")
		case inList(m.reads, k) && !strings.Contains(v, "://"):
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

// ansibleLocal reports whether a run with options o and host pattern p
// may run its modules on this machine.
func (c *cmd) ansibleLocal(o opts, p field) bool {
	local := p.dyn
	for _, v := range o.values("-i", "--inventory", "--inventory-file") {
		if strings.Contains(v.s, ",") {
			c.a.candidateHosts(c, v.s)
			for _, h := range strings.Split(v.s, ",") {
				local = local || ansibleLocalName(strings.TrimSpace(h))
			}
		}
	}
	for _, v := range o.values("-c", "--connection") {
		local = local || v.dyn || v.s == "local"
	}
	for _, h := range strings.FieldsFunc(p.s, func(r rune) bool { return r == ':' || r == ',' || r == '&' || r == '!' }) {
		local = local || ansibleLocalName(h) || strings.ContainsAny(h, "*?[~") // a pattern that may match this machine
	}
	return local
}

func ansibleLocalName(h string) bool {
	switch h {
	case "localhost", "127.0.0.1", "::1", "local", "all":
		return true
	}
	return strings.HasPrefix(h, "127.")
}

// ansibleRun judges what any run (ad-hoc or playbook) takes from its
// command line and environment: extra vars (templated here; @FILE
// read), the interpreter and connection variables and the ANSIBLE_*
// configuration that name programs or code, module paths, --tree.
func (c *cmd) ansibleRun(o opts, local, adhoc bool) {
	for _, f := range o.values("-e", "--extra-vars") {
		if strings.HasPrefix(f.s, "@") {
			g := f
			g.s = f.s[1:]
			c.read(g, "ansible --extra-vars @FILE")
			if local {
				c.opaque("ansible variables from a file, which may set the interpreter run here: " + clip(g.s))
			}
			continue
		}
		c.ansibleTemplates(f, "")
		if local {
			c.ansibleVarNames(f)
		}
	}
	for _, f := range o.values("--tree") {
		c.write(f, "ansible --tree") // the results of each host, written here
	}
	if adhoc {
		for _, f := range o.values("-t") {
			c.write(f, "ansible -t") // ansible-playbook's -t is --tags
		}
	}
	if !local {
		return
	}
	if len(o.values("-M", "--module-path")) > 0 {
		c.opaque("ansible --module-path: modules from a directory, run on this machine")
	}
	names := map[string]bool{}
	for k := range c.sc.cmdEnv {
		names[k] = true
	}
	for k := range c.a.exported {
		names[k] = true
	}
	for k := range names {
		if strings.HasPrefix(k, "ANSIBLE_") && !inFields(ansibleHarmlessEnv, k) {
			c.opaque("ansible configuration " + k + " set by the line may name a program or code run on this machine")
		}
	}
}

// ansibleVarNames makes opaque a run on this machine given an ansible_*
// variable that may name a program (the interpreter is run through
// /bin/sh), whatever the form of the extra vars (k=v, JSON, YAML).
func (c *cmd) ansibleVarNames(f field) {
	if f.dyn {
		c.opaque("ansible extra vars not known statically: " + clip(f.s))
		return
	}
	s := f.s
	for i := 0; i < len(s); i++ {
		if i > 0 && identByte(s[i-1]) || !strings.HasPrefix(s[i:], "ansible_") {
			continue
		}
		j := i
		for j < len(s) && identByte(s[j]) {
			j++
		}
		if name := s[i:j]; !inFields(ansibleHarmlessVars, name) {
			c.opaque("ansible variable " + name + " may name a program run on this machine")
			return
		}
		i = j
	}
}

// ansibleFactsEnv reports whether setup's filter (comma-separated
// globs; empty: every fact) keeps ansible_env.
func ansibleFactsEnv(filter string) bool {
	if strings.TrimSpace(filter) == "" {
		return true
	}
	for _, p := range strings.Split(strings.Trim(filter, "[]"), ",") {
		p = strings.Trim(strings.TrimSpace(p), `"'`)
		for _, n := range []string{"ansible_env", "env"} {
			if ok, err := path.Match(p, n); ok || err != nil {
				return true
			}
		}
	}
	return false
}

// ansibleCode analyses a code module's arguments as ansible reads them:
// free-form words with the module's own k=v parameters among them, or a
// JSON object; cmd/argv/command hold the command, chdir moves it.
func (c *cmd) ansibleCode(name string, args field, remote bool) error {
	via := "ansible -m " + name
	if args.dyn {
		c.a.opaque(c.name, "ansible "+name+" arguments not known statically: "+clip(args.s))
		return nil
	}
	params, free, ok := ansibleCodeArgs(args.s)
	if !ok {
		c.opaque(via + " arguments not read: " + clip(args.s))
		c.codeLiterals(args)
		return nil
	}
	line := free
	if v, ok := params["cmd"]; ok {
		line = v
	}
	if v, ok := params["command"]; ok && name == "expect" {
		line = v
	}
	if v, ok := params["argv"]; ok {
		var argv []string
		if json.Unmarshal([]byte(v), &argv) != nil {
			c.opaque(via + " argv not read: " + clip(v))
			c.codeLiterals(field{s: v})
			return nil
		}
		q := make([]string, len(argv))
		for i, a := range argv {
			q[i] = shellQuote(a)
		}
		line = strings.Join(q, " ")
	}
	if e, ok := params["executable"]; ok && name != "script" {
		switch path.Base(e) {
		case "sh", "bash", "dash", "zsh", "ksh":
		default:
			c.opaque(via + " executable=" + clip(e) + ": the program that runs the command is not modelled")
		}
	}
	if name == "script" && !remote {
		// the free-form's first word is a script of this machine, run here
		line = strings.TrimSpace(line)
	}
	if d, ok := params["chdir"]; ok {
		line = "cd -- " + shellQuote(d) + " && " + line
	}
	return c.code(field{s: line}, via, remote)
}

// ansibleCodeArgs splits a code module's arguments into its parameters
// and its free-form command (k=v words of ansibleCodeKeys are taken out
// of the free form wherever they stand, as ansible's parse_kv does).
func ansibleCodeArgs(s string) (map[string]string, string, bool) {
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") {
		kv, ok := ansibleArgs(t)
		if !ok {
			return nil, "", false
		}
		free := kv["_raw_params"]
		delete(kv, "_raw_params")
		for k := range kv {
			if !inFields(ansibleCodeKeys, k) {
				return nil, "", false
			}
		}
		return kv, free, true
	}
	params := map[string]string{}
	var free []string
	for _, w := range ansibleWordSpans(s) {
		word, ok := ansibleUnquote(w)
		if !ok {
			return nil, "", false
		}
		if k, v, eq := strings.Cut(word, "="); eq && inFields(ansibleCodeKeys, k) && !strings.HasPrefix(w, "'") && !strings.HasPrefix(w, `"`) {
			params[k] = v
			continue
		}
		free = append(free, w)
	}
	return params, strings.Join(free, " "), true
}

// ansibleWordSpans splits s into its words with their quotes kept.
func ansibleWordSpans(s string) []string {
	var out []string
	quote, start := byte(0), -1
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == '\\' && quote == '"' && i+1 < len(s) {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == ' ' || ch == '\t' || ch == '\n':
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '\\' && i+1 < len(s):
			i++
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// ansibleUnquote removes one word's quotes; ok is false when a quote is
// not closed.
func ansibleUnquote(w string) (string, bool) {
	kv, ok := ansibleArgs("x=" + w)
	if !ok {
		return "", false
	}
	return kv["x"], true
}

// ansibleTemplates judges the Jinja of s, templated on this machine: in
// {{ }} and {% %}, or the whole value of a key of expr (debug var=,
// assert that=, which ansible evaluates without braces). A lookup or
// query reads files, runs commands or reads the environment, and the
// Python objects behind any value lead to the same (attr, __globals__):
// such a template is opaque and its literals are judged as paths.
func (c *cmd) ansibleTemplates(f field, expr string) {
	if f.dyn && strings.ContainsAny(f.s, "$`") {
		c.opaque("ansible arguments not known statically: " + clip(f.s))
		return
	}
	var segs []string
	if expr != "" {
		if kv, ok := ansibleArgs(f.s); ok {
			for k, v := range kv {
				if inList(expr, k) {
					segs = append(segs, v)
				}
			}
		} else {
			segs = append(segs, f.s)
		}
	}
	segs = append(segs, jinjaSegments(f.s)...)
	for _, s := range segs {
		if why := jinjaRisk(s); why != "" {
			c.opaque("an ansible template " + why + ", templated on this machine: " + clip(f.s))
			c.codeLiterals(f)
			return
		}
	}
}

// jinjaSegments returns the expressions and statements of a Jinja
// template: the text inside {{ }}, {% %} (an unclosed one runs to the
// end).
func jinjaSegments(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "{{")
		j := strings.Index(s, "{%")
		if i < 0 || j >= 0 && j < i {
			i = j
		}
		if i < 0 {
			return out
		}
		if strings.HasPrefix(s[i:], "{%") {
			out = append(out, "{%") // a statement: include, import, set … (jinjaRisk)
		}
		s = s[i+2:]
		end := strings.Index(s, "}}")
		if e := strings.Index(s, "%}"); end < 0 || e >= 0 && e < end {
			end = e
		}
		if end < 0 {
			return append(out, s)
		}
		out = append(out, s[:end])
		s = s[end+2:]
	}
}

// jinjaRisk says why the Jinja expression e may reach beyond its
// values: a statement, a risky name (ansibleJinjaRisky) as a token
// outside string literals whatever the spacing (q ("pipe", …)), a dunder,
// or a computed subscript or attribute= (x['_'*2~'class'~'_'*2]).
func jinjaRisk(e string) string {
	if strings.Contains(e, "{%") {
		return "holds a Jinja statement"
	}
	if strings.Contains(e, "__") {
		return "reaches Python's attributes"
	}
	depth := 0
	for i := 0; i < len(e); i++ {
		ch := e[i]
		switch {
		case ch == '\'' || ch == '"':
			j := i + 1
			for j < len(e) && e[j] != ch {
				if e[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case ch == '[':
			depth++
		case ch == ']':
			if depth > 0 {
				depth--
			}
		case depth > 0 && strings.IndexByte("~+*%(|", ch) >= 0:
			return "computes a subscript"
		case identByte(ch) && (i == 0 || !identByte(e[i-1]) && e[i-1] != '.'):
			j := i
			for j < len(e) && identByte(e[j]) {
				j++
			}
			w := e[i:j]
			if inFields(ansibleJinjaRisky, w) {
				return "uses " + w
			}
			if w == "attribute" {
				return "names an attribute"
			}
			i = j - 1
		}
	}
	return ""
}

// ansiblePlaybook analyses ansible-playbook: its playbooks are code run
// by their own rules (a file of the project, like make's; one the line
// writes is written code, coderuns.go), and one fed on standard input,
// through a descriptor or a process substitution, or not known
// statically, is code the analysis does not read (opaque).
func (c *cmd) ansiblePlaybook() error {
	o := c.parse(ansibleOpts)
	local := true              // a playbook's hosts are its own: localhost unless read
	c.ansibleLocal(o, field{}) // an inline inventory's hosts
	c.ansibleRun(o, local, false)
	for _, k := range o.pos {
		f := c.args[k]
		switch {
		case f.proc:
			c.opaque("ansible-playbook runs a playbook from a process substitution")
			if f.docKnown {
				c.codeLiterals(field{s: f.doc})
			}
		case c.stdinPath(f) >= 0:
			c.opaque("ansible-playbook runs a playbook read from standard input or a descriptor")
			if text, known := c.fedText(); known {
				c.codeLiterals(field{s: text})
			}
		case f.dyn:
			c.opaque("ansible-playbook runs a playbook whose name is not known statically")
		case strings.Contains(f.s, "://"):
			c.opaque("ansible-playbook runs a playbook from elsewhere")
		}
	}
	return nil
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
	quote, in, jinja := byte(0), false, 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote == 0 && i+1 < len(s) && ch == '{' && (s[i+1] == '{' || s[i+1] == '%'):
			jinja++ // a space inside {{ }} or {% %} splits no word (parse_kv)
			cur.WriteString(s[i : i+2])
			i++
			in = true
		case quote == 0 && jinja > 0 && i+1 < len(s) && (ch == '}' || ch == '%') && s[i+1] == '}':
			jinja--
			cur.WriteString(s[i : i+2])
			i++
		case quote == 0 && jinja > 0:
			cur.WriteByte(ch)
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

// ansiblePull: ansible-pull clones a repository and runs its playbook
// (local.yml or the one named) on this machine: downloaded code.
func (c *cmd) ansiblePull() error {
	o := c.parse(ansibleOpts)
	c.ansibleRun(o, true, false)
	if o.anyOf("-h", "--help", "--version") {
		return nil
	}
	c.opaque("ansible-pull runs the playbook of a repository it downloads, on this machine")
	return nil
}
