package shell

// Macro processors are interpreters: m4's input runs shell commands
// (syscmd, esyscmd) and reads files it names (include, sinclude), so
// whatever m4 processes — its file operands or its standard input, a
// literal here-string included — is code the analysis does not read.

// macroProcessor analyses m4: its operands are read, what it runs is
// opaque unless it only prints its version or help.
func (c *cmd) macroProcessor() {
	o := c.parse(optSpec{short: "DUIlotFR", glued: "d", long: []string{"--define", "--undefine", "--include", "--debug", "--debugfile",
		"--arglength", "--trace", "--freeze-state", "--reload-state", "--hashsize", "--nesting-limit", "--word-regexp"}})
	if len(c.args) > 0 && o.any("--version", "--help") {
		return
	}
	for _, f := range c.posFields(o) {
		if !isStdin(f) {
			c.read(f, c.name+" input")
		}
	}
	for _, f := range o.values("-F", "--freeze-state", "-o", "--debugfile") {
		c.write(f, c.name+" output file")
	}
	for _, f := range o.values("-R", "--reload-state") {
		c.read(f, c.name+" frozen state")
	}
	c.opaque(c.name + " runs macro code, which can run shell commands (syscmd, esyscmd) and read files (include)")
}
