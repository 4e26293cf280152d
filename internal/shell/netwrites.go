package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// What network clients write besides their transfers (operand rules
// named in knowledge.go): rsync's batch and working directories, curl's
// server-named files and %output{}, wget's -e settings and recursive
// downloads, ssh's sockets and -o options, socat's file addresses.

func (c *cmd) rsyncOps(o opts, pos []field) {
	for _, v := range o.values("--write-batch", "--only-write-batch") {
		c.write(prefixGlob(v, ""), "rsync batch file")
	}
	var dest *field
	if len(pos) >= 2 {
		dest = &pos[len(pos)-1]
	}
	for _, v := range o.values("--partial-dir", "-T", "--temp-dir") {
		c.write(v, "rsync working directory")
		if dest != nil && !path.IsAbs(v.s) && !v.dyn {
			if _, remote := scpHost(dest.s); !remote {
				c.write(joinField(*dest, v.s), "rsync working directory (below the destination)")
			}
		}
	}
}

func (c *cmd) curlOps(o opts) {
	if o.anyOf("-J", "--remote-header-name") {
		dir := c.cwdField()
		if d := o.values("--output-dir"); len(d) > 0 {
			dir = d[len(d)-1]
		}
		c.write(joinField(dir, "*"), "curl -J (the server names the file)")
	}
	for _, v := range o.values("-w", "--write-out") {
		s := v.s
		for {
			i := strings.Index(s, "%output{")
			if i < 0 {
				break
			}
			s = s[i+len("%output{"):]
			j := strings.IndexByte(s, '}')
			if j < 0 {
				break
			}
			f := v
			f.s = strings.TrimPrefix(s[:j], ">>")
			c.write(f, "curl --write-out %output")
			s = s[j:]
		}
	}
	if d := o.values("--output-dir"); len(d) > 0 {
		// -o names are relative to --output-dir
		for _, v := range o.values("-o", "--output") {
			if !path.IsAbs(v.s) && v.s != "-" {
				c.write(joinField(d[len(d)-1], v.s), "curl -o in --output-dir")
			}
		}
	}
	for _, v := range o.values("--output-dir") {
		if o.anyOf("--create-dirs") {
			c.gitAncestors(joinField(v, "x"), "curl --create-dirs")
		}
	}
	if o.anyOf("--create-dirs") {
		for _, v := range o.values("-o", "--output") {
			c.gitAncestors(v, "curl --create-dirs")
		}
	}
}

// wgetrc commands (-e) that name files.
var wgetrcFiles = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"outputdocument": "w", "logfile": "w", "dirprefix": "d", "savecookies": "w", "rejectedlog": "w",
		"hstsfile": "rw", "warcfile": "p", "loadcookies": "r", "postfile": "r", "bodyfile": "r", "inputfile": "r",
		"useaskpass": "x", "cacertificate": "r", "certificate": "r", "privatekey": "r",
	}
}}

func (c *cmd) wgetOps(o opts) error {
	prefix := c.cwdField()
	for _, v := range o.values("-P", "--directory-prefix") {
		prefix = v
	}
	for _, v := range o.values("-e", "--execute") {
		k, val, ok := strings.Cut(v.s, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(k))
		f := v
		f.s = strings.TrimSpace(val)
		if fx, ok := wgetrcFiles.Get()[k]; ok {
			if err := c.effect(optValue{"-e " + k, f}, fx); err != nil {
				return err
			}
		}
		switch k {
		case "recursive", "mirror", "pagerequisites", "contentdisposition", "trustservernames":
			c.write(joinField(prefix, "*"), "wget -e "+k)
		}
	}
	for _, v := range o.values("--warc-file") {
		c.write(prefixGlob(v, ""), "wget --warc-file")
	}
	if len(o.values("--config")) > 0 {
		for _, v := range o.values("--config") {
			c.read(v, "wget --config")
		}
		c.opaque("wget reads a configuration file, which can name files and programs")
	}
	if o.anyOf("-r", "--recursive", "-m", "--mirror", "-p", "--page-requisites", "-x", "--force-directories", "--protocol-directories") && len(o.values("-O", "--output-document")) == 0 {
		c.write(prefix, "wget recursive download")
	}
	if o.anyOf("--content-disposition", "--trust-server-names") && len(o.values("-O", "--output-document")) == 0 {
		c.write(joinField(prefix, "*"), "wget (the server names the file)")
	}
	if o.anyOf("-b", "--background") && len(o.values("-o", "--output-file", "-a", "--append-output")) == 0 {
		c.write(field{s: "wget-log*", glob: true}, "wget -b log")
	}
	return nil
}

// sshOps: ssh -L/-R/-D with a path make a Unix socket there.
func (c *cmd) sshOps(o opts) {
	for _, v := range o.values("-L", "-R", "-D", "-W") {
		for _, part := range strings.Split(v.s, ":") {
			if strings.Contains(part, "/") {
				f := v
				f.s = part
				c.write(f, "ssh forwarded socket")
			}
		}
	}
}

// sshFileOption reports the ssh -o options that write files, run a
// program or load a library.
func sshFileOption(c *cmd, key, value string) {
	switch key {
	case "userknownhostsfile", "controlpath":
		for _, p := range strings.Fields(value) {
			if strings.EqualFold(p, "none") {
				continue
			}
			f := field{s: p}
			if strings.HasPrefix(p, "~/") {
				f = c.homeField(p[2:])
			}
			c.write(f, "ssh -o "+key)
		}
	case "xauthlocation":
		if err := c.code(field{s: value}, "ssh -o XAuthLocation", false); err != nil {
			c.opaque("ssh option runs a program: " + clip(value))
		}
	case "pkcs11provider", "securitykeyprovider":
		c.opaque("ssh option loads a library: " + clip(key))
	}
}

// socatFiles reports the files a socat address opens or creates: a bare
// path (GOPEN), CREATE/OPEN/GOPEN/PIPE:path, the Unix socket addresses,
// and the link= option (a symbolic link to a pseudo terminal).
func (c *cmd) socatFiles(f field) {
	s := f.s
	if s == "-" || s == "" || strings.EqualFold(s, "stdio") || strings.EqualFold(s, "stdin") || strings.EqualFold(s, "stdout") {
		return
	}
	addr, opts, _ := strings.Cut(s, ",")
	typ, rest, hasType := strings.Cut(addr, ":")
	file := field{dyn: f.dyn}
	switch t := strings.ToUpper(typ); {
	case !hasType && strings.Contains(addr, "/"):
		file.s = addr // a path alone is GOPEN
	case t == "CREATE" || t == "CREAT" || t == "OPEN" || t == "GOPEN" || t == "PIPE" || t == "FILE" ||
		strings.HasPrefix(t, "UNIX-") || strings.HasPrefix(t, "UNIX"):
		file.s = rest
	}
	if file.s != "" {
		c.write(file, "socat address")
	}
	for _, o := range strings.Split(opts, ",") {
		if v, ok := strings.CutPrefix(strings.ToLower(o), "link="); ok && v != "" {
			c.write(field{s: o[len("link="):], dyn: f.dyn}, "socat link=")
		}
	}
}
