package shell

import "strings"

// PATH-searched scripts (red-team round 19 #65). bash's . and source
// search PATH for a name without a slash before the working directory
// (sourcepath, on by default), and bash NAME (and other shells given a
// script) looks NAME up in PATH when it is not in the working directory:
// PATH=~/.ssh:$PATH; . id_rsa runs the key as code and prints each line
// in an error. A slash-less script name is therefore a read of DIR/NAME
// for every directory of the PATH the line sets (the working directory's
// ./NAME is read as before). Parts of PATH not known statically are the
// inherited PATH ($PATH: the system's directories, as is the whole PATH
// when the line does not set it); any other part not known is opaque.

// pathSearchReads reports the reads of script f's PATH lookups.
func (c *cmd) pathSearchReads(f field) {
	if strings.Contains(f.s, "/") || f.s == "" || !(c.name == "." || c.name == "source" || isShell(c.name)) {
		return
	}
	v, set := c.a.envOrVar(c.sc, "PATH")
	if !set {
		return
	}
	for _, dir := range strings.Split(v.val, ":") {
		switch {
		case dir == "" || dir == "$PATH" || dir == "${PATH}":
			continue // the working directory (read already), or the inherited PATH
		case strings.ContainsAny(dir, "$`"):
			c.opaque("runs a script looked up in a PATH directory not known statically: " + clip(dir))
			continue
		}
		c.read(field{s: strings.TrimSuffix(dir, "/") + "/" + f.s}, "script searched in PATH")
	}
}
