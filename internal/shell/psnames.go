package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// Windows spellings of a path and PowerShell's providers.
//
// Windows drops the trailing dots and spaces of a name (agent-policy.yaml.
// is agent-policy.yaml), reads "name:stream" as a stream of name, and
// answers an 8.3 short name (GITHUB~1, AGENT-~1.YAM) for the long name it
// was made from. In a PowerShell line every path is judged as written and
// as Windows reads it: the trailing characters dropped, the stream cut
// off, and a "~N" short-name component as the glob of the long names it
// may stand for (its characters in order, anything between them: Windows
// drops dots and spaces and cuts the name when it makes one). Names are
// compared without case by the policy already.
//
// A path that starts with two separators (\\host\share, read as
// //host/share) is a UNC path: the file is on host, reached over SMB.
//
// PowerShell's cmdlets address providers besides the file system through
// drives and provider-qualified paths: env: (Environment::) holds the
// environment, variable:, function:, alias:, cert:, hklm:, hkcu:, wsman:
// hold no files, temp: is the temporary directory, and New-PSDrive makes
// a drive of any directory. psPath maps a cmdlet's path there.

// psWinNames reports the Windows readings of a path reported in a
// PowerShell line: the UNC host, and the normalised path when it differs.
func (a *analyzer) psWinNames(sc *scope, kind pathKind, f field, cmd, why string) {
	p := f.s
	if strings.HasPrefix(p, "//") && len(p) > 2 && p[2] != '/' {
		host, _, _ := strings.Cut(p[2:], "/")
		switch host {
		case "?", ".":
			if kind != kRead {
				a.opaque(cmd, "a Win32 device path: "+clip(p))
			}
		default:
			if !f.dyn || !dynMarked(host) {
				a.host(sc, host, cmd, "UNC path (SMB)")
			} else {
				a.opaque(cmd, "UNC host not known statically")
			}
		}
		return
	}
	norm, short := psWinNormal(p)
	if norm != p {
		g := f
		g.s = norm
		a.path(sc, kind, g, cmd, why)
	}
	for _, s := range short {
		g := f
		g.s = s
		g.glob = true
		t := treeOpts{dotGlob: true}
		if f.tree != nil {
			t = *f.tree
			t.dotGlob = true
		}
		g.tree = &t
		a.path(sc, kind, g, cmd, why+" (8.3 short name)")
	}
}

// psWinNormal is p as Windows reads it: each segment's trailing dots and
// spaces dropped and its ":stream" cut off. short are the globs of the
// long names an 8.3 segment may stand for: the path up to that segment
// and the whole path.
func psWinNormal(p string) (norm string, short []string) {
	segs := strings.Split(p, "/")
	changed := false
	for i, s := range segs {
		if s == "" || strings.Trim(s, ".") == "" {
			continue
		}
		t := s
		if j := strings.IndexByte(t, ':'); j >= 0 && !(i == 0 && j == len(t)-1) {
			t = t[:j]
		}
		t = strings.TrimRight(t, ". ")
		if t != "" && t != s {
			segs[i] = t
			changed = true
		}
	}
	if changed {
		norm = strings.Join(segs, "/")
	} else {
		norm = p
	}
	globbed := false
	for i, s := range segs {
		if g, ok := shortNameGlob(s); ok {
			segs[i] = g
			globbed = true
			short = append(short, strings.Join(segs[:i+1], "/"))
		}
	}
	if globbed && len(short) > 0 && short[len(short)-1] != strings.Join(segs, "/") {
		short = append(short, strings.Join(segs, "/"))
	}
	return norm, short
}

