package shell

import "strings"

// Editors, pagers, debuggers and other interactive programs: the files
// they edit and the commands they can be told to run.

// interactivePrograms are used interactively and can run commands.
func interactivePrograms() []program {
	return []program{
		{"vi vim nvim view emacs nano vimdiff", effects((*cmd).editor)},
		{"man", (*cmd).manCmd},
		{"gdb lldb", effects((*cmd).debugger)},
		{"less more", nothing},                                     // pagers: reads only
		{"tmux", (*cmd).tmux},                                      // launchers.go
		{"sqlite3 duckdb sqlcipher spatialite", (*cmd).sqliteLike}, // dbshells.go
	}
}

func (c *cmd) editor() {
	o := c.parse(optSpec{short: "cSTtuUiwWs", long: []string{"--cmd", "--eval", "-batch"}})
	if o.any("-c", "-S", "--cmd", "--eval", "-s", "-W", "-w") || anyPrefix(c.args, "+") {
		c.opaque("editor runs commands")
	}
	if c.name != "view" && !o.is("-R") {
		for _, f := range c.posFields(o) {
			if !strings.HasPrefix(f.s, "+") {
				c.write(f, "edited file")
			}
		}
	}
}

func (c *cmd) manCmd() error {
	o := c.parse(optSpec{short: "PHMCRLmSe", long: []string{"--pager", "--html"}})
	c.text = true
	if err := c.manLocal(o); err != nil { // roff.go
		return err
	}
	return c.manPager(o) // progopts.go
}

func (c *cmd) debugger() {
	c.debuggerEnv() // optconv.go
	c.opaque("debugger can run arbitrary commands")
}
