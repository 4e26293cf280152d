package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Git configuration keys whose value is a file git reads or writes. git
// prints what it fails to parse in such a file (blame.ignoreRevsFile=.env
// prints "invalid object name: PROD_DB_URL=…"), so -c KEY=.env is a read
// of .env, as the command-line option it mirrors (--ignore-revs-file) is.

// gitConfigFiles maps a key (lower case) to 'r' (read) or 'w' (written).
var gitConfigFiles = &lazy.Value[map[string]byte]{New: func() map[string]byte {
	return map[string]byte{
		"blame.ignorerevsfile": 'r', "core.excludesfile": 'r', "core.attributesfile": 'r', "commit.template": 'r',
		"mailmap.file": 'r', "gpg.ssh.allowedsignersfile": 'r', "gpg.ssh.revocationfile": 'r', "diff.orderfile": 'r',
		"http.sslcainfo": 'r', "http.sslcert": 'r', "http.sslkey": 'r', "http.cookiefile": 'r', "http.proxysslcert": 'r',
		"http.proxysslkey": 'r', "http.proxysslcainfo": 'r', "sendemail.aliasesfile": 'r', "format.signaturefile": 'r',
		"user.signingkey": 'r', "core.sshkeyfile": 'r',
		"trace2.eventtarget": 'w', "trace2.normaltarget": 'w', "trace2.perftarget": 'w',
	}
}}

// gitConfigFile reports the file a git configuration value names.
func (c *cmd) gitConfigFile(k string, v field) {
	lk := strings.ToLower(k)
	if strings.HasPrefix(lk, "http.") && strings.Count(lk, ".") >= 2 {
		lk = "http." + lk[strings.LastIndexByte(lk, '.')+1:] // http.<url>.sslKey
	}
	kind, ok := gitConfigFiles.Get()[lk]
	if !ok || v.s == "" {
		return
	}
	s := v.s
	if lk == "user.signingkey" && !strings.ContainsAny(s, "/.~") || strings.HasPrefix(s, "key::") || strings.HasPrefix(s, "af_unix:") {
		return // a key id or literal key, a socket
	}
	if kind == 'w' && (isBoolWord(s) || s == "1" || s == "2") {
		return // trace to standard error
	}
	if rest, ok := strings.CutPrefix(s, "~/"); ok {
		h, ok := c.a.lookup(c.sc, "HOME")
		if !ok {
			c.opaque("git configuration " + lk + " names a file under an unknown home")
			return
		}
		s = h + "/" + rest
	}
	f := field{s: s, dyn: v.dyn}
	if kind == 'w' {
		c.write(f, "git config "+lk)
	} else {
		c.read(f, "git config "+lk)
	}
}