// shortNameGlob returns the glob of the long names an 8.3 short name
// (PREFIX~N or PREFIX~N.EXT) may stand for.
func shortNameGlob(s string) (string, bool) {
	base, ext, _ := strings.Cut(s, ".")
	if strings.HasPrefix(s, ".") {
		// ".GITHUB~1": not a short name Windows makes, but its letters
		base, ext, _ = strings.Cut(s[1:], ".")
	}
	i := strings.LastIndexByte(base, '~')
	if i < 1 || i == len(base)-1 || len(base) > 9 || len(ext) > 3 || strings.ContainsAny(s, `*?[]\`) {
		return "", false
	}
	for _, r := range base[i+1:] {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	var b strings.Builder
	b.WriteByte('*')
	for _, r := range base[:i] {
		if r == '_' {
			b.WriteString("?") // a character the short name could not hold
		} else {
			b.WriteRune(r)
		}
		b.WriteByte('*')
	}
	if ext != "" {
		b.WriteString("." + ext + "*")
	}
	return b.String(), true
}

// psNonFileDrives are PowerShell drives that hold no files.
var psNonFileDrives = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"variable": true, "function": true, "alias": true, "cert": true, "hklm": true, "hkcu": true, "wsman": true,
	}
}}

// psProviders maps a provider's name, lower-cased, to the drive it is.
var psProviders = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"filesystem": "", "environment": "env", "variable": "variable", "function": "function",
		"alias": "alias", "certificate": "cert", "registry": "hklm", "wsman": "wsman",
	}
}}

// psPath maps a path a cmdlet is given to the file it names (with
// PowerShell's wildcards marked when wild), reporting the environment
// variables an env: path reads; skip says there is no file to judge.
func (c *cmd) psPath(f field, wild bool, role byte) (field, bool) {
	writes := role != 'r' && role != 'R'
	s := f.s
	drive, rest, ok := psDrive(s)
	if ok {
		switch {
		case drive == "":
			s = rest
		case drive == "env":
			c.psEnvPath(rest, wild)
			if writes {
				c.opaque("sets or removes an environment variable the commands after it see")
			}
			return f, true
		case psNonFileDrives.Get()[drive]:
			if writes && drive != "variable" {
				c.opaque("writes to the " + drive + ": drive, which Mandate does not model")
			}
			return f, true
		default:
			// temp:, a drive New-PSDrive made, or no drive at all
			// (name:stream): judged as the file it may be too
			c.opaque("a path on the PowerShell drive " + drive + ": (temp: or one New-PSDrive made), which Mandate does not map")
		}
	}
	if s == "~" || strings.HasPrefix(s, "~/") {
		if h, known := c.a.lookup(c.sc, "HOME"); known {
			s = h + s[1:]
		}
	}
	f.s = s
	if wild && !f.dyn && strings.ContainsAny(s, "*?[") {
		f.glob = true
		t := treeOpts{dotGlob: true}
		if f.tree != nil {
			t = *f.tree
			t.dotGlob = true
		}
		f.tree = &t
	}
	return f, false
}

// psDrive splits a PowerShell drive or provider off s: drive is "" for
// the file system (FileSystem::/x), the drive's name lower-cased
// otherwise. ok is false for a plain path (and for a one-letter Windows
// drive, C:/x).
func psDrive(s string) (drive, rest string, ok bool) {
	low := strings.ToLower(s)
	low = strings.TrimPrefix(low, "microsoft.powershell.core/")
	if p, r, found := strings.Cut(low, "::"); found && psWord(p) {
		d, known := psProviders.Get()[p]
		if !known {
			d = p
		}
		return d, s[len(s)-len(r):], true
	}
	i := strings.IndexByte(s, ':')
	if i < 2 || !psWord(low[:i]) {
		return "", "", false
	}
	return low[:i], s[i+1:], true
}

func psWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9' || s[i] == '_' || s[i] == '-' || s[i] == '.') {
			return false
		}
	}
	return true
}

// psEnvPath reports what a path on the env: drive reads: one variable, or
// every one (the drive itself, or a wildcard).
func (c *cmd) psEnvPath(rest string, wild bool) {
	name := strings.TrimLeft(rest, "/")
	if name == "" || wild && strings.ContainsAny(name, "*?[") || strings.ContainsAny(name, "$`") {
		c.a.res.EnvDump = true
		return
	}
	c.a.envRef(c.sc, name)
}

