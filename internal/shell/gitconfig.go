package shell

import "strings"

// git configuration that names programs: the keys whose values git runs
// as shell code, as an alias or as git arguments, from -c, git config and
// GIT_CONFIG_PARAMETERS.

// gitConfigKind says what a git configuration key's value is: "shell"
// (a command line git runs with sh), "alias", "git" (git arguments, for
// credential helpers without a path), "opaque" (it makes git run or read
// something the value does not show), or "".
func gitConfigKind(k string) string {
	k = strings.ToLower(k)
	switch {
	case strings.HasPrefix(k, "alias."):
		return "alias"
	case k == "credential.helper", strings.HasPrefix(k, "credential.") && strings.HasSuffix(k, ".helper"):
		return "credential"
	case k == "core.pager", k == "core.sshcommand", k == "core.editor", k == "sequence.editor", k == "diff.external",
		k == "core.fsmonitor", k == "core.askpass", k == "core.gitproxy", k == "gpg.program",
		k == "uploadpack.packobjectshook", k == "sendemail.sendmailcmd", k == "sendemail.tocmd", k == "sendemail.cccmd",
		k == "sendemail.headercmd", k == "web.browser",
		strings.HasPrefix(k, "pager."),
		strings.HasPrefix(k, "diff.") && (strings.HasSuffix(k, ".textconv") || strings.HasSuffix(k, ".command")),
		strings.HasPrefix(k, "filter.") && (strings.HasSuffix(k, ".clean") || strings.HasSuffix(k, ".smudge") || strings.HasSuffix(k, ".process")),
		strings.HasPrefix(k, "merge.") && strings.HasSuffix(k, ".driver"),
		strings.HasSuffix(k, ".cmd"), strings.HasSuffix(k, ".path") && (strings.HasPrefix(k, "difftool.") || strings.HasPrefix(k, "mergetool.") || strings.HasPrefix(k, "browser.")),
		strings.HasPrefix(k, "gpg.") && strings.HasSuffix(k, ".program"),
		k == "sendemail.smtpserver", gitProgramKey(k):
		return "shell"
	case strings.HasPrefix(k, "remote.") && (strings.HasSuffix(k, ".uploadpack") || strings.HasSuffix(k, ".receivepack")):
		return "shell" // run through the shell, here for a local repository
	case k == "core.hookspath", k == "core.worktree", k == "include.path", strings.HasPrefix(k, "includeif."),
		k == "protocol.ext.allow":
		return "opaque"
	}
	return ""
}

