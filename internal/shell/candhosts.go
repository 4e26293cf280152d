package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/hostname"
)

// Candidate hosts. A program whose network use the analysis does not
// model (valkey-cli, a script run by python, make, go run, a client
// written next year) may contact any host its arguments name, in any
// spelling: -h HOST, -hHOST, --server=HOST, @HOST, user@HOST, HOST:port,
// udp:HOST:161, //HOST/share, host=HOST in a connection string, a quoted
// literal in inline code. Every word of such a program that reads as a
// dotted host name or an IP address is a candidate host
// (Analysis.CandidateHosts): the policy holds it to block_hosts only, so a word
// literally naming a blocked host denies and any other word is ignored,
// as PathRef.Candidate is for writes. Programs whose reach is modelled
// (ssh, curl, git, the database clients of netprograms.go) and programs that
// reach no host (file utilities, editors, search tools, text filters)
// keep their precise models: hostModelled lists them beyond the
// read-only programs and text commands.

// hostModelled are programs whose arguments name hosts only where the
// analysis models it: a host named anywhere else is data (a commit
// message, a sed expression, a file name).
const hostModelled = `
ssh mosh autossh curl wget http https httpie xh xhs curlie aria2c lynx w3m links elinks sftp ftp tftp lftp
telnet nc ncat netcat socat dig nslookup host ping ping6 traceroute traceroute6 tracepath mtr whois nmap
ssh-keyscan openssl psql pg_dump pg_dumpall pg_restore mysql mysqldump mariadb redis-cli mongo mongosh gh glab
mongodump mongorestore ldapsearch rdesktop grpcurl git
sed gsed awk gawk mawk nawk jq gojq yq jaq rg ag ack ack-grep fd fdfind ugrep ug pt sift rga ast-grep
semgrep codespell gitleaks detect-secrets vi vim nvim view emacs nano vimdiff diff colordiff sdiff bat
cp mv ln link install rm rmdir unlink shred srm touch mkdir mkfifo mknod truncate chmod chown chgrp chattr
setfacl tee sponge dd sort uniq shuf split csplit mktemp xxd file base64 zip unzip 7z 7za 7zz gzip gunzip
pigz unpigz bzip2 bunzip2 xz unxz zstd unzstd lz4 unlz4 brotli rename prename
`

var hostModelledSet = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(hostModelled) {
		m[n] = true
	}
	return m
}}

// reachModelled reports whether c's arguments name hosts only where the
// analysis models it (no candidate hosts).
func (c *cmd) reachModelled() bool {
	return c.text || readOnlySet.Get()[c.name] || hostModelledSet.Get()[c.name]
}

// maxCandidateWord bounds the text of one word scanned for candidate
// hosts (inline code included).
const maxCandidateWord = 64 << 10

// candidateHosts reports the candidate hosts of one word of a program
// whose reach is not modelled.
func (a *analyzer) candidateHosts(c *cmd, s string) {
	if len(s) > maxCandidateWord {
		s = s[:maxCandidateWord]
	}
	orig := s
	for len(s) > 0 {
		// a token: bytes a host may be spelled with (percent-encoding and
		// non-ASCII letters and dots included: hostname canonicalises them)
		i := 0
		for i < len(s) && !hostByte(s[i]) {
			i++
		}
		s = s[i:]
		j := 0
		for j < len(s) && hostByte(s[j]) {
			j++
		}
		tok := s[:j]
		s = s[j:]
		if tok == "" {
			continue
		}
		if strings.HasPrefix(tok, "-") && !strings.HasPrefix(tok, "--") {
			// -hHOST, -vhHOST: a getopt cluster's tail may be the value
			dot := strings.IndexByte(tok, '.')
			for k := 2; dot > k && k < 66; k++ {
				a.candidateHost(c, tok[k:])
			}
			if dot < 0 && len(tok) > 2 {
				a.candidateLabel(tok[2:]) // -hdbprod
			}
		}
		a.candidateHost(c, strings.TrimLeft(tok, "-"))
	}
	a.candidateV6(c, orig) // candlabels.go
	// [v6] literals
	for rest := orig; ; {
		i := strings.IndexByte(rest, '[')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], ']')
		if j < 0 {
			break
		}
		a.candidateHost(c, rest[i+1:i+j])
		rest = rest[i+j+1:]
	}
}

// inputCommanded are modelled clients that read commands naming hosts
// from standard input (printf 'open HOST' | ftp): their input holds
// candidate hosts as an unmodelled program's does.
const inputCommanded = "ftp tftp sftp lftp telnet nslookup nsupdate"

// inputCandidateHosts reports the candidate hosts of the literal input
// the line feeds c (a here-document, a here-string, echo … |).
func (a *analyzer) inputCandidateHosts(c *cmd) {
	if c.text || isShell(c.name) || !inFields(inputCommanded, c.name) && c.reachModelled() {
		// (a shell's input is code, analysed as such)
		return
	}
	if t, ok := c.fedText(); ok {
		a.candidateHosts(c, t)
	} else if v, ok := c.sc.fd(0); ok && v.kind == fdFile && !v.dyn {
		// < FILE, a file the line writes with literal text (hostfiles.go)
		if w, ok := a.writtenAt(c.sc, field{s: v.path}); ok && w.known {
			a.candidateHosts(c, w.text)
		}
	}
}

// envCandidateHosts reports the candidate hosts of the environment the
// line gives c (DB_HOST=HOST ./deploy.sh, export DB_HOST=HOST): the
// program may read a host from any variable.
func (a *analyzer) envCandidateHosts(c *cmd) {
	for _, v := range c.sc.cmdEnv {
		a.candidateHosts(c, v.val)
	}
	for k := range a.exported {
		if v, ok := c.sc.vars[k]; ok {
			a.candidateHosts(c, v.val)
		}
	}
	a.exportedValueHosts(c) // allexport.go
}

// hostByte reports whether b may be part of a host as a word spells it.
func hostByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '-' || b == '_' ||
		b == '%' || b >= 0x80
}

// candidateHost reports tok as a candidate host when it reads as a dotted
// name or an IP address (a bare word is no host a rule names often
// enough to judge every word of every program by it).
func (a *analyzer) candidateHost(c *cmd, tok string) {
	tok = strings.Trim(tok, "-")
	if len(tok) < 3 || len(tok) > 4*hostname.MaxName || strings.Contains(tok, "$") {
		return
	}
	if !strings.ContainsAny(tok, ".%:") && !hasHighByte(tok) && !longNumber(tok) {
		a.candidateLabel(tok) // candlabels.go
		return
	}
	h, err := hostname.Canonical(tok)
	if err != nil || !strings.ContainsAny(h, ".:") {
		return
	}
	if a.marked(markKey{'h', h, ""}) {
		return // already a host
	}
	if a.mark(markKey{'H', h, ""}) {
		a.res.CandidateHosts = append(a.res.CandidateHosts, HostRef{Host: h, Cmd: c.name, Why: "argument of a program whose network use is not modelled"})
	}
}

func hasHighByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// longNumber reports whether s is a number inet_aton reads as an IPv4
// address beyond the first /8 (2130706433 is 127.0.0.1), or 0x….
func longNumber(s string) bool {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		return len(s) > 2
	}
	if len(s) < 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