// psDriveFunction judges the functions PowerShell defines to change
// the location: "cd..", "cd\" (read as "cd/") and a drive letter "C:".
func (c *cmd) psDriveFunction() bool {
	n := c.name
	switch {
	case n == "cd..":
		c.psSetLocation(field{s: ".."}, false)
	case n == "cd/":
		c.psSetLocation(field{s: "/"}, false)
	case len(n) == 2 && n[1] == ':' && n[0] >= 'a' && n[0] <= 'z':
		c.sc.oldpwd = c.sc.cwd
		c.sc.cwdKnown = false
		c.sc.cwdMaybe = nil
	default:
		return false
	}
	c.text = true
	return true
}

// psLocation judges Set-Location, Push-Location and Pop-Location.
func (c *cmd) psLocation(sp *psSpec, bound []psBound) {
	if sp.name == "pop-location" {
		c.sc.oldpwd = c.sc.cwd
		c.sc.cwdKnown = false // the stack is not followed
		c.sc.cwdMaybe = nil
		return
	}
	var target *field
	literal := false
	for _, b := range bound {
		if b.p.role == 'l' && len(b.f) > 0 {
			t := b.f[0]
			target = &t
			literal = b.p.names[0] == "literalpath"
			if len(b.f) > 1 || strings.Contains(t.s, ",") {
				c.sc.oldpwd = c.sc.cwd
				c.sc.cwdKnown = false
				c.sc.cwdMaybe = nil
				return
			}
		}
	}
	if target == nil {
		// PowerShell 7 goes home; Windows PowerShell stays
		if h, ok := c.a.lookup(c.sc, "HOME"); ok {
			c.psSetLocation(field{s: h}, true)
			c.sc.cwdKnown = false
			c.sc.cwdMaybe = nil
			return
		}
		c.sc.cwdKnown = false
		c.sc.cwdMaybe = nil
		return
	}
	c.psSetLocation(*target, !literal)
}

// psSetLocation moves the cwd to target as Set-Location does.
func (c *cmd) psSetLocation(target field, wild bool) {
	sc := c.sc
	unknown := func() {
		sc.oldpwd = sc.cwd
		sc.cwdKnown = false
		sc.cwdMaybe = nil
	}
	if target.dyn {
		unknown()
		return
	}
	switch target.s {
	case "-":
		if sc.oldpwd == "" {
			unknown()
			return
		}
		target.s = sc.oldpwd
	case "+":
		unknown()
		return
	}
	if drive, rest, ok := psDrive(target.s); ok {
		switch drive {
		case "":
			target.s = rest
		case "env":
			// relative names are variables from here on
			c.a.res.EnvDump = true
			unknown()
			return
		default:
			unknown()
			return
		}
	}
	g, _ := c.psPath(target, wild, 'R')
	if g.glob {
		unknown()
		return
	}
	next := g.s
	c.read(g, c.name+" directory")
	if !path.IsAbs(next) {
		if sc.cwd == "" {
			unknown()
			return
		}
		next = sc.cwd + "/" + next
	}
	norm, short := psWinNormal(next)
	if len(short) > 0 {
		unknown()
		return
	}
	ph := c.a.physical(sc, path.Clean(norm))
	if ph.dyn || ph.stream {
		unknown()
		return
	}
	sc.oldpwd = sc.cwd
	if path.IsAbs(g.s) {
		sc.cwdKnown = true
	}
	c.setCwd(ph.path)
}

// psIsolated is a.isolated, except that in a PowerShell line the location
// a grouped command "( )", a pipeline's side or a subexpression "$( )"
// sets stays set: PowerShell runs them in the same runspace.
func (a *analyzer) psIsolated(sc *scope, fn func(*scope) error) error {
	if !a.opt.PowerShell {
		return a.isolated(sc, fn)
	}
	return a.isolated(sc, func(s *scope) error {
		err := fn(s)
		a.psKeepLocation(sc, s)
		return err
	})
}

// psKeepLocation gives sc the location inner ended at, in a PowerShell
// line.
func (a *analyzer) psKeepLocation(sc, inner *scope) {
	if !a.opt.PowerShell || inner == nil {
		return
	}
	if inner.cwd != sc.cwd || inner.cwdKnown != sc.cwdKnown {
		sc.oldpwd, sc.cwd, sc.cwdKnown = inner.oldpwd, inner.cwd, inner.cwdKnown
	}
}