// gitConfigValue analyses the program a git configuration key names: k
// and v from -c k=v, git config k v, GIT_CONFIG_KEY_n/VALUE_n or
// GIT_CONFIG_PARAMETERS.
func (c *cmd) gitConfigValue(k string, v field, hasValue bool) error {
	if hasValue && !v.dyn {
		gitConfigHosts(c, k+"="+v.s)
	}
	if hasValue {
		c.gitConfigFile(k, v)
	}
	kind := gitConfigKind(k)
	if kind == "" {
		return nil
	}
	lk := strings.ToLower(k)
	via := "git config " + lk
	if kind == "opaque" {
		if lk == "protocol.ext.allow" && !v.dyn && v.s == "never" {
			return nil
		}
		c.opaque("git configuration " + lk + " makes git run or read other code")
		return nil
	}
	if !hasValue {
		return nil // -c key alone is "true": not a program
	}
	if v.dyn {
		c.opaque("git configuration " + lk + " runs a command not known statically")
		return nil
	}
	s := strings.TrimSpace(v.s)
	if !c.a.mark(markKey{'g', lk, s}) {
		return nil // analysed already
	}
	// git runs the program with arguments of its own ("$@")
	// in a new process: the exported environment only (childenv.go)
	sub := c.a.newProcess(c.sc, importMaybe)
	sub.setArgs(nil, false)
	c = &cmd{a: c.a, sc: sub, name: c.name}
	switch {
	case s == "":
		return nil
	case kind == "alias":
		if code, ok := strings.CutPrefix(s, "!"); ok {
			return c.a.reparse(code, c.sc, via, false)
		}
		return c.a.reparse("git "+s, c.sc, via, false)
	case kind == "credential":
		if code, ok := strings.CutPrefix(s, "!"); ok {
			return c.a.reparse(code, c.sc, via, false)
		}
		if strings.HasPrefix(s, "/") {
			return c.a.reparse(s, c.sc, via, false)
		}
		return c.a.reparse("git credential-"+s, c.sc, via, false)
	case lk == "core.fsmonitor" && (isBoolWord(s)):
		return nil
	case lk == "sendemail.smtpserver" && !strings.HasPrefix(s, "/"):
		return nil // a host
	case lk == "web.browser":
		return nil // a browser name git knows
	case strings.HasPrefix(lk, "submodule.") && strings.HasSuffix(lk, ".update"):
		if code, ok := strings.CutPrefix(s, "!"); ok {
			return c.a.reparse(code, c.sc, via, false)
		}
		return nil // checkout, rebase, merge, none
	}
	if w := strings.Fields(s); len(w) > 0 && strings.Contains(w[0], "/") && !systemProgram(w[0]) {
		// a program file of its own, as GIT_PROXY_COMMAND=src/x
		c.opaque("git configuration " + lk + " names a program file, " + clip(w[0]))
	}
	return c.a.reparse(s, c.sc, via, false)
}

func isBoolWord(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "1", "0":
		return true
	}
	return false
}

// gitConfigArg handles one "key=value" of git -c or git clone -c.
func (c *cmd) gitConfigArg(f field) error {
	k, v, ok := strings.Cut(f.s, "=")
	vf := f
	vf.s = v
	if f.dyn && !strings.ContainsAny(k, "$`") {
		// the key is literal, the value is not
	} else if f.dyn {
		c.opaque("git configuration not known statically: " + clip(f.s))
		return nil
	}
	return c.gitConfigValue(k, vf, ok)
}

// gitConfigCommand handles git config KEY VALUE (and git config set KEY
// VALUE, --add, --replace-all).
func (c *cmd) gitConfigCommand(o opts) error {
	pos := o.pos
	if len(pos) > 0 && !c.args[pos[0]].dyn {
		switch c.s(pos[0]) {
		case "set":
			pos = pos[1:]
		case "get", "unset", "list", "edit", "rename-section", "remove-section", "get-color", "get-colorbool":
			return nil
		}
	}
	if len(pos) < 2 {
		return nil
	}
	key := c.args[pos[0]]
	if key.dyn {
		c.opaque("git configuration key not known statically: " + clip(key.s))
		return nil
	}
	c.gitConfigPersists(key.s, o)
	return c.gitConfigValue(key.s, c.args[pos[1]], true)
}

// gitConfigParameters analyses GIT_CONFIG_PARAMETERS ('k'='v' 'k2'='v2').
func (c *cmd) gitConfigParameters(val string) error {
	for _, item := range sqWords(val) {
		k, v, ok := strings.Cut(item, "=")
		if err := c.gitConfigValue(k, field{s: v}, ok); err != nil {
			return err
		}
	}
	return nil
}

// sqWords splits a list of single-quoted words as git writes
// GIT_CONFIG_PARAMETERS ('a'='b' 'c'; ' inside is '\”).
func sqWords(s string) []string {
	var out []string
	var cur strings.Builder
	in, has := false, false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\'':
			in, has = !in, true
		case ch == '\\' && !in && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case (ch == ' ' || ch == '\t' || ch == '\n') && !in:
			if has || cur.Len() > 0 {
				out = append(out, cur.String())
			}
			cur.Reset()
			has = false
		default:
			cur.WriteByte(ch)
		}
	}
	if has || cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}
