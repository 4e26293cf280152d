package shell

import (
	"path"
	"strings"
)

// Where cd NAME goes is not always ./NAME. bash searches CDPATH (assigned
// in the line, for cd alone or exported) for a relative NAME that does not
// start with ./ or ../ (a NAME starting with "." otherwise, .ssh, is
// searched too), and with shopt -s cdable_vars a NAME that is no
// directory is the name of a variable holding one. Which candidate exists
// is only known at run time: every candidate is reported as read (as cd's
// directory is), the cwd becomes the first one the search tries, and it
// is no longer known (a relative write after it is opaque).

// maxCdCandidates bounds the directories one cd may go to.
const maxCdCandidates = 16

// cdSearch returns the directories cd target may go to other than
// ./target, and whether one is not known statically.
func (c *cmd) cdSearch(target string) (alts []string, unknown bool) {
	if target == "" || path.IsAbs(target) || target == "." || target == ".." ||
		strings.HasPrefix(target, "./") || strings.HasPrefix(target, "../") {
		return nil, false
	}
	sc := c.sc
	if v, set := c.a.envOrVar(sc, "CDPATH"); set {
		if !v.known {
			return nil, true
		}
		for _, dir := range strings.Split(v.val, ":") {
			if dir == "" {
				dir = "." // an empty entry is the cwd
			}
			if len(alts) >= maxCdCandidates {
				return alts, true
			}
			alts = append(alts, path.Join(dir, target))
		}
	}
	if c.a.globsOn(sc)&optCdableVars != 0 && validName(target) {
		switch v, ok := c.a.lookup(sc, target); {
		case ok && v != "":
			alts = append(alts, v)
		case !ok:
			unknown = true // a variable of the environment
		}
	}
	return alts, unknown
}

// cdAmbiguous moves the cwd to the first of alts (or ./target after
// them), reads them all, and marks the cwd as not known.
func (c *cmd) cdAmbiguous(alts []string, unknown bool) {
	sc := c.sc
	for _, d := range alts {
		c.read(field{s: d}, c.name+" directory (CDPATH or cdable_vars)")
	}
	sc.oldpwd = sc.cwd
	sc.cwdKnown = false
	sc.cwdMaybe = nil
	if len(alts) == 0 || unknown && len(alts) == 0 {
		return
	}
	next := alts[0]
	if !path.IsAbs(next) {
		if sc.cwd == "" {
			return
		}
		next = sc.cwd + "/" + next
	}
	if ph := c.a.physical(sc, next); !ph.dyn && !ph.stream {
		c.setCwd(ph.path)
	}
}

// setCwd makes p the cwd; a cwd longer than maxPathBytes makes the line
// unanalysable (ErrLimit).
func (c *cmd) setCwd(p string) {
	if len(p) > maxPathBytes {
		c.a.fail(limitErr("a working directory of more than %d bytes", maxPathBytes))
		c.sc.cwd, c.sc.cwdKnown = "", false // no relative cd builds on it
		return
	}
	c.sc.cwd = p
}
